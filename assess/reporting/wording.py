"""How marks and shares read in labels: exact when two decimals hold them, visibly approximate when they do not."""

from __future__ import annotations

from fractions import Fraction

from assess.reporting.svg import Number, num

HUNDREDTHS = 100


def decimal(value: Number) -> str:
    """Exact for marks like 12 or 12.25; "≈6.67" for 20/3, so a reader knows the label was rounded."""
    exact = Fraction(value)
    text = num(exact)
    return text if (exact * HUNDREDTHS).denominator == 1 else f"≈{text}"


def percent(share: Number) -> str:
    """Two decimals at most, and never "0%" or "100%" unless it is: 1 fail in 20,000 is not everyone passing."""
    share = Fraction(share)
    text = num(share * 100)
    if text == "0" and share > 0:
        return "<0.01%"
    if text == "100" and share < 1:
        return ">99.99%"
    return f"{text}%"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
