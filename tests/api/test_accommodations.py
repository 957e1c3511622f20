"""Accommodations over HTTP: a learner's tenant-wide multiplier and extra attempts (`/api/v1/accommodations`),
an assessment's own multiplier, their validation problems, and what a learner and an integration then read."""

import json
from datetime import datetime

import pytest

from tests.api.helpers import assert_problem, bearer, start_over_http
from tests.api.test_response_schemas import assert_as_documented
from tests.factories import AssessmentFactory, TenantFactory

URL = "/api/v1/accommodations"


def _seconds_between(later: str, earlier: str) -> float:
    return (datetime.fromisoformat(later) - datetime.fromisoformat(earlier)).total_seconds()


def test_a_tenant_wide_accommodation_round_trips_is_replaced_and_is_listed_in_pages(app, client, session):
    tenant = TenantFactory()
    key = bearer(session, tenant)
    grant = {"learner_id": "ana", "time_multiplier": "1.5", "extra_attempts": 1}
    assert assert_as_documented(app, client.put(URL, json=grant, headers=key)) == {**grant, "time_multiplier": "3/2"}
    replaced = {"learner_id": "ana", "time_multiplier": "4/3", "extra_attempts": 0}
    assert assert_as_documented(app, client.put(URL, json=replaced, headers=key)) == replaced
    for learner in ("ben", "cy"):
        client.put(URL, json={"learner_id": learner, "time_multiplier": "2", "extra_attempts": 2}, headers=key)

    everyone = assert_as_documented(app, client.get(URL, headers=key))
    assert [row["learner_id"] for row in everyone] == ["ana", "ben", "cy"] and everyone[0] == replaced
    page = client.get(f"{URL}?page=2&page_size=2", headers=key)
    assert page.json == [{"learner_id": "cy", "time_multiplier": "2", "extra_attempts": 2}]
    assert json.loads(page.headers["X-Pagination"])["total"] == 3 and 'rel="prev"' in page.headers["Link"]
    assert client.get(f"{URL}?learner_id=ben", headers=key).json == [everyone[1]]
    assert client.get(f"{URL}?learner_id=dee", headers=key).json == []

    other = bearer(session, TenantFactory())
    assert client.get(URL, headers=other).json == []
    assert_problem(client.get(URL, headers=bearer(session, tenant, ("author",))), 403, "forbidden")
    assert_problem(client.put(URL, json=grant, headers=bearer(session, tenant, ("analytics",))), 403, "forbidden")


def test_the_learner_reads_the_new_deadline_of_a_running_attempt_and_results_count_the_extra_attempts(client, session):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=1, time_limit_seconds=600, grace_seconds=20, max_attempts=1)
    key = bearer(session, tenant)
    body, learner = start_over_http(client, session, tenant, assessment, learner="ana")
    granted = client.put(URL, json={"learner_id": "ana", "time_multiplier": "2", "extra_attempts": 1}, headers=key)
    assert granted.status_code == 200, granted.json

    read = client.get(f"/api/v1/attempts/{body['id']}", headers=learner).json
    assert _seconds_between(read["deadline_at"], body["deadline_at"]) == 600
    assert _seconds_between(read["closes_at"], read["deadline_at"]) == 20
    submitted = client.post(f"/api/v1/attempts/{body['id']}/submit", headers=learner)
    assert submitted.status_code == 200, submitted.json
    assert (submitted.json["result"]["attempts_used"], submitted.json["result"]["attempts_left"]) == (1, 1)
    results = client.get(f"/api/v1/assessments/{assessment.id}/results?learner_id=ana", headers=key).json
    assert (results[0]["attempts_used"], results[0]["attempts_left"]) == (1, 1)

    second, _learner = start_over_http(client, session, tenant, assessment, learner="ana")
    assert _seconds_between(second["deadline_at"], second["started_at"]) == 1200
    resumed = client.post(f"/api/v1/assessments/{assessment.id}/attempts", json={"learner_id": "ana"}, headers=key)
    assert resumed.status_code == 200  # resumed: the open second attempt
    client.post(
        f"/api/v1/attempts/{second['id']}/submit", headers={"Authorization": f"Bearer {second['learner_token']}"}
    )
    refused = client.post(f"/api/v1/assessments/{assessment.id}/attempts", json={"learner_id": "ana"}, headers=key)
    assert_problem(refused, 409, "no-attempts-left")


@pytest.mark.parametrize(
    ("multiplier", "message"),
    [
        ("0.9", "at least 1"),
        ("1/2", "at least 1"),
        ("0", "at least 1"),
        ("11", "at most 10"),
        ("1.0001", "1/1000"),
        ("2/0", "denominator"),
        ("abc", "exact time multiplier"),
        ("1.5e0", "exact time multiplier"),
        ("-3/2", "exact time multiplier"),
        (" 3/2", "exact time multiplier"),
        ("", "exact time multiplier"),
        ("9" * 40, "exact time multiplier"),
        (1.5, "not a JSON number"),
        (2, "not a JSON number"),
        (True, "Not a valid string"),
        (None, "may not be null"),
    ],
)
def test_a_multiplier_that_is_not_an_exact_fraction_of_at_least_one_is_a_validation_problem(
    client, session, multiplier, message
):
    key = bearer(session, TenantFactory())
    bad = client.put(URL, json={"learner_id": "ana", "time_multiplier": multiplier, "extra_attempts": 0}, headers=key)
    problem = assert_problem(bad, 422, "validation-error")
    assert list(problem["errors"]) == ["time_multiplier"]
    assert message in problem["errors"]["time_multiplier"][0]
    assert client.get(URL, headers=key).json == []


def test_every_bad_field_of_a_tenant_wide_accommodation_is_named(client, session):
    key = bearer(session, TenantFactory())
    problem = assert_problem(client.put(URL, json={"extra_attempts": -1}, headers=key), 422, "validation-error")
    assert set(problem["errors"]) == {"learner_id", "time_multiplier", "extra_attempts"}
    problem = assert_problem(
        client.put(URL, json={"learner_id": "a", "time_multiplier": "1", "extra_attempts": 1.0, "x": 1}, headers=key),
        422,
        "validation-error",
    )
    assert set(problem["errors"]) == {"extra_attempts", "x"}


def test_an_assessments_own_multiplier_round_trips_and_is_refused_where_there_is_no_time_limit(app, client, session):
    tenant = TenantFactory()
    timed = AssessmentFactory(tenant=tenant, questions=1, time_limit_seconds=600)
    untimed = AssessmentFactory(tenant=tenant, questions=1)
    key = bearer(session, tenant)
    client.put(URL, json={"learner_id": "ana", "time_multiplier": "3/2", "extra_attempts": 0}, headers=key)
    body, learner = start_over_http(client, session, tenant, timed, learner="ana")
    assert _seconds_between(body["deadline_at"], body["started_at"]) == 900

    url = f"/api/v1/assessments/{timed.id}/accommodations"
    grant = {"learner_id": "ana", "extra_seconds": 60, "extra_attempts": 0, "time_multiplier": "2"}
    assert assert_as_documented(app, client.put(url, json=grant, headers=key)) == grant
    assert assert_as_documented(app, client.get(url, headers=key)) == [grant]
    read = client.get(f"/api/v1/attempts/{body['id']}", headers=learner).json
    assert _seconds_between(read["deadline_at"], body["started_at"]) == 1200 + 60  # 2 replaces 3/2

    without = {"learner_id": "ana", "extra_seconds": 60, "extra_attempts": 0}  # no multiplier: the tenant-wide one
    assert client.put(url, json=without, headers=key).json["time_multiplier"] is None
    read = client.get(f"/api/v1/attempts/{body['id']}", headers=learner).json
    assert _seconds_between(read["deadline_at"], body["started_at"]) == 900 + 60

    bad = assert_problem(
        client.put(url, json={**grant, "time_multiplier": "1/3"}, headers=key), 422, "validation-error"
    )
    assert list(bad["errors"]) == ["time_multiplier"]
    untimed_url = f"/api/v1/assessments/{untimed.id}/accommodations"
    assert_problem(
        client.put(untimed_url, json={**grant, "extra_seconds": 0}, headers=key), 422, "invalid-accommodation"
    )
    assert client.get(untimed_url, headers=key).json == []
    kept = client.put(untimed_url, json={**grant, "extra_seconds": 0, "time_multiplier": "1"}, headers=key)
    assert kept.status_code == 200 and kept.json["time_multiplier"] == "1"
