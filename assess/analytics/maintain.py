"""Keeping the count tables current: add a scored attempt's cells in its scoring transaction, or rebuild.

Adding costs a few statements per submit whatever the number of attempts: one read of the learner's other
scored attempts, at most one read of an attempt leaving a selection, and one insert into each delta table
(`append`): no cell row is read, locked or updated, so concurrent submits to one assessment share no row and
never wait on each other. The deltas are moved into the cells by a fold (`folding`); the report reads both.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from fractions import Fraction

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from assess.analytics.cells import ScoredAttempt, ScoredQuestion, attempt_cells, seconds_on_questions
from assess.analytics.folding import fold, lock_folds
from assess.analytics.selection import Change, Scored, changes_on_scoring, changes_on_voiding, selected
from assess.analytics.store import Selection, StatCell, StatTime, stat_cell_delta, stat_time_delta
from assess.models import Attempt, AttemptQuestion
from assess.set_based import insert_rows
from assess.states import AttemptState
from itembank.models import ItemVersion

CellDelta = Counter  # (selection, context, day, *CellKey) -> +/- count; the rollup rows are the fold's
Progress = Callable[[int, int], None]


def record_scored(session: Session, assessment_id: int, learner_id: str, new: ScoredAttempt) -> None:
    """Add a just-scored attempt to every selection it enters, and take out the attempts it displaces."""
    earlier = _learners_scored(session, assessment_id, learner_id, excluding=new.attempt_id)
    changes = changes_on_scoring(Scored(new.attempt_id, new.number, new.score), earlier)
    leaving = {change.leaves for change in changes if change.leaves is not None}
    loaded = {new.attempt_id: new, **{a.attempt_id: a for a in load_scored(session, leaving)}}
    _apply(session, assessment_id, changes, loaded)


def record_voided(session: Session, attempt: Attempt) -> None:
    """Take a scored attempt that is being voided out of every selection, and put in the ones that replace it.

    Call it while the attempt is still scored: the learner's scored attempts are read with it among them.
    """
    changes = changes_on_voiding(attempt.id, _learners_scored(session, attempt.assessment_id, attempt.learner_id))
    involved = {id_ for change in changes for id_ in (change.leaves, change.enters) if id_ is not None}
    _apply(session, attempt.assessment_id, changes, {a.attempt_id: a for a in load_scored(session, involved)})


def _learners_scored(
    session: Session, assessment_id: int, learner_id: str, *, excluding: int | None = None
) -> list[Scored]:
    """The learner's scored attempts at the assessment (voided ones are not scored)."""
    query = select(Attempt.id, Attempt.number, Attempt.earned_num, Attempt.earned_den, Attempt.points_possible).where(
        Attempt.assessment_id == assessment_id,
        Attempt.learner_id == learner_id,
        Attempt.state == AttemptState.SCORED,
    )
    if excluding is not None:
        query = query.where(Attempt.id != excluding)
    return [
        Scored(row.id, row.number, _score(row.earned_num, row.earned_den, row.points_possible))
        for row in session.connection().execute(query)
    ]


def _apply(session: Session, assessment_id: int, changes: list[Change], loaded: dict[int, ScoredAttempt]) -> None:
    cells: CellDelta = Counter()
    times: CellDelta = Counter()
    for change in changes:
        for attempt_id, sign in ((change.enters, 1), (change.leaves, -1)):
            if attempt_id is not None:
                add(cells, times, change.selection, loaded[attempt_id], sign)
    append(session, assessment_id, cells, times)


def _score(earned_num: int, earned_den: int, points_possible: int) -> Fraction:
    """As `ScoredAttempt.score`: an attempt worth nothing scores 0 rather than dividing by zero."""
    return Fraction(earned_num, earned_den) / points_possible if points_possible else Fraction(0)


def add(cells: CellDelta, times: CellDelta, selection: Selection, attempt: ScoredAttempt, sign: int) -> None:
    """Tagged with the attempt's cohort and day; a fold adds each into the rollup row too (every cohort and day)."""
    tag = (selection.value, attempt.context, attempt.day)
    for key in attempt_cells(attempt):
        cells[(*tag, *key)] += sign
    for slot, seconds in seconds_on_questions(attempt):
        times[(*tag, slot, seconds)] += sign


def load_scored(session: Session, attempt_ids: Iterable[int]) -> Iterator[ScoredAttempt]:
    """Scored attempts as stored, in id order: for attempts leaving a selection, and for rebuilds."""
    ids = sorted(set(attempt_ids))
    if not ids:
        return
    attempts = session.execute(select(Attempt).where(Attempt.id.in_(ids)).order_by(Attempt.id)).scalars().all()
    rows = session.execute(
        select(
            AttemptQuestion.attempt_id,
            AttemptQuestion.slot_position,
            AttemptQuestion.item_version_id,
            ItemVersion.type,
            AttemptQuestion.response,
            AttemptQuestion.credit_num,
            AttemptQuestion.credit_den,
            AttemptQuestion.points,
            AttemptQuestion.first_answered_at,
        )
        .join(ItemVersion, ItemVersion.id == AttemptQuestion.item_version_id)
        .where(AttemptQuestion.attempt_id.in_(ids))
    ).all()
    questions: dict[int, list[ScoredQuestion]] = {}
    for row in rows:
        mark = Fraction(row.credit_num, row.credit_den) * row.points if row.credit_den else Fraction(0)
        questions.setdefault(row.attempt_id, []).append(
            ScoredQuestion(row.slot_position, row.item_version_id, row.type, row.response, mark, row.first_answered_at)
        )
    for attempt in attempts:
        assert attempt.points_earned is not None and attempt.submitted_at is not None
        yield ScoredAttempt(
            attempt.id,
            attempt.learner_id,
            attempt.number,
            attempt.context_id,
            attempt.started_at,
            attempt.submitted_at,
            attempt.points_possible,
            attempt.points_earned,
            sorted(questions.get(attempt.id, []), key=lambda q: q.slot_position),
        )


_CELL_KEY = (
    "selection",
    "context_id",
    "day",
    "slot_position",
    "item_version_id",
    "option_id",
    "mark_num",
    "mark_den",
    "total_num",
    "total_den",
)
_TIME_KEY = ("selection", "context_id", "day", "slot_position", "seconds")


def append(session: Session, assessment_id: int, cells: CellDelta, times: CellDelta) -> None:
    """Insert the non-zero changes as delta rows: insert-only, one statement per table, no conflict possible."""
    for table, deltas in ((stat_cell_delta, cells), (stat_time_delta, times)):
        rows = [(assessment_id, *key, count) for key, count in deltas.items() if count]
        insert_rows(session, table, ("assessment_id", *_KEYS[table.name], "count"), rows)


_KEYS = {stat_cell_delta.name: _CELL_KEY, stat_time_delta.name: _TIME_KEY}


def write(session: Session, assessment_id: int, cells: CellDelta, times: CellDelta) -> None:
    """Append and fold at once: for rebuilds and bulk loads, which have the cells in hand."""
    append(session, assessment_id, cells, times)
    fold(session, assessment_id)


def rebuild(session: Session, assessment_id: int, *, progress: Progress | None = None, batch: int = 2000) -> int:
    """Recompute the assessment's tables from its scored attempts; returns how many attempts were read.

    The answer must equal what the live path built, which the tests check; run it after changing the cell
    definition, or to repair tables by hand.
    """
    lock_folds(session, assessment_id)
    for table in (StatCell.__table__, StatTime.__table__, stat_cell_delta, stat_time_delta):
        session.execute(delete(table).where(table.c.assessment_id == assessment_id))
    learners = session.execute(
        select(
            Attempt.learner_id,
            Attempt.id,
            Attempt.number,
            Attempt.earned_num,
            Attempt.earned_den,
            Attempt.points_possible,
        )
        .where(Attempt.assessment_id == assessment_id, Attempt.state == AttemptState.SCORED)
        .order_by(Attempt.learner_id, Attempt.number)
    ).all()
    by_learner: dict[str, list[Scored]] = {}
    for row in learners:
        score = _score(row.earned_num, row.earned_den, row.points_possible)
        by_learner.setdefault(row.learner_id, []).append(Scored(row.id, row.number, score))
    selections: dict[int, list[Selection]] = {}
    for attempts in by_learner.values():
        for selection, ids in selected(attempts).items():
            for attempt_id in ids:
                selections.setdefault(attempt_id, []).append(selection)
    ids = sorted(selections)
    cells: CellDelta = Counter()
    times: CellDelta = Counter()
    for start in range(0, len(ids), batch):
        for attempt in load_scored(session, ids[start : start + batch]):
            for selection in selections[attempt.attempt_id]:
                add(cells, times, selection, attempt, 1)
        if progress is not None:
            progress(min(start + batch, len(ids)), len(ids))
    write(session, assessment_id, cells, times)
    session.flush()
    return len(ids)
