"""The analytics report's downloads, each rendered from the one report: the API's routes and the workspace's
links serve these same files, with the same names and headers."""

from __future__ import annotations

from collections.abc import Callable

from flask import Response

from assess.analytics.reading import AnalyticsReport
from assess.reporting.csv_tables import distribution_csv, options_csv, questions_csv, test_csv
from assess.reporting.item_map import item_map_svg
from assess.reporting.option_chart import option_chart_svg
from assess.reporting.score_chart import score_distribution_svg
from assess.reporting.wording import selection_words


def selection(found: AnalyticsReport) -> str:
    """The report's selection in words, for a picture's subtitle: a printout says which attempts it counts."""
    where = found.query
    return selection_words(
        where.selection.value, cohort=where.context_id, date_from=where.date_from, date_to=where.date_to
    )


def score_distribution(found: AnalyticsReport) -> str:
    return score_distribution_svg(
        found.tables.totals,
        found.tables.max_total,
        found.assessment.pass_threshold,
        title=f"{found.assessment.title}: score distribution",
        selection=selection(found),
    )


def item_map(found: AnalyticsReport) -> str:
    return item_map_svg(found.report.slots, found.report.flags, title=f"{found.assessment.title}: item map")


def option_chart(found: AnalyticsReport, slot: int) -> str:
    return option_chart_svg(
        found.version_options(slot),
        found.report.flags,
        title=f"{found.assessment.title}: slot {slot}, options by ability group",
        selection=selection(found),
    )


FILES: dict[str, tuple[str, Callable[[AnalyticsReport], str]]] = {
    "questions.csv": ("text/csv", lambda found: questions_csv(found.report, found.labels, found.times)),
    "options.csv": ("text/csv", lambda found: options_csv(found.report)),
    "test.csv": ("text/csv", lambda found: test_csv(found.report)),
    "distribution.csv": ("text/csv", lambda found: distribution_csv(found.tables.totals)),
    "score-distribution.svg": ("image/svg+xml", score_distribution),
    "item-map.svg": ("image/svg+xml", item_map),
}


def file_response(body: str, mimetype: str, assessment_id: int, name: str) -> Response:
    """A download named `assessment-<id>-<name>` for the browser that saves it."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'inline; filename="assessment-{assessment_id}-{name}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def analytics_file(found: AnalyticsReport, name: str) -> Response:
    """One of `FILES`."""
    mimetype, render = FILES[name]
    return file_response(render(found), mimetype, found.assessment.id, name)


def option_chart_file(found: AnalyticsReport, slot: int) -> Response:
    return file_response(option_chart(found, slot), "image/svg+xml", found.assessment.id, f"slot-{slot}-options.svg")
