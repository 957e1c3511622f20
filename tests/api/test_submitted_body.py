"""A submit's body is written without the schema (`api.attempts.submitted`); it must be exactly what
`AttemptSchema` dumps for the same attempt, which the read (GET) still answers: with every feedback policy, a
checked question, unanswered and wrong answers, accommodations and attempt limits, a repeated submit, and an
attempt the clock closed."""

from datetime import timedelta
from fractions import Fraction

import pytest

from assess.delivery import start_attempt
from itembank.db import utcnow
from tests.api.helpers import answer_over_http, bearer, start_over_http
from tests.factories import AccommodationFactory, AssessmentFactory, LearnerAccommodationFactory, TenantFactory


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"shuffle_questions": False, "shuffle_options": False, "feedback_policy": "immediate"},
        {"time_limit_seconds": 600, "grace_seconds": 30, "max_attempts": 2, "feedback_policy": "never"},
        {"max_attempts": 3, "feedback_policy": "after_submit"},
    ],
)
def test_the_submits_body_is_the_schemas_dump_of_it(session, client, settings):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=4, **settings)
    LearnerAccommodationFactory(tenant=tenant, learner_id="learner-1", time_multiplier=Fraction(3, 2), extra_attempts=1)
    AccommodationFactory(assessment=assessment, learner_id="learner-1", extra_seconds=45)
    body, learner = start_over_http(client, session, tenant, assessment)
    answer_over_http(client, session, body, learner, right=2)  # two right, one wrong, one left unanswered
    if settings.get("feedback_policy") == "immediate":
        checked = client.post(f"/api/v1/attempts/{body['id']}/questions/1/check", headers=learner)
        assert checked.status_code == 200, checked.json
    submitted = client.post(f"/api/v1/attempts/{body['id']}/submit", headers=learner)
    assert submitted.status_code == 200, submitted.json
    read = client.get(f"/api/v1/attempts/{body['id']}", headers=learner)
    assert read.status_code == 200
    assert submitted.json == read.json
    assert submitted.json["result"]["attempts_used"] == 1
    again = client.post(f"/api/v1/attempts/{body['id']}/submit", headers=learner)
    assert again.status_code == 200 and again.json == read.json
    shown = [question["result"] for question in submitted.json["questions"]]
    if settings.get("feedback_policy") == "never":
        assert shown == [None] * 4
    else:
        assert all(result is not None for result in shown)
        assert {result["credit"] for result in shown} == {"0", "1"}
    assert submitted.get_data() == submitted.get_data(as_text=True).encode()  # one JSON document, as Flask writes it


def test_the_body_of_an_attempt_the_clock_closed_is_the_schemas_dump_of_it(session, client):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=3, time_limit_seconds=60, grace_seconds=0)
    started = start_attempt(session, tenant.id, assessment.id, "late", now=utcnow() - timedelta(minutes=5))
    session.flush()
    key = bearer(session, tenant)
    submitted = client.post(f"/api/v1/attempts/{started.attempt.id}/submit", headers=key)
    assert submitted.status_code == 200, submitted.json
    assert submitted.json["result"]["close_reason"] == "deadline"
    assert submitted.json["submitted_at"] == started.attempt.closes_at.isoformat()
    read = client.get(f"/api/v1/attempts/{started.attempt.id}", headers=key)
    assert submitted.json == read.json
