"""How report numbers become text, shared by the CSV tables and the terminal report so both print the same digits.

Rounding is done exactly on the Fraction (`round` on a Fraction is exact and half-even) and only then turned into a
`Decimal` built digit by digit. Dividing Decimals instead would first round to the context's 28 digits, and a
second rounding to the requested places could then differ from the true half-even result. Floats are converted to
the Fraction of their exact binary value, so they take the same path and print as `format(x, ".Nf")` would, but
never in scientific notation and never as "-0.000".
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction


def exact(value: Fraction | int | None) -> str:
    """'4/5', '12', '' for None: the exact value, so a reader can redo the arithmetic without rounding error."""
    if value is None:
        return ""
    if isinstance(value, float):
        raise TypeError("a float has no exact rational form worth printing; use decimal()")
    value = Fraction(value)
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def decimal(value: Fraction | float | None, places: int = 4) -> str:
    """Fixed-point text rounded half-even to `places`; '' for None, so a missing statistic stays visibly missing."""
    if value is None:
        return ""
    if places < 0:
        raise ValueError(f"places must be >= 0, not {places}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{value} is not a number a report can show; undefined statistics are None")
    scaled = round(Fraction(value) * 10**places)
    digits = tuple(int(digit) for digit in str(abs(scaled)))
    return format(Decimal((1 if scaled < 0 else 0, digits, -places)), "f")


def percent(value: Fraction | float | None, places: int = 1) -> str:
    """'60.0%' for 3/5; '' for None. Scaled by 100 exactly, before any rounding."""
    if value is None:
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{value} is not a number a report can show; undefined statistics are None")
    return decimal(Fraction(value) * 100, places) + "%"
