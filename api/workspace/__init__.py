"""The instructor workspace: server-rendered pages over the services the API calls, signed in by session.

`signin` holds the session cookie, the CSRF rule and the role check; one module per area of pages beside it.
"""

from __future__ import annotations

from flask import Flask

from api.workspace.pages import blp

WORKSPACE_PREFIX = "/workspace/"  # its pages take forms, not JSON (`api.app.AssessRequest`)


def register(app: Flask) -> None:
    app.register_blueprint(blp)


__all__ = ["WORKSPACE_PREFIX", "register"]
