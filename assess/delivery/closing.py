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

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from fractions import Fraction
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Select, bindparam, literal_column, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from assess.analytics.maintain import record_scored
from assess.delivery.delivered import Delivered, delivered, load_attempt
from assess.delivery.form import LATEST, AttemptHead, FormQuestion, read_form, read_head, scored_attempt
from assess.errors import (
    AttemptClosedError,
    CheckNotAllowedError,
    DeadlinePassedError,
    InvalidResponseError,
    QuestionLockedError,
)
from assess.models import Attempt, AttemptQuestion
from assess.queries import AttemptUsage, learner_usage, lock_attempts_of_learner_of, lock_learner_attempts
from assess.set_based import update_rows
from assess.states import AttemptState, CloseReason
from itembank.errors import NotFoundError
from itembank.itemtypes import AnswerKey, score_response
from itembank.models import FeedbackPolicy


class _KeyedOption(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def is_correct(self) -> bool: ...


class KeyedVersion(Protocol):
    """An item version as stored (`ItemVersion`) or as delivered from memory (`DeliveredVersion`)."""

    @property
    def type(self) -> str: ...
    @property
    def spec(self) -> dict[str, Any]: ...
    @property
    def options(self) -> Iterable[_KeyedOption]: ...


def answer_key(version: KeyedVersion) -> AnswerKey:
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
    if _overdue(attempt.state, attempt.closes_at, now):
        assert attempt.closes_at is not None
        session.flush()  # the read below sees what the ORM holds changed
        head = read_head(session, attempt.tenant_id, attempt.id)
        scored = _score(session, head, now=attempt.closes_at, reason=CloseReason.DEADLINE, changed_at=now)
        if scored is None:  # a concurrent submit, void or close got there first (the attempt shows which)
            session.refresh(attempt)
            _sync(session, attempt, read_head(session, attempt.tenant_id, attempt.id), read_form(session, attempt.id))
        else:
            _sync(session, attempt, *scored)
        _settle(session)
        return scored is not None
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


@dataclass(frozen=True)
class Submitted:
    """An attempt as a submit leaves it: its row, its questions with their content, and, once it is scored, the
    learner's attempt usage for the explicit pass outcome."""

    attempt: AttemptHead
    questions: tuple[FormQuestion, ...]
    usage: AttemptUsage | None


def finish_attempt(session: Session, tenant_id: int, attempt_id: int, *, now: datetime) -> Submitted:
    """Score once, read and written with Core (`assess.delivery.form`). A repeated or concurrent submit finds
    the attempt scored and returns the same result; one past its hard deadline is closed by the clock (as of
    the deadline, settled apart from the request) and returned as scored."""
    head = read_head(session, tenant_id, attempt_id)
    scored = None
    if head.state == AttemptState.IN_PROGRESS:
        if _overdue(head.state, head.closes_at, now):
            assert head.closes_at is not None
            scored = _score(session, head, now=head.closes_at, reason=CloseReason.DEADLINE, changed_at=now)
            _settle(session)
        else:
            scored = _score(session, head, now=now, reason=CloseReason.SUBMITTED)
    if scored is None:  # not in progress, or a concurrent submit, void or close got there first
        head = read_head(session, tenant_id, attempt_id)
        scored = head, read_form(session, attempt_id)
    head, questions = scored
    usage = (
        learner_usage(session, head.tenant_id, head.assessment_id, head.learner_id, head.max_attempts)
        if head.state == AttemptState.SCORED
        else None
    )
    return Submitted(head, questions, usage)


def submit_attempt(session: Session, tenant_id: int, attempt_id: int, *, now: datetime) -> Delivered:
    """`finish_attempt`, the attempt then loaded as the ORM's `Attempt` (for callers that go on with it)."""
    finish_attempt(session, tenant_id, attempt_id, now=now)
    return delivered(session, load_attempt(session, tenant_id, attempt_id))


def _overdue(state: str, closes_at: datetime | None, now: datetime) -> bool:
    """Open past its hard deadline: what the clock closes."""
    return state == AttemptState.IN_PROGRESS and closes_at is not None and now > closes_at


def _settle(session: Session) -> None:
    settle = session.info.get(_CLOCK_DECIDED)
    if settle is not None:
        settle(session)


def _score(
    session: Session, head: AttemptHead, *, now: datetime, reason: CloseReason, changed_at: datetime | None = None
) -> tuple[AttemptHead, tuple[FormQuestion, ...]] | None:
    """Claim the attempt, then score the responses as they stand once every in-flight save has finished; None
    when there was nothing to claim (a concurrent submit, void or close got there first).

    `now` is when it counts as submitted (its deadline, for the clock's close); `changed_at` (default `now`) is
    when the change is made, which an integration's sync reads as `updated_at`.

    The claim is a conditional UPDATE, so of concurrent submits exactly one scores; the others block on the
    row until it commits and then find nothing to claim. Locking the question rows before reading them makes
    a save still in flight finish first, so it is scored; any later save finds a credit and is refused.
    """
    session.flush()  # what the ORM holds changed (a deadline moved) is written before the Core statements below
    lock_learner_attempts(session, head.assessment_id, head.learner_id)
    connection = session.connection()
    changed = {
        "state": AttemptState.SCORED,
        "submitted_at": now,
        "close_reason": reason,
        "updated_at": changed_at or now,
    }
    claimed = connection.execute(_CLAIM, {"attempt_id": head.id, **changed})
    if claimed.rowcount == 0:
        return None
    questions = []
    credits = []
    earned = Fraction(0)
    for question in read_form(session, head.id, lock=True):
        if question.checked_at is None:
            credit = score_response(answer_key(question.version), question.response).credit
            credits.append((question.id, credit.numerator, credit.denominator))
            question = question.credited(credit)
        assert question.credit is not None
        earned += question.credit * question.points
        questions.append(question)
    update_rows(session, AttemptQuestion.__table__, "id", ("credit_num", "credit_den"), credits)  # one statement
    # [assessments-api] the threshold of the revision the attempt started on, whatever was published since
    passed = earned >= head.pass_threshold * head.points_possible
    outcome: dict[str, Any] = {"earned_num": earned.numerator, "earned_den": earned.denominator, "passed": passed}
    connection.execute(_OUTCOME, {"attempt_id": head.id, **outcome})
    scored = replace(
        head,
        state=AttemptState.SCORED.value,
        submitted_at=now,
        close_reason=reason.value,
        updated_at=changed_at or now,
        earned_num=earned.numerator,
        earned_den=earned.denominator,
        passed=passed,
    )
    form = tuple(questions)
    record_scored(session, head.assessment_id, head.learner_id, scored_attempt(scored, form))
    return scored, form


_attempts = Attempt.__table__
_CLAIM = (
    update(_attempts)
    .where(_attempts.c.id == bindparam("attempt_id"), _attempts.c.state == AttemptState.IN_PROGRESS)
    .values({name: bindparam(name) for name in ("state", "submitted_at", "close_reason", "updated_at")})
)
_OUTCOME = (
    update(_attempts)
    .where(_attempts.c.id == bindparam("attempt_id"))
    .values({name: bindparam(name) for name in ("earned_num", "earned_den", "passed")})
)


def _sync(session: Session, attempt: Attempt, head: AttemptHead, questions: tuple[FormQuestion, ...]) -> None:
    """Put what `_score` wrote into the loaded ORM attempt as committed state (versions stay loaded)."""
    for name in ("state", "submitted_at", "close_reason", "updated_at", "earned_num", "earned_den", "passed"):
        set_committed_value(attempt, name, getattr(head, name))
    by_id = {question.id: question for question in attempt.questions}
    for question in questions:
        for name in LATEST:
            set_committed_value(by_id[question.id], name, getattr(question, name))
