"""Where an integration sends its learner: the attempt's page, the learner token in the URL's fragment.

A fragment is never sent to a server (so no access log holds the token) nor put in a Referer header; the page
reads it, keeps it in the tab's session storage and takes it out of the address bar.

Built from the WSGI environ, not Flask's `url_for`: the start is served in front of Flask (`api.attempts.start`)
and the demo start inside it, and both must write the same address.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from api.config import Settings

TOKEN_PARAMETER = "token"
ATTEMPT_PAGE = "/learn/attempts/{attempt_id}"
"""The learner blueprint's `attempt_page` route (`api.learner.views`), below the application's root."""


def learner_url(environ: Mapping[str, Any], settings: Settings, attempt_id: int, token: str) -> str:
    """The absolute URL of the attempt's page for the learner holding `token`: on `ASSESS_PUBLIC_URL` when it
    is set (behind a proxy that terminates TLS), else on the host the request came to."""
    root = environ.get("SCRIPT_NAME", "").rstrip("/")
    page = root + ATTEMPT_PAGE.format(attempt_id=attempt_id)
    return f"{settings.public_url or _origin(environ)}{page}#{TOKEN_PARAMETER}={token}"


def _origin(environ: Mapping[str, Any]) -> str:
    scheme = environ.get("wsgi.url_scheme", "http")
    host = environ.get("HTTP_HOST")
    if not host:
        host = environ.get("SERVER_NAME", "localhost")
        port = environ.get("SERVER_PORT")
        if port and port != {"http": "80", "https": "443"}.get(scheme):
            host = f"{host}:{port}"
    return f"{scheme}://{host}"
