"""Attempts as learners and integrations see them. What a learner may see is decided here, in one function.

Before the policy allows it, a question carries no key, no correctness and no feedback: only its stem,
its options (id and text, in the attempt's order) and the learner's own saved response. `question_visible`
is that rule (read from the revision the attempt started on: `immediate` once the question is checked, or
after submit; `after_submit` after submit; `never` not at all); the only way to a question's result, its
feedback and its options' keys and rationales is the `result` field, and it asks that function.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from api.exact import ExactFraction
from api.external_ids import ExternalId, Text
from api.schemas import (
    ComputedBoolean,
    ComputedFraction,
    ComputedList,
    ComputedNested,
    ComputedString,
    ObjectSchema,
    UtcDateTime,
)
from assess.delivery import Delivered
from assess.models import Attempt, AttemptQuestion
from assess.queries import AttemptUsage
from assess.states import AttemptState
from itembank.models import FeedbackPolicy, Option

CLOSES_AT = "the hard deadline (deadline plus grace): the server scores the attempt as saved then"


class StartAttemptSchema(Schema):
    learner_id = ExternalId(required=True)
    context_id = ExternalId(load_default=None, allow_none=True)


class SaveResponseSchema(Schema):
    response = fields.Dict(keys=fields.String(), required=True)
    seq = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=1, max=2**31 - 1),
        metadata={"description": "the client's increasing sequence number; a lower one than stored is stale"},
    )


class SavedResponseSchema(ObjectSchema):
    """Dumps `assess.delivery.SavedResponse`, on the full path and on the autosave path alike."""

    attempt_id = fields.Integer(required=True)
    position = fields.Integer(required=True)
    response = fields.Dict(required=True)
    seq = fields.Integer(required=True)
    answered_at = fields.DateTime(required=True)


def question_visible(policy: str, state: str, checked: bool) -> bool:
    """Whether a question's result is shown, by the feedback policy of the revision the attempt started on (whatever
    was published since), the attempt's state and whether the question was checked."""
    if policy == FeedbackPolicy.NEVER:
        return False
    if state == AttemptState.SCORED:
        return True
    return policy == FeedbackPolicy.IMMEDIATE and checked


def _question_visible(attempt: Attempt, question: AttemptQuestion) -> bool:
    return question_visible(attempt.revision.feedback_policy, attempt.state, question.checked_at is not None)


def _shown_result(question: AttemptQuestion) -> AttemptQuestion | None:
    """The question, for its result to be dumped, once it is scored and the policy shows it; None before."""
    return question if question.credit is not None and _question_visible(question.attempt, question) else None


def _options_in_order(question: AttemptQuestion) -> list[Option]:
    options = {option.id: option for option in question.version.options}
    return [options[option_id] for option_id in question.option_order]


def _feedback(question: AttemptQuestion) -> str | None:
    version = question.version
    return version.feedback_correct if question.credit == 1 else version.feedback_incorrect


def _scored(delivered: Delivered | StartedAttempt) -> Delivered | StartedAttempt | None:
    """The delivered attempt, for its outcome to be dumped, once it is scored; None before."""
    attempt = delivered.attempt
    if attempt.state != AttemptState.SCORED or attempt.points_earned is None:
        return None
    if delivered.usage is None:
        raise ValueError("a scored attempt's outcome needs its attempt usage")
    return delivered


def _score(delivered: Delivered | StartedAttempt) -> Fraction:
    return delivered.attempt.points_earned / delivered.attempt.points_possible


class OptionSchema(ObjectSchema):
    id = fields.Integer(required=True)
    text = fields.String(required=True)


class OptionReviewSchema(ObjectSchema):
    """Dumps an Option of a question whose result is shown: whether it is keyed, and why it is right or wrong."""

    id = fields.Integer(required=True)
    correct = fields.Boolean(required=True, attribute="is_correct", metadata={"description": "a keyed option"})
    rationale = fields.String(allow_none=True, metadata={"description": "why this option is right or wrong"})


class QuestionResultSchema(ObjectSchema):
    """Dumps an AttemptQuestion, reached only through `QuestionSchema.result`, that is through `_shown_result`."""

    correct = ComputedBoolean(lambda question: question.credit == 1, required=True)
    credit = ExactFraction(required=True, metadata={"description": "exact fraction of the points, e.g. '2/3'"})
    feedback = ComputedString(
        _feedback, allow_none=True, metadata={"description": "the item's feedback for a correct or an incorrect answer"}
    )
    general_feedback = fields.String(
        allow_none=True, attribute="version.feedback_general", metadata={"description": "shown whatever the answer"}
    )
    options = ComputedList(
        _options_in_order,
        fields.Nested(OptionReviewSchema),
        required=True,
        metadata={"description": "the options in the order shown, each with its key and rationale"},
    )


class DeliveredItemSchema(ObjectSchema):
    """Which bank item a delivered question is, to join attempts to the bank export. Dumps an AttemptQuestion."""

    id = fields.Integer(required=True, attribute="version.item_id", metadata={"description": "the bank item's id"})
    ref = fields.String(required=True, attribute="version.item.ref", metadata={"description": "the item's `ref`"})
    version_id = fields.Integer(required=True, attribute="item_version_id", metadata={"description": "opaque"})
    version = fields.Integer(required=True, attribute="version.number", metadata={"description": "1, 2, ..."})
    slot = fields.Integer(
        required=True, attribute="slot_position", metadata={"description": "the assessment slot it was drawn for"}
    )


class QuestionSchema(ObjectSchema):
    """Dumps an AttemptQuestion of the attempt."""

    position = fields.Integer(required=True)
    item = ComputedNested(lambda question: question, DeliveredItemSchema, required=True)
    type = fields.String(required=True, attribute="version.type")
    stem = fields.String(required=True, attribute="version.stem")
    points = fields.Integer(required=True)
    options = ComputedList(_options_in_order, fields.Nested(OptionSchema), required=True)
    response = fields.Dict(allow_none=True)
    seq = fields.Integer(required=True, attribute="response_seq")
    checked = ComputedBoolean(lambda question: question.checked_at is not None, required=True)
    result = ComputedNested(_shown_result, QuestionResultSchema, allow_none=True)


class AttemptResultSchema(ObjectSchema):
    """Dumps a scored attempt as delivered (its usage set): the explicit pass outcome."""

    points_earned = ExactFraction(
        required=True, attribute="attempt.points_earned", metadata={"description": "exact, e.g. '12' or '35/3'"}
    )
    points_possible = fields.Integer(required=True, attribute="attempt.points_possible")
    score = ComputedFraction(_score, required=True, metadata={"description": "points_earned / points_possible, exact"})
    threshold = ExactFraction(
        required=True,
        attribute="attempt.revision.pass_threshold",
        metadata={"description": "fraction of points needed to pass"},
    )
    passed = ComputedBoolean(lambda delivered: bool(delivered.attempt.passed), required=True)
    close_reason = fields.String(
        required=True,
        attribute="attempt.close_reason",
        metadata={"description": "submitted, or deadline: closed by the clock"},
    )
    attempts_used = fields.Integer(required=True, attribute="usage.used")
    attempts_left = fields.Integer(
        allow_none=True, attribute="usage.left", metadata={"description": "null when attempts are unlimited"}
    )


@dataclass(frozen=True)
class StartedAttempt:
    """What the start view returns: the attempt as delivered, and the learner's token for the calls that follow."""

    attempt: Attempt
    usage: AttemptUsage | None
    learner_token: str
    learner_token_expires_at: datetime
    learner_url: str


class AttemptSchema(ObjectSchema):
    """Dumps a Delivered attempt (the learner's view), or a StartedAttempt, which adds the learner's token."""

    OPTIONAL = frozenset({"learner_token", "learner_token_expires_at", "learner_url"})

    id = fields.Integer(required=True, attribute="attempt.id")
    assessment_id = fields.Integer(required=True, attribute="attempt.assessment_id")
    title = fields.String(
        required=True,
        attribute="attempt.revision.title",
        metadata={"description": "the assessment's title, as of the revision the attempt started on"},
    )
    learner_id = fields.String(required=True, attribute="attempt.learner_id")
    number = fields.Integer(required=True, attribute="attempt.number")
    state = fields.String(required=True, attribute="attempt.state")
    feedback_policy = fields.String(
        required=True,
        attribute="attempt.revision.feedback_policy",
        metadata={"description": "the policy of the assessment's revision this attempt started on"},
    )
    started_at = fields.DateTime(required=True, attribute="attempt.started_at")
    context_id = fields.String(allow_none=True, attribute="attempt.context_id")
    deadline_at = fields.DateTime(
        allow_none=True, attribute="attempt.deadline_at", metadata={"description": "the time limit the learner sees"}
    )
    closes_at = fields.DateTime(allow_none=True, attribute="attempt.closes_at", metadata={"description": CLOSES_AT})
    submitted_at = fields.DateTime(allow_none=True, attribute="attempt.submitted_at")
    questions = fields.List(fields.Nested(QuestionSchema), required=True, attribute="attempt.questions")
    result = ComputedNested(_scored, AttemptResultSchema, allow_none=True)
    learner_token = fields.String(metadata={"description": "only in the start response: the learner's token"})
    learner_token_expires_at = fields.DateTime(
        metadata={
            "description": "only in the start response: when the token stops being accepted (start again for a new one)"
        }
    )
    learner_url = fields.String(
        metadata={
            "description": "only in the start response: the learner's page for this attempt, to send the learner "
            "to; the token rides in its fragment (`#token=...`), which browsers send to no server and put in no "
            "Referer. Opening it on another device resumes the attempt with its saved answers."
        }
    )


class AttemptClockSchema(ObjectSchema):
    """Dumps `assess.delivery.AttemptClock`: the learner's page counts down from this, not from its own clock."""

    attempt_id = fields.Integer(required=True)
    state = fields.String(required=True)
    now = fields.DateTime(required=True, metadata={"description": "the server's time of this answer"})
    deadline_at = fields.DateTime(allow_none=True, metadata={"description": "the time limit the learner sees"})
    closes_at = fields.DateTime(allow_none=True, metadata={"description": CLOSES_AT})
    remaining_seconds = fields.Integer(
        allow_none=True,
        metadata={"description": "whole seconds to the deadline, rounded down; 0 once past or closed; null: untimed"},
    )
    closes_in_seconds = fields.Integer(
        allow_none=True,
        metadata={"description": "whole seconds, rounded up, until the server scores the attempt as saved"},
    )


class AttemptQuerySchema(Schema):
    assessment_id = fields.Integer(strict=False, validate=validate.Range(min=1, max=2**31 - 1))
    learner_id = ExternalId()
    context_id = ExternalId()
    state = fields.String(validate=validate.OneOf([state.value for state in AttemptState]))
    updated_since = UtcDateTime(
        metadata={
            "description": "incremental sync: attempts whose outcome changed (start, close, void, deadline moved) "
            "at or after this time and before `X-Sync-Until`, in (updated_at, id) order; pass that header as the "
            "next `updated_since`"
        }
    )
    submitted_since = UtcDateTime(
        metadata={"description": "as updated_since, over submitted_at: closed attempts only (not voids)"}
    )
    after_id = fields.Integer(
        strict=False,
        validate=validate.Range(min=1, max=2**31 - 1),
        metadata={"description": "paging inside a sync window: the last row's id, with its time as the since"},
    )
    until = UtcDateTime(
        metadata={"description": "the window's end (the first page's X-Sync-Until); at most 60 s before now"}
    )

    @validates_schema
    def _one_window(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "updated_since" in data and "submitted_since" in data:
            raise ValidationError("give updated_since or submitted_since, not both", "submitted_since")
        window = "updated_since" in data or "submitted_since" in data
        for name in ("after_id", "until"):
            if name in data and not window:
                raise ValidationError(f"{name} pages a sync window: give updated_since or submitted_since", name)


def _earned_if_scored(attempt: Attempt) -> Fraction | None:
    return attempt.points_earned if attempt.state == AttemptState.SCORED else None


def _summary_score(attempt: Attempt) -> Fraction | None:
    earned = _earned_if_scored(attempt)
    return None if earned is None else earned / attempt.points_possible


def _summary_passed(attempt: Attempt) -> bool | None:
    return None if _earned_if_scored(attempt) is None else attempt.passed


class AttemptSummarySchema(ObjectSchema):
    """An attempt in a list: its outcome without its questions, for integrations' gradebooks. Dumps an Attempt."""

    id = fields.Integer(required=True)
    assessment_id = fields.Integer(required=True)
    learner_id = fields.String(required=True)
    context_id = fields.String(allow_none=True)
    number = fields.Integer(required=True)
    state = fields.String(required=True)
    close_reason = fields.String(allow_none=True)
    started_at = fields.DateTime(required=True)
    deadline_at = fields.DateTime(allow_none=True)
    closes_at = fields.DateTime(allow_none=True, metadata={"description": CLOSES_AT})
    submitted_at = fields.DateTime(allow_none=True)
    points_earned = ComputedFraction(
        _earned_if_scored, allow_none=True, metadata={"description": "exact, e.g. '12' or '35/3'"}
    )
    points_possible = fields.Integer(required=True)
    score = ComputedFraction(
        _summary_score, allow_none=True, metadata={"description": "points_earned / points_possible, exact"}
    )
    passed = ComputedBoolean(_summary_passed, allow_none=True)
    updated_at = fields.DateTime(
        required=True, metadata={"description": "when its outcome last changed (the incremental sync's order)"}
    )
    voided_at = fields.DateTime(allow_none=True, metadata={"description": "set when an integration voided it"})
    voided_by = fields.String(allow_none=True, metadata={"description": "the label of the key that voided it"})
    void_reason = fields.String(allow_none=True)


class VoidSchema(Schema):
    reason = Text(
        required=True,
        validate=validate.Length(min=1, max=500),
        metadata={"description": "why, for the audit record (kept with the attempt)"},
    )


class ResetSchema(VoidSchema):
    learner_id = ExternalId(required=True)


@dataclass(frozen=True)
class Reset:
    learner_id: str
    voided: list[Attempt]


class ResetDoneSchema(ObjectSchema):
    """Dumps a Reset: the learner, and the attempts voided now (none when nothing was left to void)."""

    learner_id = fields.String(required=True)
    voided = fields.List(fields.Nested(lambda: AttemptSummarySchema()), required=True)
