"""The whole analytics report of one assessment, computed from its count tables alone."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from assess.stats.distractors import OptionStats, option_statistics
from assess.stats.flags import DEFAULT_THRESHOLDS, Flag, FlagThresholds, distractor_flags, item_flags
from assess.stats.items import ItemStats, item_statistics
from assess.stats.scores import AssessmentStats, score_statistics
from assess.stats.tables import CountTables


@dataclass(frozen=True)
class Report:
    assessment: AssessmentStats
    slots: tuple[ItemStats, ...]
    versions: tuple[ItemStats, ...]
    options: tuple[OptionStats, ...]
    flags: tuple[Flag, ...]


def analyse(
    tables: CountTables,
    *,
    pass_threshold: Fraction | None = None,
    thresholds: FlagThresholds = DEFAULT_THRESHOLDS,
) -> Report:
    """Cost grows with the number of distinct cells in the tables, never with the number of attempts."""
    slots, versions = item_statistics(tables.slots)
    assessment = score_statistics(
        tables.totals,
        tables.max_total,
        pass_threshold=pass_threshold,
        item_variances=[slot.mark_variance for slot in slots],
        dichotomous_item_max=dichotomous_item_max(tables),
    )
    options_by_version = [option_statistics(slot.slot, version) for slot in tables.slots for version in slot.versions]
    flags = item_review_flags(tables, slots, versions, thresholds)
    flags += [flag for options in options_by_version for flag in distractor_flags(options, thresholds)]
    options = tuple(option for options in options_by_version for option in options)
    return Report(assessment, slots, versions, options, tuple(flags))


def dichotomous_item_max(tables: CountTables) -> Fraction | None:
    """The common max mark when every slot is worth it and marked all or nothing (KR-21's items), else None."""
    worth = {slot.max_mark for slot in tables.slots}
    if len(worth) != 1 or not (item_max := worth.pop()):
        return None
    marks = {mark for slot in tables.slots for (mark, _total) in slot.cells}
    return item_max if marks <= {0, item_max} else None


def item_review_flags(
    tables: CountTables,
    slots: tuple[ItemStats, ...],
    versions: tuple[ItemStats, ...],
    thresholds: FlagThresholds,
) -> list[Flag]:
    """Slot rules always; version rules only where a slot has several versions, so nothing is said twice."""
    shared = {slot.slot for slot in tables.slots if len(slot.versions) > 1}
    flags = [flag for item in slots for flag in item_flags(item, thresholds)]
    return flags + [flag for item in versions if item.slot in shared for flag in item_flags(item, thresholds)]
