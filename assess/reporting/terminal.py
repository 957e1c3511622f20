"""An analytics report as plain text for a terminal or a log: no colours, no third-party libraries.

Width is counted in code points, so every line of the output has at most `width` of them; East Asian wide
characters in labels take two terminal cells each and can make such a line look longer than it is. Undefined
statistics print as an em dash, never as 0. Labels, versions, option names and flag reasons can come from authors,
so control and format characters in them (escape sequences, newlines, bidirectional overrides) are replaced before
they reach the terminal.

Units (docs/analytics.md, *Units*): a share of a whole (facility, efficiency, an option's share, the pass rate) prints
as a percentage with one decimal; a coefficient (discrimination, point-biserial, alpha, KR-21, error ratio) as a
decimal in [-1, 1]; marks as marks; times in seconds.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from assess.reporting.numbers import coefficient, decimal, exact, percent
from assess.reporting.reasons import option_name, reason, severity_words
from assess.stats import SEVERITY_ORDER, AssessmentStats, Exact, Flag, ItemStats, OptionStats, QuestionTime, Report

MISSING = "\N{EM DASH}"
ELLIPSIS = "\N{HORIZONTAL ELLIPSIS}"
GAP = "  "
MIN_SHRUNK = 6
MIN_WRAPPED = 12
UNSAFE = frozenset({"Cc", "Cf", "Zl", "Zp"})
"""Unicode categories of controls, format characters (bidi overrides) and line separators."""


def clean(text: str) -> str:
    """Make author text safe to print: whitespace controls become spaces, other invisible controls U+FFFD."""
    return "".join(
        " " if char in "\t\n\r" else "\N{REPLACEMENT CHARACTER}" if unicodedata.category(char) in UNSAFE else char
        for char in text
    )


def shown(text: str) -> str:
    return text or MISSING


def mark(value: Fraction | None) -> str:
    """Marks as people write them: '2' for a whole mark, '1.80' otherwise."""
    if value is None:
        return MISSING
    return exact(value) if value.denominator == 1 else decimal(value, 2)


def truncated(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + ELLIPSIS


@dataclass(frozen=True)
class Column:
    """`shrink`: may be cut short with an ellipsis; `wrap` (last column only): continues on the next lines."""

    header: str
    align: str = ">"
    shrink: bool = False
    wrap: bool = False


def fitted_widths(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int) -> list[int]:
    """Natural widths, narrowed until a row fits `width`, losing as little as possible at each step.

    First the wrapped column down to its longest word (wrapping costs only height), then the shrinkable ones down
    to a few characters, and only then the wrapped column further, breaking its words.
    """
    widths = [max([len(column.header), *(len(row[i]) for row in rows)]) for i, column in enumerate(columns)]
    longest_word = max([len(word) for row in rows for word in row[-1].split()], default=0)
    excess = sum(widths) + len(GAP) * (len(columns) - 1) - width
    for kind, floor in (("wrap", longest_word), ("shrink", MIN_SHRUNK), ("wrap", MIN_WRAPPED)):
        for i, column in enumerate(columns):
            if excess > 0 and getattr(column, kind):
                cut = min(excess, max(0, widths[i] - max(floor, len(column.header))))
                widths[i] -= cut
                excess -= cut
    if excess > 0:
        raise ValueError(f"width {width} is too narrow for this table: it needs {width + excess}")
    return widths


def table(columns: Sequence[Column], rows: Sequence[Sequence[str]], width: int) -> list[str]:
    widths = fitted_widths(columns, rows, width)
    lines = [line(columns, widths, [column.header for column in columns])]
    lines.append(line(columns, widths, ["-" * w for w in widths]))
    for row in rows:
        cells = [
            truncated(cell, w) if column.shrink else cell for column, cell, w in zip(columns, row, widths, strict=True)
        ]
        if columns[-1].wrap:
            pieces = textwrap.wrap(cells[-1], widths[-1], break_on_hyphens=False) or [""]
            lines.append(line(columns, widths, [*cells[:-1], pieces[0]]))
            lines.extend(line(columns, widths, [""] * (len(cells) - 1) + [piece]) for piece in pieces[1:])
        else:
            lines.append(line(columns, widths, cells))
    return lines


def line(columns: Sequence[Column], widths: Sequence[int], cells: Sequence[str]) -> str:
    return GAP.join(
        f"{cell:{column.align}{w}}" for column, cell, w in zip(columns, cells, widths, strict=True)
    ).rstrip()


def summary_lines(test: AssessmentStats) -> list[str]:
    """The score distribution's summary, in marks unless a share reads better."""
    mean = mark(test.mean)
    if test.mean is not None and test.max_total:
        mean += f" ({percent(test.mean / test.max_total)})"
    threshold = "Pass rate" if test.pass_threshold is None else f"Pass rate at {percent(test.pass_threshold)}"
    reliability = test.reliability
    pairs = [
        ("Attempts", str(test.attempts)),
        ("Out of", mark(test.max_total)),
        ("Mean", mean),
        ("Median", mark(test.median)),
        ("SD", shown(decimal(test.sd, 2))),
        ("Minimum", mark(test.minimum)),
        ("Maximum", mark(test.maximum)),
        ("Skewness", shown(decimal(test.skewness, 3))),
        ("Kurtosis", shown(decimal(test.kurtosis, 3))),
        (threshold, shown(percent(test.pass_rate))),
        ("Alpha", shown(coefficient(reliability.alpha))),
        ("Alpha, 95% interval", interval(reliability.alpha_lower, reliability.alpha_upper)),
        ("KR-21", shown(coefficient(reliability.kr21))),
        ("Standard error", shown(decimal(reliability.standard_error, 2))),
        ("Error ratio", shown(coefficient(reliability.error_ratio))),
    ]
    key_width = max(len(key) for key, _ in pairs)
    return [f"{key:<{key_width}}  {value}" for key, value in pairs]


def interval(lower: float | None, upper: float | None) -> str:
    if lower is None or upper is None:
        return MISSING
    return f"{coefficient(lower)} to {coefficient(upper)}"


def seconds(value: Fraction | None) -> str:
    return MISSING if value is None else f"{decimal(value, 0 if value.denominator == 1 else 1)} s"


def shared_slots(report: Report) -> set[int]:
    """Slots delivered in more than one version, the only ones whose versions get rows of their own."""
    seen: dict[int, int] = {}
    for item in report.versions:
        seen[item.slot] = seen.get(item.slot, 0) + 1
    return {slot for slot, count in seen.items() if count > 1}


def flag_row_key(flag: Flag, shared: set[int]) -> tuple[int, str | None]:
    """The table row a flag is listed on: its version's row if shown, else its slot's (so a miskey is never lost)."""
    return (flag.slot, flag.version) if flag.slot in shared and flag.version is not None else (flag.slot, None)


def question_rows(
    report: Report, labels: Mapping[int, str], shared: set[int], times: Mapping[int, QuestionTime]
) -> list[list[str]]:
    codes: dict[tuple[int, str | None], list[str]] = {}
    for flag in report.flags:
        codes.setdefault(flag_row_key(flag, shared), []).append(flag.code)
    rows = []
    for slot in report.slots:
        time = times.get(slot.slot)
        median = None if time is None else time.median_seconds
        rows.append(question_row(str(slot.slot), clean(labels.get(slot.slot, "")), slot, codes, seconds(median)))
        for version in report.versions:
            if version.slot == slot.slot and slot.slot in shared:
                label = f"  version {clean(version.version or '')}"
                rows.append(question_row("", label, version, codes, MISSING))
    return rows


def question_row(
    slot: str, label: str, item: ItemStats, codes: Mapping[tuple[int, str | None], list[str]], time: str
) -> list[str]:
    return [
        slot,
        label,
        shown(percent(item.facility)),
        shown(decimal(item.sd, 2)),
        shown(coefficient(item.discrimination_index)),
        shown(percent(item.discriminative_efficiency)),
        time,
        ", ".join(codes.get((item.slot, item.version), [])),
    ]


QUESTION_COLUMNS = (
    Column("Slot"),
    Column("Label", "<", shrink=True),
    Column("Facility"),
    Column("SD"),
    Column("DI (r)"),
    Column("DE"),
    Column("Time"),
    Column("Flags", "<", wrap=True),
)

DISTRACTOR_COLUMNS = (
    Column("Slot"),
    Column("Version", "<", shrink=True),
    Column("Option", "<", shrink=True),
    Column("Share"),
    Column("Lower"),
    Column("Middle"),
    Column("Upper"),
    Column("r_pb"),
    Column("Flags", "<", wrap=True),
)
VERSION_COLUMN = 1


def option_codes(option: OptionStats, flags: Iterable[Flag]) -> list[str]:
    return [
        flag.code
        for flag in flags
        if option.option is not None
        and (flag.slot, flag.version, flag.option) == (option.slot, option.version, option.option)
    ]


def distractor_rows(report: Report) -> list[list[str]]:
    """Only options that raised a flag: the healthy ones are in the CSV for whoever wants them."""
    rows = []
    for option in report.options:
        codes = option_codes(option, report.flags)
        if codes:
            rows.append(
                [
                    str(option.slot),
                    clean(option.version),
                    clean(option_name(option, 24)),
                    shown(percent(option.share)),
                    shown(percent(option.share_lower)),
                    shown(percent(option.share_middle)),
                    shown(percent(option.share_upper)),
                    shown(coefficient(option.point_biserial)),
                    ", ".join(codes),
                ]
            )
    return rows


def distractor_table(report: Report, shared: set[int], width: int) -> list[str]:
    """The version column only when a flagged option's slot has several versions; otherwise it says nothing."""
    rows = distractor_rows(report)
    if not rows:
        return ["No option was flagged."]
    if any(int(row[0]) in shared for row in rows):
        return table(DISTRACTOR_COLUMNS, rows, width)
    columns = [column for i, column in enumerate(DISTRACTOR_COLUMNS) if i != VERSION_COLUMN]
    return table(columns, [[cell for i, cell in enumerate(row) if i != VERSION_COLUMN] for row in rows], width)


def flag_lines(report: Report, shared: set[int], width: int) -> list[str]:
    """Each flag's reason in full, most urgent first ("review now", then "worth a look", then informational), by
    slot within each; versions are named only where a slot has several. The reason names the option."""
    lines: list[str] = []
    for severity in SEVERITY_ORDER:
        flags = sorted((flag for flag in report.flags if flag.severity is severity), key=lambda flag: flag.slot)
        if not flags:
            continue
        lines += [""] if lines else []
        lines.append(f"{severity_words(severity).capitalize()} ({len(flags)}):")
        for flag in flags:
            where = f"Slot {flag.slot}"
            if flag.version is not None and flag.slot in shared:
                where += f", version {clean(flag.version)}"
            text = f"{where}: {clean(reason(flag))} [{flag.code}]"
            lines.extend(
                textwrap.wrap(text, width, initial_indent="  ", subsequent_indent="      ", break_on_hyphens=False)
            )
    return lines


def heading(text: str, width: int, underline: str = "-") -> list[str]:
    lines = textwrap.wrap(clean(text), width, break_on_hyphens=False) or [""]
    return [*lines, underline * max(len(piece) for piece in lines)]


def render_report(
    report: Report,
    *,
    title: str,
    labels: Mapping[int, str] | None = None,
    width: int = 100,
    times: Sequence[QuestionTime] = (),
) -> str:
    """Test statistics, the question table, flagged distractors and every flag's reason, each line <= `width`.

    Raises ValueError when `width` cannot hold a table's number columns; labels and option names are shortened
    and flag codes wrapped before that.
    """
    labels = labels or {}
    by_slot = {time.slot: time for time in times}
    shared = shared_slots(report)
    lines = [*heading(title, width, "="), ""]
    lines += [*heading("Test statistics", width), *summary_lines(report.assessment), ""]
    questions = question_rows(report, labels, shared, by_slot)
    lines += [*heading("Questions", width), *table(QUESTION_COLUMNS, questions, width), ""]
    lines += [*heading("Flagged distractors", width), *distractor_table(report, shared, width)]
    lines += ["", *heading("Flags", width)]
    lines += flag_lines(report, shared, width) or ["No flags."]
    return "\n".join(lines) + "\n"


def render_distribution(
    totals: Mapping[Exact, int],
    max_total: Fraction,
    pass_threshold: Fraction | None,
    width: int = 40,
) -> str:
    """A sideways histogram of attempt totals; `width` is the length of the longest bar.

    When every total and the maximum are whole marks, each whole mark from 0 to the maximum gets a row, empty or
    not, so the shape shows where scores sit in the whole range; otherwise only the totals that occurred do. Bars
    are scaled to the most common total, rounded to the nearest '#', and never vanish for a total that occurred.
    The first row at or above the pass mark (threshold x max_total) is marked.
    """
    counts: dict[Fraction, int] = {}
    for total, count in totals.items():
        if count:
            counts[Fraction(total)] = counts.get(Fraction(total), 0) + count
    if not counts:
        return "No attempts.\n"
    max_total = Fraction(max_total)
    values = sorted(counts)
    if max_total.denominator == 1 and all(value.denominator == 1 for value in values) and values[0] >= 0:
        values = sorted({*(Fraction(value) for value in range(int(max_total) + 1)), *values})
    pass_mark = None if pass_threshold is None else pass_threshold * max_total
    marked = next((value for value in values if pass_mark is not None and value >= pass_mark), None)
    most = max(counts.values())
    label_width = max(len(mark(value)) for value in values)
    count_width = len(str(most))
    lines = []
    for value in values:
        count = counts.get(value, 0)
        bar = "#" * (max(1, round(Fraction(count * width, most))) if count else 0)
        row = f"{mark(value):>{label_width}} | {bar:<{width}}  {count:>{count_width}}"
        if value == marked:
            row += f"  <- pass mark {mark(pass_mark)} ({percent(pass_threshold)})"
        lines.append(row.rstrip())
    if pass_mark is not None and marked is None:
        lines.append(f"(no total reached the pass mark of {mark(pass_mark)})")
    return "\n".join(lines) + "\n"
