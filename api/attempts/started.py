"""The body of a new attempt's start, written directly: the start's one hot response, whose shape is fixed.

`AttemptSchema` documents the start's response and dumps every other attempt; dumping a new one with it cost
a start more than its SQL (issue 12), for a shape that holds no choice at all: a new attempt is in progress,
nothing is answered, checked or scored, so no question shows a result and the attempt has none (the rule of
`schemas._question_visible` answers "nothing" for every question without a credit). This writes that
shape from the values the start wrote; tests/api/test_started_body.py holds it equal to `AttemptSchema`'s
dump of the same attempt read back, key for key and value for value.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from assess.delivery import Started, StartedQuestion
from assess.delivery.material import DeliveredVersion
from assess.states import AttemptState


def started_body(
    started: Started, learner_token: str, learner_token_expires_at: datetime, learner_url: str
) -> dict[str, Any]:
    return {
        "id": started.id,
        "assessment_id": started.assessment_id,
        "title": started.title,
        "learner_id": started.learner_id,
        "number": started.number,
        "state": AttemptState.IN_PROGRESS.value,
        "feedback_policy": started.feedback_policy,
        "started_at": started.started_at.isoformat(),
        "context_id": started.context_id,
        "deadline_at": _moment(started.deadline_at),
        "closes_at": _moment(started.closes_at),
        "submitted_at": None,
        "questions": [question_body(question) for question in started.questions],
        "result": None,
        "learner_token": learner_token,
        "learner_token_expires_at": learner_token_expires_at.isoformat(),
        "learner_url": learner_url,
    }


def question_body(question: StartedQuestion) -> dict[str, Any]:
    """A question as a new attempt delivers it (nothing answered); the workspace's preview shows the same."""
    return question_document(
        question.version, question.position, question.slot_position, question.points, question.option_order
    )


def question_document(
    version: DeliveredVersion,
    position: int,
    slot: int,
    points: int,
    option_order: list[int],
    *,
    response: dict[str, Any] | None = None,
    seq: int = 0,
    checked: bool = False,
    result: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One question of an attempt as `AttemptSchema` writes it, for the bodies written in one pass (the start's
    and the submit's, `api.attempts.submitted`): one writer of the shape, held equal to the schema by tests."""
    texts = version.option_text()
    return {
        "position": position,
        "item": {
            "id": version.item_id,
            "ref": version.ref,
            "version_id": version.id,
            "version": version.number,
            "slot": slot,
        },
        "type": version.type,
        "stem": version.stem,
        "points": points,
        "options": [{"id": option_id, "text": texts[option_id]} for option_id in option_order],
        "response": response,
        "seq": seq,
        "checked": checked,
        "result": result,
    }


def _moment(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()
