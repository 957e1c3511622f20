"""Small helpers for API tests: issue a real key, and read problems."""

from __future__ import annotations

from itembank.keys import issue_key
from itembank.models import Tenant


def bearer(session, tenant: Tenant, scopes=("deliver",)) -> dict[str, str]:
    _key, plaintext = issue_key(session, tenant, scopes, "test")
    return {"Authorization": f"Bearer {plaintext}"}


def assert_problem(response, status: int, kind: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["type"] == f"/problems/{kind}" and body["status"] == status
    assert body["title"] and body["detail"]
    return body
