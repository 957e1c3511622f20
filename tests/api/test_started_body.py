"""A new attempt's start body is written without the schema (`api.attempts.started`); it must be exactly what
`AttemptSchema` dumps for the same attempt, which the read (GET) and the resumed start (200) still answer."""

from datetime import datetime, timedelta
from fractions import Fraction

import pytest

from tests.api.helpers import bearer
from tests.factories import AccommodationFactory, AssessmentFactory, LearnerAccommodationFactory, TenantFactory

TOKEN_FIELDS = ("learner_token", "learner_token_expires_at", "learner_url")


@pytest.mark.parametrize(
    "settings",
    [
        {},
        {"shuffle_questions": False, "shuffle_options": False, "feedback_policy": "immediate"},
        {"time_limit_seconds": 600, "grace_seconds": 30, "max_attempts": 2, "feedback_policy": "never"},
    ],
)
def test_the_new_attempts_body_is_the_schemas_dump_of_it(session, client, settings):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=4, **settings)
    LearnerAccommodationFactory(tenant=tenant, learner_id="ana", time_multiplier=Fraction(3, 2), extra_attempts=1)
    AccommodationFactory(assessment=assessment, learner_id="ana", extra_seconds=45)
    key = bearer(session, tenant)
    path = f"/api/v1/assessments/{assessment.id}/attempts"
    started = client.post(path, json={"learner_id": "ana", "context_id": "section-b"}, headers=key)
    assert started.status_code == 201, started.json
    assert started.headers["Location"].endswith(f"/api/v1/attempts/{started.json['id']}")
    learner = {"Authorization": f"Bearer {started.json['learner_token']}"}
    read = client.get(f"/api/v1/attempts/{started.json['id']}", headers=learner)
    resumed = client.post(path, json={"learner_id": "ana"}, headers=key)
    assert read.status_code == 200 and resumed.status_code == 200
    new = {name: value for name, value in started.json.items() if name not in TOKEN_FIELDS}
    assert new == read.json
    assert set(started.json) == set(resumed.json)
    assert {name: resumed.json[name] for name in new} == new
    if settings.get("time_limit_seconds"):  # 600 s x 3/2 + 45 s: both kinds of accommodation were read
        began, deadline, closes = (
            datetime.fromisoformat(new[name]) for name in ("started_at", "deadline_at", "closes_at")
        )
        assert (deadline - began, closes - deadline) == (timedelta(seconds=945), timedelta(seconds=30))
    assert started.get_data() == started.get_data(as_text=True).encode()  # one JSON document, as Flask writes it
