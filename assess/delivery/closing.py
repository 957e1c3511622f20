"""Scoring: a question checked on its own, an attempt submitted, or closed by the server's clock.

Every path to a score claims it with a conditional UPDATE and reads the answers under row locks, so each
question and each attempt is scored exactly once, with every acknowledged save in it. A check locks its attempt
first, so a check and a submit of the same attempt take turns: the check is in what the submit scored, or it
finds the attempt submitted.

The clock's decisions are not the request's: an attempt closed past its deadline stays closed whatever the
request then answers (a late save's 410, a start's 409). The caller that owns the transaction says how that
is made durable (`on_clock_decision`: the API commits there); services still only flush.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from fractions import Fraction
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, Select, literal_column, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from assess.analytics.maintain import record_scored
from assess.delivery.delivered import Delivered, delivered, load_attempt
from assess.errors import (
    AttemptClosedError,
    CheckNotAllowedError,
    DeadlinePassedError,
    InvalidResponseError,
    QuestionLockedError,
)
from assess.models import Attempt, AttemptQuestion
from assess.queries import lock_attempts_of_learner_of, lock_learner_attempts
from assess.set_based import update_rows
from assess.states import AttemptState, CloseReason
from itembank.errors import NotFoundError
from itembank.itemtypes import AnswerKey, score_response
from itembank.models import FeedbackPolicy, ItemVersion


def answer_key(version: ItemVersion) -> AnswerKey:
    return AnswerKey(
        type=version.type,
        correct_option_ids=frozenset(option.id for option in version.options if option.is_correct),
        option_ids=frozenset(option.id for option in version.options),
        spec=dict(version.spec),
    )


_CLOCK_DECIDED = "assess.clock_decided"
# A constant in the SQL, not a bound value: a partial index applies only where its condition is seen to hold.
_IN_PROGRESS: ColumnElement[str] = literal_column(f"'{AttemptState.IN_PROGRESS.value}'")


def on_clock_decision(session: Session, settle: Callable[[Session], None]) -> None:
    """Call `settle(session)` each time the clock has closed an attempt in `session` and flushed the close.

    The API registers its commit here, so the close is committed before the request goes on and whatever it
    then answers. A close is always the first write of the services that make one, so `settle` commits
    nothing of the request's own. Without a registration (the CLI, tests) the close is one more write of the
    caller's transaction.
    """
    session.info[_CLOCK_DECIDED] = settle


def close_if_overdue(session: Session, attempt: Attempt, *, now: datetime) -> bool:
    """Score an attempt past its hard deadline, as of that deadline; True when this call closed it."""
    if attempt.state == AttemptState.IN_PROGRESS and attempt.closes_at is not None and now > attempt.closes_at:
        claimed = _score(session, attempt, now=attempt.closes_at, reason=CloseReason.DEADLINE, changed_at=now)
        settle = session.info.get(_CLOCK_DECIDED)
        if settle is not None:
            settle(session)
        return claimed  # False: a concurrent submit, void or close got there first (the attempt shows which)
    return False


def overdue_attempts(
    tenant_id: int, *, now: datetime, assessment_id: int | None = None, learner_id: str | None = None
) -> Select[int]:
    """The ids of the tenant's open attempts past their hard deadline, in id order: a range of the partial
    index `ix_attempt_overdue`, which holds only open attempts that have a deadline, so it is empty when
    nothing is overdue."""
    query = select(Attempt.id).where(
        Attempt.tenant_id == tenant_id, Attempt.state == _IN_PROGRESS, Attempt.closes_at < now
    )
    if assessment_id is not None:
        query = query.where(Attempt.assessment_id == assessment_id)
    if learner_id is not None:
        query = query.where(Attempt.learner_id == learner_id)
    return query.order_by(Attempt.id)


def close_overdue(
    session: Session,
    tenant_id: int,
    *,
    now: datetime,
    assessment_id: int | None = None,
    learner_id: str | None = None,
) -> int:
    """Close every overdue attempt of the tenant, narrowed to an assessment or a learner; how many were closed.

    Every read that reports attempts, results or analytics calls it first, whatever else it filters by, so a
    timed-out attempt is never shown open, missing from a list of scored ones, or left out of a grade. When
    nothing is overdue it is one indexed query. Each close is settled on its own (`on_clock_decision`), so
    its locks are not held while the next attempt is closed.
    """
    ids = session.scalars(
        overdue_attempts(tenant_id, now=now, assessment_id=assessment_id, learner_id=learner_id)
    ).all()
    return sum(close_if_overdue(session, load_attempt(session, tenant_id, attempt_id), now=now) for attempt_id in ids)


def open_question(session: Session, attempt: Attempt, position: int, now: datetime) -> AttemptQuestion:
    """The question at `position` if it can still take an answer; otherwise the reason it cannot, raised."""
    # Closed by the clock now or by an earlier request: a late answer is told the same (410) every time.
    if close_if_overdue(session, attempt, now=now) or attempt.close_reason == CloseReason.DEADLINE:
        raise DeadlinePassedError("the time limit has passed; the attempt was scored with the saved answers")
    if attempt.state != AttemptState.IN_PROGRESS:
        raise AttemptClosedError(
            "the attempt was voided" if attempt.state == AttemptState.VOIDED else "the attempt is already submitted"
        )
    question = next((q for q in attempt.questions if q.position == position), None)
    if question is None:
        raise NotFoundError(f"no question {position} in this attempt")
    if question.checked_at is not None:
        raise QuestionLockedError(f"question {position} was checked and is locked")
    return question


def check_question(session: Session, tenant_id: int, attempt_id: int, position: int, *, now: datetime) -> Delivered:
    """Score one answered question at once and lock it: the lesson quizzes' 'check my answer'.

    The learner's attempts are locked first, as a submit locks them before its claim: a submit that claimed it
    first has committed by the time this check reads it (the check is refused, the attempt is submitted), and a
    submit that comes second waits for the check and scores it as checked. Never a check answered with the
    attempt in progress while the submit beside it scored that question unchecked. (The same locks in the same
    order as submit and void, so a check that closes an overdue attempt cannot deadlock with either.)
    """
    lock_attempts_of_learner_of(session, tenant_id, attempt_id)
    attempt = load_attempt(session, tenant_id, attempt_id)
    if attempt.revision.feedback_policy != FeedbackPolicy.IMMEDIATE:  # [assessments-api] the attempt's revision
        raise CheckNotAllowedError("this assessment gives feedback only after submit")
    open_question(session, attempt, position, now)
    # Lock the row and read the latest committed response, so a save racing this check is either scored
    # here or waits and then finds the question locked.
    question = session.scalars(
        select(AttemptQuestion)
        .where(AttemptQuestion.attempt_id == attempt.id, AttemptQuestion.position == position)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()
    if question.checked_at is not None:
        raise QuestionLockedError(f"question {position} was checked and is locked")
    if question.response is None:
        raise InvalidResponseError(f"question {position} has no saved answer to check")
    question.credit = score_response(answer_key(question.version), question.response).credit
    question.checked_at = now
    session.flush()
    return delivered(session, attempt)


def submit_attempt(session: Session, tenant_id: int, attempt_id: int, *, now: datetime) -> Delivered:
    """Score once. A repeated or concurrent submit finds the attempt scored and returns the same result."""
    attempt = load_attempt(session, tenant_id, attempt_id)
    if not close_if_overdue(session, attempt, now=now) and attempt.state == AttemptState.IN_PROGRESS:
        _score(session, attempt, now=now, reason=CloseReason.SUBMITTED)
    return delivered(session, attempt)


def _score(
    session: Session, attempt: Attempt, *, now: datetime, reason: CloseReason, changed_at: datetime | None = None
) -> bool:
    """Claim the attempt, then score the responses as they stand once every in-flight save has finished.

    `now` is when it counts as submitted (its deadline, for the clock's close); `changed_at` (default `now`) is
    when the change is made, which an integration's sync reads as `updated_at`.

    The claim is a conditional UPDATE, so of concurrent submits exactly one scores; the others block on the
    row until it commits and then find nothing to claim. Locking the question rows before reading them makes
    a save still in flight finish first, so it is scored; any later save finds a credit and is refused.
    """
    lock_learner_attempts(session, attempt.assessment_id, attempt.learner_id)
    # An UPDATE without RETURNING gives a CursorResult; Session.execute is typed as any Result, lacking rowcount.
    claimed = cast(
        "CursorResult[Any]",
        session.execute(
            update(Attempt)
            .where(Attempt.id == attempt.id, Attempt.state == AttemptState.IN_PROGRESS)
            .values(state=AttemptState.SCORED, submitted_at=now, close_reason=reason, updated_at=changed_at or now)
            .execution_options(synchronize_session=False)
        ),
    )
    if claimed.rowcount == 0:
        session.refresh(attempt)
        _reload_questions(session, attempt)
        return False
    for name, value in (
        ("state", AttemptState.SCORED),
        ("submitted_at", now),
        ("close_reason", reason),
        ("updated_at", changed_at or now),
    ):
        set_committed_value(attempt, name, value)
    _reload_questions(session, attempt)
    credits = []
    earned = Fraction(0)
    for question in attempt.questions:
        if question.checked_at is None:
            credit = score_response(answer_key(question.version), question.response).credit
            credits.append((question.id, credit.numerator, credit.denominator))
            set_committed_value(question, "credit_num", credit.numerator)
            set_committed_value(question, "credit_den", credit.denominator)
        earned += question.credit * question.points
    update_rows(session, AttemptQuestion.__table__, "id", ("credit_num", "credit_den"), credits)  # one statement
    attempt.points_earned = earned
    # [assessments-api] the threshold of the revision the attempt started on, whatever was published since
    attempt.passed = earned >= attempt.revision.pass_threshold * attempt.points_possible
    record_scored(session, attempt)
    session.flush()
    return True


_LATEST = ("response", "response_seq", "first_answered_at", "answered_at", "checked_at", "credit_num", "credit_den")


def _reload_questions(session: Session, attempt: Attempt) -> None:
    """Read the latest committed answers under a row lock, into the already loaded form (versions stay)."""
    rows = session.execute(
        select(AttemptQuestion.id, *(getattr(AttemptQuestion, name) for name in _LATEST))
        .where(AttemptQuestion.attempt_id == attempt.id)
        .with_for_update()
    ).all()
    by_id = {question.id: question for question in attempt.questions}
    for row in rows:
        for name in _LATEST:
            set_committed_value(by_id[row.id], name, getattr(row, name))
