"""The learner's thin web client, served by the API's own app: the attempt page, and in development a start page.

No build step: Jinja pages, plain ES modules and CSS under `static/`. The page talks only to the learner-token
API (the token rides in the URL fragment, `links.learner_url`), so it can hold no more than a learner may see.
`static/base.css` (the look) and `static/render.js` (`renderQuestion`) are shared with the instructor workspace.
"""

from api.learner.views import blp

__all__ = ["blp"]
