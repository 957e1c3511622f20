"""Equal-width bins for score distributions whose totals are fractional or too many to give a bar each.

Totals are not continuous: they are whole multiples of some step (1/2 for half marks, 1/3 for thirds). Bins that
hold different numbers of those possible totals draw a comb or a spike that is not in the data, so the bins here
are chosen to hold the same number of possible totals each wherever that can be done.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from assess.reporting.wording import decimal

MIN_BINS, MAX_BINS = 10, 40


@dataclass(frozen=True)
class Bins:
    """`count` bins of `width` from `origin`; totals are multiples of `step`, `per_bin` of them a bin if even.

    Centred bins start half a step below 0, so every possible total sits inside a bin and none on an edge, the
    way a bar per whole mark is centred on its mark. Otherwise bins run from 0 to max_total, half-open, the last
    closed.
    """

    origin: Fraction
    width: Fraction
    count: int
    step: Fraction

    @property
    def end(self) -> Fraction:
        return self.origin + self.count * self.width

    @property
    def per_bin(self) -> int | None:
        share = self.width / self.step
        return share.numerator if share.denominator == 1 else None

    def index(self, total: Fraction) -> int:
        return min(math.floor((total - self.origin) / self.width), self.count - 1)

    def bounds(self, index: int) -> tuple[Fraction, Fraction]:
        lo = self.origin + index * self.width
        return lo, lo + self.width

    def name(self, index: int) -> str:
        """By the totals a bin can hold ("12", "11.5 to 12") when it holds whole steps, else as an interval."""
        lo, hi = self.bounds(index)
        last_bin = index == self.count - 1
        if self.per_bin is None:
            return f"[{decimal(lo)}, {decimal(hi)}{']' if last_bin else ')'}"
        first = math.ceil(lo / self.step) * self.step
        last = (math.floor(hi / self.step) if last_bin else math.ceil(hi / self.step) - 1) * self.step
        return decimal(first) if first == last else f"{decimal(first)} to {decimal(last)}"


def lattice(values: Iterable[Fraction]) -> Fraction:
    """The largest step every value is a whole multiple of: 1/2 for half-mark totals, 1/3 for thirds."""
    step = Fraction(0)
    for value in values:
        numerator = math.gcd(step.numerator * value.denominator, value.numerator * step.denominator)
        step = Fraction(numerator, step.denominator * value.denominator)
    return step


def choose_bins(totals: Iterable[Fraction], max_total: Fraction, mark: Fraction | None) -> Bins:
    """The best of every bin count up to MAX_BINS, centred or from 0, judged in this order:

    - every bin holds the same number of possible totals (centred bins do this exactly; bins from 0 give the
      last bin one more, the maximum);
    - the pass mark falls between bins, so no bar holds both passes and fails;
    - a round width (1, 2 or 5 x 10^k marks);
    - more bins.
    """
    step = lattice([*totals, max_total])
    steps = (max_total / step).numerator  # the possible totals are 0, step, ..., steps x step
    candidates = [Bins(-step / 2, (steps + 1) * step / count, count, step) for count in range(1, MAX_BINS + 1)]
    candidates += [Bins(Fraction(0), max_total / count, count, step) for count in range(1, MAX_BINS + 1)]

    def preference(bins: Bins) -> tuple[int, bool, bool, int]:
        even = bins.per_bin is not None and bins.count >= min(MIN_BINS, steps + 1)
        evenness = 0 if not even else 2 if bins.origin < 0 else 1
        return evenness, splits(bins, mark), round_width(bins.width), bins.count

    return max(candidates, key=preference)


def splits(bins: Bins, mark: Fraction | None) -> bool:
    """Whether the lowest possible passing total and the highest failing one fall in different bins."""
    if mark is None:
        return True
    passing = math.ceil(mark / bins.step)
    if passing <= 0 or passing * bins.step > bins.end:
        return True
    return bins.index(passing * bins.step) != bins.index((passing - 1) * bins.step)


def round_width(width: Fraction) -> bool:
    exponent = math.floor(math.log10(width))
    return width / Fraction(10) ** exponent in {1, 2, 5}
