"""The score distribution as a bar chart, with the pass mark drawn where the pass/fail decision is actually made.

Pass or fail is decided exactly as the report decides it (T >= threshold x max_total, in Fractions), so a bar
sitting on the pass mark is coloured the way the learners in it were graded, and the dashed line runs between the
highest failing and the lowest passing total a learner could have, not through a bar. A legend names the colours
and the subtitle which attempts were counted, so a printout explains itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from assess.reporting.axes import INK, Scale, nice_step, ticks, x_axis, y_axis
from assess.reporting.bins import Bins, choose_bins
from assess.reporting.svg import Element, document, el, group, heading, message_document
from assess.reporting.wording import decimal, percent, plural
from assess.stats import AssessmentStats, Exact, score_statistics

WIDTH, HEIGHT = 720, 456
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 70, 700, 84, 350
LEGEND_Y = PLOT_BOTTOM + 64
SUBTITLE_Y = 46
MAX_BARS = 60
"""More distinct totals than this are binned: bars narrower than ~10 px stop reading as a distribution."""
MAX_SLOTS = 120
"""Whole-mark totals get a slot each up to this many marks; past it even a few bars would be slivers."""
BAR_SHARE = Fraction(4, 5)
"""Of its slot, the share a bar fills: the gaps show where one bar ends and the next begins."""
FILL = {"pass": "#2e7d32", "fail": "#c62828", "bar": "#4a6fa5"}
NO_ATTEMPTS = "no scored attempts yet"


@dataclass(frozen=True)
class Bar:
    """A bar's stretch [lo, hi] of the mark axis, named by the totals it holds, its attempts split by outcome."""

    lo: Fraction
    hi: Fraction
    name: str
    segments: tuple[tuple[str, int], ...]

    @property
    def count(self) -> int:
        return sum(count for _, count in self.segments)


def score_distribution_svg(
    totals: Mapping[Exact, int],
    max_total: Fraction,
    pass_threshold: Fraction | None,
    *,
    title: str = "Score distribution",
    selection: str | None = None,
) -> str:
    """`totals` is `CountTables.totals`; `pass_threshold` a share of `max_total`, such as 4/5, or None for no pass mark.

    `selection` says which attempts were counted ("first attempts, cohort 7B": `wording.selection_words`); it is
    printed under the title and is part of the picture's accessible title.

    Raises ValueError for totals outside [0, max_total] or a threshold outside [0, 1]: drawing them would put
    bars off the axis or a pass line off the chart, hiding a fault in the tables.
    """
    counts = {Fraction(total): count for total, count in sorted(totals.items()) if count}
    max_total = Fraction(max_total)
    threshold = None if pass_threshold is None else Fraction(pass_threshold)
    check(counts, max_total, threshold)
    full_title = title if selection is None else f"{title} ({selection})"
    if not counts:
        return message_document(WIDTH, HEIGHT, full_title, NO_ATTEMPTS)
    if max_total == 0:
        return message_document(WIDTH, HEIGHT, full_title, "the test is worth no marks: there is no score to chart")
    mark = None if threshold is None else threshold * max_total
    x_title = f"total mark out of {decimal(max_total)}"
    if whole_marks(counts, max_total):
        bars = single_bars(counts, mark)
        x = Scale.of(-Fraction(1, 2), max_total + Fraction(1, 2), PLOT_LEFT, PLOT_RIGHT)
        boundary = None if mark is None else pass_boundary(mark, Fraction(1), None)
    else:
        bins = choose_bins(counts, max_total, mark)
        bars = binned_bars(counts, bins, mark)
        x = Scale.of(bins.origin, bins.end, PLOT_LEFT, PLOT_RIGHT)
        x_title += f", in {bins.count} bins of {decimal(bins.width)}"
        boundary = None if mark is None else pass_boundary(mark, bins.step, bins)
    if boundary is not None:
        boundary = min(max(boundary, x.lo), x.hi)
    peak = max(bar.count for bar in bars)
    count_step = nice_step(peak, 7, minimum=1)
    y = Scale.of(0, math.ceil(peak / count_step) * count_step, PLOT_BOTTOM, PLOT_TOP)
    summary = caption(score_statistics(counts, max_total, pass_threshold=threshold))
    body = [
        heading(title),
        None if selection is None else el("text", selection, x=12, y=SUBTITLE_Y, fill="#555", class_="subtitle"),
        y_axis(y, ticks(0, y.hi, count_step), at=PLOT_LEFT, label=decimal, title="attempts", grid_to=PLOT_RIGHT),
        group((bar_element(bar, x, y) for bar in bars), class_="bars"),
        x_axis(x, ticks(0, max_total, mark_step(max_total)), at=PLOT_BOTTOM, label=decimal, title=x_title),
        None if threshold is None or boundary is None else threshold_line(x, threshold, max_total, boundary),
        legend(mark),
        el("text", summary, x=PLOT_LEFT, y=HEIGHT - 16, class_="caption"),
    ]
    return document(WIDTH, HEIGHT, full_title, description(bars, x_title, summary), body)


def pass_boundary(mark: Fraction, step: Fraction, bins: Bins | None) -> Fraction:
    """Between the highest total that fails and the lowest that passes (totals are multiples of `step`).

    Where bins put those two totals in different bins, the line is the edge between the bins, so it never cuts a
    bar; otherwise half a step below the lowest passing total.
    """
    lowest_pass = math.ceil(mark / step) * step
    if bins is not None and bins.index(lowest_pass) != bins.index(lowest_pass - step) and lowest_pass > 0:
        return bins.bounds(bins.index(lowest_pass))[0]
    return lowest_pass - step / 2


def legend(mark: Fraction | None) -> Element:
    """The colours in words, with the totals each stands for."""
    if mark is None:
        return group([], class_="legend")
    y = LEGEND_Y
    items = [("fail", f"failed (below {decimal(mark)})"), ("pass", f"passed ({decimal(mark)} or more)")]
    parts: list[Element] = []
    x = PLOT_LEFT
    for name, words in items:
        parts.append(el("rect", x=x, y=y - 11, width=14, height=14, fill=FILL[name], class_=f"legend-{name}"))
        parts.append(el("text", words, x=x + 20, y=y))
        x += 40 + 7 * len(words)
    parts.append(el("line", x1=x, y1=y - 12, x2=x, y2=y + 3, stroke=INK, stroke_width=2, stroke_dasharray="4 3"))
    parts.append(el("text", "pass mark", x=x + 8, y=y))
    return group(parts, class_="legend")


def check(counts: Mapping[Fraction, int], max_total: Fraction, threshold: Fraction | None) -> None:
    if max_total < 0:
        raise ValueError(f"max_total {max_total} is negative")
    if threshold is not None and not 0 <= threshold <= 1:
        raise ValueError(f"pass_threshold {threshold} is not a share between 0 and 1")
    for total, count in counts.items():
        if not isinstance(count, int) or count < 0:
            raise ValueError(f"count {count!r} for total {total} is not a non-negative integer")
        if not 0 <= total <= max_total:
            raise ValueError(f"total {total} is outside [0, {max_total}]")


def whole_marks(counts: Mapping[Fraction, int], max_total: Fraction) -> bool:
    return all(total.denominator == 1 for total in counts) and len(counts) <= MAX_BARS and max_total <= MAX_SLOTS


def graded(attempts: Iterable[tuple[Fraction, int]], mark: Fraction | None) -> tuple[tuple[str, int], ...]:
    """Fail below pass on a stacked bar; the exact comparison the report's pass rate makes."""
    if mark is None:
        return (("bar", sum(count for _, count in attempts)),)
    failed = passed = 0
    for total, count in attempts:
        if total >= mark:
            passed += count
        else:
            failed += count
    return tuple((name, count) for name, count in (("fail", failed), ("pass", passed)) if count)


def single_bars(counts: Mapping[Fraction, int], mark: Fraction | None) -> list[Bar]:
    half = Fraction(1, 2)
    return [
        Bar(total - half, total + half, decimal(total), graded([(total, count)], mark))
        for total, count in counts.items()
    ]


def binned_bars(counts: Mapping[Fraction, int], bins: Bins, mark: Fraction | None) -> list[Bar]:
    members: dict[int, list[tuple[Fraction, int]]] = {}
    for total, count in counts.items():
        members.setdefault(bins.index(total), []).append((total, count))
    return [Bar(*bins.bounds(index), bins.name(index), graded(members[index], mark)) for index in sorted(members)]


def mark_step(max_total: Fraction) -> Fraction:
    """Whole marks on the ruler when the test has a few marks or more; tenths and halves only for tiny totals."""
    return nice_step(max_total, 16, minimum=1 if max_total >= 4 else 0)


def bar_element(bar: Bar, x: Scale, y: Scale) -> Element:
    """One rectangle per grading outcome, stacked fail under pass, each named in a tooltip."""
    inset = (bar.hi - bar.lo) * (1 - BAR_SHARE) / 2
    left, right = x(bar.lo + inset), x(bar.hi - inset)
    rects = []
    base = 0
    for name, count in bar.segments:
        top, bottom = y(base + count), y(base)
        tip = f"{bar.name}: {plural(count, 'attempt')}" + ("" if name == "bar" else f" ({name})")
        rects.append(
            el(
                "rect",
                el("title", tip),
                x=left,
                y=top,
                width=right - left,
                height=bottom - top,
                fill=FILL[name],
                class_=name,
                data_total=bar.name,
                data_count=count,
            )
        )
        base += count
    return group(rects, class_="bar")


def threshold_line(x: Scale, threshold: Fraction, max_total: Fraction, boundary: Fraction) -> Element:
    """The line sits at `boundary`, between the last failing and first passing total; its label is kept inside
    the chart near either edge and names the exact pass mark."""
    mark = threshold * max_total
    at = x(boundary)
    anchor = "end" if at > PLOT_RIGHT - 80 else "start" if at < PLOT_LEFT + 80 else "middle"
    label = f"pass mark {decimal(mark)} of {decimal(max_total)} ({percent(threshold)})"
    return group(
        [
            el(
                "line",
                x1=at,
                y1=PLOT_TOP - 10,
                x2=at,
                y2=PLOT_BOTTOM,
                stroke=INK,
                stroke_width=2,
                stroke_dasharray="6 4",
            ),
            el("text", label, x=at, y=PLOT_TOP - 16, text_anchor=anchor, class_="threshold-label"),
        ],
        class_="threshold",
    )


def caption(stats: AssessmentStats) -> str:
    """Attempts and pass rate from the report's own statistics, so the picture and the report cannot disagree."""
    words = plural(stats.attempts, "attempt")
    if stats.mean is not None:
        words += f", mean {decimal(stats.mean)} of {decimal(stats.max_total)}"
    if stats.pass_rate is None or stats.pass_threshold is None:
        return words + "; no pass mark set"
    passed = int(stats.pass_rate * stats.attempts)
    mark = stats.pass_threshold * stats.max_total
    return words + f"; {passed} passed ({percent(stats.pass_rate)}) at {decimal(mark)} or more"


def description(bars: list[Bar], x_title: str, summary: str) -> str:
    """What a screen reader hears instead of the bars: the counts themselves, bar by bar."""
    listed = "; ".join(
        f"{bar.name}: " + ", ".join(f"{count} {name}" if name != "bar" else str(count) for name, count in bar.segments)
        for bar in bars
    )
    return f"Bar chart of attempts by {x_title}. {summary}. Attempts per total: {listed}."
