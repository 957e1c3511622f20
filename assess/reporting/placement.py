"""Where a point's label goes, so labels of neighbouring points do not print over each other or over markers.

Items cluster (many tests have a dozen items near 60-80% facility), and a label over another is no label at all.
The placement is greedy and deterministic: each label takes the first of four spots around its point that is
still free, in the order the caller ranks the points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

CHARACTER_WIDTH = 7
"""A generous width of one character at 11 px, so an estimate errs towards a gap, not an overlap."""
TEXT_HEIGHT = 11
MARKER_REACH = 7
"""How far a marker extends from its centre: labels keep clear of every marker, not only their own."""


@dataclass(frozen=True)
class Spot:
    """A label's offset from its point and which end of the text sits there."""

    dx: int
    dy: int
    anchor: str


SPOTS = (
    Spot(8, -7, "start"),
    Spot(8, 15, "start"),
    Spot(-8, -7, "end"),
    Spot(-8, 15, "end"),
    Spot(10, 4, "start"),
    Spot(-10, 4, "end"),
    Spot(0, -12, "middle"),
    Spot(0, 22, "middle"),
    Spot(14, -18, "start"),
    Spot(-14, -18, "end"),
    Spot(14, 26, "start"),
    Spot(-14, 26, "end"),
)
"""Nearest first: the four corners, then beside, above and below, then a step further out."""

Box = tuple[Fraction, Fraction, Fraction, Fraction]
"""left, top, right, bottom in pixels."""


def label_box(x: Fraction, y: Fraction, text: str, spot: Spot) -> Box:
    width = CHARACTER_WIDTH * len(text)
    offsets: dict[str, Fraction] = {"start": Fraction(0), "middle": Fraction(width, 2), "end": Fraction(width)}
    left = x + spot.dx - offsets[spot.anchor]
    baseline = y + spot.dy
    return left, baseline - TEXT_HEIGHT + 2, left + width, baseline + 2


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def place_labels(points: Sequence[tuple[Fraction, Fraction, str]]) -> list[Spot]:
    """One spot per (x, y, text), earlier points first; where every spot is taken, the first, as it would be anyway."""
    taken = [(x - MARKER_REACH, y - MARKER_REACH, x + MARKER_REACH, y + MARKER_REACH) for x, y, _ in points]
    spots = []
    for x, y, text in points:
        free = [spot for spot in SPOTS if not any(overlaps(label_box(x, y, text, spot), box) for box in taken)]
        spot = free[0] if free else SPOTS[0]
        taken.append(label_box(x, y, text, spot))
        spots.append(spot)
    return spots
