"""API keys: shown once, stored hashed, found only while active and only with the whole secret."""

import pytest

from itembank.errors import AuthoringError
from itembank.keys import find_active_key, issue_key, revoke_key
from tests.factories import TenantFactory


def test_issued_key_is_found_and_its_secret_is_not_stored(session):
    key, plaintext = issue_key(session, TenantFactory(), ["deliver", "analytics"], "LMS")
    assert plaintext not in (key.secret_hash, key.prefix) and key.prefix in plaintext
    found = find_active_key(session, plaintext)
    assert found is not None and (found.id, found.tenant_id, found.label) == (key.id, key.tenant_id, key.label)
    assert found.scope_set == key.scope_set
    assert key.scope_set == {"deliver", "analytics"}


@pytest.mark.parametrize("mangle", [lambda k: k[:-1] + ("x" if k[-1] != "x" else "y"), lambda k: k + "a", str.upper])
def test_a_wrong_secret_finds_nothing(session, mangle):
    _key, plaintext = issue_key(session, TenantFactory(), ["deliver"], "LMS")
    assert find_active_key(session, mangle(plaintext)) is None


@pytest.mark.parametrize("garbage", ["", "ak", "ak__", "nope_abc_def", "ak_unknownprefix_secret"])
def test_garbage_finds_nothing(session, garbage):
    assert find_active_key(session, garbage) is None


def test_revoked_key_is_not_found(session):
    key, plaintext = issue_key(session, TenantFactory(), ["deliver"], "LMS")
    revoke_key(session, key.prefix)
    assert find_active_key(session, plaintext) is None


def test_unknown_scopes_are_refused(session):
    with pytest.raises(AuthoringError):
        issue_key(session, TenantFactory(), ["deliver", "root"], "LMS")
