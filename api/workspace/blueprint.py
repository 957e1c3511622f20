"""The workspace's one blueprint: its hooks (`signin.before_page`), its error pages and what every page shows."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, render_template
from marshmallow import ValidationError

from api.errors import ApiError, problem_for
from api.workspace.signin import before_page, csrf_token, current_session
from assess.reporting.numbers import percent
from assess.reporting.reasons import option_name, reason, severity_words
from itembank.errors import BankError

blp = Blueprint(
    "workspace",
    __name__,
    url_prefix="/workspace",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)
blp.before_request(before_page)


@blp.context_processor
def _page_context() -> dict[str, Any]:
    found = current_session()
    scopes = g.caller.scopes if found is not None else frozenset()
    return {
        "csrf_token": csrf_token,
        "user": found.user if found is not None else None,
        "scopes": scopes,
        # the analytics' one wording and one way of printing a share, as the terminal, CSV and pictures print them
        "reason": reason,
        "option_name": option_name,
        "severity_words": severity_words,
        "percent": percent,
    }


@blp.after_request
def _no_store(response: Response) -> Response:
    """Pages show keys and drafts: no cache keeps them, and no other site frames them."""
    if response.mimetype == "text/html":
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"
        )
    return response


def _error_page(exc: Exception) -> tuple[str, int]:
    """The API's mapping of the error (`problem_for`), shown as a page: the same status, the same words."""
    found = problem_for(exc)
    g.setdefault("workspace_session", None)
    return render_template("error.html", problem=found), found.status


for _handled in (ApiError, BankError, ValidationError):
    blp.register_error_handler(_handled, _error_page)
