"""How marks and shares read in labels: exact when two decimals hold them, visibly approximate when they do not."""

from __future__ import annotations

from fractions import Fraction

from assess.reporting import numbers
from assess.reporting.svg import Number, num

HUNDREDTHS = 100


def decimal(value: Number) -> str:
    """Exact for marks like 12 or 12.25; "≈6.67" for 20/3, so a reader knows the label was rounded."""
    exact = Fraction(value)
    text = num(exact)
    return text if (exact * HUNDREDTHS).denominator == 1 else f"≈{text}"


def percent(share: Number) -> str:
    """The report's one way of printing a share (`assess.reporting.numbers.percent`): pictures print what the
    terminal and the flag reasons print."""
    return numbers.percent(Fraction(share))


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def shortened(text: str, limit: int = 40) -> str:
    """An option's text cut to `limit` characters at a word boundary where one is near, whitespace folded."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "\N{HORIZONTAL ELLIPSIS}"


def selection_words(
    selection: str, *, cohort: str | None = None, date_from: object = None, date_to: object = None
) -> str:
    """Which attempts a report counts, in words for a title: "first attempts, cohort 7B, 2026-11-01 to 2026-11-30"."""
    words = {"first": "first attempts", "last": "last attempts", "best": "best attempts", "all": "all attempts"}
    parts = [words.get(selection, f"{selection} attempts")]
    if cohort is not None:
        parts.append(f"cohort {cohort}" if cohort else "no cohort")
    if date_from is not None and date_to is not None:
        parts.append(f"scored {date_from} to {date_to}")
    elif date_from is not None:
        parts.append(f"scored from {date_from}")
    elif date_to is not None:
        parts.append(f"scored up to {date_to}")
    return ", ".join(parts)
