"""A submit commits when its service returns, before the response is serialized: its learner's locks are not
held through the dump and the JSON encoding, and the answer still leaves only once the writes are durable."""

from __future__ import annotations

import uuid

from sqlalchemy import select

import api.attempts.submitted
from assess.models import Attempt


def test_the_submit_is_committed_before_its_response_is_serialized(deployment, monkeypatch):
    assessment_id = deployment.assessment(questions=2)
    client = deployment.app.test_client()
    started = client.post(
        f"/api/v1/assessments/{assessment_id}/attempts",
        json={"learner_id": f"l-{uuid.uuid4().hex}"},
        headers={"Authorization": f"Bearer {deployment.key}"},
    ).json
    seen_while_dumping = []
    write = api.attempts.submitted.submitted_body  # the submit's one-pass body

    def observed(submitted):
        with deployment.engine.connect() as other:  # another connection: sees only what is committed
            seen_while_dumping.append(other.scalar(select(Attempt.state).where(Attempt.id == started["id"])))
        return write(submitted)

    monkeypatch.setattr(api.attempts.submitted, "submitted_body", observed)
    submitted = client.post(
        f"/api/v1/attempts/{started['id']}/submit", headers={"Authorization": f"Bearer {started['learner_token']}"}
    )
    assert submitted.status_code == 200 and submitted.json["state"] == "scored"
    assert seen_while_dumping == ["scored"]
