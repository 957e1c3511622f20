"""Distractor analysis: how each option of a choice item was chosen, overall and by ability group.

Ability is the rest score (T - x), so the item's own mark does not push its choosers into a group. Groups
are thirds of the attempts that saw the version; ties at the cuts are split fractionally (`tail_weights`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from assess.stats.moments import PairedSums, correlation, tail_weights, weighted_total
from assess.stats.tables import Cell, Exact, OptionCounts, OptionId, VersionCounts

THIRD = Fraction(1, 3)


@dataclass(frozen=True)
class OptionStats:
    """Shares are of the attempts that saw this version, overall and within each third by rest score."""

    slot: int
    version: str
    option: OptionId
    is_key: bool
    count: int
    share: Fraction | None
    share_lower: Fraction | None
    share_middle: Fraction | None
    share_upper: Fraction | None
    point_biserial: float | None
    letter: str | None = None
    """A, B, C ... in the authored order of the version's options (None for omitted): the learner's name for it."""
    text: str = ""
    group_size: Fraction | None = None
    """How many attempts each third holds (n/3): the sample size behind `share_lower` to `share_upper`."""

    @property
    def omitted(self) -> bool:
        return self.option is None

    @property
    def distractor(self) -> bool:
        return not self.is_key and not self.omitted


@dataclass(frozen=True)
class Thirds:
    """The fraction of the attempts at each rest score that belongs to the lower and upper third."""

    lower: Mapping[Exact, Fraction]
    upper: Mapping[Exact, Fraction]
    group_size: Fraction

    @classmethod
    def of(cls, rest_scores: Mapping[Exact, int]) -> Thirds:
        n = sum(rest_scores.values())
        return cls(
            tail_weights(rest_scores, THIRD, top=False),
            tail_weights(rest_scores, THIRD, top=True),
            THIRD * n,
        )

    def shares(self, chosen_rest: Mapping[Exact, int]) -> tuple[Fraction | None, ...]:
        """(lower, middle, upper) share of each group that chose the option."""
        if not self.group_size:
            return None, None, None
        lower = weighted_total(chosen_rest.items(), self.lower)
        upper = weighted_total(chosen_rest.items(), self.upper)
        middle = sum(chosen_rest.values()) - lower - upper
        return lower / self.group_size, middle / self.group_size, upper / self.group_size


def rest_distribution(cells: Mapping[Cell, int]) -> dict[Exact, int]:
    result: dict[Exact, int] = {}
    for (mark, total), count in cells.items():
        result[total - mark] = result.get(total - mark, 0) + count
    return result


def point_biserial(option: OptionCounts, version_rest: PairedSums) -> float | None:
    """Pearson r between "chose this option" (0/1) and the rest score, over the attempts that saw the version.

    Built from Σ1 and Σrest of the choosers plus the version's rest sums, so no attempt is read. Undefined when
    everyone or no one chose the option, or the rest score does not vary.
    """
    n = version_rest.n
    if n < 2:
        return None
    chosen = sum(option.cells.values())
    chosen_rest = sum(count * (total - mark) for (mark, total), count in option.cells.items())
    indicator_variance = (chosen - Fraction(chosen * chosen, n)) / (n - 1)
    covariance = (chosen_rest - chosen * version_rest.sum_y / n) / (n - 1)
    return correlation(covariance, indicator_variance, version_rest.variance_y())


def letter(index: int) -> str:
    """A..Z, then AA, AB ...: options are lettered in the order the author wrote them, as a printed paper shows."""
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(ord("A") + remainder) + name
    return name


def option_statistics(slot: int, version: VersionCounts) -> tuple[OptionStats, ...]:
    cells = version.cells
    n = sum(cells.values())
    thirds = Thirds.of(rest_distribution(cells))
    version_rest = PairedSums.of((x, t - x, count) for (x, t), count in cells.items())
    results = []
    letters = iter(range(len(version.options)))
    for option in version.options:
        count = sum(option.cells.values())
        lower, middle, upper = thirds.shares(rest_distribution(option.cells))
        results.append(
            OptionStats(
                slot=slot,
                version=version.version,
                option=option.option,
                is_key=option.is_key,
                count=count,
                share=Fraction(count, n) if n else None,
                share_lower=lower,
                share_middle=middle,
                share_upper=upper,
                point_biserial=point_biserial(option, version_rest),
                letter=None if option.omitted else letter(next(letters)),
                text=option.text,
                group_size=thirds.group_size if n else None,
            )
        )
    return tuple(results)
