"""The body of a submit's answer, written in one pass from the values the submit read and wrote.

`AttemptSchema` documents the submit's response and dumps every attempt read through the ORM; dumping a
submitted one with it walked 15 questions, their versions and options through marshmallow, a seventh of a
submit's CPU (issue 12). This writes the same document from `assess.delivery.Submitted` (the attempt's row, its
questions with their versions' delivered content, the usage), asking the one visibility rule
(`schemas.question_visible`) for each question's result; tests/api/test_submitted_body.py holds it equal to
`AttemptSchema`'s dump of the same attempt read back, key for key and value for value.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from api.attempts import schemas
from api.attempts.started import question_document
from api.exact import exact
from assess.delivery import FormQuestion, Submitted
from assess.states import AttemptState


def submitted_body(submitted: Submitted) -> dict[str, Any]:
    attempt = submitted.attempt
    return {
        "id": attempt.id,
        "assessment_id": attempt.assessment_id,
        "title": attempt.title,
        "learner_id": attempt.learner_id,
        "number": attempt.number,
        "state": attempt.state,
        "feedback_policy": attempt.feedback_policy,
        "started_at": attempt.started_at.isoformat(),
        "context_id": attempt.context_id,
        "deadline_at": _moment(attempt.deadline_at),
        "closes_at": _moment(attempt.closes_at),
        "submitted_at": _moment(attempt.submitted_at),
        "questions": [_question(submitted, question) for question in submitted.questions],
        "result": _result(submitted),
    }


def _question(submitted: Submitted, question: FormQuestion) -> dict[str, Any]:
    version = question.version
    options = {option.id: option for option in version.options}
    shown = [options[option_id] for option_id in question.option_order]
    checked = question.checked_at is not None
    credit = question.credit
    result = None
    if credit is not None and schemas.question_visible(
        submitted.attempt.feedback_policy, submitted.attempt.state, checked
    ):
        result = {
            "correct": credit == 1,
            "credit": exact(credit),
            "feedback": version.feedback_correct if credit == 1 else version.feedback_incorrect,
            "general_feedback": version.feedback_general,
            "options": [
                {"id": option.id, "correct": option.is_correct, "rationale": option.rationale} for option in shown
            ],
        }
    return question_document(
        version,
        question.position,
        question.slot_position,
        question.points,
        question.option_order,
        response=question.response,
        seq=question.response_seq,
        checked=checked,
        result=result,
    )


def _result(submitted: Submitted) -> dict[str, Any] | None:
    """As `schemas._scored`: the outcome once the attempt is scored, with the usage it needs."""
    attempt = submitted.attempt
    earned = attempt.points_earned
    if attempt.state != AttemptState.SCORED or earned is None:
        return None
    if submitted.usage is None:
        raise ValueError("a scored attempt's outcome needs its attempt usage")
    return {
        "points_earned": exact(earned),
        "points_possible": attempt.points_possible,
        "score": exact(earned / attempt.points_possible),
        "threshold": exact(attempt.pass_threshold),
        "passed": bool(attempt.passed),
        "close_reason": attempt.close_reason,
        "attempts_used": submitted.usage.used,
        "attempts_left": submitted.usage.left,
    }


def _moment(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()
