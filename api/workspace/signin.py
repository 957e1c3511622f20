"""Who is signed in to the workspace, and the rules every page request passes before its view runs.

- The cookie holds a random token; the session is the database row it names (`itembank.users.signed_in`), so
  signing out, a lockout or a new password ends it for every browser at once.
- Every POST carries the session's CSRF token (the sign-in form: the token of a cookie set with it, as a double
  submit); without it the request is refused with a page saying so (400), before the view runs.
- A signed-in instructor is a `Caller` of their tenant with their role's scopes (`ROLE_SCOPES`): views read
  `caller()` as the API's do, and `needs(scope)` refuses a role without it (403).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import current_app, g, redirect, request, url_for
from werkzeug.wrappers import Response

from api.auth import Caller, caller
from api.db import db_session
from api.errors import ApiError
from itembank.db import utcnow
from itembank.models import Role, UserSession
from itembank.users import ROLE_SCOPES, SESSION_LIFETIME, signed_in

P = ParamSpec("P")
R = TypeVar("R")
SESSION_COOKIE = "assess_workspace"
SIGN_IN_CSRF_COOKIE = "assess_sign_in_csrf"
CSRF_FIELD = "csrf_token"
PUBLIC_ENDPOINTS = frozenset({"workspace.sign_in", "workspace.static"})


class CsrfRefusedError(ApiError):
    def __init__(self) -> None:
        super().__init__(
            400,
            "this form came without its security token (CSRF), so nothing was changed: reload the page and "
            "send the form again",
            kind="csrf-refused",
        )


def secure_cookies() -> bool:
    """Secure everywhere but on the development server (plain http on 127.0.0.1)."""
    return not current_app.config["ASSESS_SETTINGS"].is_development


def set_session_cookie(response: Response, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        secure=secure_cookies(),
        samesite="Lax",
        path="/workspace",
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/workspace", httponly=True, secure=secure_cookies(), samesite="Lax")


def sign_in_csrf() -> str:
    """The sign-in form's token: the cookie's if the browser has one, else a new one (`remember_sign_in_csrf`)."""
    if "sign_in_csrf" not in g:
        g.sign_in_csrf = request.cookies.get(SIGN_IN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    return str(g.sign_in_csrf)


def remember_sign_in_csrf(response: Response) -> Response:
    response.set_cookie(
        SIGN_IN_CSRF_COOKIE,
        sign_in_csrf(),
        httponly=True,
        secure=secure_cookies(),
        samesite="Lax",
        path="/workspace",
    )
    return response


def current_session() -> UserSession | None:
    return g.get("workspace_session")


def csrf_token() -> str:
    found = current_session()
    return found.csrf_token if found is not None else sign_in_csrf()


def before_page() -> Response | None:
    """Find the session, then refuse a POST without its CSRF token, then send a stranger to the sign-in page."""
    found = signed_in(db_session(), request.cookies.get(SESSION_COOKIE, ""), now=utcnow())
    g.workspace_session = found
    if found is not None:
        user = found.user
        g.caller = Caller(tenant_id=user.tenant_id, scopes=ROLE_SCOPES[Role(user.role)], label=user.email)
    if request.method == "POST":
        expected = found.csrf_token if found is not None else request.cookies.get(SIGN_IN_CSRF_COOKIE, "")
        sent = request.form.get(CSRF_FIELD, "")
        if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
            raise CsrfRefusedError
    if found is None and request.endpoint not in PUBLIC_ENDPOINTS:
        return redirect(url_for("workspace.sign_in", next=request.full_path.rstrip("?")))
    return None


def needs(*scopes: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A page for the roles whose scopes include one of `scopes` (an analyst edits no item: 403)."""

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            if not caller().scopes & set(scopes):
                role = current_session().user.role  # type: ignore[union-attr]  # before_page signed them in
                raise ApiError(403, f"your role ({role}) cannot use this page: it needs {' or '.join(scopes)}")
            return view(*args, **kwargs)

        return wrapper

    return decorator
