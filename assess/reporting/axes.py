"""Scales, tick steps and axes shared by the charts, so every picture reads its numbers off the same kind of ruler."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from assess.reporting.svg import Element, Number, el, group, num

MANTISSAS = (1, 2, 5)
INK = "#333"
GRID = "#e3e3e3"


@dataclass(frozen=True)
class Scale:
    """A data interval onto a pixel interval, computed in Fractions so a value lands where its tick says it is."""

    lo: Fraction
    hi: Fraction
    start: Fraction
    end: Fraction

    @classmethod
    def of(cls, lo: Number, hi: Number, start: Number, end: Number) -> Scale:
        if lo == hi:
            raise ValueError(f"an empty scale domain [{lo}, {hi}]")
        return cls(Fraction(lo), Fraction(hi), Fraction(start), Fraction(end))

    def __call__(self, value: Number) -> Fraction:
        return self.start + (Fraction(value) - self.lo) * (self.end - self.start) / (self.hi - self.lo)


def nice_step(span: Number, max_ticks: int, *, minimum: Number = 0) -> Fraction:
    """The smallest 1, 2 or 5 x 10^k step putting at most `max_ticks` ticks on [0, span]: round labels read fastest."""
    span, minimum = Fraction(span), Fraction(minimum)
    if span <= 0:
        return max(minimum, Fraction(1))
    exponent = math.floor(math.log10(span / max(max_ticks - 1, 1))) - 1
    while True:
        for mantissa in MANTISSAS:
            step = mantissa * Fraction(10) ** exponent
            if step >= minimum and math.floor(span / step) + 1 <= max_ticks:
                return step
        exponent += 1


def ticks(lo: Number, hi: Number, step: Fraction) -> list[Fraction]:
    first = math.ceil(Fraction(lo) / step)
    last = math.floor(Fraction(hi) / step)
    return [index * step for index in range(first, last + 1)]


def x_axis(
    scale: Scale,
    values: Sequence[Fraction],
    *,
    at: Number,
    label: Callable[[Fraction], str],
    title: str,
    grid_to: Number | None = None,
) -> Element:
    """A horizontal ruler at pixel row `at`, optionally with vertical grid lines up to row `grid_to`."""
    parts: list[Element] = []
    for value in values:
        x = scale(value)
        if grid_to is not None:
            parts.append(el("line", x1=x, y1=at, x2=x, y2=grid_to, stroke=GRID, class_="grid"))
        parts.append(el("line", x1=x, y1=at, x2=x, y2=Fraction(at) + 5, stroke=INK))
        parts.append(el("text", label(value), x=x, y=Fraction(at) + 18, text_anchor="middle", class_="tick"))
    parts.append(el("line", x1=scale.start, y1=at, x2=scale.end, y2=at, stroke=INK, class_="baseline"))
    middle = (scale.start + scale.end) / 2
    parts.append(el("text", title, x=middle, y=Fraction(at) + 38, text_anchor="middle", class_="axis-title"))
    return group(parts, class_="x-axis")


def y_axis(
    scale: Scale,
    values: Sequence[Fraction],
    *,
    at: Number,
    label: Callable[[Fraction], str],
    title: str,
    grid_to: Number | None = None,
) -> Element:
    """A vertical ruler at pixel column `at`, optionally with horizontal grid lines across to column `grid_to`."""
    parts: list[Element] = []
    for value in values:
        y = scale(value)
        if grid_to is not None:
            parts.append(el("line", x1=at, y1=y, x2=grid_to, y2=y, stroke=GRID, class_="grid"))
        parts.append(el("line", x1=Fraction(at) - 5, y1=y, x2=at, y2=y, stroke=INK))
        parts.append(el("text", label(value), x=Fraction(at) - 8, y=y + 4, text_anchor="end", class_="tick"))
    parts.append(el("line", x1=at, y1=scale.start, x2=at, y2=scale.end, stroke=INK, class_="baseline"))
    middle = (scale.start + scale.end) / 2
    x = Fraction(at) - 45
    parts.append(
        el(
            "text",
            title,
            x=x,
            y=middle,
            text_anchor="middle",
            transform=f"rotate(-90 {num(x)} {num(middle)})",
            class_="axis-title",
        )
    )
    return group(parts, class_="y-axis")
