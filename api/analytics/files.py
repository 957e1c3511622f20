"""The analytics report's downloads, each rendered from the one report: the API's routes and the workspace's
links serve these same files, with the same names and headers."""

from __future__ import annotations

from collections.abc import Callable

from flask import Response

from assess.analytics.reading import AnalyticsReport
from assess.reporting.csv_tables import distribution_csv, options_csv, questions_csv, test_csv
from assess.reporting.item_map import item_map_svg
from assess.reporting.score_chart import score_distribution_svg


def score_distribution(found: AnalyticsReport) -> str:
    return score_distribution_svg(
        found.tables.totals,
        found.tables.max_total,
        found.assessment.pass_threshold,
        title=f"{found.assessment.title}: score distribution",
    )


def item_map(found: AnalyticsReport) -> str:
    return item_map_svg(found.report.slots, found.report.flags, title=f"{found.assessment.title}: item map")


FILES: dict[str, tuple[str, Callable[[AnalyticsReport], str]]] = {
    "questions.csv": ("text/csv", lambda found: questions_csv(found.report, found.labels)),
    "options.csv": ("text/csv", lambda found: options_csv(found.report)),
    "test.csv": ("text/csv", lambda found: test_csv(found.report)),
    "distribution.csv": ("text/csv", lambda found: distribution_csv(found.tables.totals)),
    "score-distribution.svg": ("image/svg+xml", score_distribution),
    "item-map.svg": ("image/svg+xml", item_map),
}


def analytics_file(found: AnalyticsReport, name: str) -> Response:
    """One of `FILES`, named `assessment-<id>-<name>` for the browser that saves it."""
    mimetype, render = FILES[name]
    response = Response(render(found), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'inline; filename="assessment-{found.assessment.id}-{name}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
