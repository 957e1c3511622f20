"""An analytics report as CSV tables for spreadsheets and scripts (RFC 4180: comma-separated, CRLF line ends).

Number columns:

- A statistic held as an exact Fraction is written twice: rounded half-even to 6 decimal places in the column named
  after it (`facility`, `0.600000`) and exactly in `<name>_exact` (`3/5`), right after it. Spreadsheets sort and
  chart the decimal; a script can check the arithmetic against the exact value.
- A statistic held as a float (SD, correlations, effective weight, skewness, error ratio, standard error) comes
  from a square root and has no exact form: decimal column only.
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
from assess.stats import Exact, Flag, ItemStats, OptionStats, Report

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
    "discriminative_efficiency",
    "discriminative_efficiency_exact",
    "total_correlation",
    "upper_lower_index",
    "upper_lower_index_exact",
    "intended_weight",
    "intended_weight_exact",
    "effective_weight",
    "alpha_if_deleted",
    "alpha_if_deleted_exact",
    "random_guess_score",
    "random_guess_score_exact",
    "flags",
)

OPTION_COLUMNS = (
    "slot",
    "version",
    "option",
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
    "flags",
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


def flag_codes(flags: Iterable[Flag]) -> Text:
    return Text(";".join(flag.code for flag in flags))


def question_row(item: ItemStats, labels: Mapping[int, str], flags: Sequence[Flag]) -> list[Cell]:
    return [
        Text("slot" if item.version is None else "version"),
        str(item.slot),
        Text(item.version or ""),
        Text(labels.get(item.slot, "")),
        str(item.attempts),
        *both(item.facility),
        decimal(item.sd, PLACES),
        decimal(item.discrimination_index, PLACES),
        *both(item.discriminative_efficiency),
        decimal(item.total_correlation, PLACES),
        *both(item.upper_lower_index),
        *both(item.intended_weight),
        decimal(item.effective_weight, PLACES),
        *both(item.alpha_if_deleted),
        *both(item.random_guess_score),
        flag_codes(flag for flag in flags if flag.slot == item.slot and flag.version == item.version),
    ]


def questions_csv(report: Report, labels: Mapping[int, str] | None = None) -> str:
    """Every slot, then every (slot, version); `labels` (e.g. item refs) are keyed by slot number.

    Weights and alpha if deleted exist for slots only, so version rows leave them empty. Each flag is listed once:
    on the slot row if it is about the slot as a whole (version None), otherwise on its version's row, which is
    where a miskeyed option's flag lands even when the slot has a single version.
    """
    labels = labels or {}
    items = (*report.slots, *report.versions)
    return write(QUESTION_COLUMNS, (question_row(item, labels, report.flags) for item in items))


def option_name(option: OptionStats) -> Cell:
    if option.option is None:
        return Text(OMITTED)
    if isinstance(option.option, int):
        return str(option.option)
    return Text(option.option)


def option_flags(option: OptionStats, flags: Sequence[Flag]) -> Text:
    return flag_codes(
        flag
        for flag in flags
        if option.option is not None
        and (flag.slot, flag.version, flag.option) == (option.slot, option.version, option.option)
    )


def option_row(option: OptionStats, flags: Sequence[Flag]) -> list[Cell]:
    return [
        str(option.slot),
        Text(option.version),
        option_name(option),
        "true" if option.is_key else "false",
        str(option.count),
        *both(option.share),
        *both(option.share_lower),
        *both(option.share_middle),
        *both(option.share_upper),
        decimal(option.point_biserial, PLACES),
        option_flags(option, flags),
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
        ("error_ratio", test.reliability.error_ratio),
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
