"""Starting, answering, checking and submitting attempts. Functions flush and never commit.

The server owns the clock: every entry point takes `now` and closes an overdue attempt, scoring what was
saved, before doing anything else, so a learner past the deadline sees why and never gains time.

Each entry point is the one service a view calls: it takes ids (never a loaded attempt) and returns what the
caller shows, so the number of statements per request is decided here, where it can be counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

from sqlalchemy import bindparam, exists, func, literal_column, or_, select, update
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from assess.analytics.maintain import record_scored
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
from assess.results import AttemptUsage, attempt_usage
from assess.states import AttemptState, CloseReason
from itembank.db import UTCDateTime
from itembank.errors import NotFoundError
from itembank.itemtypes import ONE_OPTION_TYPES, AnswerKey, ResponseShapeError, check_response, score_response
from itembank.models import (
    Assessment,
    AssessmentSlot,
    FeedbackPolicy,
    Item,
    ItemStatus,
    ItemVersion,
    Option,
    Pool,
)


def answer_key(version: ItemVersion) -> AnswerKey:
    return AnswerKey(
        type=version.type,
        correct_option_ids=frozenset(option.id for option in version.options if option.is_correct),
        option_ids=frozenset(option.id for option in version.options),
        spec=dict(version.spec),
    )


@dataclass(frozen=True)
class Delivered:
    """An attempt as a view shows it; `usage` is set once it is scored, for the explicit pass outcome."""

    attempt: Attempt
    usage: AttemptUsage | None = None
    resumed: bool = False


@dataclass(frozen=True)
class SavedResponse:
    """What a save acknowledges: only the one question it touched, so autosave stays a small request."""

    attempt_id: int
    position: int
    response: dict[str, Any]
    seq: int
    answered_at: datetime


def _delivered(session: Session, attempt: Attempt, *, resumed: bool = False) -> Delivered:
    usage = attempt_usage(session, attempt) if attempt.state == AttemptState.SCORED else None
    return Delivered(attempt, usage, resumed)


def start_attempt(
    session: Session,
    tenant_id: int,
    assessment_id: int,
    learner_id: str,
    *,
    now: datetime,
    context_id: str | None = None,
    seed: int | None = None,
) -> Delivered:
    """Return the learner's open attempt, or fix a new form; refuse when no attempts are left."""
    assessment = _assessment(session, tenant_id, assessment_id)
    open_id = _open_attempt_id(session, assessment.id, learner_id)
    if open_id is not None:
        open_attempt = load_attempt(session, tenant_id, open_id)
        close_if_overdue(session, open_attempt, now=now)
        if open_attempt.state == AttemptState.IN_PROGRESS:
            return Delivered(open_attempt, resumed=True)
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
        winner = _open_attempt_id(session, assessment.id, learner_id)
        if winner is None:
            raise
        return Delivered(load_attempt(session, tenant_id, winner), resumed=True)
    return Delivered(attempt)


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
                version=version,
                option_order=shuffled_options(
                    seed, question.slot_position, [o.id for o in version.options], shuffle=assessment.shuffle_options
                ),
                points=version.points,
            )
        )
    attempt = Attempt(
        tenant_id=assessment.tenant_id,
        assessment=assessment,
        learner_id=learner_id,
        context_id=context_id,
        number=number,
        seed=seed,
        started_at=now,
        points_possible=sum(question.points for question in questions),
        questions=questions,
    )
    set_deadline(attempt, assessment, accommodation.extra_seconds)
    return attempt


def set_deadline(attempt: Attempt, assessment: Assessment, extra_seconds: int) -> None:
    """The time limit the learner sees, and the hard deadline (plus grace) after which nothing is accepted."""
    if assessment.time_limit_seconds is None:
        attempt.deadline_at = attempt.closes_at = None
        return
    attempt.deadline_at = attempt.started_at + timedelta(seconds=assessment.time_limit_seconds + extra_seconds)
    attempt.closes_at = attempt.deadline_at + timedelta(seconds=assessment.grace_seconds)


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


def _open_attempt_id(session: Session, assessment_id: int, learner_id: str) -> int | None:
    return session.scalar(
        select(Attempt.id).where(
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


_WHOLE_FORM = (
    joinedload(Attempt.assessment),
    selectinload(Attempt.questions).joinedload(AttemptQuestion.version).selectinload(ItemVersion.options),
)


def load_attempt(session: Session, tenant_id: int, attempt_id: int) -> Attempt:
    """The attempt with its form loaded in a fixed number of queries, however many questions it has.

    `populate_existing` because saves write with a bare UPDATE: objects already in the session may be stale.
    """
    attempt = session.scalar(
        select(Attempt)
        .where(Attempt.id == attempt_id, Attempt.tenant_id == tenant_id)
        .options(*_WHOLE_FORM)
        .execution_options(populate_existing=True)
    )
    if attempt is None:
        raise NotFoundError(f"no attempt {attempt_id}")
    return attempt


def get_attempt(session: Session, tenant_id: int, attempt_id: int, *, now: datetime) -> Delivered:
    """Read an attempt of the tenant, closing it first if its deadline has passed."""
    attempt = load_attempt(session, tenant_id, attempt_id)
    close_if_overdue(session, attempt, now=now)
    return _delivered(session, attempt)


def close_if_overdue(session: Session, attempt: Attempt, *, now: datetime) -> bool:
    if attempt.state == AttemptState.IN_PROGRESS and attempt.closes_at is not None and now > attempt.closes_at:
        _score(session, attempt, now=attempt.closes_at, reason=CloseReason.DEADLINE)
        return True
    return False


# The save is the hot path (autosave fires on every change): one statement, built once as Core with bound
# parameters, so a save costs the round trips of the least a durable write can do (BEGIN, UPDATE, COMMIT),
# and a one-option answer, checked inside the statement, just the UPDATE where autocommit is on.
_attempt = Attempt.__table__
_question = AttemptQuestion.__table__
_option = Option.__table__
_version = ItemVersion.__table__
_GUARDED_UPDATE = (
    update(_question)
    .where(
        _question.c.attempt_id == bindparam("p_attempt_id"),
        _question.c.position == bindparam("p_position"),
        _question.c.response_seq < bindparam("p_seq"),
        _question.c.credit_num.is_(None),
        exists().where(
            _attempt.c.id == bindparam("p_attempt_id"),
            _attempt.c.tenant_id == bindparam("p_tenant_id"),
            _attempt.c.state == AttemptState.IN_PROGRESS.value,
            or_(_attempt.c.closes_at.is_(None), _attempt.c.closes_at >= bindparam("p_now", type_=UTCDateTime())),
        ),
    )
    .values(
        response=bindparam("p_response", type_=_question.c.response.type),
        response_seq=bindparam("p_seq"),
        answered_at=bindparam("p_now", type_=UTCDateTime()),
        first_answered_at=func.coalesce(_question.c.first_answered_at, bindparam("p_now", type_=UTCDateTime())),
    )
)
_SAVE = _GUARDED_UPDATE.returning(
    _question.c.answered_at,
    _question.c.option_order,
    select(_version.c.type).where(_version.c.id == _question.c.item_version_id).scalar_subquery().label("item_type"),
)
"""Returns what the response is checked against: the options shown and the item type (read in the statement,
so no cache of types can go stale and no second statement is needed)."""

_SAVE_CHOICE = _GUARDED_UPDATE.where(
    exists().where(
        _option.c.id == bindparam("p_option"),
        _option.c.item_version_id == _question.c.item_version_id,
        _version.c.id == _question.c.item_version_id,
        # Constants written into the SQL: an IN of bound values would be re-rendered on every execution.
        _version.c.type.in_([literal_column(f"'{item_type}'") for item_type in sorted(ONE_OPTION_TYPES)]),
    )
).returning(_question.c.answered_at)
"""The save of a one-option answer with its check in the statement: the option must be one of the question's
own and the question a one-option type (what `SingleChoiceScorer.check` asks), so nothing is left to check
after the write, and the statement can commit by itself: one round trip where autocommit is on."""


def _run_save(
    connection: Connection,
    statement: Any,
    target: tuple[int, int, int, int, datetime],
    response: dict[str, Any],
    option_id: int | None = None,
) -> Any:
    """One execution of a save statement: its returned row, or None when its guards matched nothing."""
    return connection.execute(statement, _save_parameters(target, response, option_id)).one_or_none()


def _save_parameters(
    target: tuple[int, int, int, int, datetime], response: dict[str, Any], option_id: int | None = None
) -> dict[str, Any]:
    tenant_id, attempt_id, position, seq, now = target
    parameters = {
        "p_attempt_id": attempt_id,
        "p_tenant_id": tenant_id,
        "p_position": position,
        "p_seq": seq,
        "p_now": now,
        "p_response": response,
    }
    if option_id is not None:
        parameters["p_option"] = option_id
    return parameters


def store_response(
    connection: Connection,
    tenant_id: int,
    attempt_id: int,
    position: int,
    response: dict[str, Any],
    *,
    seq: int,
    now: datetime,
) -> SavedResponse | None:
    """The save's one guarded UPDATE, on a bare connection: the stored response, or None if it matched nothing.

    Its guards make it safe: the attempt must be the tenant's, open and before its hard deadline, and the
    question unscored; a question that a concurrent submit or check scores carries a credit, and the row lock
    makes this UPDATE wait for that transaction and then match nothing, so an acknowledged save is never left
    out of a score. None says only "not stored"; `save_response` says why.

    The response is checked against the question's options the UPDATE returns: a malformed one raises
    InvalidResponseError with the write still in the transaction, which the caller rolls back, as it does
    on every refusal.
    """
    stored = _run_save(connection, _SAVE, (tenant_id, attempt_id, position, seq, now), response)
    if stored is None:
        return None
    _check_shape(stored.item_type, stored.option_order, response)
    return SavedResponse(attempt_id, position, response, seq, stored.answered_at)


def store_choice(
    connection: Connection,
    tenant_id: int,
    attempt_id: int,
    position: int,
    option_id: int,
    *,
    seq: int,
    now: datetime,
) -> SavedResponse | None:
    """Store `{"option": option_id}` as `store_response` would, checked by the UPDATE itself; None: not stored.

    None covers every refusal `store_response` raises or returns None for (stale, late, closed, no such
    question) and also an option that is not the question's or a question that takes no single option;
    `save_response` tells them apart.
    """
    response = {"option": option_id}
    stored = _run_save(connection, _SAVE_CHOICE, (tenant_id, attempt_id, position, seq, now), response, option_id)
    return None if stored is None else SavedResponse(attempt_id, position, response, seq, stored.answered_at)


class DriverChoiceSave:
    """`store_choice` on a DB-API connection in autocommit: the learner's autosave on PostgreSQL.

    The very `_SAVE_CHOICE` statement, compiled once for the dialect, its parameters passed through the
    column types' own bind processors, run on the driver's cursor. What it skips is SQLAlchemy's
    per-execution work (the Connection, cache lookup, execution context, result wrapping): about 80 µs of
    CPU, as much as the rest of a save (bench/save_path.py). A test checks it against `store_choice`.
    """

    def __init__(self, dialect: Dialect) -> None:
        compiled = _SAVE_CHOICE.compile(dialect=dialect)
        self.sql = str(compiled)
        self.constants = {name: value for name, value in compiled.params.items() if not name.startswith("p_")}
        self.processors = {
            name: processor
            for name, bind in compiled.binds.items()
            if (processor := bind.type.dialect_impl(dialect).bind_processor(dialect)) is not None
        }
        self.positions = compiled.positiontup  # the parameter order, for drivers that take them by position
        self.answered_at = UTCDateTime().dialect_impl(dialect).result_processor(dialect, None) or (lambda v: v)

    def __call__(
        self,
        dbapi_connection: Any,
        tenant_id: int,
        attempt_id: int,
        position: int,
        option_id: int,
        *,
        seq: int,
        now: datetime,
    ) -> SavedResponse | None:
        response = {"option": option_id}
        parameters = {
            **self.constants,
            **_save_parameters((tenant_id, attempt_id, position, seq, now), response, option_id),
        }
        for name, processor in self.processors.items():
            parameters[name] = processor(parameters[name])
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(self.sql, [parameters[name] for name in self.positions] if self.positions else parameters)
            stored = cursor.fetchone()
        finally:
            cursor.close()
        if stored is None:
            return None
        return SavedResponse(attempt_id, position, response, seq, self.answered_at(stored[0]))


def save_response(
    session: Session,
    tenant_id: int,
    attempt_id: int,
    position: int,
    response: dict[str, Any],
    *,
    seq: int,
    now: datetime,
) -> SavedResponse:
    """Store a response unless a newer one (higher `seq`) is already stored; repeating a save is harmless.

    `store_response` on the way that succeeds; when it stores nothing, the reason is read and raised (stale,
    late, closed, no such question), or a repeat of the save already stored is acknowledged.
    """
    saved = store_response(session.connection(), tenant_id, attempt_id, position, response, seq=seq, now=now)
    if saved is None:
        return _explain_refused_save(session, tenant_id, attempt_id, position, response, seq=seq, now=now)
    return saved


def _check_shape(item_type: str, option_ids: list[int], response: dict[str, Any]) -> None:
    try:
        check_response(AnswerKey(type=item_type, option_ids=frozenset(option_ids)), response)
    except ResponseShapeError as exc:
        raise InvalidResponseError(str(exc)) from exc


def _explain_refused_save(
    session: Session,
    tenant_id: int,
    attempt_id: int,
    position: int,
    response: dict[str, Any],
    *,
    seq: int,
    now: datetime,
) -> SavedResponse:
    """The save matched nothing: say why, or acknowledge a retry of the save that is already stored."""
    attempt = load_attempt(session, tenant_id, attempt_id)
    question = _open_question(session, attempt, position, now)
    if question.response_seq == seq and question.response == response and question.answered_at is not None:
        return SavedResponse(attempt_id, position, response, seq, question.answered_at)
    _check_shape(question.version.type, question.option_order, response)
    raise StaleSaveError(f"a newer response (seq {question.response_seq}) is already saved", question.response_seq)


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


def check_question(session: Session, tenant_id: int, attempt_id: int, position: int, *, now: datetime) -> Delivered:
    """Score one answered question at once and lock it: the lesson quizzes' 'check my answer'."""
    attempt = load_attempt(session, tenant_id, attempt_id)
    if attempt.assessment.feedback_policy != FeedbackPolicy.IMMEDIATE:
        raise CheckNotAllowedError("this assessment gives feedback only after submit")
    _open_question(session, attempt, position, now)
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
    return _delivered(session, attempt)


def submit_attempt(session: Session, tenant_id: int, attempt_id: int, *, now: datetime) -> Delivered:
    """Score once. A repeated or concurrent submit finds the attempt scored and returns the same result."""
    attempt = load_attempt(session, tenant_id, attempt_id)
    if not close_if_overdue(session, attempt, now=now) and attempt.state == AttemptState.IN_PROGRESS:
        _score(session, attempt, now=now, reason=CloseReason.SUBMITTED)
    return _delivered(session, attempt)


def _score(session: Session, attempt: Attempt, *, now: datetime, reason: CloseReason) -> None:
    """Claim the attempt, then score the responses as they stand once every in-flight save has finished.

    The claim is a conditional UPDATE, so of concurrent submits exactly one scores; the others block on the
    row until it commits and then find nothing to claim. Locking the question rows before reading them makes
    a save still in flight finish first, so it is scored; any later save finds a credit and is refused.
    """
    claimed = session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.state == AttemptState.IN_PROGRESS)
        .values(state=AttemptState.SCORED, submitted_at=now, close_reason=reason)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount == 0:
        session.refresh(attempt)
        _reload_questions(session, attempt)
        return
    for name, value in (("state", AttemptState.SCORED), ("submitted_at", now), ("close_reason", reason)):
        set_committed_value(attempt, name, value)
    _reload_questions(session, attempt)
    credits = []
    earned = Fraction(0)
    for question in attempt.questions:
        if question.checked_at is None:
            credit = score_response(answer_key(question.version), question.response).credit
            credits.append({"id": question.id, "credit_num": credit.numerator, "credit_den": credit.denominator})
            set_committed_value(question, "credit_num", credit.numerator)
            set_committed_value(question, "credit_den", credit.denominator)
        earned += question.credit * question.points
    if credits:
        session.execute(update(AttemptQuestion), credits)  # one executemany, by primary key
    attempt.points_earned = earned
    attempt.passed = earned >= attempt.assessment.pass_threshold * attempt.points_possible
    record_scored(session, attempt)
    session.flush()


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
