"""The few sampling distributions the report's intervals and flag tests need, in the standard library only.

`assess.stats` must not depend on scipy, so the regularized incomplete beta function is computed here by its
continued fraction (Lentz's method, as in Press et al., *Numerical Recipes*, 6.4) and inverted by bisection. The
F and beta quantiles built on it agree with scipy's to about 1e-10 relative (tests/unit/test_stats_inference.py).
These are floats: a quantile is not a rational function of the counts.
"""

from __future__ import annotations

import math

TINY = 1e-300
EPSILON = 3e-16
MAX_TERMS = 100_000
BISECTIONS = 200


def _continued_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of I_x(a, b), evaluated by the modified Lentz method; converges for x < (a+1)/(a+b+2)."""
    qab, qap, qam = a + b, a + 1, a - 1
    c, d = 1.0, 1 - qab * x / qap
    d = 1 / (d if abs(d) > TINY else TINY)
    h = d
    for m in range(1, MAX_TERMS):
        m2 = 2 * m
        even = m * (b - m) * x / ((qam + m2) * (a + m2))
        odd = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        for numerator in (even, odd):
            d = 1 + numerator * d
            d = 1 / (d if abs(d) > TINY else TINY)
            c = 1 + numerator / c
            c = c if abs(c) > TINY else TINY
            h *= d * c
        if abs(d * c - 1) < EPSILON:
            return h
    raise ArithmeticError(f"the incomplete beta continued fraction did not converge for a={a}, b={b}, x={x}")


def incomplete_beta(a: float, b: float, x: float) -> float:
    """I_x(a, b), the regularized incomplete beta function: P(B <= x) for B ~ Beta(a, b)."""
    if a <= 0 or b <= 0:
        raise ValueError(f"beta parameters must be positive, not {a}, {b}")
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    if x < (a + 1) / (a + b + 2):
        return math.exp(log_front) * _continued_fraction(a, b, x) / a
    return 1 - math.exp(log_front) * _continued_fraction(b, a, 1 - x) / b


def beta_quantile(p: float, a: float, b: float) -> float:
    """The x with I_x(a, b) = p, by bisection: I is increasing in x, so 200 halvings pin x to float precision."""
    if not 0 <= p <= 1:
        raise ValueError(f"a probability is in [0, 1], not {p}")
    if p in (0, 1):
        return float(p)
    lo, hi = 0.0, 1.0
    for _ in range(BISECTIONS):
        middle = (lo + hi) / 2
        if middle in (lo, hi):
            break
        if incomplete_beta(a, b, middle) < p:
            lo = middle
        else:
            hi = middle
    return (lo + hi) / 2


def f_quantile(p: float, d1: float, d2: float) -> float:
    """The p-quantile of Snedecor's F(d1, d2): F = (d2 / d1) · B / (1 - B) with B ~ Beta(d1/2, d2/2)."""
    u = beta_quantile(p, d1 / 2, d2 / 2)
    return math.inf if u >= 1 else d2 * u / (d1 * (1 - u))


def binomial_upper_limit(successes: int, trials: int, confidence: float) -> float:
    """The one-sided Clopper-Pearson upper confidence limit of a proportion seen `successes` times in `trials`.

    The exact ("conservative") limit: the p at which seeing `successes` or fewer has probability 1 - confidence,
    which is the `confidence` quantile of Beta(successes + 1, trials - successes).
    """
    if not 0 <= successes <= trials or trials < 1:
        raise ValueError(f"{successes} successes in {trials} trials")
    if successes == trials:
        return 1.0
    return beta_quantile(confidence, successes + 1, trials - successes)
