"""Per-question and per-test analytics of an assessment: JSON, CSV downloads and SVG pictures.

Every representation is rendered from the same report (one service call), so the picture, the CSV and the
JSON never disagree. Callers need the `analytics` scope (or `admin`). One view per route, each spelled out.
"""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from api.analytics.files import analytics_file, option_chart_file
from api.analytics.schemas import AnalyticsQuerySchema, AnalyticsSchema
from api.auth import SECURITY, caller, require_scope
from api.blueprint import Blueprint
from api.db import db_session
from assess.analytics.reading import AnalyticsQuery, AnalyticsReport, analytics_report
from assess.analytics.store import Selection
from itembank.db import utcnow

blp = Blueprint("analytics", __name__, url_prefix="/api/v1/assessments", description="Analytics")
SCOPES = ("analytics", "admin")
CSV_DOC = "The {} table as CSV (RFC 4180): exact fractions beside 6-place decimals."


def analytics_query(query: dict[str, Any]) -> AnalyticsQuery:
    """The report's filters, as `AnalyticsQuerySchema` loaded them (the workspace's filters load the same)."""
    return AnalyticsQuery(
        selection=Selection(query["selection"]),
        context_id=query.get("context_id"),
        date_from=query.get("date_from"),
        date_to=query.get("date_to"),
        item_version_id=query.get("item_version_id"),
    )


def _report(query: dict[str, Any], assessment_id: int) -> AnalyticsReport:
    return analytics_report(db_session(), caller().tenant_id, assessment_id, analytics_query(query), now=utcnow())


@blp.route("/<id:assessment_id>/analytics")
class Analytics(MethodView):
    @blp.doc(security=SECURITY, description="Item and test statistics; fractions are exact strings such as '3/5'.")
    @require_scope(*SCOPES)
    @blp.arguments(AnalyticsQuerySchema, location="query")
    @blp.response(200, AnalyticsSchema)
    @blp.problems(404, 409)
    def get(self, query: dict[str, Any], assessment_id: int) -> AnalyticsReport:
        return _report(query, assessment_id)


@blp.route("/<id:assessment_id>/analytics/questions.csv")
class QuestionsCsv(MethodView):
    @blp.doc(security=SECURITY, description=CSV_DOC.format("questions"))
    @require_scope(*SCOPES)
    @blp.arguments(AnalyticsQuerySchema, location="query")
    @blp.response(200, content_type="text/csv", description="questions.csv")
    @blp.problems(404, 409)
    def get(self, query: dict[str, Any], assessment_id: int) -> Response:
        return analytics_file(_report(query, assessment_id), "questions.csv")


@blp.route("/<id:assessment_id>/analytics/options.csv")
class OptionsCsv(MethodView):
    @blp.doc(security=SECURITY, description=CSV_DOC.format("options"))
    @require_scope(*SCOPES)
    @blp.arguments(AnalyticsQuerySchema, location="query")
    @blp.response(200, content_type="text/csv", description="options.csv")
    @blp.problems(404, 409)
    def get(self, query: dict[str, Any], assessment_id: int) -> Response:
        return analytics_file(_report(query, assessment_id), "options.csv")


@blp.route("/<id:assessment_id>/analytics/test.csv")
class TestCsv(MethodView):
    @blp.doc(security=SECURITY, description=CSV_DOC.format("test"))
    @require_scope(*SCOPES)
    @blp.arguments(AnalyticsQuerySchema, location="query")
    @blp.response(200, content_type="text/csv", description="test.csv")
    @blp.problems(404, 409)
    def get(self, query: dict[str, Any], assessment_id: int) -> Response:
        return analytics_file(_report(query, assessment_id), "test.csv")


@blp.route("/<id:assessment_id>/analytics/distribution.csv")
class DistributionCsv(MethodView):
    @blp.doc(security=SECURITY, description=CSV_DOC.format("distribution"))
    @require_scope(*SCOPES)
    @blp.arguments(AnalyticsQuerySchema, location="query")
    @blp.response(200, content_type="text/csv", description="distribution.csv")
    @blp.problems(404, 409)
    def get(self, query: dict[str, Any], assessment_id: int) -> Response:
        return analytics_file(_report(query, assessment_id), "distribution.csv")


@blp.route("/<id:assessment_id>/analytics/score-distribution.svg")
class ScoreDistributionSvg(MethodView):
    @blp.doc(security=SECURITY, description="The score distribution as SVG.")
    @require_scope(*SCOPES)
    @blp.arguments(AnalyticsQuerySchema, location="query")
    @blp.response(200, content_type="image/svg+xml", description="score-distribution.svg")
    @blp.problems(404, 409)
    def get(self, query: dict[str, Any], assessment_id: int) -> Response:
        return analytics_file(_report(query, assessment_id), "score-distribution.svg")


@blp.route("/<id:assessment_id>/analytics/item-map.svg")
class ItemMapSvg(MethodView):
    @blp.doc(security=SECURITY, description="The item map as SVG.")
    @require_scope(*SCOPES)
    @blp.arguments(AnalyticsQuerySchema, location="query")
    @blp.response(200, content_type="image/svg+xml", description="item-map.svg")
    @blp.problems(404, 409)
    def get(self, query: dict[str, Any], assessment_id: int) -> Response:
        return analytics_file(_report(query, assessment_id), "item-map.svg")


@blp.route("/<id:assessment_id>/analytics/slots/<int:slot>/options.svg")
class OptionChartSvg(MethodView):
    @blp.doc(
        security=SECURITY,
        description="One slot's options chosen by the lower, middle and upper thirds, as SVG: where a miskey shows. "
        "With `item_version_id`, that version's options; otherwise the slot's first version.",
    )
    @require_scope(*SCOPES)
    @blp.arguments(AnalyticsQuerySchema, location="query")
    @blp.response(200, content_type="image/svg+xml", description="options.svg")
    @blp.problems(404, 409)
    def get(self, query: dict[str, Any], assessment_id: int, slot: int) -> Response:
        return option_chart_file(_report(query, assessment_id), slot)
