"""Every item on one map of facility against discrimination, so the few that need a second look stand out at once.

The shaded region is exactly where the flag rules, given the same thresholds, raise no facility or discrimination
flag: a point outside it is flagged, and a flagged point inside it was flagged for something else (efficiency, a
distractor), which its tooltip names.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from assess.reporting.axes import INK, Scale, ticks, x_axis, y_axis
from assess.reporting.placement import Spot, place_labels
from assess.reporting.svg import Element, document, el, group, heading, message_document, num
from assess.reporting.wording import percent, plural
from assess.stats import DEFAULT_THRESHOLDS, Flag, FlagThresholds, ItemStats

WIDTH = 640
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 80, 580, 64, 424
FACILITY = Scale.of(0, 1, PLOT_LEFT, PLOT_RIGHT)
DISCRIMINATION = Scale.of(-1, 1, PLOT_BOTTOM, PLOT_TOP)
"""ItemStats keeps the discrimination index as a plain correlation in [-1, 1] (Moodle shows it x100)."""
LEGEND_Y = PLOT_BOTTOM + 66
CAPTION_Y = LEGEND_Y + 26
LINE_HEIGHT = 16
CAPTION_WIDTH = 92
"""Characters a caption line holds at the chart's font size before it would run off the right edge."""
DIAMOND = "M0 -7 L7 0 L0 7 L-7 0 Z"
OK_FILL, FLAGGED_FILL, REGION_FILL = "#4a6fa5", "#c62828", "#e3f1e5"
NO_ITEMS = "no items to plot"


@dataclass(frozen=True)
class Entry:
    """An item with the reasons it was flagged, and where it sits on the map if both coordinates are defined."""

    item: ItemStats
    reasons: tuple[str, ...]

    @property
    def position(self) -> tuple[Fraction, Fraction] | None:
        facility, r = self.item.facility, self.item.discrimination_index
        if facility is None or r is None:
            return None
        return clamp(facility, 0, 1), clamp(r, -1, 1)

    @property
    def name(self) -> str:
        item = self.item
        return f"slot {item.slot}" if item.version is None else f"slot {item.slot} version {item.version}"

    @property
    def label(self) -> str:
        item = self.item
        return str(item.slot) if item.version is None else f"{item.slot} v{item.version}"

    @property
    def numbers(self) -> str:
        facility, r = self.item.facility, self.item.discrimination_index
        shown_facility = "undefined" if facility is None else percent(facility)
        shown_r = "undefined" if r is None else f"{r:.2f}"
        return f"facility {shown_facility}, discrimination {shown_r}"


def item_map_svg(
    items: Sequence[ItemStats],
    flags: Sequence[Flag],
    *,
    thresholds: FlagThresholds = DEFAULT_THRESHOLDS,
    title: str = "Item map: facility against discrimination",
) -> str:
    """`items` is usually `Report.slots` and `flags` `Report.flags`; pass `Report.versions` to map item versions."""
    if not items:
        return message_document(WIDTH, CAPTION_Y, title, NO_ITEMS)
    entries = [Entry(item, tuple(flag.reason for flag in flags if concerns(flag, item))) for item in items]
    placed = [
        (entry, FACILITY(position[0]), DISCRIMINATION(position[1]))
        for entry in entries
        if (position := entry.position) is not None
    ]
    # flagged first when labels claim their spots, drawn last so no clean point hides one that needs review
    placed.sort(key=lambda entry_x_y: not entry_x_y[0].reasons)
    spots = place_labels([(x, y, entry.label) for entry, x, y in placed])
    drawn = [point(entry, x, y, spot) for (entry, x, y), spot in zip(placed, spots, strict=True)]
    lines = caption_lines(entries, thresholds)
    body = [
        heading(title),
        acceptable_region(thresholds),
        y_axis(
            DISCRIMINATION,
            ticks(-1, 1, Fraction(1, 5)),
            at=PLOT_LEFT,
            label=num,
            title=discrimination_title(items),
            grid_to=PLOT_RIGHT,
        ),
        x_axis(
            FACILITY,
            ticks(0, 1, Fraction(1, 10)),
            at=PLOT_BOTTOM,
            label=percent,
            title="facility (mean mark / max mark)",
            grid_to=PLOT_TOP,
        ),
        el(
            "line",
            x1=PLOT_LEFT,
            y1=DISCRIMINATION(0),
            x2=PLOT_RIGHT,
            y2=DISCRIMINATION(0),
            stroke=INK,
            stroke_dasharray="4 3",
            class_="zero",
        ),
        group(reversed(drawn), class_="points"),
        legend(),
        group(
            (el("text", line, x=PLOT_LEFT, y=CAPTION_Y + LINE_HEIGHT * index) for index, line in enumerate(lines)),
            class_="caption",
        ),
    ]
    return document(WIDTH, CAPTION_Y + LINE_HEIGHT * len(lines), title, description(entries, lines), body)


def concerns(flag: Flag, item: ItemStats) -> bool:
    """A slot carries every flag raised in it, its versions' and options' included; a version only its own."""
    return flag.slot == item.slot and (item.version is None or flag.version == item.version)


def clamp(value: Fraction | float, lo: int, hi: int) -> Fraction:
    """Rounding can put a correlation a hair past ±1; the point belongs on the edge, not off the chart."""
    return min(max(Fraction(value), Fraction(lo)), Fraction(hi))


def point(entry: Entry, x: Fraction, y: Fraction, spot: Spot) -> Element:
    tip = "\n".join([f"{entry.name}: {entry.numbers}", *(f"- {reason}" for reason in entry.reasons)])
    marker = (
        el("path", d=DIAMOND, fill=FLAGGED_FILL, stroke="#fff")
        if entry.reasons
        else el("circle", r=5, fill=OK_FILL, stroke="#fff")
    )
    return el(
        "g",
        el("title", tip),
        marker,
        el("text", entry.label, x=spot.dx, y=spot.dy, text_anchor=spot.anchor, font_size=11, class_="label"),
        class_="flagged" if entry.reasons else "ok",
        transform=f"translate({num(x)} {num(y)})",
        data_slot=entry.item.slot,
        data_version=entry.item.version,
    )


def acceptable_region(limits: FlagThresholds) -> Element | None:
    """Where no facility or discrimination rule fires: facility in [min, max] and discrimination >= min."""
    left = FACILITY(clamp(limits.min_facility, 0, 1))
    right = FACILITY(clamp(limits.max_facility, 0, 1))
    top, bottom = DISCRIMINATION(1), DISCRIMINATION(clamp(limits.min_discrimination, -1, 1))
    if right <= left or bottom <= top:
        return None
    return group(
        [
            el("rect", x=left, y=top, width=right - left, height=bottom - top, fill=REGION_FILL),
            el("text", "acceptable", x=left + 6, y=top + 16, fill="#2e7d32", class_="region-label"),
        ],
        class_="acceptable",
    )


def discrimination_title(items: Sequence[ItemStats]) -> str:
    against = {item.against for item in items}
    if against == {"rest"}:
        return "discrimination (r with the rest of the test)"
    if against == {"total"}:
        return "discrimination (r with the total)"
    return "discrimination index (correlation)"


def legend() -> Element:
    y = LEGEND_Y
    return group(
        [
            el("circle", cx=PLOT_LEFT + 6, cy=y - 4, r=5, fill=OK_FILL),
            el("text", "within limits", x=PLOT_LEFT + 16, y=y),
            el("path", d=DIAMOND, fill=FLAGGED_FILL, transform=f"translate({PLOT_LEFT + 126} {y - 4})"),
            el("text", "flagged for review (hover for why)", x=PLOT_LEFT + 138, y=y),
            el("rect", x=PLOT_LEFT + 350, y=y - 11, width=14, height=14, fill=REGION_FILL, stroke="#9bc4a1"),
            el("text", "acceptable region", x=PLOT_LEFT + 370, y=y),
        ],
        class_="legend",
    )


def why_not_plotted(item: ItemStats) -> str:
    if not item.max_mark:
        return "worth no marks"
    if not item.attempts:
        return "no attempts"
    if item.attempts < 2:
        return "one attempt"
    if item.mark_variance == 0:
        return "no variance"
    if item.other_variance == 0:
        return "the rest of the test does not vary"
    return "statistics undefined"


def caption_lines(entries: Sequence[Entry], limits: FlagThresholds) -> list[str]:
    flagged = [entry.label for entry in entries if entry.position is not None and entry.reasons]
    left_out = [entry for entry in entries if entry.position is None]
    plotted = len(entries) - len(left_out)
    sentences = [
        f"{plural(plotted, 'item')} plotted"
        + (f", {len(flagged)} flagged for review: {', '.join(flagged)}." if flagged else ", none flagged."),
        f"Acceptable: facility {percent(limits.min_facility)} to {percent(limits.max_facility)}, "
        f"discrimination at least {limits.min_discrimination:.2f}.",
    ]
    if left_out:
        sentences.append(f"Not plotted: {', '.join(left_out_entry(entry) for entry in left_out)}.")
    return [line for sentence in sentences for line in textwrap.wrap(sentence, CAPTION_WIDTH)]


def left_out_entry(entry: Entry) -> str:
    flagged = f"; {plural(len(entry.reasons), 'flag')}" if entry.reasons else ""
    return f"{entry.name} ({why_not_plotted(entry.item)}{flagged})"


def description(entries: Sequence[Entry], lines: list[str]) -> str:
    """The map in words, item by item with its flags' reasons, for anyone who cannot see the points."""
    described = []
    for entry in entries:
        words = f"{entry.name}: {entry.numbers}"
        if entry.position is None:
            words += f", not plotted ({why_not_plotted(entry.item)})"
        if entry.reasons:
            words += ", flagged: " + "; ".join(entry.reasons)
        described.append(words)
    return (
        f"Scatter plot of {plural(len(entries), 'item')}: facility (0 to 100%) across, discrimination (-1 to 1) up. "
        f"{' '.join(lines)} Items: {' | '.join(described)}."
    )
