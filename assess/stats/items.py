"""Per-slot and per-item-version statistics, following Moodle's question statistics calculator.

Source: Moodle `question/classes/statistics/questions/calculator.php` (facility, SD, covariance with the rest
of the test, discrimination index, discriminative efficiency, effective weight) and the report's intended
weight (`mod/quiz/report/statistics/statistics_table.php`). Ratios that Moodle shows x100 are kept as plain
ratios here (r in [-1, 1], efficiency and weights as shares of 1).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Literal

from assess.stats.moments import (
    ZERO,
    PairedSums,
    correlation,
    max_covariance,
    ratio,
    square_root,
    tail_weights,
    weighted_total,
)
from assess.stats.tables import Cell, Exact, SlotCounts, VersionCounts, marginal, merged

Against = Literal["rest", "total"]
"""What an item's mark is correlated with: the rest of the test (T - x), or the whole total T."""

UPPER_LOWER_SHARE = Fraction(27, 100)


@dataclass(frozen=True)
class ItemStats:
    """One slot (version None: every version pooled) or one item version within a slot."""

    slot: int
    version: str | None
    attempts: int
    max_mark: Fraction
    random_slot: bool
    against: Against
    mean_mark: Fraction | None
    facility: Fraction | None
    sd: float | None
    mark_variance: Fraction | None
    other_variance: Fraction | None
    covariance: Fraction | None
    covariance_max: Fraction | None
    covariance_with_total: Fraction | None
    discrimination_index: float | None
    discriminative_efficiency: Fraction | None
    total_correlation: float | None
    upper_lower_index: Fraction | None
    random_guess_score: Fraction | None
    intended_weight: Fraction | None = None
    effective_weight: float | None = None
    alpha_if_deleted: Fraction | None = None


def other_score(cell: Cell, against: Against) -> Exact:
    mark, total = cell
    return total - mark if against == "rest" else total


def describe(
    slot: SlotCounts,
    version: str | None,
    cells: Mapping[Cell, int],
    against: Against,
    random_guess_score: Fraction | None,
) -> ItemStats:
    """Every single-item statistic that needs nothing but this item's own (x, T) table."""
    with_other = PairedSums.of((x, other_score((x, t), against), count) for (x, t), count in cells.items())
    with_total = PairedSums.of((x, t, count) for (x, t), count in cells.items())
    other_marginal: dict[Exact, int] = {}
    for cell, count in cells.items():
        other = other_score(cell, against)
        other_marginal[other] = other_marginal.get(other, 0) + count
    mark_variance = with_other.variance_x()
    covariance = with_other.covariance()
    covariance_with_total = with_total.covariance()
    covariance_max = max_covariance(marginal(cells, 0), other_marginal) if with_other.n else None
    mean_mark = with_other.mean_x()
    scored = slot.max_mark != 0
    return ItemStats(
        slot=slot.slot,
        version=version,
        attempts=with_other.n,
        max_mark=slot.max_mark,
        random_slot=slot.random,
        against=against,
        mean_mark=mean_mark,
        facility=ratio(mean_mark, slot.max_mark),
        sd=square_root(mark_variance) if scored else None,
        mark_variance=mark_variance,
        other_variance=with_other.variance_y(),
        covariance=covariance,
        covariance_max=covariance_max,
        covariance_with_total=covariance_with_total,
        discrimination_index=correlation(covariance, mark_variance, with_other.variance_y()),
        discriminative_efficiency=ratio(covariance, covariance_max),
        total_correlation=correlation(covariance_with_total, mark_variance, with_total.variance_y()),
        upper_lower_index=upper_lower_index(cells, slot.max_mark),
        random_guess_score=random_guess_score,
    )


def upper_lower_index(cells: Mapping[Cell, int], max_mark: Fraction) -> Fraction | None:
    """(mean mark of the top 27% by total - that of the bottom 27%) / max mark; Kelley's classical index.

    Groups are formed on the attempt total T, with ties at the cut split fractionally (`tail_weights`).
    Undefined with fewer than two attempts, a slot worth nothing, or totals that are all equal.
    """
    totals = marginal(cells, 1)
    n = sum(totals.values())
    if n < 2 or len(totals) < 2 or not max_mark:
        return None
    group_size = UPPER_LOWER_SHARE * n
    lower = tail_weights(totals, UPPER_LOWER_SHARE, top=False)
    upper = tail_weights(totals, UPPER_LOWER_SHARE, top=True)
    lower_marks = weighted_total(((t, count * x) for (x, t), count in cells.items()), lower)
    upper_marks = weighted_total(((t, count * x) for (x, t), count in cells.items()), upper)
    return (upper_marks - lower_marks) / group_size / max_mark


def version_against(slot: SlotCounts) -> Against:
    """Moodle correlates a question drawn into a random slot with the whole total, not the rest.

    (`calculator.php`: sub-question stats are walked with `positionstat = false`.) Versions of a fixed slot
    are compared with the rest of the test, as the slot itself is.
    """
    return "total" if slot.random else "rest"


def slot_guess_score(slot: SlotCounts) -> Fraction | None:
    """The expected guess score of the slot as delivered: versions' scores weighted by how often each was seen."""
    seen = [version for version in slot.versions if version.attempts]
    guesses = [(v.random_guess_score, v.attempts) for v in seen if v.random_guess_score is not None]
    if not seen or len(guesses) < len(seen):
        return None
    weighted = sum((score * attempts for score, attempts in guesses), ZERO)
    return weighted / sum(attempts for _, attempts in guesses)


def describe_slot(slot: SlotCounts) -> ItemStats:
    return describe(slot, None, merged(v.cells for v in slot.versions), "rest", slot_guess_score(slot))


def describe_version(slot: SlotCounts, version: VersionCounts) -> ItemStats:
    return describe(slot, version.version, version.cells, version_against(slot), version.random_guess_score)


def effective_weights(covariances: Sequence[Fraction | None]) -> list[float | None]:
    """sqrt(cov(x, T)) / Σ sqrt(cov) over slots whose covariance with the total is not negative (Moodle).

    A slot with negative covariance gets None and is left out of the sum; when the sum is 0 every weight is None.
    """
    roots = [math.sqrt(c) if c is not None and c >= 0 else None for c in covariances]
    denominator = sum(root for root in roots if root is not None)
    if not denominator:
        return [None] * len(roots)
    return [None if root is None else root / denominator for root in roots]


def alpha_if_deleted(item: ItemStats, item_count: int, sum_of_variances: Fraction | None) -> Fraction | None:
    """Cronbach's alpha of the test without this slot: the rest score is exactly that shorter test's total."""
    k = item_count - 1
    rest_variance = item.other_variance
    if k < 2 or sum_of_variances is None or item.mark_variance is None or not rest_variance:
        return None
    return Fraction(k, k - 1) * (1 - (sum_of_variances - item.mark_variance) / rest_variance)


def weigh_slots(slots: Sequence[ItemStats]) -> tuple[ItemStats, ...]:
    """Add what needs every slot at once: intended and effective weight, alpha if the slot were deleted."""
    total_max = sum((item.max_mark for item in slots), ZERO)
    variances = [item.mark_variance for item in slots]
    known = [v for v in variances if v is not None]
    sum_of_variances = None if len(known) < len(variances) else sum(known, ZERO)
    weights = effective_weights([item.covariance_with_total for item in slots])
    return tuple(
        replace(
            item,
            intended_weight=ratio(item.max_mark, total_max),
            effective_weight=weight,
            alpha_if_deleted=alpha_if_deleted(item, len(slots), sum_of_variances),
        )
        for item, weight in zip(slots, weights, strict=True)
    )


def item_statistics(slots: Sequence[SlotCounts]) -> tuple[tuple[ItemStats, ...], tuple[ItemStats, ...]]:
    """(one ItemStats per slot, one per version of each slot)."""
    described = [describe_slot(slot) for slot in slots]
    version_stats = tuple(
        sole_version(slot, version, stats)
        if len(slot.versions) == 1 and version_against(slot) == stats.against
        else describe_version(slot, version)
        for slot, stats in zip(slots, described, strict=True)
        for version in slot.versions
    )
    return weigh_slots(described), version_stats


def sole_version(slot: SlotCounts, version: VersionCounts, slot_stats: ItemStats) -> ItemStats:
    """A slot that only ever delivered one version has that version's table, so its statistics are the slot's.

    Reusing them halves the report's work on the common fixed-item test; only the names differ.
    """
    return replace(slot_stats, version=version.version, random_guess_score=version.random_guess_score)
