"""Integrations list attempts and grant accommodations: filters, stable pages, tenants kept apart."""

import json
from datetime import datetime

from tests.api.helpers import assert_problem, bearer, start_over_http
from tests.factories import AssessmentFactory, TenantFactory


def test_attempts_are_listed_by_id_with_filters_and_pages(client, session):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=2)
    key = bearer(session, tenant)
    for learner in ["ana", "ben", "cy"]:
        start_over_http(client, session, tenant, assessment, learner=learner)
    everything = client.get("/api/v1/attempts", headers=key)
    assert everything.status_code == 200
    ids = [attempt["id"] for attempt in everything.json]
    assert ids == sorted(ids) and len(ids) == 3
    assert {"questions", "seed"}.isdisjoint(everything.json[0])  # a list shows outcomes, not forms

    page = client.get("/api/v1/attempts?page=2&page_size=2", headers=key)
    assert [attempt["id"] for attempt in page.json] == ids[2:]
    assert json.loads(page.headers["X-Pagination"])["total"] == 3

    ben = client.get("/api/v1/attempts?learner_id=ben", headers=key)
    assert [attempt["learner_id"] for attempt in ben.json] == ["ben"]
    assert client.get("/api/v1/attempts?state=scored", headers=key).json == []
    assert client.get(f"/api/v1/attempts?assessment_id={assessment.id + 999}", headers=key).json == []


def test_a_scored_attempt_lists_its_exact_outcome(client, session):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=3)
    body, learner = start_over_http(client, session, tenant, assessment)
    client.post(f"/api/v1/attempts/{body['id']}/submit", headers=learner)
    [listed] = client.get("/api/v1/attempts?state=scored", headers=bearer(session, tenant)).json
    assert (listed["points_earned"], listed["points_possible"], listed["score"], listed["passed"]) == (
        "0",
        3,
        "0",
        False,
    )


def test_another_tenants_attempts_are_invisible(client, session):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=1)
    start_over_http(client, session, tenant, assessment)
    other = TenantFactory()
    AssessmentFactory(tenant=other, questions=1)
    assert client.get("/api/v1/attempts", headers=bearer(session, other)).json == []


def test_bad_filters_are_problems(client, session):
    tenant = TenantFactory()
    AssessmentFactory(tenant=tenant, questions=1)
    key = bearer(session, tenant)
    body = assert_problem(client.get("/api/v1/attempts?state=lost", headers=key), 422, "validation-error")
    assert "state" in json.dumps(body)
    assert_problem(client.get("/api/v1/attempts?assessment_id=abc", headers=key), 422, "validation-error")
    assert_problem(client.get("/api/v1/attempts", headers=bearer(session, tenant, ("author",))), 403, "forbidden")


def test_extra_time_granted_mid_attempt_moves_its_deadline(client, session):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=1, time_limit_seconds=600)
    body, learner = start_over_http(client, session, tenant, assessment)
    key = bearer(session, tenant)
    granted = client.put(
        f"/api/v1/assessments/{assessment.id}/accommodations",
        json={"learner_id": "learner-1", "extra_seconds": 300, "extra_attempts": 1},
        headers=key,
    )
    assert granted.status_code == 200 and granted.json["extra_seconds"] == 300
    read = client.get(f"/api/v1/attempts/{body['id']}", headers=learner).json
    moved = datetime.fromisoformat(read["deadline_at"]) - datetime.fromisoformat(body["deadline_at"])
    assert moved.total_seconds() == 300
    listed = client.get(f"/api/v1/assessments/{assessment.id}/accommodations", headers=key)
    assert listed.json == [
        {"learner_id": "learner-1", "extra_seconds": 300, "extra_attempts": 1, "time_multiplier": None}
    ]


def test_accommodations_are_validated_and_tenant_scoped(client, session):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=1)
    url = f"/api/v1/assessments/{assessment.id}/accommodations"
    key = bearer(session, tenant)
    bad = client.put(url, json={"learner_id": " x", "extra_seconds": -1, "extra_attempts": 1.5}, headers=key)
    problem = assert_problem(bad, 422, "validation-error")
    assert {"learner_id", "extra_seconds", "extra_attempts"} <= set(json.dumps(problem).replace('"', " ").split())
    other = TenantFactory()
    AssessmentFactory(tenant=other, questions=1)
    ok = {"learner_id": "x", "extra_seconds": 0, "extra_attempts": 0}
    assert_problem(client.put(url, json=ok, headers=bearer(session, other)), 404, "not-found")
