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
    version = question.version
    texts = version.option_text()
    return {
        "position": question.position,
        "item": {
            "id": version.item_id,
            "ref": version.ref,
            "version_id": version.id,
            "version": version.number,
            "slot": question.slot_position,
        },
        "type": version.type,
        "stem": version.stem,
        "points": question.points,
        "options": [{"id": option_id, "text": texts[option_id]} for option_id in question.option_order],
        "response": None,
        "seq": 0,
        "checked": False,
        "result": None,
    }


def _moment(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()
