"""Reading the count tables back into `assess.stats` and a report: the analytics service views call.

The report's queries group the stored cells and the deltas not folded into them yet (`folding`), each in one
statement, so a fold committing meanwhile is seen wholly or not at all; none reads an attempt. Its cost
follows the number of distinct cells (slots x versions x options x marks x totals x days x cohorts), which
stops growing long before the number of attempts does, plus the pending deltas, which a fold first bounds.
Attempts of the assessment past their deadline are closed first (`close_overdue`: one indexed query when
there are none), so their scores are in the cells the report reads.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from itertools import groupby
from operator import itemgetter
from typing import TypeVar

from sqlalchemy import Row, Select, Table, func, select, union_all
from sqlalchemy.orm import Session, selectinload

from assess.analytics.folding import fold_if_due
from assess.analytics.store import (
    NO_CONTEXT,
    NO_OPTION,
    ROLLUP_CONTEXT,
    Selection,
    StatCell,
    StatTime,
    stat_cell_delta,
    stat_time_delta,
)
from assess.delivery.closing import close_overdue
from assess.errors import DeliveryError
from assess.queries import tenant_assessment
from assess.stats import (
    CountTables,
    OptionCounts,
    OptionStats,
    QuestionTime,
    Report,
    SlotCounts,
    VersionCounts,
    analyse,
    question_time,
)
from assess.stats.tables import exact
from itembank.itemtypes import ONE_OPTION_TYPES
from itembank.models import Assessment, ItemVersion
from itembank.rich_text import plain_text


class InconsistentTablesError(DeliveryError):
    """The selected attempts do not all have a mark on every slot (the form changed under them)."""

    kind = "analytics-inconsistent"


@dataclass(frozen=True)
class AnalyticsQuery:
    selection: Selection = Selection.FIRST
    context_id: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    item_version_id: int | None = None


@dataclass(frozen=True)
class AnalyticsReport:
    assessment: Assessment
    query: AnalyticsQuery
    tables: CountTables
    report: Report
    times: tuple[QuestionTime, ...]
    labels: dict[int, str] = field(default_factory=dict)  # slot -> item refs seen in it
    version_labels: dict[str, str] = field(default_factory=dict)  # version id -> "ref v2"

    def version_options(self, slot: int) -> tuple[OptionStats, ...]:
        """The options of one version delivered in `slot`: the one the query names, else the first with options.

        None when the slot has none (not a choice item, or not in the report): the chart says there is nothing.
        """
        options = [option for option in self.report.options if option.slot == slot]
        if not options:
            return ()
        wanted = str(self.query.item_version_id) if self.query.item_version_id is not None else options[0].version
        return tuple(option for option in options if option.version == wanted)


SelectT = TypeVar("SelectT", bound=Select)  # any Select, whatever its columns


def _filtered(query: SelectT, table: Table, assessment_id: int, where: AnalyticsQuery, *, rollup: bool) -> SelectT:
    """Unfiltered reports read the rollup rows only; a cohort or a date range reads the tagged rows it names.

    `rollup`: the table has rollup rows (the cells). Deltas are all tagged: every one counts unfiltered.
    """
    columns = table.c
    query = query.where(columns.assessment_id == assessment_id, columns.selection == where.selection.value)
    if where.context_id is None and where.date_from is None and where.date_to is None:
        return query.where(columns.context_id == ROLLUP_CONTEXT) if rollup else query
    if rollup:
        query = query.where(columns.context_id != ROLLUP_CONTEXT)
    if where.context_id is not None:
        query = query.where(columns.context_id == (where.context_id or NO_CONTEXT))
    if where.date_from is not None:
        query = query.where(columns.day >= where.date_from)
    if where.date_to is not None:
        query = query.where(columns.day <= where.date_to)
    return query


def _counts(cells: Table, deltas: Table, keys: tuple[str, ...], assessment_id: int, where: AnalyticsQuery) -> Select:
    """sum(count) per `keys` over the folded cells and the pending deltas, in one statement (one snapshot)."""
    parts = [
        _filtered(select(*(table.c[name] for name in keys), table.c.count), table, assessment_id, where, rollup=rollup)
        for table, rollup in ((cells, True), (deltas, False))
    ]
    both = union_all(*parts).subquery()
    grouped = [both.c[name] for name in keys]
    total = func.sum(both.c.count)
    return select(*grouped, total.label("count")).group_by(*grouped).having(total > 0)


_CELL_KEYS = ("slot_position", "item_version_id", "option_id", "mark_num", "mark_den", "total_num", "total_den")


def analytics_report(
    session: Session, tenant_id: int, assessment_id: int, where: AnalyticsQuery | None = None, *, now: datetime
) -> AnalyticsReport:
    where = where or AnalyticsQuery()
    assessment = tenant_assessment(session, tenant_id, assessment_id, selectinload(Assessment.slots))
    close_overdue(session, tenant_id, now=now, assessment_id=assessment.id)
    fold_if_due(session, assessment.id)
    rows = session.execute(_counts(StatCell.__table__, stat_cell_delta, _CELL_KEYS, assessment.id, where)).all()
    version_ids = sorted({row.item_version_id for row in rows})
    versions = {
        version.id: version
        for version in session.scalars(
            select(ItemVersion)
            .where(ItemVersion.id.in_(version_ids))
            .options(selectinload(ItemVersion.options), selectinload(ItemVersion.item))
        )
    }
    tables = _count_tables(assessment, rows, versions)
    report = analyse(tables, pass_threshold=assessment.pass_threshold)
    if where.item_version_id is not None:
        wanted = str(where.item_version_id)
        report = Report(
            report.assessment,
            report.slots,
            tuple(v for v in report.versions if v.version == wanted),
            tuple(o for o in report.options if o.version == wanted),
            tuple(f for f in report.flags if f.version in (None, wanted)),
        )
    labels: dict[int, set[str]] = {}
    for row in rows:
        labels.setdefault(row.slot_position, set()).add(versions[row.item_version_id].item.ref)
    return AnalyticsReport(
        assessment,
        where,
        tables,
        report,
        _times(session, assessment.id, where),
        {slot: ", ".join(sorted(refs)) for slot, refs in labels.items()},
        {str(v.id): f"{v.item.ref} v{v.number}" for v in versions.values()},
    )


def _count_tables(assessment: Assessment, rows: Sequence[Row], versions: dict[int, ItemVersion]) -> CountTables:
    random_slots = {slot.position for slot in assessment.slots if slot.pool_id is not None}
    marks: dict[tuple[int, int], Counter] = defaultdict(Counter)
    chosen: dict[tuple[int, int, int], Counter] = defaultdict(Counter)
    for slot, version_id, option_id, mark_num, mark_den, total_num, total_den, count in rows:
        # Whole numbers stay ints, as `assess.stats` holds them: no Fraction built per row.
        cell = (
            mark_num if mark_den == 1 else exact(Fraction(mark_num, mark_den)),
            total_num if total_den == 1 else exact(Fraction(total_num, total_den)),
        )
        marks[slot, version_id][cell] += count
        chosen[slot, version_id, option_id][cell] += count
    slots: dict[int, list[VersionCounts]] = {}
    for (slot, version_id), cells in sorted(marks.items()):
        version = versions[version_id]
        options: tuple[OptionCounts, ...] = ()
        guess = None
        if version.type in ONE_OPTION_TYPES and version.options:
            options = (
                *(
                    OptionCounts(
                        option.id,
                        option.is_correct,
                        chosen.get((slot, version_id, option.id), {}),
                        plain_text(option.text),
                    )
                    for option in version.options
                ),
                OptionCounts(None, False, chosen.get((slot, version_id, NO_OPTION), {})),
            )
            guess = Fraction(sum(option.is_correct for option in version.options), len(version.options))
        slots.setdefault(slot, []).append(VersionCounts(str(version_id), cells, options, guess))
    slot_counts = []
    for slot, slot_versions in sorted(slots.items()):
        max_mark = max(versions[int(v.version)].points for v in slot_versions)
        slot_counts.append(SlotCounts(slot, Fraction(max_mark), tuple(slot_versions), slot in random_slots))
    totals: Counter = Counter()
    if slot_counts:
        for (_mark, total), count in slot_counts[0].cells.items():
            totals[total] += count
    try:
        return CountTables(tuple(slot_counts), totals)
    except ValueError as exc:
        raise InconsistentTablesError(str(exc)) from exc


def _times(session: Session, assessment_id: int, where: AnalyticsQuery) -> tuple[QuestionTime, ...]:
    counts = _counts(StatTime.__table__, stat_time_delta, ("slot_position", "seconds"), assessment_id, where)
    rows = session.execute(counts.order_by("slot_position", "seconds")).all()
    return tuple(
        question_time(slot, [(seconds, count) for _slot, seconds, count in group])
        for slot, group in groupby(rows, key=itemgetter(0))
    )
