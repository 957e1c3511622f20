"""Per-question and per-test analytics of an assessment: JSON, CSV downloads and SVG pictures.

Every representation is rendered from the same report (one service call), so the picture, the CSV and the
JSON never disagree. Callers need the `analytics` scope (or `admin`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response
from flask.views import MethodView

from api.analytics.schemas import AnalyticsQuerySchema, AnalyticsSchema, analytics_payload
from api.auth import SECURITY, caller, require_scope
from api.blueprint import Blueprint
from api.db import db_session
from assess.analytics.reading import AnalyticsQuery, AnalyticsReport, analytics_report
from assess.analytics.store import Selection
from assess.reporting.csv_tables import distribution_csv, options_csv, questions_csv, test_csv
from assess.reporting.item_map import item_map_svg
from assess.reporting.score_chart import score_distribution_svg

blp = Blueprint("analytics", __name__, url_prefix="/api/v1/assessments", description="Analytics")
SCOPES = ("analytics", "admin")


def _report(query: dict[str, Any], assessment_id: int) -> AnalyticsReport:
    where = AnalyticsQuery(
        selection=Selection(query["selection"]),
        context_id=query.get("context_id"),
        date_from=query.get("date_from"),
        date_to=query.get("date_to"),
        item_version_id=query.get("item_version_id"),
    )
    return analytics_report(db_session(), caller().tenant_id, assessment_id, where)


@blp.route("/<id:assessment_id>/analytics")
class Analytics(MethodView):
    @blp.doc(security=SECURITY, description="Item and test statistics; fractions are exact strings such as '3/5'.")
    @blp.arguments(AnalyticsQuerySchema, location="query")
    @blp.response(200, AnalyticsSchema)
    @require_scope(*SCOPES)
    def get(self, query: dict[str, Any], assessment_id: int) -> dict[str, Any]:
        return analytics_payload(_report(query, assessment_id))


def _file(body: str, mimetype: str, name: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


CSV_TABLES: dict[str, Callable[[AnalyticsReport], str]] = {
    "questions": lambda found: questions_csv(found.report, found.labels),
    "options": lambda found: options_csv(found.report),
    "test": lambda found: test_csv(found.report),
    "distribution": lambda found: distribution_csv(found.tables.totals),
}


def _csv_view(table: str) -> type[MethodView]:
    class CsvTable(MethodView):
        @blp.doc(
            security=SECURITY,
            description=f"The {table} table as CSV (RFC 4180): exact fractions beside 6-place decimals.",
        )
        @blp.arguments(AnalyticsQuerySchema, location="query")
        @blp.response(200, content_type="text/csv", description=f"{table}.csv")
        @require_scope(*SCOPES)
        def get(self, query: dict[str, Any], assessment_id: int) -> Response:
            found = _report(query, assessment_id)
            name = f"assessment-{assessment_id}-{table}.csv"
            return _file(CSV_TABLES[table](found), "text/csv", name)

    CsvTable.__name__ = f"{table.title()}Csv"
    return CsvTable


for _table in CSV_TABLES:
    blp.route(f"/<id:assessment_id>/analytics/{_table}.csv")(_csv_view(_table))


def _score_picture(found: AnalyticsReport) -> str:
    return score_distribution_svg(
        found.tables.totals,
        found.tables.max_total,
        found.assessment.pass_threshold,
        title=f"{found.assessment.title}: score distribution",
    )


def _item_picture(found: AnalyticsReport) -> str:
    return item_map_svg(found.report.slots, found.report.flags, title=f"{found.assessment.title}: item map")


PICTURES: dict[str, Callable[[AnalyticsReport], str]] = {
    "score-distribution": _score_picture,
    "item-map": _item_picture,
}


def _picture_view(picture: str) -> type[MethodView]:
    class Picture(MethodView):
        @blp.doc(security=SECURITY, description=f"The {picture.replace('-', ' ')} as SVG.")
        @blp.arguments(AnalyticsQuerySchema, location="query")
        @blp.response(200, content_type="image/svg+xml", description=f"{picture}.svg")
        @require_scope(*SCOPES)
        def get(self, query: dict[str, Any], assessment_id: int) -> Response:
            found = _report(query, assessment_id)
            return _file(PICTURES[picture](found), "image/svg+xml", f"assessment-{assessment_id}-{picture}.svg")

    Picture.__name__ = "".join(part.title() for part in picture.split("-")) + "Svg"
    return Picture


for _picture in PICTURES:
    blp.route(f"/<id:assessment_id>/analytics/{_picture}.svg")(_picture_view(_picture))
