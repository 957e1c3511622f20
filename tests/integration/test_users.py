"""Instructor accounts on both databases: stored hashed and case-folded, sessions that expire and end, and the
lockout's numbers as docs/workspace.md gives them."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from itembank.db import utcnow
from itembank.errors import AuthoringError
from itembank.models import UserSession
from itembank.users import (
    LOCKOUT,
    MAX_FAILED_ATTEMPTS,
    SESSION_LIFETIME,
    SignInRefusedError,
    create_user,
    sign_in,
    sign_out,
    signed_in,
)
from tests.factories import TenantFactory

PASSWORD = "a long enough password"


def test_documented_numbers():
    assert MAX_FAILED_ATTEMPTS == 5
    assert timedelta(minutes=15) == LOCKOUT
    assert timedelta(hours=12) == SESSION_LIFETIME


def test_the_password_is_stored_as_an_argon2id_hash_and_the_email_case_folded(session):
    user = create_user(session, TenantFactory(), email="  Ada@Example.ORG ", password=PASSWORD, role="author")
    assert user.email == "ada@example.org"
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash


def test_the_same_email_in_two_tenants_is_two_accounts(session):
    create_user(session, TenantFactory(), email="ada@example.org", password=PASSWORD, role="author")
    create_user(session, TenantFactory(), email="ADA@example.org", password=PASSWORD, role="admin")


def test_every_broken_field_at_once(session):
    with pytest.raises(AuthoringError) as refused:
        create_user(session, TenantFactory(), email="not an email", password="short", role="owner")
    assert set(refused.value.fields) == {"email", "password", "role"}


def test_a_session_is_found_by_its_token_until_it_expires_or_ends(session):
    tenant = TenantFactory()
    create_user(session, tenant, email="ada@example.org", password=PASSWORD, role="author")
    now = utcnow()
    made = sign_in(session, tenant.slug, "ada@example.org", PASSWORD, now=now)
    assert made.token not in {row.token_hash for row in session.scalars(select(UserSession))}  # only its hash
    assert signed_in(session, made.token, now=now + SESSION_LIFETIME - timedelta(seconds=1)) is made.session
    assert signed_in(session, made.token, now=now + SESSION_LIFETIME) is None
    assert signed_in(session, made.token + "x", now=now) is None
    sign_out(session, made.token)
    assert signed_in(session, made.token, now=now) is None


def test_the_count_resets_on_success_and_locks_at_the_fifth_failure_in_a_row(session):
    tenant = TenantFactory()
    user = create_user(session, tenant, email="ada@example.org", password=PASSWORD, role="author")
    now = utcnow()
    for _ in range(MAX_FAILED_ATTEMPTS - 1):
        with pytest.raises(SignInRefusedError):
            sign_in(session, tenant.slug, user.email, "wrong password", now=now)
    sign_in(session, tenant.slug, user.email, PASSWORD, now=now)
    assert user.failed_attempts == 0 and user.locked_until is None
    for _ in range(MAX_FAILED_ATTEMPTS):
        with pytest.raises(SignInRefusedError):
            sign_in(session, tenant.slug, user.email, "wrong password", now=now)
    assert user.locked_until == now + LOCKOUT
    with pytest.raises(SignInRefusedError):
        sign_in(session, tenant.slug, user.email, PASSWORD, now=now + LOCKOUT - timedelta(seconds=1))
    sign_in(session, tenant.slug, user.email, PASSWORD, now=now + LOCKOUT)
