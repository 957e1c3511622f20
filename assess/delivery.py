"""Starting, answering, checking and submitting attempts. Functions flush and never commit.

The server owns the clock: every entry point takes `now` and closes an overdue attempt, scoring what was
saved, before doing anything else, so a learner past the deadline sees why and never gains time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from assess.errors import (
    AttemptClosedError,
    CheckNotAllowedError,
    DeadlinePassedError,
    EmptyAssessmentError,
    InvalidResponseError,
    NoAttemptsLeftError,
    QuestionLockedError,
    StaleSaveError,
)
from assess.forms import SlotSource, build_form, new_seed, shuffled_options
from assess.models import Accommodation, Attempt, AttemptQuestion
from assess.scoring import AnswerKey, ResponseShapeError, check_response, score_response
from assess.states import AttemptState, CloseReason
from itembank.errors import NotFoundError
from itembank.models import Assessment, AssessmentSlot, FeedbackPolicy, Item, ItemStatus, ItemVersion, Pool


def answer_key(version: ItemVersion) -> AnswerKey:
    return AnswerKey(
        type=version.type,
        correct_option_ids=frozenset(option.id for option in version.options if option.is_correct),
        option_ids=frozenset(option.id for option in version.options),
        spec=dict(version.spec),
    )


@dataclass(frozen=True)
class Started:
    attempt: Attempt
    resumed: bool


def start_attempt(
    session: Session,
    tenant_id: int,
    assessment_id: int,
    learner_id: str,
    *,
    now: datetime,
    context_id: str | None = None,
    seed: int | None = None,
) -> Started:
    """Return the learner's open attempt, or fix a new form; refuse when no attempts are left."""
    assessment = _assessment(session, tenant_id, assessment_id)
    open_attempt = _open_attempt(session, assessment.id, learner_id)
    if open_attempt is not None:
        close_if_overdue(session, open_attempt, now=now)
        if open_attempt.state == AttemptState.IN_PROGRESS:
            return Started(open_attempt, resumed=True)
    if not assessment.slots:
        raise EmptyAssessmentError(f"assessment {assessment.id} has no questions")
    accommodation = _accommodation(session, assessment.id, learner_id)
    used = (
        session.scalar(
            select(func.count()).where(Attempt.assessment_id == assessment.id, Attempt.learner_id == learner_id)
        )
        or 0
    )
    if assessment.max_attempts is not None and used >= assessment.max_attempts + accommodation.extra_attempts:
        raise NoAttemptsLeftError(f"all {used} attempts at this assessment are used")
    attempt = _new_attempt(session, assessment, learner_id, context_id, used + 1, seed, accommodation, now)
    try:
        with session.begin_nested():
            session.add(attempt)
    except IntegrityError:
        # A concurrent start for the same learner won the race; resume its attempt instead.
        winner = _open_attempt(session, assessment.id, learner_id)
        if winner is None:
            raise
        return Started(winner, resumed=True)
    return Started(attempt, resumed=False)


def _new_attempt(
    session: Session,
    assessment: Assessment,
    learner_id: str,
    context_id: str | None,
    number: int,
    seed: int | None,
    accommodation: Accommodation,
    now: datetime,
) -> Attempt:
    seed = new_seed() if seed is None else seed
    form = build_form(
        seed,
        [_slot_source(session, slot) for slot in assessment.slots],
        shuffle_questions=assessment.shuffle_questions,
        seen=_seen_items(session, assessment.id, learner_id),
    )
    versions = _latest_versions(session, [question.item_id for question in form.questions])
    questions = []
    for position, question in enumerate(form.questions, start=1):
        version = versions[question.item_id]
        questions.append(
            AttemptQuestion(
                position=position,
                slot_position=question.slot_position,
                item_version_id=version.id,
                option_order=shuffled_options(
                    seed, question.slot_position, [o.id for o in version.options], shuffle=assessment.shuffle_options
                ),
                points=version.points,
            )
        )
    deadline = None
    if assessment.time_limit_seconds is not None:
        deadline = now + timedelta(seconds=assessment.time_limit_seconds + accommodation.extra_seconds)
    return Attempt(
        tenant_id=assessment.tenant_id,
        assessment_id=assessment.id,
        learner_id=learner_id,
        context_id=context_id,
        number=number,
        seed=seed,
        started_at=now,
        deadline_at=deadline,
        points_possible=sum(question.points for question in questions),
        questions=questions,
    )


def _slot_source(session: Session, slot: AssessmentSlot) -> SlotSource:
    if slot.item_id is not None:
        return SlotSource(slot.position, item_id=slot.item_id)
    pool_items = session.scalars(
        select(Item.id)
        .join(Pool.items)
        .where(Pool.id == slot.pool_id, Item.status == ItemStatus.PUBLISHED)
        .order_by(Item.id)
    ).all()
    if not pool_items:
        raise EmptyAssessmentError(f"pool of slot {slot.position} has no published items")
    return SlotSource(slot.position, pool_item_ids=tuple(pool_items))


def _seen_items(session: Session, assessment_id: int, learner_id: str) -> set[int]:
    return set(
        session.scalars(
            select(ItemVersion.item_id)
            .join(AttemptQuestion, AttemptQuestion.item_version_id == ItemVersion.id)
            .join(Attempt)
            .where(Attempt.assessment_id == assessment_id, Attempt.learner_id == learner_id)
        )
    )


def _latest_versions(session: Session, item_ids: list[int]) -> dict[int, ItemVersion]:
    latest = (
        select(ItemVersion.item_id, func.max(ItemVersion.number).label("number"))
        .where(ItemVersion.item_id.in_(item_ids))
        .group_by(ItemVersion.item_id)
        .subquery()
    )
    versions = session.scalars(
        select(ItemVersion)
        .join(latest, (ItemVersion.item_id == latest.c.item_id) & (ItemVersion.number == latest.c.number))
        .options(selectinload(ItemVersion.options))
    ).all()
    return {version.item_id: version for version in versions}


def _assessment(session: Session, tenant_id: int, assessment_id: int) -> Assessment:
    assessment = session.scalar(
        select(Assessment)
        .where(Assessment.id == assessment_id, Assessment.tenant_id == tenant_id)
        .options(selectinload(Assessment.slots))
    )
    if assessment is None:
        raise NotFoundError(f"no assessment {assessment_id}")
    return assessment


def _open_attempt(session: Session, assessment_id: int, learner_id: str) -> Attempt | None:
    return session.scalar(
        select(Attempt).where(
            Attempt.assessment_id == assessment_id,
            Attempt.learner_id == learner_id,
            Attempt.state == AttemptState.IN_PROGRESS,
        )
    )


def _accommodation(session: Session, assessment_id: int, learner_id: str) -> Accommodation:
    found = session.scalar(
        select(Accommodation).where(
            Accommodation.assessment_id == assessment_id, Accommodation.learner_id == learner_id
        )
    )
    return found or Accommodation(extra_seconds=0, extra_attempts=0)


def get_attempt(session: Session, tenant_id: int, attempt_id: int, *, now: datetime) -> Attempt:
    """Read an attempt of the tenant, closing it first if its deadline has passed."""
    attempt = session.scalar(select(Attempt).where(Attempt.id == attempt_id, Attempt.tenant_id == tenant_id))
    if attempt is None:
        raise NotFoundError(f"no attempt {attempt_id}")
    close_if_overdue(session, attempt, now=now)
    return attempt


def hard_deadline(attempt: Attempt) -> datetime | None:
    """The moment after which nothing is accepted: the time limit plus the assessment's grace window."""
    if attempt.deadline_at is None:
        return None
    return attempt.deadline_at + timedelta(seconds=attempt.assessment.grace_seconds)


def close_if_overdue(session: Session, attempt: Attempt, *, now: datetime) -> bool:
    deadline = hard_deadline(attempt)
    if attempt.state == AttemptState.IN_PROGRESS and deadline is not None and now > deadline:
        _score(session, attempt, now=deadline, reason=CloseReason.DEADLINE)
        return True
    return False


def _open_question(session: Session, attempt: Attempt, position: int, now: datetime) -> AttemptQuestion:
    if close_if_overdue(session, attempt, now=now):
        raise DeadlinePassedError("the time limit has passed; the attempt was scored with the saved answers")
    if attempt.state != AttemptState.IN_PROGRESS:
        raise AttemptClosedError("the attempt is already submitted")
    question = next((q for q in attempt.questions if q.position == position), None)
    if question is None:
        raise NotFoundError(f"no question {position} in this attempt")
    if question.checked_at is not None:
        raise QuestionLockedError(f"question {position} was checked and is locked")
    return question


def save_response(
    session: Session, attempt: Attempt, position: int, response: dict[str, Any], *, seq: int, now: datetime
) -> AttemptQuestion:
    """Store a response unless a newer one (higher `seq`) is already stored; repeating a save is harmless."""
    question = _open_question(session, attempt, position, now)
    try:
        check_response(answer_key(question.version), response)
    except ResponseShapeError as exc:
        raise InvalidResponseError(str(exc)) from exc
    result = session.execute(
        update(AttemptQuestion)
        .where(AttemptQuestion.id == question.id, AttemptQuestion.response_seq < seq)
        .values(
            response=response,
            response_seq=seq,
            answered_at=now,
            first_answered_at=func.coalesce(AttemptQuestion.first_answered_at, now),
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(question)
    if result.rowcount == 0 and not (question.response_seq == seq and question.response == response):
        raise StaleSaveError(f"a newer response (seq {question.response_seq}) is already saved", question.response_seq)
    return question


def check_question(session: Session, attempt: Attempt, position: int, *, now: datetime) -> AttemptQuestion:
    """Score one answered question at once and lock it: the lesson quizzes' 'check my answer'."""
    if attempt.assessment.feedback_policy != FeedbackPolicy.IMMEDIATE:
        raise CheckNotAllowedError("this assessment gives feedback only after submit")
    question = _open_question(session, attempt, position, now)
    if question.response is None:
        raise InvalidResponseError(f"question {position} has no saved answer to check")
    question.credit = score_response(answer_key(question.version), question.response).credit
    question.checked_at = now
    session.flush()
    return question


def submit_attempt(session: Session, attempt: Attempt, *, now: datetime) -> Attempt:
    """Score once. A repeated or concurrent submit finds the attempt scored and returns the same result."""
    if close_if_overdue(session, attempt, now=now) or attempt.state == AttemptState.SCORED:
        return attempt
    _score(session, attempt, now=now, reason=CloseReason.SUBMITTED)
    return attempt


def _score(session: Session, attempt: Attempt, *, now: datetime, reason: CloseReason) -> None:
    claimed = session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.state == AttemptState.IN_PROGRESS)
        .values(state=AttemptState.SCORED, submitted_at=now, close_reason=reason)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount == 0:
        # Another transaction scored it first (it blocked us until it committed); show its result.
        session.refresh(attempt)
        return
    session.refresh(attempt)
    earned = Fraction(0)
    for question in attempt.questions:
        if question.checked_at is None:
            question.credit = score_response(answer_key(question.version), question.response).credit
        earned += question.credit * question.points
    attempt.points_earned = earned
    attempt.passed = earned >= attempt.assessment.pass_threshold * attempt.points_possible
    session.flush()
