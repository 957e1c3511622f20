"""The count-table statistics against an independent computation on the raw matrix with numpy and scipy.

numpy works attempt by attempt in floats, we work cell by cell in Fractions; they must agree to float
precision, and agree on when a statistic is undefined (None here, a zero variance there).
"""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from assess.stats import Answer, SlotSpec, VersionSpec, analyse, build_count_tables

CLOSE = {"rel": 1e-9, "abs": 1e-9}


def random_matrix(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Marks in halves up to each slot's max mark, correlated through a latent ability so r is not all noise."""
    n, k = int(rng.integers(2, 60)), int(rng.integers(2, 8))
    max_marks = rng.integers(1, 4, size=k)
    ability = rng.normal(size=(n, 1))
    difficulty = rng.normal(size=(1, k))
    p = 1 / (1 + np.exp(-(ability - difficulty)))
    halves = rng.binomial(2 * max_marks, p)
    return halves / 2, max_marks.astype(float)


def tables_for(marks: np.ndarray, max_marks: np.ndarray):
    slots = [SlotSpec(i + 1, Fraction(m)) for i, m in enumerate(max_marks)]
    return build_count_tables([[Fraction(x) for x in row] for row in marks.tolist()], slots)


def sample_sd(values: np.ndarray) -> float:
    return float(np.std(values, ddof=1))


def pearson_or_none(a: np.ndarray, b: np.ndarray) -> float | None:
    if np.ptp(a) == 0 or np.ptp(b) == 0:
        return None
    return float(np.corrcoef(a, b)[0, 1])


def cov(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.cov(a, b, ddof=1)[0, 1])


def cronbach(marks: np.ndarray) -> float | None:
    k = marks.shape[1]
    total = marks.sum(axis=1)
    if k < 2 or np.ptp(total) == 0:
        return None
    return k / (k - 1) * (1 - marks.var(axis=0, ddof=1).sum() / total.var(ddof=1))


def approx_or_none(expected):
    return None if expected is None else pytest.approx(expected, **CLOSE)


def assert_slot_matches_numpy(item, x: np.ndarray, total: np.ndarray, max_mark: float, marks: np.ndarray, j: int):
    rest = total - x
    assert float(item.facility) == pytest.approx(x.mean() / max_mark, **CLOSE)
    assert item.sd == pytest.approx(sample_sd(x), **CLOSE)
    assert item.discrimination_index == approx_or_none(pearson_or_none(x, rest))
    assert item.total_correlation == approx_or_none(pearson_or_none(x, total))
    sorted_cov = cov(np.sort(x), np.sort(rest))
    efficiency = None if abs(sorted_cov) < 1e-12 else cov(x, rest) / sorted_cov
    assert (None if item.discriminative_efficiency is None else float(item.discriminative_efficiency)) == (
        approx_or_none(efficiency)
    )
    without = np.delete(marks, j, axis=1)
    expected_alpha = cronbach(without) if without.shape[1] >= 2 else None
    assert (None if item.alpha_if_deleted is None else float(item.alpha_if_deleted)) == approx_or_none(expected_alpha)


def assert_matches_numpy(marks: np.ndarray, max_marks: np.ndarray):
    report = analyse(tables_for(marks, max_marks))
    total = marks.sum(axis=1)
    for j, item in enumerate(report.slots):
        assert_slot_matches_numpy(item, marks[:, j], total, max_marks[j], marks, j)
    covariances = [cov(marks[:, j], total) for j in range(marks.shape[1])]
    covariances = [0.0 if abs(c) < 1e-12 else c for c in covariances]  # numpy's -1e-17 is our exact 0
    roots = [np.sqrt(c) if c >= 0 else None for c in covariances]
    denominator = sum(r for r in roots if r is not None)
    for item, root in zip(report.slots, roots, strict=True):
        expected = None if root is None or denominator == 0 else root / denominator
        assert item.effective_weight == approx_or_none(expected)

    test = report.assessment
    assert float(test.mean) == pytest.approx(total.mean(), **CLOSE)
    assert float(test.median) == pytest.approx(float(np.median(total)), **CLOSE)
    assert test.sd == pytest.approx(sample_sd(total), **CLOSE)
    assert (float(test.minimum), float(test.maximum)) == (total.min(), total.max())
    varies = np.ptp(total) > 0
    skew = scipy_stats.skew(total, bias=False) if varies and len(total) > 2 else None
    kurtosis = scipy_stats.kurtosis(total, bias=False) if varies and len(total) > 3 else None
    assert test.skewness == approx_or_none(skew)
    assert (None if test.kurtosis is None else float(test.kurtosis)) == approx_or_none(kurtosis)
    alpha = cronbach(marks)
    assert (None if test.reliability.alpha is None else float(test.reliability.alpha)) == approx_or_none(alpha)
    if alpha is not None:  # squared: sqrt(1 - alpha) would magnify numpy's rounding when alpha is 1
        assert test.reliability.standard_error**2 == pytest.approx(total.var(ddof=1) * (1 - alpha), **CLOSE)
        n, k = marks.shape
        lower, upper = feldt(alpha, k, n)
        assert test.reliability.alpha_lower == pytest.approx(lower, rel=1e-8, abs=1e-8)
        assert test.reliability.alpha_upper == pytest.approx(upper, rel=1e-8, abs=1e-8)
    expected_kr21 = kr21(marks, max_marks)
    assert (None if test.reliability.kr21 is None else float(test.reliability.kr21)) == approx_or_none(expected_kr21)


def feldt(alpha: float, k: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Feldt, Woodruff and Salih (1987) formulas 6 and 7, with scipy's F quantiles (R's qf)."""
    d1, d2 = n - 1, (n - 1) * (k - 1)
    tail = (1 - confidence) / 2
    return 1 - (1 - alpha) * scipy_stats.f.ppf(1 - tail, d1, d2), 1 - (1 - alpha) * scipy_stats.f.ppf(tail, d1, d2)


def kr21(marks: np.ndarray, max_marks: np.ndarray) -> float | None:
    """Kuder-Richardson 21 on items scored 0 or their (common) max, in item units, with the n-denominator variance."""
    n, k = marks.shape
    if len(set(max_marks.tolist())) != 1 or not np.isin(marks, [0, max_marks[0]]).all() or n < 2:
        return None
    scores = marks.sum(axis=1) / max_marks[0]
    if np.ptp(scores) == 0:
        return None
    mean = scores.mean()
    return k / (k - 1) * (1 - mean * (k - mean) / (k * scores.var(ddof=0)))


@pytest.mark.parametrize("seed", range(20))
def test_dichotomous_matrices_give_kr21_and_alphas_interval_as_numpy_and_scipy_do(seed):
    rng = np.random.default_rng(500 + seed)
    n, k = int(rng.integers(5, 300)), int(rng.integers(2, 25))
    p = 1 / (1 + np.exp(-(rng.normal(size=(n, 1)) - rng.normal(size=(1, k)))))
    worth = float(rng.integers(1, 3))
    marks = rng.binomial(1, p) * worth
    report = analyse(tables_for(marks, np.full(k, worth)))
    assert report.assessment.reliability.kr21 is not None or np.ptp(marks.sum(axis=1)) == 0
    assert_matches_numpy(marks, np.full(k, worth))
    if report.assessment.reliability.kr21 is not None:  # KR-21 is KR-20's lower bound (Kuder & Richardson)
        assert report.assessment.reliability.kr21 <= report.assessment.reliability.alpha


@pytest.mark.parametrize("seed", range(40))
def test_random_matrices_agree_with_numpy_and_scipy(seed):
    marks, max_marks = random_matrix(np.random.default_rng(seed))
    assert_matches_numpy(marks, max_marks)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 4).flatmap(
        lambda k: st.lists(st.lists(st.integers(0, 2), min_size=k, max_size=k), min_size=1, max_size=9)
    )
)
def test_small_and_degenerate_matrices_agree_with_numpy_including_when_undefined(rows):
    """Few attempts and marks in {0, 1/2, 1} hit zero variances, n < 3 and n < 4 often."""
    marks = np.array(rows, dtype=float) / 2
    max_marks = np.ones(marks.shape[1])
    if len(rows) < 2:
        report = analyse(tables_for(marks, max_marks))
        assert report.assessment.sd is None and all(item.sd is None for item in report.slots)
        return
    assert_matches_numpy(marks, max_marks)


@pytest.mark.parametrize("seed", range(10))
def test_option_point_biserial_and_shares_agree_with_numpy(seed):
    rng = np.random.default_rng(1000 + seed)
    n = int(rng.integers(6, 80))
    others = rng.integers(0, 2, size=(n, 3))
    ability = others.sum(axis=1) + rng.normal(size=n)
    chosen = np.where(ability > 1.5, 0, rng.integers(0, 4, size=n))  # option 0 is the key
    chosen = np.where(rng.random(n) < 0.1, -1, chosen)  # -1: omitted
    x = (chosen == 0).astype(int)
    attempts = [
        [Answer(Fraction(int(x[i])), option=None if chosen[i] < 0 else int(chosen[i])), *map(int, others[i])]
        for i in range(n)
    ]
    spec = VersionSpec(1, options=tuple((option, option == 0) for option in range(4)))
    slots = [SlotSpec(s, Fraction(1)) for s in range(1, 5)]
    report = analyse(build_count_tables(attempts, slots, [spec]))
    rest = others.sum(axis=1)
    for option in report.options:
        picked = chosen == (-1 if option.option is None else option.option)
        assert option.count == picked.sum()
        assert option.share == Fraction(int(picked.sum()), n)
        assert option.point_biserial == approx_or_none(pearson_or_none(picked.astype(float), rest.astype(float)))
        shares = [option.share_lower, option.share_middle, option.share_upper]
        assert sum(shares) * n / 3 == option.count  # the three thirds hold every chooser exactly once
