"""Signing in and out of the workspace over HTTP, on both databases: the cookie's attributes, CSRF on every
form, sessions that end when revoked, the lockout, roles, and one tenant's session seeing nothing of another's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from api.app import create_app
from api.config import Settings
from itembank.db import utcnow
from itembank.models import Item, UserSession
from itembank.users import LOCKOUT, MAX_FAILED_ATTEMPTS, update_user
from tests.factories import ItemFactory, TenantFactory
from tests.workspace.helpers import PASSWORD, csrf_of, instructor, post_form, sign_in, signed_in, text_of


def _session_cookie(response) -> str:
    (header,) = [value for value in response.headers.getlist("Set-Cookie") if value.startswith("assess_workspace=")]
    return header


def test_a_page_without_a_session_sends_the_browser_to_sign_in(client):
    response = client.get("/workspace/items?tag=x")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/workspace/sign-in?next=/workspace/items")


def test_signing_in_sets_an_httponly_lax_cookie_and_opens_the_bank(client, session):
    user = instructor(session, TenantFactory())
    response = sign_in(client, user)
    assert response.status_code == 303 and response.headers["Location"] == "/workspace/items"
    cookie = _session_cookie(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/workspace" in cookie
    assert "Secure" in cookie  # everywhere but on the development server
    bank = client.get("/workspace/items")
    assert bank.status_code == 200 and user.email in text_of(bank)


@pytest.mark.parametrize(("environment", "secure"), [("production", True), ("development", False)])
def test_cookies_are_secure_outside_development(connection, session, environment, secure):
    settings = Settings(database_url="unused://", environment=environment, secret_key="p" * 40)
    app = create_app(settings, session_factory=sessionmaker(bind=connection, join_transaction_mode="create_savepoint"))
    user = instructor(session, TenantFactory())
    response = sign_in(app.test_client(), user)
    assert response.status_code == 303
    assert ("Secure" in _session_cookie(response)) is secure


def test_the_next_page_is_a_workspace_path_only(client, session):
    user = instructor(session, TenantFactory())
    form = client.get("/workspace/sign-in?next=//evil.example/workspace/")
    response = client.post(
        "/workspace/sign-in",
        data={
            "csrf_token": csrf_of(form),
            "tenant": user.tenant.slug,
            "email": user.email,
            "password": PASSWORD,
            "next": "//evil.example/workspace/",
        },
    )
    assert response.headers["Location"] == "/workspace/items"


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(client, session):
    user = instructor(session, TenantFactory())
    signed_in(client, user)
    before = session.scalar(select(func.count()).select_from(Item))
    body = {"type": "true_false", "bank": "b", "ref": "tf", "stem": "Sky is blue?", "options-0-text": "True"}
    for token in (None, "forged"):
        response = client.post("/workspace/items/new", data=body if token is None else {**body, "csrf_token": token})
        assert response.status_code == 400
        assert "security token (CSRF)" in text_of(response)
    assert session.scalar(select(func.count()).select_from(Item)) == before


def test_the_sign_in_form_needs_its_own_token_too(client, session):
    user = instructor(session, TenantFactory())
    response = client.post(
        "/workspace/sign-in", data={"tenant": user.tenant.slug, "email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 400
    assert session.scalar(select(func.count()).select_from(UserSession)) == 0


def test_signing_out_ends_the_session_for_a_copied_cookie_too(client, app, session):
    user = instructor(session, TenantFactory())
    cookie = _session_cookie(sign_in(client, user)).split(";")[0].split("=", 1)[1]
    thief = app.test_client()
    thief.set_cookie("assess_workspace", cookie, path="/workspace")
    assert thief.get("/workspace/items").status_code == 200
    response = post_form(client, "/workspace/sign-out", {}, page="/workspace/items")
    assert response.status_code == 303
    assert thief.get("/workspace/items").status_code == 302
    assert client.get("/workspace/items").status_code == 302


def test_a_new_password_ends_every_session(client, session):
    user = instructor(session, TenantFactory())
    signed_in(client, user)
    update_user(session, user.tenant_id, user.id, password="another long password")
    assert client.get("/workspace/items").status_code == 302


def test_repeated_failures_lock_the_account_and_end_its_sessions(client, app, session):
    user = instructor(session, TenantFactory())
    other_browser = signed_in(app.test_client(), user)
    for attempt in range(MAX_FAILED_ATTEMPTS):
        refused = sign_in(client, user, password="not the password")
        assert refused.status_code == 401, attempt
        assert "locked after repeated failures" in text_of(refused)
    session.refresh(user)
    assert user.locked_until is not None and user.locked_until - utcnow() <= LOCKOUT
    assert sign_in(client, user).status_code == 401  # the right password, inside the lockout
    assert other_browser.get("/workspace/items").status_code == 302


def test_a_lockout_ends_when_its_time_is_up(client, session):
    user = instructor(session, TenantFactory())
    user.locked_until = utcnow() - timedelta(seconds=1)
    session.flush()
    assert sign_in(client, user).status_code == 303


def test_an_unknown_tenant_email_or_password_get_the_same_answer(client, session):
    user = instructor(session, TenantFactory())
    answers = {
        text_of(sign_in(client, user, tenant_slug="nowhere")),
        text_of(sign_in(client, user, password="wrong password!")),
    }
    assert len(answers) == 1


def test_a_session_of_another_tenant_sees_nothing_of_this_one(client, session):
    ours, theirs = TenantFactory(), TenantFactory()
    item = ItemFactory(bank__tenant=theirs, ref="their-secret-item")
    signed_in(client, instructor(session, ours, role="admin"))
    assert "their-secret-item" not in text_of(client.get("/workspace/items"))
    assert client.get(f"/workspace/items/{item.id}").status_code == 404
    assert client.get(f"/workspace/items/{item.id}/history").status_code == 404
    refused = post_form(
        client, f"/workspace/items/{item.id}/versions/1/retire", {"revision": str(item.revision)}, "/workspace/items"
    )
    assert refused.status_code == 404
    session.refresh(item)
    assert item.status == "published"


def test_an_analyst_reads_analytics_but_edits_no_item(client, session):
    tenant = TenantFactory()
    signed_in(client, instructor(session, tenant, role="analyst"))
    response = client.get("/workspace/items")
    assert response.status_code == 403
    assert "your role (analyst) cannot use this page: it needs author" in text_of(response)
    assert client.get("/workspace/assessments").status_code == 200
    assert client.get("/workspace/items/new?type=numeric").status_code == 403


def test_an_author_reads_no_analytics(client, session):
    from tests.factories import AssessmentFactory

    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=2)
    signed_in(client, instructor(session, tenant, role="author"))
    assert client.get(f"/workspace/assessments/{assessment.id}/analytics").status_code == 403
