"""Listing and reading assessments: keys, scopes, tenants, pagination and problems."""

import pytest

from itembank.db import utcnow
from tests.api.helpers import assert_problem, bearer
from tests.factories import AssessmentFactory, TenantFactory


def test_list_is_scoped_to_the_keys_tenant_and_paginated(session, client):
    mine, other = TenantFactory(), TenantFactory()
    ours = [AssessmentFactory(tenant=mine) for _ in range(3)]
    AssessmentFactory(tenant=other)
    headers = bearer(session, mine)
    first = client.get("/api/v1/assessments?page=1&page_size=2", headers=headers)
    second = client.get("/api/v1/assessments?page=2&page_size=2", headers=headers)
    assert first.status_code == second.status_code == 200
    assert [a["id"] for a in first.json + second.json] == [a.id for a in ours]
    assert '"total": 3' in first.headers["X-Pagination"]


def test_reading_one_shows_exact_threshold_and_question_count(session, client):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, pass_threshold_bp=8000, questions=15)
    body = client.get(f"/api/v1/assessments/{assessment.id}", headers=bearer(session, tenant)).json
    assert body["pass_threshold"] == "4/5" and body["pass_percent"] == "80"
    assert body["question_count"] == 15


def test_another_tenants_assessment_is_not_found(session, client):
    theirs = AssessmentFactory()
    response = client.get(f"/api/v1/assessments/{theirs.id}", headers=bearer(session, TenantFactory()))
    assert_problem(response, 404, "not-found")


def test_filter_by_kind_is_validated(session, client):
    headers = bearer(session, TenantFactory())
    body = assert_problem(client.get("/api/v1/assessments?kind=exam", headers=headers), 422, "validation-error")
    assert "kind" in body["errors"]


@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Basic abc", "Bearer ak_000000000000_nope", "Bearer " + "x" * 5000],
)
def test_missing_or_bad_keys_are_401(client, header):
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/v1/assessments", headers=headers)
    assert_problem(response, 401, "unauthenticated")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_revoked_key_is_401(session, client):
    tenant = TenantFactory()
    headers = bearer(session, tenant)
    for key in tenant.api_keys:
        key.revoked_at = utcnow()
    session.flush()
    assert_problem(client.get("/api/v1/assessments", headers=headers), 401, "unauthenticated")


def test_errors_are_problems(session, client):
    assert_problem(client.get("/api/v1/nowhere"), 404, "not-found")
    assert_problem(client.delete("/api/v1/health"), 405, "method-not-allowed")
    assert_problem(
        client.post("/api/v1/assessments", data="x=1", content_type="text/plain"), 415, "unsupported-media-type"
    )
    assert_problem(
        client.post("/api/v1/assessments", data="x" * 70_000, content_type="application/json"), 413, "body-too-large"
    )


def test_openapi_and_docs_are_served(client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.") and "/api/v1/assessments" in spec["paths"]
    assert "apiKey" in spec["components"]["securitySchemes"]
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200 and b"/api/v1/docs/assets/swagger-ui-bundle.js" in docs.data
    with client.get("/api/v1/docs/assets/swagger-ui-bundle.js") as asset:
        assert asset.status_code == 200


def test_health_names_the_database(client, database):
    assert client.get("/api/v1/health").json == {"status": "ok", "database": database.backend}
