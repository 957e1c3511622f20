"""Regrades over HTTP: dry run, regrade, read back, reverse; scope `author`, tenants apart, problems for the rest."""

from datetime import UTC, datetime, timedelta

from itembank.authoring import revise_item
from tests.api.helpers import assert_problem, bearer
from tests.factories import AssessmentFactory, TenantFactory
from tests.integration.taking import take
from tests.regrading import chose, draft_of, three_options

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _miskeyed(session, tenant):
    """Two questions, 50% to pass; question 1 keyed A but B is right. ana chose B, ben chose A; both got q2."""
    assessment = AssessmentFactory(tenant=tenant, questions=2, shuffle_questions=False, pass_threshold_bp=10000)
    take(session, assessment, "ana", chose({1: 1, 2: 0}), T0)
    take(session, assessment, "ben", chose({1: 0, 2: 0}), T0 + timedelta(minutes=1))
    item = assessment.slots[0].item
    revise_item(session, item, draft_of(item.latest, keyed={1}), author="author")
    return assessment, item


def test_dry_run_regrade_read_and_reverse(client, session):
    tenant = TenantFactory()
    assessment, item = _miskeyed(session, tenant)
    author = bearer(session, tenant, ("author",))
    url = f"/api/v1/items/{item.id}/regrades"

    dry = client.post(url, json={"to_version": 2}, headers=author)
    assert dry.status_code == 200 and dry.json["dry_run"] is True and dry.json["id"] is None
    assert "Location" not in dry.headers
    assert dry.json["totals"] == {
        "attempts": 2,
        "scores_changed": 2,
        "outcomes_changed": 2,
        "now_passing": 1,
        "now_failing": 1,
        "grades_changed": 2,
        "grade_outcomes_changed": 2,
    }
    by_learner = {row["learner_id"]: row for row in dry.json["attempts"]}
    assert (by_learner["ana"]["score_before"], by_learner["ana"]["score_after"]) == ("1/2", "1")
    assert (by_learner["ana"]["passed_before"], by_learner["ana"]["passed_after"]) == (False, True)
    assert by_learner["ben"]["questions"][0]["credit_after"] == "0"
    results_url = f"/api/v1/assessments/{assessment.id}/results"
    deliver = bearer(session, tenant)
    assert {r["learner_id"]: r["passed"] for r in client.get(results_url, headers=deliver).json} == {
        "ana": False,
        "ben": True,
    }

    done = client.post(url, json={"to_version": 2, "dry_run": False}, headers=author)
    assert done.status_code == 201, done.json
    assert done.json["dry_run"] is False and done.json["created_by"] == "test" and done.json["created_at"]
    assert done.headers["Location"].endswith(f"/api/v1/regrades/{done.json['id']}")
    assert done.json["attempts"] == dry.json["attempts"] and done.json["totals"] == dry.json["totals"]
    results = {r["learner_id"]: (r["score"], r["passed"]) for r in client.get(results_url, headers=deliver).json}
    assert results == {"ana": ("1", True), "ben": ("1/2", False)}

    repeat = client.post(url, json={"to_version": 2, "dry_run": False}, headers=author)
    assert repeat.status_code == 200 and repeat.json["id"] == done.json["id"]
    read = client.get(f"/api/v1/regrades/{done.json['id']}", headers=author)
    assert read.status_code == 200 and read.json == done.json

    reversed_ = client.post(f"/api/v1/regrades/{done.json['id']}/reverse", headers=author)
    assert reversed_.status_code == 200 and reversed_.json["reversed_by"] == "test"
    results = {r["learner_id"]: (r["score"], r["passed"]) for r in client.get(results_url, headers=deliver).json}
    assert results == {"ana": ("1/2", False), "ben": ("1", True)}
    again = client.post(f"/api/v1/regrades/{done.json['id']}/reverse", headers=author)
    assert again.status_code == 200 and again.json["reversed_at"] == reversed_.json["reversed_at"]


def test_scope_tenants_and_problems(client, session):
    tenant = TenantFactory()
    _assessment, item = _miskeyed(session, tenant)
    author = bearer(session, tenant, ("author",))
    url = f"/api/v1/items/{item.id}/regrades"
    real = {"to_version": 2, "dry_run": False}

    assert_problem(client.post(url, json=real), 401, "unauthenticated")
    assert_problem(client.post(url, json=real, headers=bearer(session, tenant, ("deliver",))), 403, "forbidden")
    other = bearer(session, TenantFactory(), ("author",))
    assert_problem(client.post(url, json=real, headers=other), 404, "not-found")
    for body, field in (
        ({}, "to_version"),
        ({"to_version": "2"}, "to_version"),
        ({"to_version": 2, "dry_run": 1}, "dry_run"),
    ):
        refused = assert_problem(client.post(url, json=body, headers=author), 422, "validation-error")
        assert field in refused["errors"]
    assert_problem(client.post(url, json={"to_version": 9}, headers=author), 422, "invalid-regrade-target")
    # Version 1 was retired when version 2 was published: attempts move only onto a published version.
    retired = client.post(url, json={"to_version": 1, "dry_run": False}, headers=author)
    assert "retired" in assert_problem(retired, 422, "invalid-regrade-target")["detail"]

    done = client.post(url, json=real, headers=author).json
    assert_problem(client.get(f"/api/v1/regrades/{done['id']}", headers=other), 404, "not-found")
    assert_problem(client.post(f"/api/v1/regrades/{done['id']}/reverse", headers=other), 404, "not-found")
    assert_problem(client.get(f"/api/v1/regrades/{done['id']}", headers=bearer(session, tenant)), 403, "forbidden")

    revise_item(session, item, three_options(item.latest, keyed=2), author="author")
    assert_problem(client.post(url, json={"to_version": 3}, headers=author), 409, "regrade-incompatible")
