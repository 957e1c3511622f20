"""Moving the deltas submits and voids append into the count cells: each into its tagged cell and its rollup row.

A submit appends its changes (`maintain.append`) and never touches a cell, so submits to one assessment share
no row. The cells are brought up to date by a fold, which only folds ever contend with:

- on PostgreSQL, one statement deletes the assessment's deltas and adds what it deleted to the cells
  (`DELETE ... RETURNING` in the upsert's CTE). The deleted rows are exactly those its snapshot saw committed,
  and they are the rows it adds: a delta committed while the fold runs is not deleted and waits for the next
  fold, so none is lost or counted twice. The fold and the report's reads commit or are seen whole (the
  report reads cells and deltas in one statement). A transaction-scoped advisory lock per assessment keeps a
  second fold from queueing on the first's cell rows: it skips, and the deltas stay readable until a later one.
- on SQLite, every writing transaction holds the database's write lock from its BEGIN (`itembank.db`), so the
  same upsert reading the deltas, then a DELETE of them, cannot interleave with an append.

When: the report folds an assessment first when it has `FOLD_AT` deltas or more pending (so no report reads
more than that many), and `assess fold-analytics` folds every assessment (run it from cron; docs/analytics.md).
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Date, Integer, String, TextClause, bindparam, func, select, text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from assess.analytics.store import ROLLUP_CONTEXT, ROLLUP_DAY, StatCell, StatTime, stat_cell_delta, stat_time_delta

FOLD_AT = 10_000
"""Pending `stat_cell_delta` rows at which a report folds first: about 80 submits of a 15-question test."""

_LOCK_CLASS = 0x5354  # pg_try_advisory_xact_lock(class, assessment id): "ST", the analytics tables' folds

_TABLES = (
    (
        StatCell.__table__,
        stat_cell_delta,
        ("slot_position", "item_version_id", "option_id", "mark_num", "mark_den", "total_num", "total_den"),
    ),
    (StatTime.__table__, stat_time_delta, ("slot_position", "seconds")),
)


def pending(session: Session, assessment_id: int, *, up_to: int = FOLD_AT) -> int:
    """How many cell deltas the assessment has waiting, counted no further than `up_to` (a bounded read)."""
    waiting = select(stat_cell_delta.c.assessment_id).where(stat_cell_delta.c.assessment_id == assessment_id)
    return session.scalar(select(func.count()).select_from(waiting.limit(up_to).subquery())) or 0


def fold_if_due(session: Session, assessment_id: int) -> bool:
    """Fold before a report when enough deltas wait that reading them beside the cells would cost more than folding."""
    return pending(session, assessment_id) >= FOLD_AT and fold(session, assessment_id)


def fold(session: Session, assessment_id: int) -> bool:
    """Move the assessment's deltas into its cells; False when another fold of it holds the lock (PostgreSQL)."""
    dialect = session.get_bind().dialect
    if dialect.name == "postgresql":
        locked = session.scalar(
            text("SELECT pg_try_advisory_xact_lock(:class, :id)"), {"class": _LOCK_CLASS, "id": assessment_id}
        )
        if not locked:
            return False
    for statement in _statements(dialect):
        session.execute(statement, {"assessment": assessment_id})
    return True


def lock_folds(session: Session, assessment_id: int) -> None:
    """Wait for a running fold of the assessment and keep others out until the transaction ends (a rebuild)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:class, :id)"), {"class": _LOCK_CLASS, "id": assessment_id})


def assessments_pending(session: Session) -> list[int]:
    """The assessments with deltas waiting, in id order."""
    return list(session.scalars(select(stat_cell_delta.c.assessment_id).union(select(stat_time_delta.c.assessment_id))))


@lru_cache(maxsize=32)  # per dialect (one per engine): bounded
def _statements(dialect: Dialect) -> tuple[TextClause, ...]:
    statements: list[TextClause] = []
    for cells, deltas, keys in _TABLES:
        key_list = ", ".join(keys)
        tagged = ("selection", "context_id", "day", *keys)
        if dialect.name == "postgresql":
            moved = f"DELETE FROM {deltas.name} WHERE assessment_id = :assessment RETURNING {', '.join(tagged)}, count"
        else:
            moved = f"SELECT {', '.join(tagged)}, count FROM {deltas.name} WHERE assessment_id = :assessment"
        upsert = text(
            f"WITH moved AS ({moved}),"
            f" tagged AS (SELECT {', '.join(tagged)}, sum(count) AS count FROM moved GROUP BY {', '.join(tagged)}),"
            " pending AS (SELECT * FROM tagged UNION ALL"
            f" SELECT selection, :rollup_context, :rollup_day, {key_list}, sum(count) FROM tagged"
            f" GROUP BY selection, {key_list})"
            f" INSERT INTO {cells.name} (assessment_id, {', '.join(tagged)}, count)"
            f" SELECT :assessment, {', '.join(tagged)}, count FROM pending WHERE count <> 0"
            f" ON CONFLICT (assessment_id, {', '.join(tagged)})"
            f" DO UPDATE SET count = {cells.name}.count + excluded.count"
        ).bindparams(
            bindparam("assessment", type_=Integer()),
            bindparam("rollup_context", ROLLUP_CONTEXT, type_=String()),
            bindparam("rollup_day", ROLLUP_DAY, type_=Date()),
        )
        statements.append(upsert)
        if dialect.name != "postgresql":
            statements.append(text(f"DELETE FROM {deltas.name} WHERE assessment_id = :assessment"))  # still locked
    return tuple(statements)
