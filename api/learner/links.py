"""Where an integration sends its learner: the attempt's page, the learner token in the URL's fragment.

A fragment is never sent to a server (so no access log holds the token) nor put in a Referer header; the page
reads it, keeps it in the tab's session storage and takes it out of the address bar.
"""

from __future__ import annotations

from flask import current_app, url_for

from api.config import Settings

TOKEN_PARAMETER = "token"


def learner_url(attempt_id: int, token: str) -> str:
    """The absolute URL of the attempt's page for the learner holding `token` (within a request): on
    `ASSESS_PUBLIC_URL` when it is set (behind a proxy that terminates TLS), else on the request's host."""
    settings: Settings = current_app.config["ASSESS_SETTINGS"]
    if settings.public_url:
        page = settings.public_url + url_for("learner.attempt_page", attempt_id=attempt_id)
    else:
        page = url_for("learner.attempt_page", attempt_id=attempt_id, _external=True)
    return f"{page}#{TOKEN_PARAMETER}={token}"
