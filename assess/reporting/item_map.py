"""Every item on one map of facility against discrimination, so the few that need a second look stand out at once.

The shaded region is exactly where the flag rules, given the same thresholds, raise no facility or discrimination
flag. Only flags that ask for review ("review now", "worth a look") mark a point; informational ones do not. The
mark says what kind of problem it is (a likely miskey, a negative discrimination, a distractor almost no one
chooses, a facility or discrimination outside the limits), every point is labelled with its slot number, and a
legend below lists each marked slot's reasons in words: a printout explains itself without hovering.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from assess.reporting.axes import INK, Scale, ticks, x_axis, y_axis
from assess.reporting.numbers import coefficient, limit_percent
from assess.reporting.placement import Spot, place_labels
from assess.reporting.reasons import reason, severity_words
from assess.reporting.svg import Element, document, el, group, heading, message_document, num
from assess.reporting.wording import percent, plural
from assess.stats import DEFAULT_THRESHOLDS, SEVERITY_ORDER, Flag, FlagThresholds, ItemStats, Severity

WIDTH = 640
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 80, 580, 64, 424
FACILITY = Scale.of(0, 1, PLOT_LEFT, PLOT_RIGHT)
DISCRIMINATION = Scale.of(-1, 1, PLOT_BOTTOM, PLOT_TOP)
"""ItemStats keeps the discrimination index as a plain correlation in [-1, 1] (Moodle shows it x100)."""
LEGEND_Y = PLOT_BOTTOM + 66
CAPTION_Y = LEGEND_Y + 66
LINE_HEIGHT = 16
CAPTION_WIDTH = 92
"""Characters a caption line holds at the chart's font size before it would run off the right edge."""
OK_FILL, REVIEW_FILL, LOOK_FILL, REGION_FILL = "#4a6fa5", "#c62828", "#e67e00", "#e3f1e5"
NO_ITEMS = "no items to plot"
MARKED = (Severity.REVIEW, Severity.LOOK)


@dataclass(frozen=True)
class Mark:
    """How a kind of problem is drawn, and what the legend calls it."""

    kind: str
    path: str
    fill: str
    stroke: str
    words: str


MARKS = {
    "miskey": Mark("miskey", "M0 -8 L8 0 L0 8 L-8 0 Z", REVIEW_FILL, "#fff", "likely miskeyed (review now)"),
    "negative": Mark("negative", "M-7 -6 L7 -6 L0 7 Z", REVIEW_FILL, "#fff", "negative discrimination (review now)"),
    "distractor": Mark(
        "distractor", "M-6 -6 L6 -6 L6 6 L-6 6 Z", "#fff", LOOK_FILL, "distractor almost no one picks (worth a look)"
    ),
    "limits": Mark(
        "limits", "M-6 0 A6 6 0 1 0 6 0 A6 6 0 1 0 -6 0 Z", "#fff", LOOK_FILL, "outside the limits (worth a look)"
    ),
    "ok": Mark("ok", "M-5 0 A5 5 0 1 0 5 0 A5 5 0 1 0 -5 0 Z", OK_FILL, "#fff", "nothing to review"),
}


def mark_of(flags: Sequence[Flag]) -> Mark:
    """The most urgent kind among the flags that ask for review; informational flags mark nothing."""
    codes = {flag.code for flag in flags if flag.severity in MARKED}
    if "likely_miskeyed" in codes:
        return MARKS["miskey"]
    if any(flag.code == "discrimination_negative" and flag.severity is Severity.REVIEW for flag in flags):
        return MARKS["negative"]
    if "distractor_rare" in codes:
        return MARKS["distractor"]
    return MARKS["limits"] if codes else MARKS["ok"]


@dataclass(frozen=True)
class Entry:
    """An item with the reasons it was flagged, and where it sits on the map if both coordinates are defined."""

    item: ItemStats
    flags: tuple[Flag, ...]

    @property
    def marked(self) -> tuple[Flag, ...]:
        """The flags that ask for review, most urgent first."""
        marked = [flag for flag in self.flags if flag.severity in MARKED]
        return tuple(sorted(marked, key=lambda flag: SEVERITY_ORDER.index(flag.severity)))

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(f"{severity_words(flag.severity)}: {reason(flag)}" for flag in self.flags)

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
        shown_r = "undefined" if r is None else coefficient(r)
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
    entries = [Entry(item, tuple(flag for flag in flags if concerns(flag, item))) for item in items]
    placed = [
        (entry, FACILITY(position[0]), DISCRIMINATION(position[1]))
        for entry in entries
        if (position := entry.position) is not None
    ]
    # flagged first when labels claim their spots, drawn last so no clean point hides one that needs review
    placed.sort(key=lambda entry_x_y: not entry_x_y[0].marked)
    spots = place_labels([(x, y, entry.label) for entry, x, y in placed])
    drawn = [point(entry, x, y, spot) for (entry, x, y), spot in zip(placed, spots, strict=True)]
    lines = caption_lines(entries, thresholds)
    notes = reason_lines(entries)
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
            label=limit_percent,
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
            (el("text", line, x=20, y=CAPTION_Y + LINE_HEIGHT * index) for index, line in enumerate(lines)),
            class_="caption",
        ),
        reasons_legend(notes, CAPTION_Y + LINE_HEIGHT * (len(lines) + 1)),
    ]
    height = CAPTION_Y + LINE_HEIGHT * (len(lines) + 1 + len(notes)) + (8 if notes else 0)
    return document(WIDTH, height, title, description(entries, lines), body)


@dataclass(frozen=True)
class Note:
    """One line of the legend of reasons: a slot's heading (with its mark) or a wrapped piece of a reason."""

    text: str
    indent: int
    mark: Mark | None = None
    bold: bool = False


def reason_lines(entries: Sequence[Entry]) -> list[Note]:
    """Every marked slot: a heading with its mark, then each reason, wrapped, hanging under its first word.

    SVG collapses leading spaces, so indents are x offsets, not spaces."""
    lines: list[Note] = []
    for entry in entries:
        if not entry.marked:
            continue
        lines.append(Note(f"Slot {entry.label}", 0, mark_of(entry.flags), bold=True))
        for flag in entry.marked:
            text = f"{severity_words(flag.severity).capitalize()}: {reason(flag)}"
            for number, piece in enumerate(textwrap.wrap(text, CAPTION_WIDTH - 6)):
                lines.append(Note(piece, 1 if number == 0 else 2))
    return lines


INDENTS = (44, 56, 68)


def reasons_legend(lines: Sequence[Note], top: int) -> Element | None:
    if not lines:
        return None
    parts: list[Element] = [el("text", "Why the marked items need review:", x=20, y=top, font_weight="bold")]
    for index, note in enumerate(lines, start=1):
        y = top + LINE_HEIGHT * index
        if note.mark is not None:
            parts.append(marker(note.mark, f"translate(30 {y - 4}) scale(0.8)"))
        weight = "bold" if note.bold else None
        parts.append(el("text", note.text, x=INDENTS[note.indent], y=y, font_weight=weight))
    return group(parts, class_="reasons")


def marker(mark: Mark, transform: str | None = None) -> Element:
    return el("path", d=mark.path, fill=mark.fill, stroke=mark.stroke, stroke_width=2, transform=transform)


def concerns(flag: Flag, item: ItemStats) -> bool:
    """A slot carries every flag raised in it, its versions' and options' included; a version only its own."""
    return flag.slot == item.slot and (item.version is None or flag.version == item.version)


def clamp(value: Fraction | float, lo: int, hi: int) -> Fraction:
    """Rounding can put a correlation a hair past ±1; the point belongs on the edge, not off the chart."""
    return min(max(Fraction(value), Fraction(lo)), Fraction(hi))


def point(entry: Entry, x: Fraction, y: Fraction, spot: Spot) -> Element:
    tip = "\n".join([f"{entry.name}: {entry.numbers}", *(f"- {reason}" for reason in entry.reasons)])
    mark = mark_of(entry.flags)
    return el(
        "g",
        el("title", tip),
        marker(mark),
        el(
            "text",
            entry.label,
            x=spot.dx,
            y=spot.dy,
            text_anchor=spot.anchor,
            font_size=11,
            font_weight="bold" if entry.marked else None,
            class_="label",
        ),
        class_="flagged" if entry.marked else "ok",
        data_mark=mark.kind,
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
    """Every kind of mark in two rows, whether or not this map uses it, so two maps read alike."""
    parts: list[Element] = []
    rows = [("miskey", "negative"), ("distractor", "limits"), ("ok", None)]
    for row, kinds in enumerate(rows):
        y = LEGEND_Y + 20 * row
        for column, kind in enumerate(kinds):
            x = 20 + 325 * column
            if kind is None:
                parts.append(el("rect", x=x, y=y - 11, width=14, height=14, fill=REGION_FILL, stroke="#9bc4a1"))
                parts.append(el("text", "acceptable region", x=x + 20, y=y))
                continue
            parts.append(marker(MARKS[kind], f"translate({x + 7} {y - 4})"))
            parts.append(el("text", MARKS[kind].words, x=x + 20, y=y))
    return group(parts, class_="legend")


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
    flagged = [entry.label for entry in entries if entry.position is not None and entry.marked]
    left_out = [entry for entry in entries if entry.position is None]
    plotted = len(entries) - len(left_out)
    sentences = [
        f"{plural(plotted, 'item')} plotted"
        + (f", {len(flagged)} marked for review: {', '.join(flagged)}." if flagged else ", none needs review."),
        f"Acceptable: facility {limit_percent(limits.min_facility)} to {limit_percent(limits.max_facility)}, "
        f"discrimination at least {limits.min_discrimination:.2f}.",
    ]
    if left_out:
        sentences.append(f"Not plotted: {', '.join(left_out_entry(entry) for entry in left_out)}.")
    return [line for sentence in sentences for line in textwrap.wrap(sentence, CAPTION_WIDTH)]


def left_out_entry(entry: Entry) -> str:
    flagged = f"; {plural(len(entry.marked), 'flag')} to review" if entry.marked else ""
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
