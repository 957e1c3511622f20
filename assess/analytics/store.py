"""The count tables: one row per distinct cell and selection, holding how many selected attempts fall in it.

A cell is (slot, item version, option chosen, mark on the slot, attempt total) as `assess.stats` defines it,
kept for each selection it counts for (first, last, best or all attempts per learner), twice: once in a
rollup row over every cohort and day, which the unfiltered report reads and whose number stops growing once
the marks and totals that occur are all seen; and once tagged with the attempt's cohort (`context_id`) and
the UTC day it was scored, which a cohort or date-range report filters (its cost follows the range asked).

A submit or a void does not write these rows: it appends its changes, tagged with the cohort and day only, to
the delta tables beside them (insert-only, so concurrent submits never touch a row in common), and a fold
(`assess.analytics.folding`) moves the deltas into the cells and their rollup rows. The report reads both.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, Index, Integer, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from itembank.db import Base
from itembank.models._columns import enum_check


class Selection(StrEnum):
    """Which of a learner's scored attempts count, as Moodle's report offers."""

    FIRST = "first"
    LAST = "last"
    BEST = "best"
    ALL = "all"


NO_OPTION = 0
"""`option_id` for "no single option": omitted, or an item type without one chosen option."""

NO_CONTEXT = ""
"""`context_id` of attempts started without a cohort (a key column cannot be NULL and stay unique)."""

ROLLUP_CONTEXT = "\x01all"
"""`context_id` of the rollup rows: every cohort and every day in one row per cell. No real context id can
take this value (the API refuses control characters in ids), so rollup and tagged rows never mix."""

ROLLUP_DAY = date(1, 1, 1)
"""`day` of the rollup rows."""


class StatCell(Base):
    __tablename__ = "stat_cell"
    __table_args__ = (
        UniqueConstraint(
            "assessment_id",
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
            name="uq_stat_cell_key",
        ),
        enum_check("selection", Selection),
        CheckConstraint("mark_den > 0 AND total_den > 0", name="positive_denominators"),
        Index("ix_stat_cell_report", "assessment_id", "selection", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    selection: Mapped[str] = mapped_column(String(8))
    context_id: Mapped[str] = mapped_column(String(200))
    day: Mapped[date] = mapped_column(Date)
    slot_position: Mapped[int]
    item_version_id: Mapped[int] = mapped_column(ForeignKey("item_version.id", ondelete="CASCADE"))
    option_id: Mapped[int] = mapped_column(comment="the option chosen; 0: omitted or not a one-option item")
    mark_num: Mapped[int]
    mark_den: Mapped[int]
    total_num: Mapped[int]
    total_den: Mapped[int]
    count: Mapped[int] = mapped_column(comment="selected attempts in this cell; 0 once all have moved out")


class StatTime(Base):
    """Whole seconds a question took (see `cells.seconds_on_questions`), as a histogram for medians."""

    __tablename__ = "stat_time"
    __table_args__ = (
        UniqueConstraint(
            "assessment_id", "selection", "context_id", "day", "slot_position", "seconds", name="uq_stat_time_key"
        ),
        enum_check("selection", Selection),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    selection: Mapped[str] = mapped_column(String(8))
    context_id: Mapped[str] = mapped_column(String(200))
    day: Mapped[date] = mapped_column(Date)
    slot_position: Mapped[int]
    seconds: Mapped[int]
    count: Mapped[int]


def _delta_table(name: str, *columns: Column[int], checks: tuple[CheckConstraint, ...] = ()) -> Table:
    """Insert-only: no key, no primary key (no sequence, no second index per row); the fold deletes what it moves."""
    return Table(
        name,
        Base.metadata,
        Column("assessment_id", ForeignKey("assessment.id", ondelete="CASCADE"), nullable=False),
        Column("selection", String(8), nullable=False),
        Column("context_id", String(200), nullable=False),
        Column("day", Date, nullable=False),
        Column("slot_position", Integer, nullable=False),
        *columns,
        Column("count", Integer, nullable=False, comment="+1 entering the selection, -1 leaving it"),
        enum_check("selection", Selection),
        *checks,
        Index(f"ix_{name}_assessment", "assessment_id", "selection"),
        comment="changes to the cells not folded into them yet; the report adds them",
    )


stat_cell_delta = _delta_table(
    "stat_cell_delta",
    Column("item_version_id", ForeignKey("item_version.id", ondelete="CASCADE"), nullable=False),
    Column("option_id", Integer, nullable=False),
    Column("mark_num", Integer, nullable=False),
    Column("mark_den", Integer, nullable=False),
    Column("total_num", Integer, nullable=False),
    Column("total_den", Integer, nullable=False),
    checks=(CheckConstraint("mark_den > 0 AND total_den > 0", name="positive_denominators"),),
)
stat_time_delta = _delta_table("stat_time_delta", Column("seconds", Integer, nullable=False))
