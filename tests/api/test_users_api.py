"""The users API: admins (scope `admin`) make, list, read and change their tenant's instructor accounts."""

import pytest

from itembank.db import utcnow
from itembank.users import sign_in
from tests.api.helpers import assert_problem, bearer
from tests.factories import TenantFactory

USERS = "/api/v1/users"
PASSWORD = "a long enough password"


@pytest.fixture
def tenant():
    return TenantFactory()


@pytest.fixture
def admin(session, tenant):
    return bearer(session, tenant, scopes=("admin",))


def _make(client, admin, **changes):
    return client.post(
        USERS, json={"email": "Ada@Example.org", "password": PASSWORD, "role": "author", **changes}, headers=admin
    )


def test_an_admin_makes_lists_and_reads_an_account_without_its_password(client, admin):
    made = _make(client, admin)
    assert made.status_code == 201, made.json
    assert made.json["email"] == "ada@example.org" and made.json["role"] == "author"
    assert "password" not in made.json and "password_hash" not in made.json
    assert [user["email"] for user in client.get(USERS, headers=admin).json] == ["ada@example.org"]
    assert client.get(f"{USERS}/{made.json['id']}", headers=admin).json == made.json


def test_every_broken_field_is_named(client, admin):
    _make(client, admin)
    body = assert_problem(_make(client, admin, email="ADA@example.org", password="short"), 422, "authoring-rule")
    assert set(body["errors"]) == {"email", "password"}
    assert "already has an account" in body["errors"]["email"][0]
    assert_problem(_make(client, admin, role="owner"), 422, "validation-error")


def test_a_role_change_and_an_unlock(client, session, admin, tenant):
    made = _make(client, admin).json
    for _ in range(5):
        with pytest.raises(Exception, match="locked after repeated failures"):
            sign_in(session, tenant.slug, made["email"], "wrong password", now=utcnow())
    assert client.get(f"{USERS}/{made['id']}", headers=admin).json["locked_until"] is not None
    changed = client.patch(f"{USERS}/{made['id']}", json={"role": "analyst", "unlock": True}, headers=admin)
    assert changed.status_code == 200
    assert changed.json["role"] == "analyst" and changed.json["locked_until"] is None
    sign_in(session, tenant.slug, made["email"], PASSWORD, now=utcnow())


def test_only_admins_of_the_tenant(client, session, admin, tenant):
    made = _make(client, admin).json
    author = bearer(session, tenant, scopes=("author", "analytics", "deliver"))
    assert_problem(client.get(USERS, headers=author), 403, "forbidden")
    assert_problem(_make(client, author, email="x@example.org"), 403, "forbidden")
    other_admin = bearer(session, TenantFactory(), scopes=("admin",))
    assert client.get(USERS, headers=other_admin).json == []
    assert_problem(client.get(f"{USERS}/{made['id']}", headers=other_admin), 404, "not-found")
    assert_problem(client.patch(f"{USERS}/{made['id']}", json={"role": "admin"}, headers=other_admin), 404, "not-found")
