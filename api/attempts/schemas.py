"""Attempt payloads. The learner view is built here and only here, so what a learner may see is one function.

Before the policy allows it, a question carries no key, no correctness and no feedback: only its stem,
its options (id and text, in the attempt's order) and the learner's own saved response.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from api.exact import exact
from assess.delivery import Delivered, SavedResponse
from assess.models import Attempt, AttemptQuestion
from assess.states import AttemptState
from itembank.models import FeedbackPolicy

# Control, invisible-format and surrogate characters: they make ids that look equal but are not, or that
# some databases cannot store. One pattern, enforced here and published in the OpenAPI document.
_UNPRINTABLE = r"\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ud800-\udfff"
EXTERNAL_ID = validate.Regexp(
    rf"^[^\s{_UNPRINTABLE}](?:[^{_UNPRINTABLE}]{{0,198}}[^\s{_UNPRINTABLE}])?$",
    error="must be 1 to 200 printable characters without leading or trailing white space",
)


class StartAttemptSchema(Schema):
    learner_id = fields.String(required=True, validate=EXTERNAL_ID)
    context_id = fields.String(load_default=None, allow_none=True, validate=EXTERNAL_ID)


class SaveResponseSchema(Schema):
    response = fields.Dict(keys=fields.String(), required=True)
    seq = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=1, max=2**31 - 1),
        metadata={"description": "the client's increasing sequence number; a lower one than stored is stale"},
    )


class SavedResponseSchema(Schema):
    attempt_id = fields.Integer(required=True)
    position = fields.Integer(required=True)
    response = fields.Dict(required=True)
    seq = fields.Integer(required=True)
    answered_at = fields.DateTime(required=True)


def saved_payload(saved: SavedResponse) -> dict[str, Any]:
    return {
        "attempt_id": saved.attempt_id,
        "position": saved.position,
        "response": saved.response,
        "seq": saved.seq,
        "answered_at": saved.answered_at,
    }


class OptionSchema(Schema):
    id = fields.Integer(required=True)
    text = fields.String(required=True)


class QuestionResultSchema(Schema):
    correct = fields.Boolean(required=True)
    credit = fields.String(required=True, metadata={"description": "exact fraction of the points, e.g. '2/3'"})
    feedback = fields.String(allow_none=True)


class QuestionSchema(Schema):
    position = fields.Integer(required=True)
    type = fields.String(required=True)
    stem = fields.String(required=True)
    points = fields.Integer(required=True)
    options = fields.List(fields.Nested(OptionSchema), required=True)
    response = fields.Dict(allow_none=True)
    seq = fields.Integer(required=True)
    checked = fields.Boolean(required=True)
    result = fields.Nested(QuestionResultSchema, allow_none=True)


class AttemptResultSchema(Schema):
    points_earned = fields.String(required=True, metadata={"description": "exact, e.g. '12' or '35/3'"})
    points_possible = fields.Integer(required=True)
    score = fields.String(required=True, metadata={"description": "points_earned / points_possible, exact"})
    threshold = fields.String(required=True, metadata={"description": "fraction of points needed to pass"})
    passed = fields.Boolean(required=True)
    close_reason = fields.String(required=True, metadata={"description": "submitted, or deadline: closed by the clock"})
    attempts_used = fields.Integer(required=True)
    attempts_left = fields.Integer(allow_none=True, metadata={"description": "null when attempts are unlimited"})


class AttemptSchema(Schema):
    id = fields.Integer(required=True)
    assessment_id = fields.Integer(required=True)
    learner_id = fields.String(required=True)
    number = fields.Integer(required=True)
    state = fields.String(required=True)
    feedback_policy = fields.String(required=True)
    started_at = fields.DateTime(required=True)
    deadline_at = fields.DateTime(allow_none=True)
    submitted_at = fields.DateTime(allow_none=True)
    questions = fields.List(fields.Nested(QuestionSchema), required=True)
    result = fields.Nested(AttemptResultSchema, allow_none=True)
    learner_token = fields.String(metadata={"description": "only in the start response: the learner's token"})


class AttemptQuerySchema(Schema):
    assessment_id = fields.Integer(strict=False, validate=validate.Range(min=1, max=2**31 - 1))
    learner_id = fields.String(validate=EXTERNAL_ID)
    context_id = fields.String(validate=EXTERNAL_ID)
    state = fields.String(validate=validate.OneOf([state.value for state in AttemptState]))


class AttemptSummarySchema(Schema):
    """An attempt in a list: its outcome without its questions, for integrations' gradebooks."""

    id = fields.Integer(required=True)
    assessment_id = fields.Integer(required=True)
    learner_id = fields.String(required=True)
    context_id = fields.String(allow_none=True)
    number = fields.Integer(required=True)
    state = fields.String(required=True)
    close_reason = fields.String(allow_none=True)
    started_at = fields.DateTime(required=True)
    deadline_at = fields.DateTime(allow_none=True)
    submitted_at = fields.DateTime(allow_none=True)
    points_earned = fields.String(allow_none=True, metadata={"description": "exact, e.g. '12' or '35/3'"})
    points_possible = fields.Integer(required=True)
    score = fields.String(allow_none=True, metadata={"description": "points_earned / points_possible, exact"})
    passed = fields.Boolean(allow_none=True)


def summary_payload(attempt: Attempt) -> dict[str, Any]:
    earned = attempt.points_earned if attempt.state == AttemptState.SCORED else None
    return {
        "id": attempt.id,
        "assessment_id": attempt.assessment_id,
        "learner_id": attempt.learner_id,
        "context_id": attempt.context_id,
        "number": attempt.number,
        "state": attempt.state,
        "close_reason": attempt.close_reason,
        "started_at": attempt.started_at,
        "deadline_at": attempt.deadline_at,
        "submitted_at": attempt.submitted_at,
        "points_earned": None if earned is None else exact(earned),
        "points_possible": attempt.points_possible,
        "score": None if earned is None else exact(earned / attempt.points_possible),
        "passed": attempt.passed if earned is not None else None,
    }


def _question_visible(attempt: Attempt, question: AttemptQuestion) -> bool:
    policy = attempt.assessment.feedback_policy
    if policy == FeedbackPolicy.NEVER:
        return False
    if attempt.state == AttemptState.SCORED:
        return True
    return policy == FeedbackPolicy.IMMEDIATE and question.checked_at is not None


def _question(attempt: Attempt, question: AttemptQuestion) -> dict[str, Any]:
    version = question.version
    texts = {option.id: option.text for option in version.options}
    result = None
    if _question_visible(attempt, question) and question.credit is not None:
        correct = question.credit == 1
        result = {
            "correct": correct,
            "credit": exact(question.credit),
            "feedback": version.feedback_correct if correct else version.feedback_incorrect,
        }
    return {
        "position": question.position,
        "type": version.type,
        "stem": version.stem,
        "points": question.points,
        "options": [{"id": option_id, "text": texts[option_id]} for option_id in question.option_order],
        "response": question.response,
        "seq": question.response_seq,
        "checked": question.checked_at is not None,
        "result": result,
    }


def attempt_payload(delivered: Delivered) -> dict[str, Any]:
    """The learner's view; a scored attempt carries its explicit pass outcome, usage included."""
    attempt, usage = delivered.attempt, delivered.usage
    result = None
    if attempt.state == AttemptState.SCORED and attempt.points_earned is not None:
        if usage is None:
            raise ValueError("a scored attempt's payload needs its attempt usage")
        threshold = attempt.assessment.pass_threshold
        result = {
            "points_earned": exact(attempt.points_earned),
            "points_possible": attempt.points_possible,
            "score": exact(attempt.points_earned / attempt.points_possible),
            "threshold": exact(threshold),
            "passed": bool(attempt.passed),
            "close_reason": attempt.close_reason,
            "attempts_used": usage.used,
            "attempts_left": usage.left,
        }
    return {
        "id": attempt.id,
        "assessment_id": attempt.assessment_id,
        "learner_id": attempt.learner_id,
        "number": attempt.number,
        "state": attempt.state,
        "feedback_policy": attempt.assessment.feedback_policy,
        "started_at": attempt.started_at,
        "deadline_at": attempt.deadline_at,
        "submitted_at": attempt.submitted_at,
        "questions": [_question(attempt, question) for question in attempt.questions],
        "result": result,
    }
