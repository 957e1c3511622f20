"""Each bank item's latest statistics, for the bank's list: its newest version that learners answered, read
from the report of the assessment where that version was answered most (`analytics_report`, the same numbers
the analytics pages and the API give, first attempts of each learner).

The assessments are found from the count cells (and the deltas not folded yet) that name the items' versions;
one report per assessment found, so a page of items costs as many reports as the assessments they sit in.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from assess.analytics.reading import AnalyticsQuery, AnalyticsReport, analytics_report
from assess.analytics.store import Selection, StatCell, stat_cell_delta
from assess.reporting.reasons import reason, severity_words
from assess.stats import Flag, Severity
from itembank.models import Assessment, ItemVersion


@dataclass(frozen=True)
class ItemFigures:
    assessment_id: int
    assessment_title: str
    version: int
    attempts: int
    facility: Fraction | None
    discrimination: float | None
    flags: tuple[str, ...]  # each flag's reason, in words


def latest_item_figures(
    session: Session, tenant_id: int, item_ids: Collection[int], *, now: datetime
) -> dict[int, ItemFigures]:
    """item id -> its figures; an item no learner has answered yet is absent."""
    if not item_ids:
        return {}
    versions = {
        version.id: version for version in session.scalars(select(ItemVersion).where(ItemVersion.item_id.in_(item_ids)))
    }
    answered = union(
        *(
            select(table.c.assessment_id, table.c.item_version_id).where(
                table.c.item_version_id.in_(versions), table.c.selection == Selection.FIRST
            )
            for table in (StatCell.__table__, stat_cell_delta)
        )
    ).subquery()
    pairs = session.execute(
        select(answered.c.assessment_id, answered.c.item_version_id)
        .join(Assessment, Assessment.id == answered.c.assessment_id)
        .where(Assessment.tenant_id == tenant_id)
    ).all()
    found: dict[int, ItemFigures] = {}
    for assessment_id in sorted({pair.assessment_id for pair in pairs}):
        report = analytics_report(session, tenant_id, assessment_id, AnalyticsQuery(), now=now)
        reasons: dict[str, list[str]] = {}
        for flag in report.report.flags:
            if flag.version is not None and flag.severity is not Severity.INFO:
                reasons.setdefault(flag.version, []).append(_worded(flag))
        for stats in report.report.versions:
            if stats.version is None or (version := versions.get(int(stats.version))) is None:
                continue
            figures = ItemFigures(
                assessment_id,
                report.assessment.title,
                version.number,
                stats.attempts,
                stats.facility,
                stats.discrimination_index,
                tuple(reasons.get(stats.version, ())) + _slot_flags(report, stats.slot),
            )
            if _better(figures, found.get(version.item_id)):
                found[version.item_id] = figures
    return found


def _slot_flags(found: AnalyticsReport, slot: int) -> tuple[str, ...]:
    """The slot's own flags where it holds one item only (a fixed slot): they are that item's."""
    fixed = {position.position for position in found.assessment.slots if position.item_id is not None}
    if slot not in fixed:
        return ()
    return tuple(
        _worded(flag)
        for flag in found.report.flags
        if flag.slot == slot and flag.version is None and flag.severity is not Severity.INFO
    )


def _worded(flag: Flag) -> str:
    """What the bank prints beside an item: only what needs a look, in the report's own words."""
    return f"{severity_words(flag.severity)}: {reason(flag)}"


def _better(new: ItemFigures, old: ItemFigures | None) -> bool:
    """The newer version wins; for the same version, the assessment where more learners answered it."""
    return old is None or (new.version, new.attempts) > (old.version, old.attempts)


def version_items(session: Session, found: AnalyticsReport) -> dict[str, int]:
    """The report's version ids (as its flags name them) -> their items' ids: a flagged version links to its item."""
    ids = [int(version) for version in found.version_labels]
    rows = session.execute(select(ItemVersion.id, ItemVersion.item_id).where(ItemVersion.id.in_(ids)))
    return {str(version_id): item_id for version_id, item_id in rows}
