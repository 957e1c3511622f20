"""An attempt and its form read as plain values with Core: what scoring it and showing it after submit need.

The unit of work's loads of an attempt (`load_attempt`: the attempt, its revision and assessment, 15
questions, their versions, options and items as ORM objects) cost a submit more CPU than its writes (issue
12). Here the attempt is one row (`AttemptHead`, with its revision's rules and its assessment's attempt
limit) and its questions one statement (`FormQuestion`), each version's content from the process's cache
of delivered material (`assess.delivery.material`), which published versions make safe to keep.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from fractions import Fraction
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from assess.analytics.cells import ScoredAttempt, ScoredQuestion
from assess.delivery.material import MATERIAL, DeliveredVersion
from assess.models import Attempt, AttemptQuestion
from itembank.errors import NotFoundError
from itembank.models import Assessment, AssessmentRevision, ItemVersion
from itembank.models.assessment import BASIS_POINTS


@dataclass(frozen=True)
class AttemptHead:
    """The attempt's row, the rules of the revision it started on, and its assessment's attempt limit."""

    id: int
    tenant_id: int
    assessment_id: int
    learner_id: str
    context_id: str | None
    number: int
    state: str
    close_reason: str | None
    started_at: datetime
    deadline_at: datetime | None
    closes_at: datetime | None
    submitted_at: datetime | None
    updated_at: datetime
    points_possible: int
    earned_num: int | None
    earned_den: int | None
    passed: bool | None
    feedback_policy: str
    pass_threshold_bp: int
    max_attempts: int | None
    title: str
    """The assessment's title as of the revision the attempt started on."""

    @property
    def points_earned(self) -> Fraction | None:
        return (
            None if self.earned_num is None or self.earned_den is None else Fraction(self.earned_num, self.earned_den)
        )

    @property
    def pass_threshold(self) -> Fraction:
        return Fraction(self.pass_threshold_bp, BASIS_POINTS)


@dataclass(frozen=True)
class FormQuestion:
    """A question of the attempt as stored, with its version's delivered content."""

    id: int
    position: int
    slot_position: int
    version: DeliveredVersion
    option_order: list[int]
    points: int
    response: dict[str, Any] | None
    response_seq: int
    first_answered_at: datetime | None
    answered_at: datetime | None
    checked_at: datetime | None
    credit_num: int | None
    credit_den: int | None

    @property
    def credit(self) -> Fraction | None:
        return (
            None if self.credit_num is None or self.credit_den is None else Fraction(self.credit_num, self.credit_den)
        )

    def credited(self, credit: Fraction) -> FormQuestion:
        return replace(self, credit_num=credit.numerator, credit_den=credit.denominator)


_HEAD_COLUMNS = (
    "id",
    "tenant_id",
    "assessment_id",
    "learner_id",
    "context_id",
    "number",
    "state",
    "close_reason",
    "started_at",
    "deadline_at",
    "closes_at",
    "submitted_at",
    "updated_at",
    "points_possible",
    "earned_num",
    "earned_den",
    "passed",
)
_HEAD = (
    select(
        *(getattr(Attempt, name) for name in _HEAD_COLUMNS),
        AssessmentRevision.feedback_policy,
        AssessmentRevision.pass_threshold_bp,
        Assessment.max_attempts,
        AssessmentRevision.title,
    )
    .join(AssessmentRevision, AssessmentRevision.id == Attempt.revision_id)
    .join(Assessment, Assessment.id == Attempt.assessment_id)
    .where(Attempt.id == bindparam("attempt_id"), Attempt.tenant_id == bindparam("tenant_id"))
)
LATEST = ("response", "response_seq", "first_answered_at", "answered_at", "checked_at", "credit_num", "credit_den")
_QUESTIONS = (
    select(
        AttemptQuestion.id,
        AttemptQuestion.position,
        AttemptQuestion.slot_position,
        AttemptQuestion.item_version_id,
        ItemVersion.created_at.label("version_created_at"),
        AttemptQuestion.option_order,
        AttemptQuestion.points,
        *(getattr(AttemptQuestion, name) for name in LATEST),
    )
    .join(ItemVersion, ItemVersion.id == AttemptQuestion.item_version_id)
    .where(AttemptQuestion.attempt_id == bindparam("attempt_id"))
    .order_by(AttemptQuestion.position)
)
# Under a row lock on the questions only (not their versions): a save still in flight finishes first.
_LOCKED_QUESTIONS = _QUESTIONS.with_for_update(of=AttemptQuestion)


def read_head(session: Session, tenant_id: int, attempt_id: int) -> AttemptHead:
    """The tenant's attempt, or NotFoundError (a 404)."""
    row = session.connection().execute(_HEAD, {"attempt_id": attempt_id, "tenant_id": tenant_id}).one_or_none()
    if row is None:
        raise NotFoundError(f"no attempt {attempt_id}")
    return AttemptHead(*row)  # type: ignore[call-arg]  # the row's columns are the fields, in their order


def read_form(session: Session, attempt_id: int, *, lock: bool = False) -> tuple[FormQuestion, ...]:
    """The attempt's questions by position, as committed; `lock`: under a row lock until the transaction ends."""
    rows = session.connection().execute(_LOCKED_QUESTIONS if lock else _QUESTIONS, {"attempt_id": attempt_id}).all()
    versions = MATERIAL.versions(session, {(row.item_version_id, row.version_created_at) for row in rows})
    return tuple(
        FormQuestion(
            row.id,
            row.position,
            row.slot_position,
            versions[row.item_version_id],
            row.option_order,
            row.points,
            *(getattr(row, name) for name in LATEST),
        )
        for row in rows
    )


def scored_attempt(head: AttemptHead, questions: tuple[FormQuestion, ...]) -> ScoredAttempt:
    """An attempt just scored, as the analytics count it."""
    assert head.points_earned is not None and head.submitted_at is not None
    return ScoredAttempt(
        attempt_id=head.id,
        learner_id=head.learner_id,
        number=head.number,
        context_id=head.context_id,
        started_at=head.started_at,
        submitted_at=head.submitted_at,
        points_possible=head.points_possible,
        total=head.points_earned,
        questions=[
            ScoredQuestion(
                q.slot_position,
                q.version.id,
                q.version.type,
                q.response,
                (q.credit or Fraction(0)) * q.points,
                q.first_answered_at,
            )
            for q in questions
        ],
    )
