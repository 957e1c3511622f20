"""Test-level statistics from the distribution of attempt totals, and reliability from item variances.

Source: Moodle `mod/quiz/report/statistics/classes/calculator.php` (median, standard deviation, skewness and
kurtosis as k-statistics, coefficient of internal consistency, error ratio, standard error). KR-21: Kuder and
Richardson (1937), formula 21. The interval for alpha: Feldt, Woodruff and Salih (1987), *Statistical inference for
coefficient alpha*, Applied Psychological Measurement 11, 93-103, formulas 6 and 7 (R's `cocron::cronbach.alpha.CI`
and `psychometric::alpha.CI`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from assess.stats.inference import f_quantile
from assess.stats.moments import ZERO, sorted_runs, square_root
from assess.stats.tables import ExactT

ALPHA_CONFIDENCE = Fraction(95, 100)
"""The level of alpha's two-sided interval (cocron's default)."""


@dataclass(frozen=True)
class Reliability:
    """Cronbach's alpha (KR-20 when every item is 0/1) and what it implies for a single score's precision.

    `alpha_lower` and `alpha_upper` bound a 95% confidence interval for alpha (Feldt's): alpha from 40 learners
    is a rough figure, and the interval says how rough. `kr21` is Kuder-Richardson 21, the lower bound of KR-20 a
    teacher can compute from the mean and SD alone; it is given for tests of 0/1 items of equal worth only.
    """

    alpha: Fraction | None
    error_ratio: float | None
    standard_error: float | None
    alpha_lower: float | None = None
    alpha_upper: float | None = None
    kr21: Fraction | None = None


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
    item_variances: Sequence[Fraction | None],
    total_variance: Fraction | None,
    sd: float | None,
    *,
    attempts: int = 0,
    kr21: Fraction | None = None,
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
    lower, upper = feldt_interval(alpha, k, attempts)
    return Reliability(alpha, error_ratio, standard_error, lower, upper, kr21)


def feldt_interval(
    alpha: Fraction, items: int, attempts: int, confidence: Fraction = ALPHA_CONFIDENCE
) -> tuple[float | None, float | None]:
    """(1 - (1 - alpha) F(1 - c/2), 1 - (1 - alpha) F(c/2)), F on n - 1 and (n - 1)(k - 1) degrees of freedom.

    c = 1 - confidence. Feldt et al. (1987) formulas 6 and 7; it assumes learners and items are sampled at random.
    Undefined with fewer than two attempts or items.
    """
    if attempts < 2 or items < 2:
        return None, None
    d1, d2 = attempts - 1, (attempts - 1) * (items - 1)
    tail = float(1 - confidence) / 2
    rest = float(1 - alpha)
    return 1 - rest * f_quantile(1 - tail, d1, d2), 1 - rest * f_quantile(tail, d1, d2)


def kr21(n: int, items: int, item_max: Fraction, mean: Fraction, variance: Fraction) -> Fraction | None:
    """k/(k-1) (1 - k p q / σ²) on totals in items (T / item_max), p = mean / k, σ² the n-denominator variance.

    With the n-denominator variance KR-21 equals KR-20 when every item has the same facility and is below it
    otherwise, as Kuder and Richardson derived it; the n-1 variance the rest of the report uses is converted.
    """
    if items < 2 or n < 2 or not variance or not item_max:
        return None
    p = mean / item_max / items
    population_variance = variance * (n - 1) / n / (item_max * item_max)
    return Fraction(items, items - 1) * (1 - items * p * (1 - p) / population_variance)


def score_statistics(
    totals: Mapping[ExactT, int],
    max_total: Fraction,
    *,
    pass_threshold: Fraction | None = None,
    item_variances: Sequence[Fraction | None] = (),
    dichotomous_item_max: Fraction | None = None,
) -> AssessmentStats:
    """Describe the score distribution; pass `item_variances` (one per slot) to get alpha as well.

    `dichotomous_item_max`: every item's mark is 0 or this (the same for all), which is when KR-21 applies.
    """
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
        reliability=reliability(
            item_variances,
            variance,
            sd,
            attempts=n,
            kr21=None
            if dichotomous_item_max is None or mean is None or variance is None
            else kr21(n, len(item_variances), dichotomous_item_max, mean, variance),
        )
        if item_variances
        else NO_RELIABILITY,
    )
