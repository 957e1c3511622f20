"""Starting an attempt: resume the open one, or fix a new form from the stored seed and start the clock.

A new attempt is the hot path of an exam rush (issue 12), so it is written with Core, not the unit of work:
everything a start decides from is read in one statement (`_START_READ`: the assessment and its slots with
their fixed items' delivered versions, the learner's attempts used, last number and open attempt, both kinds
of accommodation), a pool's drawn items' versions in one more (`latest_versions`; every version's content
from the process's cache), and the attempt and its questions
are two INSERTs, the questions one statement of fixed text whatever their number (`_INSERT_QUESTIONS`), which
psycopg converts once and prepares after a few executions. A concurrent start for the same learner
makes the attempt INSERT insert nothing (ON CONFLICT DO NOTHING), so the transaction stays usable without a
savepoint and the winner's attempt is resumed. The learner's open attempt, when there is one, is resumed
through the ORM as every other read of an attempt is (`load_attempt`).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Insert, and_, bindparam, func, select, text, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from assess.accommodation_rules import EffectiveAccommodation, combine
from assess.delivery.assembly import DELIVERED_VERSION, latest_versions, seen_items, slot_source
from assess.delivery.closing import close_if_overdue
from assess.delivery.delivered import Delivered, load_attempt
from assess.delivery.material import DeliveredVersion, VersionKey
from assess.errors import (
    AssessmentNotPublishedError,
    ContextConflictError,
    DeliveryError,
    EmptyAssessmentError,
    NoAttemptsLeftError,
)
from assess.forms import build_form, new_seed, shuffled_options
from assess.models import Accommodation, Attempt, LearnerAccommodation
from assess.queries import open_attempt_id, stored_grant, tally_columns
from assess.states import AttemptState
from itembank.errors import NotFoundError
from itembank.models import Assessment, AssessmentRevision, AssessmentSlot, AssessmentStatus, ItemVersion


@dataclass(frozen=True)
class StartedQuestion:
    position: int
    slot_position: int
    version: DeliveredVersion
    option_order: list[int]
    points: int  # the slot's points when the assessment sets them, else the version's


@dataclass(frozen=True)
class Started:
    """A new attempt as its start wrote it: in progress, nothing answered, so nothing of a key is in it."""

    id: int
    tenant_id: int
    assessment_id: int
    revision_id: int
    learner_id: str
    context_id: str | None
    number: int
    seed: int
    title: str  # the revision's: what the learner is taking
    feedback_policy: str
    started_at: datetime
    deadline_at: datetime | None
    closes_at: datetime | None
    points_possible: int
    questions: tuple[StartedQuestion, ...]


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
    """`begin_attempt`, the new attempt loaded as the ORM's `Attempt` (for callers that go on with it)."""
    begun = begin_attempt(session, tenant_id, assessment_id, learner_id, now=now, context_id=context_id, seed=seed)
    return begun if isinstance(begun, Delivered) else Delivered(load_attempt(session, tenant_id, begun.id))


def begin_attempt(
    session: Session,
    tenant_id: int,
    assessment_id: int,
    learner_id: str,
    *,
    now: datetime,
    context_id: str | None = None,
    seed: int | None = None,
) -> Delivered | Started:
    """Resume the learner's open attempt (Delivered, `resumed`), or fix a new form (Started); refuse when no
    attempts are left."""
    read = _read(session.connection(), tenant_id, assessment_id, learner_id)
    if read.revision_id is None:
        raise AssessmentNotPublishedError(f"assessment {assessment_id} is a draft; publish it before starting it")
    if read.open_id is not None:
        open_attempt = load_attempt(session, tenant_id, read.open_id)
        # The learner's only attempt here that can be overdue. Its close is settled apart from this start
        # (`on_clock_decision`), so a refusal below (no attempts left) leaves it scored, in the grade.
        close_if_overdue(session, open_attempt, now=now)
        if open_attempt.state == AttemptState.IN_PROGRESS:
            if context_id is not None and open_attempt.context_id != context_id:
                raise ContextConflictError(
                    f"the learner's attempt {open_attempt.id} is open in context {open_attempt.context_id!r}; "
                    "submit it (or let it close) before starting in another"
                )
            return Delivered(open_attempt, resumed=True)
    if not read.slots:
        raise EmptyAssessmentError(f"assessment {assessment_id} has no questions")
    allowed = read.accommodation.attempts_allowed(read.max_attempts)
    if allowed is not None and read.used >= allowed:
        raise NoAttemptsLeftError(f"all {read.used} attempts at this assessment are used")
    started = _new_attempt(session, read, read.revision_id, learner_id, context_id, seed, now)
    if started is None:
        # A concurrent start for the same learner won the race; resume its attempt instead.
        winner = open_attempt_id(session, assessment_id, learner_id)
        if winner is None:
            raise DeliveryError("another start for this learner changed their attempts meanwhile; start again")
        return Delivered(load_attempt(session, tenant_id, winner), resumed=True)
    return started


@dataclass(frozen=True)
class _StartRead:
    tenant_id: int
    assessment_id: int
    title: str | None  # the current revision's; None for a draft
    feedback_policy: str
    shuffle_questions: bool
    shuffle_options: bool
    time_limit_seconds: int | None
    grace_seconds: int
    max_attempts: int | None
    revision_id: int | None  # the current revision, which the attempt starts on; None for a draft
    slots: tuple[tuple[int, int | None, int | None], ...]  # (position, item_id, pool_id), by position
    slot_points: dict[int, int | None]  # by position: the slot's points, None for the version's
    fixed_versions: dict[int, VersionKey | None]  # a fixed slot's item's delivered version (None: it has none)
    used: int  # `assess.queries.attempt_tally`'s: every attempt but a voided one
    last_number: int
    open_id: int | None
    accommodation: EffectiveAccommodation


_LEARNER = (
    select(
        *tally_columns(),
        # At most one: a partial unique index allows one attempt in progress per learner and assessment.
        func.max(Attempt.id).filter(Attempt.state == AttemptState.IN_PROGRESS).label("open_id"),
    )
    .where(Attempt.assessment_id == bindparam("assessment_id"), Attempt.learner_id == bindparam("learner_id"))
    .subquery("learner")
)
_START_READ = (
    select(
        Assessment.tenant_id,
        Assessment.feedback_policy,
        Assessment.shuffle_questions,
        Assessment.shuffle_options,
        Assessment.time_limit_seconds,
        Assessment.grace_seconds,
        Assessment.max_attempts,
        AssessmentSlot.position,
        AssessmentSlot.item_id,
        AssessmentSlot.pool_id,
        AssessmentSlot.points.label("slot_points"),
        AssessmentRevision.id.label("revision_id"),
        AssessmentRevision.title.label("revision_title"),
        ItemVersion.id.label("version_id"),
        ItemVersion.created_at.label("version_created_at"),
        _LEARNER.c.used,
        _LEARNER.c.last_number,
        _LEARNER.c.open_id,
        LearnerAccommodation.id.label("tw_id"),
        LearnerAccommodation.time_multiplier_num.label("tw_num"),
        LearnerAccommodation.time_multiplier_den.label("tw_den"),
        LearnerAccommodation.extra_attempts.label("tw_attempts"),
        Accommodation.id.label("pa_id"),
        Accommodation.time_multiplier_num.label("pa_num"),
        Accommodation.time_multiplier_den.label("pa_den"),
        Accommodation.extra_seconds.label("pa_seconds"),
        Accommodation.extra_attempts.label("pa_attempts"),
    )
    .select_from(Assessment)
    .join(_LEARNER, true())
    .outerjoin(AssessmentSlot, AssessmentSlot.assessment_id == Assessment.id)
    .outerjoin(ItemVersion, and_(ItemVersion.item_id == AssessmentSlot.item_id, DELIVERED_VERSION))
    .outerjoin(
        AssessmentRevision,
        and_(
            AssessmentRevision.assessment_id == Assessment.id,
            AssessmentRevision.number == Assessment.revision_number,
            Assessment.status == AssessmentStatus.PUBLISHED,
        ),
    )
    .outerjoin(
        LearnerAccommodation,
        and_(
            LearnerAccommodation.tenant_id == Assessment.tenant_id,
            LearnerAccommodation.learner_id == bindparam("learner_id"),
        ),
    )
    .outerjoin(
        Accommodation,
        and_(Accommodation.assessment_id == Assessment.id, Accommodation.learner_id == bindparam("learner_id")),
    )
    .where(Assessment.id == bindparam("assessment_id"), Assessment.tenant_id == bindparam("tenant_id"))
    .order_by(AssessmentSlot.position)
)


def _read(connection: Connection, tenant_id: int, assessment_id: int, learner_id: str) -> _StartRead:
    """The tenant's assessment (NotFoundError otherwise) and the learner's standing at it, in one statement."""
    rows = connection.execute(
        _START_READ, {"tenant_id": tenant_id, "assessment_id": assessment_id, "learner_id": learner_id}
    ).all()
    if not rows:
        raise NotFoundError(f"no assessment {assessment_id}")
    first = rows[0]
    return _StartRead(
        first.tenant_id,
        assessment_id,
        first.revision_title,
        first.feedback_policy,
        first.shuffle_questions,
        first.shuffle_options,
        first.time_limit_seconds,
        first.grace_seconds,
        first.max_attempts,
        first.revision_id,
        tuple((row.position, row.item_id, row.pool_id) for row in rows if row.position is not None),
        {row.position: row.slot_points for row in rows if row.position is not None},
        {
            row.item_id: None if row.version_id is None else (row.version_id, row.version_created_at)
            for row in rows
            if row.item_id is not None
        },
        int(first.used),
        int(first.last_number),
        first.open_id,
        _accommodation(first),
    )


def _accommodation(row: Any) -> EffectiveAccommodation:
    """`_START_READ`'s accommodation columns, combined by the rules."""
    tenant_wide = None if row.tw_id is None else stored_grant(row.tw_num, row.tw_den, 0, row.tw_attempts)
    per_assessment = (
        None if row.pa_id is None else stored_grant(row.pa_num, row.pa_den, row.pa_seconds, row.pa_attempts)
    )
    return combine(tenant_wide, per_assessment)


def _new_attempt(
    session: Session,
    read: _StartRead,
    revision_id: int,
    learner_id: str,
    context_id: str | None,
    seed: int | None,
    now: datetime,
) -> Started | None:
    """Write the new attempt and its questions; None when a concurrent start for the learner got there first."""
    seed = new_seed() if seed is None else seed
    pooled = any(item_id is None for _position, item_id, _pool in read.slots)
    questions = assemble_questions(
        session,
        seed,
        read.slots,
        read.slot_points,
        shuffle_questions=read.shuffle_questions,
        shuffle_options=read.shuffle_options,
        # Only a pool's draw reads what the learner saw, and a learner with no attempt saw nothing.
        seen=seen_items(session, read.assessment_id, learner_id) if pooled and read.last_number else set(),
        known=read.fixed_versions,
    )
    if not questions:
        raise EmptyAssessmentError(f"assessment {read.assessment_id} has no published questions")
    deadline_at, closes_at = deadline_for(now, read.time_limit_seconds, read.grace_seconds, read.accommodation)
    started = Started(
        0,
        read.tenant_id,
        read.assessment_id,
        revision_id,
        learner_id,
        context_id,
        read.last_number + 1,
        seed,
        read.title or "",
        read.feedback_policy,
        now,
        deadline_at,
        closes_at,
        sum(question.points for question in questions),
        questions,
    )
    connection = session.connection()
    attempt_id = connection.execute(_INSERT_ATTEMPT[connection.dialect.name], _attempt_values(started)).scalar()
    if attempt_id is None:
        return None
    dialect = connection.dialect.name
    connection.execute(_INSERT_QUESTIONS[dialect], _question_values(dialect, attempt_id, questions))
    return replace(started, id=attempt_id)


def assemble_questions(
    session: Session,
    seed: int,
    slots: Sequence[tuple[int, int | None, int | None]],
    slot_points: Mapping[int, int | None],
    *,
    shuffle_questions: bool,
    shuffle_options: bool,
    seen: Collection[int] = frozenset(),
    known: Mapping[int, VersionKey | None] | None = None,
) -> tuple[StartedQuestion, ...]:
    """The questions a form of `seed` delivers for `slots` ((position, item_id, pool_id), by position): the
    draw, the published version of each drawn item and its option order. A start writes them; the
    workspace's preview shows them, so an instructor sees what a learner would be given.

    A fixed slot whose item has no published version (retired, or still a draft) is left out; an empty
    result is the caller's to refuse. `known`: the fixed slots' delivered versions the start's one read has
    already found (`assembly.latest_versions`)."""
    form = build_form(
        seed,
        [slot_source(session, *slot) for slot in slots],
        shuffle_questions=shuffle_questions,
        seen=seen,
    )
    versions = latest_versions(session, [question.item_id for question in form.questions], known)
    delivered = [question for question in form.questions if question.item_id in versions]
    return tuple(
        StartedQuestion(
            position,
            question.slot_position,
            versions[question.item_id],
            shuffled_options(
                seed, question.slot_position, versions[question.item_id].option_ids, shuffle=shuffle_options
            ),
            slot_points[question.slot_position] or versions[question.item_id].points,
        )
        for position, question in enumerate(delivered, start=1)
    )


_ATTEMPT_COLUMNS = (
    "tenant_id",
    "assessment_id",
    "revision_id",
    "learner_id",
    "context_id",
    "number",
    "seed",
    "state",
    "started_at",
    "deadline_at",
    "closes_at",
    "updated_at",
    "points_possible",
)


def _insert_attempt(dialect: Any) -> Insert:
    """`INSERT ... ON CONFLICT DO NOTHING RETURNING id`, as the dialect spells it: any unique index that a
    concurrent start filled (the learner's one open attempt, their attempt number) makes it insert nothing."""
    table = Attempt.__table__
    statement = dialect.insert(table).values({name: bindparam(name) for name in _ATTEMPT_COLUMNS})
    return statement.on_conflict_do_nothing().returning(table.c.id)


_INSERT_ATTEMPT = {"postgresql": _insert_attempt(postgresql), "sqlite": _insert_attempt(sqlite)}


def _attempt_values(started: Started) -> dict[str, Any]:
    return {
        "tenant_id": started.tenant_id,
        "assessment_id": started.assessment_id,
        "revision_id": started.revision_id,
        "learner_id": started.learner_id,
        "context_id": started.context_id,
        "number": started.number,
        "seed": started.seed,
        "state": AttemptState.IN_PROGRESS.value,
        "started_at": started.started_at,
        "deadline_at": started.deadline_at,
        "closes_at": started.closes_at,
        "updated_at": started.started_at,
        "points_possible": started.points_possible,
    }


# The questions as one INSERT of fixed text whatever their number, so the driver converts and prepares it once
# (psycopg caches neither for a statement of more than 50 parameters, which a VALUES list of 15 rows has):
# arrays unnested on PostgreSQL, a JSON array read with json_each on SQLite.
_INSERT_QUESTIONS = {
    "postgresql": text(
        "INSERT INTO attempt_question (attempt_id, position, slot_position, item_version_id, option_order, points,"
        " response_seq) SELECT :attempt_id, q.position, q.slot_position, q.item_version_id, q.option_order::json,"
        " q.points, 0 FROM unnest(CAST(:positions AS INTEGER[]), CAST(:slot_positions AS INTEGER[]),"
        " CAST(:item_version_ids AS INTEGER[]), CAST(:option_orders AS TEXT[]), CAST(:points AS INTEGER[]))"
        " AS q(position, slot_position, item_version_id, option_order, points)"
    ),
    "sqlite": text(
        "INSERT INTO attempt_question (attempt_id, position, slot_position, item_version_id, option_order, points,"
        " response_seq) SELECT :attempt_id, q.value ->> 0, q.value ->> 1, q.value ->> 2, q.value -> 3,"
        " q.value ->> 4, 0 FROM json_each(:questions) AS q ORDER BY q.key"
    ),
}


def _question_values(dialect_name: str, attempt_id: int, questions: tuple[StartedQuestion, ...]) -> dict[str, Any]:
    if dialect_name == "postgresql":
        return {
            "attempt_id": attempt_id,
            "positions": [question.position for question in questions],
            "slot_positions": [question.slot_position for question in questions],
            "item_version_ids": [question.version.id for question in questions],
            "option_orders": [json.dumps(question.option_order) for question in questions],
            "points": [question.points for question in questions],
        }
    rows = [
        [question.position, question.slot_position, question.version.id, question.option_order, question.points]
        for question in questions
    ]
    return {"attempt_id": attempt_id, "questions": json.dumps(rows)}


def deadline_for(
    started_at: datetime, time_limit_seconds: int | None, grace_seconds: int, accommodation: EffectiveAccommodation
) -> tuple[datetime | None, datetime | None]:
    """The time limit the learner sees (the assessment's, accommodated), and the hard deadline (plus grace)
    after which nothing is accepted; both None when the assessment is untimed."""
    time_limit = accommodation.time_limit(time_limit_seconds)
    if time_limit is None:
        return None, None
    deadline_at = started_at + timedelta(seconds=time_limit)
    return deadline_at, deadline_at + timedelta(seconds=grace_seconds)


def set_deadline(attempt: Attempt, revision: AssessmentRevision, accommodation: EffectiveAccommodation) -> None:
    """`deadline_for` an attempt already stored, as an accommodation changes it: by the attempt's revision."""
    attempt.deadline_at, attempt.closes_at = deadline_for(
        attempt.started_at, revision.time_limit_seconds, revision.grace_seconds, accommodation
    )
