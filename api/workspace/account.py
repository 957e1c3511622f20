"""Signing in and out. A refused sign-in commits its count before answering (`itembank.users.sign_in`): the
lockout must stand although the request answers with an error, as the clock's closes do (`api.db`)."""

from __future__ import annotations

from flask import make_response, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from api.db import db_session
from api.workspace.blueprint import blp
from api.workspace.signin import (
    SESSION_COOKIE,
    clear_session_cookie,
    current_session,
    remember_sign_in_csrf,
    set_session_cookie,
)
from itembank.db import utcnow
from itembank.interchange.course_file import DEFAULT_TENANT
from itembank.users import LOCKOUT, MAX_FAILED_ATTEMPTS, SignInRefusedError, sign_in, sign_out


def _next_page() -> str:
    """Where to go after signing in: a path of the workspace only, never another site."""
    wanted = request.values.get("next", "")
    return wanted if wanted.startswith("/workspace/") and not wanted.startswith("//") else url_for("workspace.bank")


@blp.route("/sign-in", methods=["GET", "POST"], endpoint="sign_in")
def sign_in_page() -> Response:
    if request.method == "GET":
        if current_session() is not None:
            return redirect(_next_page())
        return remember_sign_in_csrf(make_response(_form(request.args.get("tenant", DEFAULT_TENANT), "")))
    form = request.form
    try:
        signed = sign_in(
            db_session(), form.get("tenant", ""), form.get("email", ""), form.get("password", ""), now=utcnow()
        )
    except SignInRefusedError as exc:
        db_session().commit()
        page = _form(form.get("tenant", ""), form.get("email", ""), str(exc))
        return remember_sign_in_csrf(make_response(page, 401))
    response = redirect(_next_page(), 303)
    set_session_cookie(response, signed.token)
    return response


def _form(tenant: str, email: str, refused: str | None = None) -> str:
    return render_template(
        "sign_in.html",
        tenant=tenant,
        email=email,
        refused=refused,
        next=request.values.get("next", ""),
        max_failed=MAX_FAILED_ATTEMPTS,
        lockout_minutes=int(LOCKOUT.total_seconds() // 60),
    )


@blp.post("/sign-out", endpoint="sign_out")
def sign_out_page() -> Response:
    sign_out(db_session(), request.cookies.get(SESSION_COOKIE, ""))
    response = redirect(url_for("workspace.sign_in"), 303)
    clear_session_cookie(response)
    return response
