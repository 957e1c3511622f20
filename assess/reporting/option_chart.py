"""One question's options as chosen by the lower, middle and upper thirds of the class: where a miskey shows.

A working key is chosen more the stronger the group (its bars rise left to right); a working distractor is chosen
less. A miskeyed item shows the pattern swapped: the key's bars fall and one distractor's rise. Thirds are by the
score on the rest of the test, as in the report (`assess.stats.distractors`). The key's bars are green and
labelled "key", so the picture needs no colour to be read, and the flags on the question are listed below it in
words.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from fractions import Fraction

from assess.reporting.axes import INK, Scale, ticks, y_axis
from assess.reporting.numbers import limit_percent
from assess.reporting.reasons import reason, severity_words
from assess.reporting.svg import Element, document, el, group, heading, message_document
from assess.reporting.wording import percent, shortened
from assess.stats import SEVERITY_ORDER, Flag, OptionStats

WIDTH = 680
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 90, 660, 84, 324
SHARE = Scale.of(0, 1, PLOT_BOTTOM, PLOT_TOP)
LINE_HEIGHT = 16
TEXT_WIDTH = 96
GROUPS = (("lower", "lower third"), ("middle", "middle third"), ("upper", "upper third"))
SHADES = {"key": ("#a5d6a7", "#4caf50", "#1b5e20"), "other": ("#c5cae9", "#7986cb", "#283593")}
NO_OPTIONS = "no choice options to chart"


def group_share(option: OptionStats, name: str) -> Fraction | None:
    return {"lower": option.share_lower, "middle": option.share_middle, "upper": option.share_upper}[name]


def option_chart_svg(
    options: Sequence[OptionStats],
    flags: Sequence[Flag] = (),
    *,
    title: str = "Options by ability group",
    selection: str | None = None,
) -> str:
    """`options`: one version's `OptionStats` (a slice of `Report.options`), in authored order, omitted last;
    `flags`: the report's flags, of which those on this version and on its slot are listed under the chart."""
    shown = [option for option in options if option.share_lower is not None]
    full_title = title if selection is None else f"{title} ({selection})"
    if not shown:
        return message_document(WIDTH, 200, full_title, NO_OPTIONS)
    first = shown[0]
    # the version's own flags (its options', its statistics') and the slot's as a whole
    own = [flag for flag in flags if flag.slot == first.slot and flag.version in (None, first.version)]
    own.sort(key=lambda flag: (SEVERITY_ORDER.index(flag.severity), flag.about is None))  # options' first
    cluster = Fraction(PLOT_RIGHT - PLOT_LEFT, len(shown))
    bar = min(cluster * Fraction(7, 10) / 3, Fraction(40))
    body: list[Element | None] = [
        heading(title),
        None if selection is None else el("text", selection, x=12, y=46, fill="#555", class_="subtitle"),
        y_axis(
            SHARE,
            ticks(0, 1, Fraction(1, 5)),
            at=PLOT_LEFT,
            label=limit_percent,
            title="share of the third choosing it",
            grid_to=PLOT_RIGHT,
        ),
    ]
    label_lines = 0
    for index, option in enumerate(shown):
        middle = PLOT_LEFT + cluster * index + cluster / 2
        body.append(option_bars(option, middle, bar))
        names = option_label(option, int(cluster / 7))
        label_lines = max(label_lines, len(names))
        body.append(
            group(
                (
                    el(
                        "text",
                        line,
                        x=middle,
                        y=PLOT_BOTTOM + 18 + LINE_HEIGHT * number,
                        text_anchor="middle",
                        font_weight="bold" if number == 0 else None,
                    )
                    for number, line in enumerate(names)
                ),
                class_="option-label",
            )
        )
    body.append(el("line", x1=PLOT_LEFT, y1=PLOT_BOTTOM, x2=PLOT_RIGHT, y2=PLOT_BOTTOM, stroke=INK))
    legend_y = PLOT_BOTTOM + 28 + LINE_HEIGHT * label_lines
    body.append(legend(legend_y))
    caption = caption_text(first)
    captions = textwrap.wrap(caption, TEXT_WIDTH)
    notes = flag_lines(own)
    top = legend_y + 26
    body.append(
        group(
            (el("text", line, x=12, y=top + LINE_HEIGHT * number) for number, line in enumerate(captions)),
            class_="caption",
        )
    )
    notes_top = top + LINE_HEIGHT * (len(captions) + 1)
    body.append(el("text", "Flags on this question:", x=12, y=notes_top, font_weight="bold"))
    body.append(
        group(
            (el("text", line, x=24, y=notes_top + LINE_HEIGHT * (number + 1)) for number, line in enumerate(notes)),
            class_="reasons",
        )
    )
    height = notes_top + LINE_HEIGHT * (len(notes) + 1)
    return document(WIDTH, height, full_title, description(shown, caption, notes), body)


def option_label(option: OptionStats, width: int) -> list[str]:
    """The letter (and "key"), then the text cut short over two lines: the option as the learner read it."""
    if option.letter is None:
        return ["omitted"]
    head = f"{option.letter} (key)" if option.is_key else option.letter
    text = shortened(option.text, 80)
    return [head, *textwrap.wrap(text, max(width, 4), max_lines=2, placeholder="\N{HORIZONTAL ELLIPSIS}")]


def option_bars(option: OptionStats, middle: Fraction, bar: Fraction) -> Element:
    shades = SHADES["key" if option.is_key else "other"]
    parts: list[Element] = []
    for number, (name, words) in enumerate(GROUPS):
        share = group_share(option, name) or Fraction(0)
        left = middle + (number - Fraction(3, 2)) * bar
        top = SHARE(min(share, Fraction(1)))
        parts.append(
            el(
                "rect",
                el("title", f"{words}: {percent(share)}"),
                x=left,
                y=top,
                width=bar - 2,
                height=SHARE(0) - top,
                fill=shades[number],
                class_=name,
                data_share=str(share),
            )
        )
        if share:
            centre = left + (bar - 2) / 2
            parts.append(el("text", percent(share), x=centre, y=top - 3, text_anchor="middle", font_size=9))
    if not any(group_share(option, name) for name, _words in GROUPS):
        parts.append(el("text", "no one", x=middle, y=SHARE(0) - 6, text_anchor="middle", fill="#555"))
    kind = "key" if option.is_key else "omitted" if option.letter is None else "distractor"
    return group(parts, class_=f"option {kind}", data_letter=option.letter)


def legend(y: int | Fraction) -> Element:
    parts: list[Element] = []
    x = Fraction(12)
    for number, (_name, words) in enumerate(GROUPS):
        parts.append(el("rect", x=x, y=Fraction(y) - 11, width=12, height=14, fill=SHADES["other"][number]))
        parts.append(el("rect", x=x + 12, y=Fraction(y) - 11, width=12, height=14, fill=SHADES["key"][number]))
        parts.append(el("text", words, x=x + 30, y=y))
        x += 30 + 7 * len(words) + 16
    parts.append(el("text", "blue: distractors, green: the key", x=x, y=y, fill="#555"))
    return group(parts, class_="legend")


def caption_text(option: OptionStats) -> str:
    size = "" if option.group_size is None else f" of {float(option.group_size):.1f} attempts each"
    return (
        f"Thirds{size}, by score on the rest of the test. "
        "A working key rises from lower to upper; a working distractor falls."
    )


def flag_lines(flags: Sequence[Flag]) -> list[str]:
    if not flags:
        return ["No flags on this question."]
    lines = []
    for flag in flags:
        text = f"{severity_words(flag.severity).capitalize()}: {reason(flag)}"
        lines += textwrap.wrap(text, TEXT_WIDTH - 2)
    return lines


def description(options: Sequence[OptionStats], caption: str, notes: Sequence[str]) -> str:
    described = "; ".join(
        f"{option.letter or 'omitted'}{' (key)' if option.is_key else ''}: "
        + ", ".join(f"{words} {percent(group_share(option, name) or 0)}" for name, words in GROUPS)
        for option in options
    )
    return f"Grouped bar chart. {caption} {described}. {' '.join(notes)}"
