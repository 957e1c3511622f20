"""The standard-library F, beta and binomial quantiles behind alpha's interval and the flag tests, against scipy."""

import math
from fractions import Fraction

import pytest
from scipy import stats as scipy_stats

from assess.stats.inference import beta_quantile, binomial_upper_limit, f_quantile, incomplete_beta
from assess.stats.scores import feldt_interval


@pytest.mark.parametrize(
    ("a", "b", "x"),
    [(0.5, 0.5, 0.3), (2, 3, 0.9), (40, 2000, 0.02), (5.5, 1, 0.5), (1, 7.25, 0.5), (2000, 28000, 0.0667)],
)
def test_incomplete_beta_is_scipys(a, b, x):
    assert incomplete_beta(a, b, x) == pytest.approx(scipy_stats.beta.cdf(x, a, b), rel=1e-10, abs=1e-14)


@pytest.mark.parametrize("p", [0.025, 0.05, 0.5, 0.95, 0.975])
@pytest.mark.parametrize(("d1", "d2"), [(1, 1), (4, 30), (40, 1000), (399, 5586), (9999, 139986)])
def test_f_quantiles_are_scipys(p, d1, d2):
    assert f_quantile(p, d1, d2) == pytest.approx(scipy_stats.f.ppf(p, d1, d2), rel=1e-9)


@pytest.mark.parametrize(("successes", "trials"), [(0, 20), (0, 400), (2, 400), (13, 400), (7, 7), (1, 3)])
def test_clopper_pearson_upper_limits_are_scipys(successes, trials):
    expected = 1.0 if successes == trials else scipy_stats.beta.ppf(0.95, successes + 1, trials - successes)
    assert binomial_upper_limit(successes, trials, 0.95) == pytest.approx(expected, rel=1e-9)
    if successes == 0:
        assert binomial_upper_limit(0, trials, 0.95) == pytest.approx(1 - 0.05 ** (1 / trials), rel=1e-9)


def test_feldts_worked_example():
    """Feldt, Woodruff and Salih (1987), the example R's psychometric::alpha.CI documents: alpha .79 from 41
    examinees on 26 items, a two-sided 90% interval. F on 40 and 1000 degrees of freedom; the quantiles are
    scipy's, which are R's qf (the paper's own printed limits were not at hand to compare with)."""
    lower, upper = feldt_interval(Fraction(79, 100), 26, 41, Fraction(9, 10))
    assert lower == pytest.approx(1 - 0.21 * scipy_stats.f.ppf(0.95, 40, 1000), rel=1e-10)
    assert upper == pytest.approx(1 - 0.21 * scipy_stats.f.ppf(0.05, 40, 1000), rel=1e-10)
    assert (round(lower, 3), round(upper, 3)) == (0.705, 0.862)
    assert feldt_interval(Fraction(79, 100), 26, 1) == (None, None)


def test_quantiles_invert_the_distribution():
    for p in (1e-6, 0.3, 0.999999):
        assert incomplete_beta(3, 9, beta_quantile(p, 3, 9)) == pytest.approx(p, rel=1e-9)
    assert math.isinf(f_quantile(1.0, 3, 5))
