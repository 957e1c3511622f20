"""Test-level statistics from the distribution of attempt totals, and reliability from item variances.

Source: Moodle `mod/quiz/report/statistics/classes/calculator.php` (median, standard deviation, skewness and
kurtosis as k-statistics, coefficient of internal consistency, error ratio, standard error).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from assess.stats.moments import ZERO, sorted_runs, square_root
from assess.stats.tables import ExactT


@dataclass(frozen=True)
class Reliability:
    """Cronbach's alpha (KR-20 when every item is 0/1) and what it implies for a single score's precision."""

    alpha: Fraction | None
    error_ratio: float | None
    standard_error: float | None


@dataclass(frozen=True)
class AssessmentStats:
    """Statistics of attempt totals, in raw marks out of `max_total`."""

    attempts: int
    max_total: Fraction
    mean: Fraction | None
    median: Fraction | None
    sd: float | None
    variance: Fraction | None
    minimum: Fraction | None
    maximum: Fraction | None
    skewness: float | None
    kurtosis: Fraction | None
    pass_threshold: Fraction | None
    pass_rate: Fraction | None
    reliability: Reliability


NO_RELIABILITY = Reliability(None, None, None)


def median(totals: Mapping[Fraction, int]) -> Fraction | None:
    """Middle total; for an even count the mean of the two middle ones (Moodle's `median`)."""
    n = sum(totals.values())
    if not n:
        return None
    middle = [nth_smallest(totals, (n - 1) // 2), nth_smallest(totals, n // 2)]
    return sum(middle, ZERO) / 2


def nth_smallest(totals: Mapping[Fraction, int], index: int) -> Fraction:
    seen = 0
    for value, count in sorted_runs(totals):
        seen += count
        if index < seen:
            return value
    raise IndexError(index)


def central_sums(totals: Mapping[Fraction, int], mean: Fraction) -> tuple[Fraction, Fraction, Fraction]:
    """Σ(T - mean)^k for k = 2, 3, 4, exactly."""
    power2 = power3 = power4 = ZERO
    for value, count in totals.items():
        deviation = value - mean
        square = deviation * deviation
        power2 += count * square
        power3 += count * square * deviation
        power4 += count * square * square
    return power2, power3, power4


def skewness_and_kurtosis(
    n: int, power2: Fraction, power3: Fraction, power4: Fraction
) -> tuple[float | None, Fraction | None]:
    """k3 / k2^(3/2) and k4 / k2², the unbiased k-statistic forms (Moodle; scipy's `bias=False`).

    Skewness needs n > 2 and kurtosis n > 3 for the k-statistics' denominators; both need a total that varies.
    """
    if n < 3 or power2 == 0:
        return None, None
    m2, m3, m4 = power2 / n, power3 / n, power4 / n
    k2 = n * m2 / (n - 1)
    k3 = n * n * m3 / ((n - 1) * (n - 2))
    skewness = float(k3) / math.sqrt(k2) ** 3
    if n < 4:
        return skewness, None
    k4 = n * n * ((n + 1) * m4 - 3 * (n - 1) * m2 * m2) / ((n - 1) * (n - 2) * (n - 3))
    return skewness, k4 / (k2 * k2)


def pass_rate(totals: Mapping[Fraction, int], max_total: Fraction, threshold: Fraction | None) -> Fraction | None:
    """Share of attempts with T / max_total >= threshold, compared exactly (T >= threshold x max_total)."""
    n = sum(totals.values())
    if threshold is None or not n or not max_total:
        return None
    passed = sum(count for value, count in totals.items() if value >= threshold * max_total)
    return Fraction(passed, n)


def reliability(
    item_variances: Sequence[Fraction | None], total_variance: Fraction | None, sd: float | None
) -> Reliability:
    """alpha = k/(k-1) x (1 - Σ item variances / total variance); SEM = SD x sqrt(1 - alpha).

    Undefined with fewer than two items, when any variance is undefined (n < 2), or when totals do not vary.
    """
    k = len(item_variances)
    known = [v for v in item_variances if v is not None]
    if k < 2 or total_variance is None or total_variance == 0 or len(known) < k:
        return NO_RELIABILITY
    alpha = Fraction(k, k - 1) * (1 - sum(known, ZERO) / total_variance)
    error_ratio = square_root(1 - alpha)
    standard_error = None if sd is None or error_ratio is None else sd * error_ratio
    return Reliability(alpha, error_ratio, standard_error)


def score_statistics(
    totals: Mapping[ExactT, int],
    max_total: Fraction,
    *,
    pass_threshold: Fraction | None = None,
    item_variances: Sequence[Fraction | None] = (),
) -> AssessmentStats:
    """Describe the score distribution; pass `item_variances` (one per slot) to get alpha as well."""
    exact_totals = {Fraction(value): count for value, count in totals.items() if count}
    n = sum(exact_totals.values())
    mean = sum((value * count for value, count in exact_totals.items()), ZERO) / n if n else None
    variance = skewness = kurtosis = None
    if mean is not None and n >= 2:
        power2, power3, power4 = central_sums(exact_totals, mean)
        variance = power2 / (n - 1)
        skewness, kurtosis = skewness_and_kurtosis(n, power2, power3, power4)
    sd = square_root(variance)
    return AssessmentStats(
        attempts=n,
        max_total=Fraction(max_total),
        mean=mean,
        median=median(exact_totals),
        sd=sd,
        variance=variance,
        minimum=min(exact_totals) if exact_totals else None,
        maximum=max(exact_totals) if exact_totals else None,
        skewness=skewness,
        kurtosis=kurtosis,
        pass_threshold=pass_threshold,
        pass_rate=pass_rate(exact_totals, Fraction(max_total), pass_threshold),
        reliability=reliability(item_variances, variance, sd) if item_variances else NO_RELIABILITY,
    )
