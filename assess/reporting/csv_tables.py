"""An analytics report as CSV tables for spreadsheets and scripts (RFC 4180: comma-separated, CRLF line ends).

Number columns:

- A statistic held as an exact Fraction is written twice: rounded half-even to 6 decimal places in the column named
  after it (`facility`, `0.600000`) and exactly in `<name>_exact` (`3/5`), right after it. Spreadsheets sort and
  chart the decimal; a script can check the arithmetic against the exact value.
- A statistic held as a float (SD, correlations, effective weight, skewness, error ratio, standard error) comes
  from a square root and has no exact form: decimal column only.
- Ratios are plain ratios (facility 0.6, discrimination 0.46), the report's one unit convention. Where Moodle's
  quiz statistics show a figure x100 (discrimination index, discriminative efficiency, effective weight, CIC, error
  ratio), a `<name>_moodle` column right after it holds that x100 figure, so the two reports compare column for
  column.
- Counts (attempts, count), slot numbers and integer option ids are plain integers.
- An undefined statistic (None) is an empty cell in both columns, never 0.

Formula injection: labels, versions and option names come from authors, and a spreadsheet would run a cell such as
`=HYPERLINK(...)` as a formula. Every text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
leading apostrophe (OWASP's advice); a script reading the file sees that apostrophe and may strip it. Number cells
are written by `assess.reporting.numbers` and never guarded, so `-0.120000` stays a number.

The text is returned as `str`; encoding it (and adding a byte-order mark for Excel, if wanted) is the caller's job.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from assess.reporting.numbers import decimal, exact
from assess.reporting.reasons import reason
from assess.stats import SEVERITY_ORDER, Exact, Flag, ItemStats, OptionStats, QuestionTime, Report

PLACES = 6
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
OMITTED = "(omitted)"


@dataclass(frozen=True)
class Text:
    """A cell whose content came from outside the numbers formatter, so it must pass the injection guard."""

    value: str


Cell = str | Text
"""A number cell is a plain str from the formatter; anything else is wrapped in `Text`."""

QUESTION_COLUMNS = (
    "scope",
    "slot",
    "version",
    "label",
    "attempts",
    "facility",
    "facility_exact",
    "sd",
    "discrimination_index",
    "discrimination_index_moodle",
    "discriminative_efficiency",
    "discriminative_efficiency_exact",
    "discriminative_efficiency_moodle",
    "total_correlation",
    "upper_lower_index",
    "upper_lower_index_exact",
    "intended_weight",
    "intended_weight_exact",
    "effective_weight",
    "effective_weight_moodle",
    "alpha_if_deleted",
    "alpha_if_deleted_exact",
    "random_guess_score",
    "random_guess_score_exact",
    "answered",
    "median_seconds",
    "median_seconds_exact",
    "mean_seconds",
    "mean_seconds_exact",
    "severity",
    "flags",
    "reasons",
)

OPTION_COLUMNS = (
    "slot",
    "version",
    "option",
    "letter",
    "text",
    "is_key",
    "count",
    "share",
    "share_exact",
    "share_lower",
    "share_lower_exact",
    "share_middle",
    "share_middle_exact",
    "share_upper",
    "share_upper_exact",
    "point_biserial",
    "severity",
    "flags",
    "reasons",
)

TEST_COLUMNS = ("name", "value", "exact")
DISTRIBUTION_COLUMNS = ("total", "total_exact", "attempts")


def guarded(text: str) -> str:
    """Neutralise a text cell a spreadsheet would otherwise evaluate as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        if len(row) != len(header):
            raise ValueError(f"a row has {len(row)} cells for {len(header)} columns")
        writer.writerow(guarded(cell.value) if isinstance(cell, Text) else cell for cell in row)
    return buffer.getvalue()


def both(value: Fraction | None) -> tuple[str, str]:
    """(rounded, exact) for a statistic the report holds exactly."""
    return decimal(value, PLACES), exact(value)


def moodle(value: Fraction | float | None) -> str:
    """Moodle's x100 figure, exact scaling before the one rounding."""
    return decimal(None if value is None else Fraction(value) * 100, PLACES - 2)


def flag_cells(flags: Sequence[Flag]) -> list[Cell]:
    """(most urgent severity, codes, reasons): the reasons in words, as the terminal prints them."""
    severities = {flag.severity for flag in flags}
    top = next((severity.value for severity in SEVERITY_ORDER if severity in severities), "")
    return [
        Text(top),
        Text(";".join(flag.code for flag in flags)),
        Text(" | ".join(reason(flag) for flag in flags)),
    ]


def time_cells(time: QuestionTime | None) -> list[Cell]:
    if time is None:
        return ["", "", "", "", ""]
    return [str(time.answered), *both(time.median_seconds), *both(time.mean_seconds)]


def question_row(
    item: ItemStats, labels: Mapping[int, str], flags: Sequence[Flag], times: Mapping[int, QuestionTime]
) -> list[Cell]:
    return [
        Text("slot" if item.version is None else "version"),
        str(item.slot),
        Text(item.version or ""),
        Text(labels.get(item.slot, "")),
        str(item.attempts),
        *both(item.facility),
        decimal(item.sd, PLACES),
        decimal(item.discrimination_index, PLACES),
        moodle(item.discrimination_index),
        *both(item.discriminative_efficiency),
        moodle(item.discriminative_efficiency),
        decimal(item.total_correlation, PLACES),
        *both(item.upper_lower_index),
        *both(item.intended_weight),
        decimal(item.effective_weight, PLACES),
        moodle(item.effective_weight),
        *both(item.alpha_if_deleted),
        *both(item.random_guess_score),
        *time_cells(times.get(item.slot) if item.version is None else None),
        *flag_cells([flag for flag in flags if flag.slot == item.slot and flag.version == item.version]),
    ]


def questions_csv(report: Report, labels: Mapping[int, str] | None = None, times: Sequence[QuestionTime] = ()) -> str:
    """Every slot, then every (slot, version); `labels` (e.g. item refs) are keyed by slot number.

    Weights and alpha if deleted exist for slots only, so version rows leave them empty. Each flag is listed once:
    on the slot row if it is about the slot as a whole (version None), otherwise on its version's row, which is
    where a miskeyed option's flag lands even when the slot has a single version. Times (seconds to the first
    answer) are kept per slot, so only slot rows have them.
    """
    labels = labels or {}
    by_slot = {time.slot: time for time in times}
    items = (*report.slots, *report.versions)
    return write(QUESTION_COLUMNS, (question_row(item, labels, report.flags, by_slot) for item in items))


def option_name(option: OptionStats) -> Cell:
    if option.option is None:
        return Text(OMITTED)
    if isinstance(option.option, int):
        return str(option.option)
    return Text(option.option)


def option_flags(option: OptionStats, flags: Sequence[Flag]) -> list[Cell]:
    return flag_cells(
        [
            flag
            for flag in flags
            if option.option is not None
            and (flag.slot, flag.version, flag.option) == (option.slot, option.version, option.option)
        ]
    )


def option_row(option: OptionStats, flags: Sequence[Flag]) -> list[Cell]:
    return [
        str(option.slot),
        Text(option.version),
        option_name(option),
        Text(option.letter or ""),
        Text(option.text),
        "true" if option.is_key else "false",
        str(option.count),
        *both(option.share),
        *both(option.share_lower),
        *both(option.share_middle),
        *both(option.share_upper),
        decimal(option.point_biserial, PLACES),
        *option_flags(option, flags),
    ]


def options_csv(report: Report) -> str:
    """One row per option of every choice item version, "(omitted)" last; `flags` repeats its distractor flags."""
    return write(OPTION_COLUMNS, (option_row(option, report.flags) for option in report.options))


def assessment_rows(report: Report) -> list[tuple[str, Fraction | float | int | None]]:
    test = report.assessment
    return [
        ("attempts", test.attempts),
        ("max_total", test.max_total),
        ("mean", test.mean),
        ("median", test.median),
        ("sd", test.sd),
        ("variance", test.variance),
        ("minimum", test.minimum),
        ("maximum", test.maximum),
        ("skewness", test.skewness),
        ("kurtosis", test.kurtosis),
        ("pass_threshold", test.pass_threshold),
        ("pass_rate", test.pass_rate),
        ("alpha", test.reliability.alpha),
        ("cic_moodle", None if test.reliability.alpha is None else test.reliability.alpha * 100),
        ("alpha_lower", test.reliability.alpha_lower),
        ("alpha_upper", test.reliability.alpha_upper),
        ("kr21", test.reliability.kr21),
        ("error_ratio", test.reliability.error_ratio),
        ("error_ratio_moodle", None if test.reliability.error_ratio is None else test.reliability.error_ratio * 100),
        ("standard_error", test.reliability.standard_error),
    ]


def statistic_cells(value: Fraction | float | int | None) -> tuple[str, str]:
    if isinstance(value, int):
        return str(value), str(value)
    if isinstance(value, float):
        return decimal(value, PLACES), ""
    return both(value)


def test_csv(report: Report) -> str:
    """The test-level statistics as (name, value, exact) rows; `exact` is empty for the float ones."""
    return write(TEST_COLUMNS, ([Text(name), *statistic_cells(value)] for name, value in assessment_rows(report)))


test_csv.__test__ = False  # type: ignore[attr-defined]  # pytest would collect it from any test module importing it


def distribution_csv(totals: Mapping[Exact, int]) -> str:
    """The score distribution, ascending by total; totals that no attempt had are left out."""
    exact_totals: dict[Fraction, int] = {}
    for total, count in totals.items():
        exact_totals[Fraction(total)] = exact_totals.get(Fraction(total), 0) + count
    rows = ([*both(total), str(count)] for total, count in sorted(exact_totals.items()) if count)
    return write(DISTRIBUTION_COLUMNS, rows)
