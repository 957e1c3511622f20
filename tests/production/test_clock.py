"""What the server's clock decides is committed, whatever the request that found it answers: on the path
production runs (PostgreSQL's save in autocommit, its refusal explained through a session of its own), read
back from the database by a connection of the test's own."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlalchemy import text

from itembank.db import utcnow
from itembank.models import FeedbackPolicy


def _start(deployment, assessment_id, learner=None):
    client = deployment.app.test_client()
    started = client.post(
        f"/api/v1/assessments/{assessment_id}/attempts",
        json={"learner_id": learner or f"late-{uuid.uuid4().hex}"},
        headers={"Authorization": f"Bearer {deployment.key}"},
    )
    assert started.status_code == 201, started.json
    return client, started.json, {"Authorization": f"Bearer {started.json['learner_token']}"}


def _expire(deployment, attempt_id):
    """Move the attempt's deadline and hard deadline a minute into the past, committed."""
    past = utcnow() - timedelta(minutes=1)
    with deployment.engine.begin() as connection:
        connection.execute(
            text("UPDATE attempt SET deadline_at = :past, closes_at = :past WHERE id = :id"),
            {"past": past, "id": attempt_id},
        )


def _stored(deployment, attempt_id):
    with deployment.engine.connect() as connection:
        row = connection.execute(
            text("SELECT state, close_reason FROM attempt WHERE id = :id"), {"id": attempt_id}
        ).one()
    return tuple(row)


def test_a_late_save_answers_410_and_the_attempt_is_committed_scored(deployment):
    assessment_id = deployment.assessment(questions=2, time_limit_seconds=600, grace_seconds=0)
    client, attempt, learner = _start(deployment, assessment_id)
    url = f"/api/v1/attempts/{attempt['id']}/questions/1/response"
    option = attempt["questions"][0]["options"][0]["id"]
    assert client.put(url, json={"response": {"option": option}, "seq": 1}, headers=learner).status_code == 200
    _expire(deployment, attempt["id"])
    late = client.put(url, json={"response": {"option": option}, "seq": 2}, headers=learner)
    assert late.status_code == 410 and late.json["type"] == "/problems/deadline-passed", late.json
    assert _stored(deployment, attempt["id"]) == ("scored", "deadline")
    scored = client.get(f"/api/v1/attempts/{attempt['id']}", headers=learner).json
    assert scored["questions"][0]["seq"] == 1  # scored with the save acknowledged before the deadline


def test_a_late_check_answers_410_and_the_attempt_is_committed_scored(deployment):
    assessment_id = deployment.assessment(
        questions=2, time_limit_seconds=600, grace_seconds=0, feedback_policy=FeedbackPolicy.IMMEDIATE
    )
    client, attempt, learner = _start(deployment, assessment_id)
    option = attempt["questions"][0]["options"][0]["id"]
    url = f"/api/v1/attempts/{attempt['id']}/questions/1"
    assert (
        client.put(f"{url}/response", json={"response": {"option": option}, "seq": 1}, headers=learner).status_code
        == 200
    )
    _expire(deployment, attempt["id"])
    late = client.post(f"{url}/check", headers=learner)
    assert late.status_code == 410, late.json
    assert _stored(deployment, attempt["id"]) == ("scored", "deadline")


def test_a_start_refused_409_leaves_the_expired_last_attempt_committed_scored_and_graded(deployment):
    assessment_id = deployment.assessment(questions=2, time_limit_seconds=600, grace_seconds=0, max_attempts=1)
    learner_id = f"late-{uuid.uuid4().hex}"
    client, attempt, _learner = _start(deployment, assessment_id, learner_id)
    _expire(deployment, attempt["id"])
    key = {"Authorization": f"Bearer {deployment.key}"}
    refused = client.post(f"/api/v1/assessments/{assessment_id}/attempts", json={"learner_id": learner_id}, headers=key)
    assert refused.status_code == 409 and refused.json["type"] == "/problems/no-attempts-left", refused.json
    assert _stored(deployment, attempt["id"]) == ("scored", "deadline")
    [result] = client.get(f"/api/v1/assessments/{assessment_id}/results?learner_id={learner_id}", headers=key).json
    assert (result["score"], result["graded_attempt_id"], result["attempts_left"]) == ("0", attempt["id"], 0)
