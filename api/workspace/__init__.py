"""The instructor workspace: server-rendered pages over the services the API calls, signed in by session.

`signin` holds the session cookie, the CSRF rule and the role check; one module per area of pages beside it.
"""

from __future__ import annotations

from flask import Flask

from api.workspace.pages import blp

WORKSPACE_PREFIX = "/workspace/"  # its pages take forms, not JSON (`api.app.AssessRequest`)
IMPORTS_PAGE_PATH = f"{WORKSPACE_PREFIX}imports"  # but this one takes an upload, as the API's imports route


def register(app: Flask) -> None:
    app.register_blueprint(blp)


__all__ = ["IMPORTS_PAGE_PATH", "WORKSPACE_PREFIX", "register"]
