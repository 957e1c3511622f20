"""Exact count-weighted sums and the few estimators built on them.

Everything here is accumulated in Fractions: sample variances of marks such as 1/3 or 0.3333333 would
otherwise lose digits in the subtraction Σx² - (Σx)²/n, and the report must give the same answer however the
counts were grouped. Floats appear only where a square root is taken.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import cast

from assess.stats.tables import Exact, ExactT

ZERO = Fraction(0)


def weighted_total(terms: Iterable[tuple[Exact, Exact]], weights: Mapping[Exact, Fraction]) -> Fraction:
    """Σ value x weight(score) over (score, value) terms; a score without a weight counts 0.

    Values are added up per score first, so there is one Fraction product per weighted score (a handful), not
    one per term: `tail_weights` gives weight to few scores, and the terms are the report's cells.
    """
    per_score: dict[Exact, Exact] = {}
    for score, value in terms:
        if score in weights:
            per_score[score] = per_score.get(score, 0) + value
    return sum((weights[score] * value for score, value in per_score.items()), ZERO)


@dataclass(frozen=True)
class PairedSums:
    """Σ1, Σx, Σy, Σx², Σy², Σxy over weighted pairs: enough for both variances and their covariance."""

    n: int
    sum_x: Fraction
    sum_y: Fraction
    sum_xx: Fraction
    sum_yy: Fraction
    sum_xy: Fraction

    @classmethod
    def of(cls, pairs: Iterable[tuple[Exact, Exact, int]]) -> PairedSums:
        """Summed as integers over a common denominator, then made Fractions once: exactly the same sums,
        without a gcd per term (the report's hot loop)."""
        pairs = list(pairs)  # ints or Fractions (`tables.exact`): both have numerator and denominator
        dx = math.lcm(1, *(x.denominator for x, _y, _c in pairs))
        dy = math.lcm(1, *(y.denominator for _x, y, _c in pairs))
        n = sx = sy = sxx = syy = sxy = 0
        for x, y, count in pairs:
            xi = x.numerator * (dx // x.denominator)
            yi = y.numerator * (dy // y.denominator)
            n += count
            sx += count * xi
            sy += count * yi
            sxx += count * xi * xi
            syy += count * yi * yi
            sxy += count * xi * yi
        return cls(
            n,
            Fraction(sx, dx),
            Fraction(sy, dy),
            Fraction(sxx, dx * dx),
            Fraction(syy, dy * dy),
            Fraction(sxy, dx * dy),
        )

    def mean_x(self) -> Fraction | None:
        return self.sum_x / self.n if self.n else None

    def variance_x(self) -> Fraction | None:
        return self._sample(self.sum_xx, self.sum_x, self.sum_x)

    def variance_y(self) -> Fraction | None:
        return self._sample(self.sum_yy, self.sum_y, self.sum_y)

    def covariance(self) -> Fraction | None:
        return self._sample(self.sum_xy, self.sum_x, self.sum_y)

    def _sample(self, sum_products: Fraction, sum_a: Fraction, sum_b: Fraction) -> Fraction | None:
        """The n-1 estimator, as Moodle and R use; one observation has no spread to estimate."""
        if self.n < 2:
            return None
        return (sum_products - sum_a * sum_b / self.n) / (self.n - 1)


def square_root(value: Fraction | None) -> float | None:
    return None if value is None else math.sqrt(value)


def correlation(covariance: Fraction | None, variance_a: Fraction | None, variance_b: Fraction | None) -> float | None:
    """Pearson r; undefined (None) when either side does not vary, because then nothing can co-vary with it."""
    if covariance is None or variance_a is None or variance_b is None:
        return None
    product = variance_a * variance_b
    if product == 0:
        return None
    return float(covariance) / math.sqrt(product)


def ratio(numerator: Fraction | None, denominator: Fraction | None) -> Fraction | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def sorted_runs(distribution: Mapping[ExactT, int]) -> list[tuple[ExactT, int]]:
    return sorted((value, count) for value, count in distribution.items() if count)


def max_covariance(xs: Mapping[Exact, int], ys: Mapping[Exact, int]) -> Fraction | None:
    """The largest covariance two variables with these marginal distributions can have.

    It is reached when both are sorted ascending and paired in that order (the rearrangement inequality), which
    is how Moodle's calculator pairs them. Walking the two sorted run-length lists costs O(distinct values).
    """
    x_runs, y_runs = sorted_runs(xs), sorted_runs(ys)
    n = sum(count for _, count in x_runs)
    if n != sum(count for _, count in y_runs):
        raise ValueError("the two marginals count different numbers of observations")
    if n < 2:
        return None
    sum_xy = ZERO
    i = j = 0
    x_left, y_left = x_runs[0][1], y_runs[0][1]
    while i < len(x_runs):
        paired = min(x_left, y_left)
        sum_xy += paired * x_runs[i][0] * y_runs[j][0]
        x_left -= paired
        y_left -= paired
        if not x_left:
            i += 1
            x_left = x_runs[i][1] if i < len(x_runs) else 0
        if not y_left:
            j += 1
            y_left = y_runs[j][1] if j < len(y_runs) else 0
    # Started at ZERO, each sum is a Fraction (Fraction + int is a Fraction); typeshed's sum() can only say
    # "item or start type", int | Fraction, which would let sum_x * sum_y / n look like an int / int float.
    sum_x = cast(Fraction, sum((value * count for value, count in x_runs), ZERO))
    sum_y = cast(Fraction, sum((value * count for value, count in y_runs), ZERO))
    return (sum_xy - sum_x * sum_y / n) / (n - 1)


def tail_weights(distribution: Mapping[Exact, int], share: Fraction, *, top: bool) -> dict[Exact, Fraction]:
    """Which fraction of the attempts at each score falls in the lowest (or highest) `share` of all attempts.

    Tie rule: the group holds exactly share x n attempts. Scores wholly inside it have weight 1; the attempts
    tied at the cut score are split fractionally, each of them counting as the same part-member. No attempt is
    favoured over another with the same score, and the result depends only on the counts.
    """
    runs = sorted_runs(distribution)
    if top:
        runs.reverse()
    room = share * sum(count for _, count in runs)
    weights: dict[Exact, Fraction] = {}
    for value, count in runs:
        if room <= 0:
            break
        taken = min(Fraction(count), room)
        weights[value] = taken / count
        room -= taken
    return weights
