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
    """'60.0%' for 3/5; '' for None. Scaled by 100 exactly, before any rounding.

    Never "0.0%" or "100.0%" unless it is: 1 fail in 20,000 prints "<0.1%", not everyone passing. Every share a
    person reads (terminal, pictures, flag reasons) goes through here, so a pass rate prints the same everywhere.
    """
    if value is None:
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{value} is not a number a report can show; undefined statistics are None")
    share = Fraction(value)
    text = decimal(share * 100, places)
    smallest = decimal(Fraction(1, 10**places), places)
    if share > 0 and Fraction(text) == 0:
        return f"<{smallest}%"
    if share < 1 and Fraction(text) == 100:
        return f">{decimal(100 - Fraction(1, 10**places), places)}%"
    return text + "%"


def decimal_beside(value: Fraction | float, limit: Fraction | float, places: int = 2) -> str:
    """A number printed next to the limit it is compared with: as `decimal` prints it, unless that rounding lands
    on or across the limit, and then rounded away from the limit instead.

    "0.19, under 0.20" for 0.199 and "4.9%, under 5%" for 4.96%, where half-even would print a figure that
    contradicts the rule it explains; 4.75% still prints "4.8%, under 5%", as everywhere else.
    """
    exact_value, bound = Fraction(value), Fraction(limit)
    scale = 10**places
    rounded = Fraction(round(exact_value * scale), scale)
    if exact_value < bound <= rounded:
        rounded = Fraction(math.floor(exact_value * scale), scale)
    elif exact_value > bound >= rounded:
        rounded = Fraction(math.ceil(exact_value * scale), scale)
    return decimal(rounded, places)


def percent_beside(value: Fraction | float, limit: Fraction | float, places: int = 1) -> str:
    """A share beside its limit, by `decimal_beside`: "4.9%, under 5%" for 4.96%, "95.1%, above 95%" for 95.04%."""
    share = Fraction(value)
    if 0 < share < Fraction(limit) and share * 100 * 10**places < 1:
        return f"<{decimal(Fraction(1, 10**places), places)}%"
    return decimal_beside(share * 100, Fraction(limit) * 100, places) + "%"


def limit_percent(limit: Fraction | float) -> str:
    """A rule's threshold as a person wrote it: '5%', '12.5%'; no trailing zeros, as it is exact."""
    text = decimal(Fraction(limit) * 100, 4).rstrip("0").rstrip(".")
    return text + "%"


def coefficient(value: float | Fraction | None, places: int = 2) -> str:
    """A correlation or reliability coefficient, as a coefficient in [-1, 1] ('0.46'), never x100."""
    return decimal(value, places)
