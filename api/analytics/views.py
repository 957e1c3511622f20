"""Per-question and per-test analytics of an assessment: JSON, CSV downloads and SVG pictures.

Every representation is rendered from the same report (one service call), so the picture, the CSV and the
JSON never disagree. Callers need the `analytics` scope (or `admin`). One view per route, each spelled out.
"""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from api.analytics.schemas import AnalyticsQuerySchema, AnalyticsSchema
from api.auth import SECURITY, caller, require_scope
from api.blueprint import Blueprint
from api.db import db_session
from assess.analytics.reading import AnalyticsQuery, AnalyticsReport, analytics_report
from assess.analytics.store import Selection
from assess.reporting.csv_tables import distribution_csv, options_csv, questions_csv, test_csv
from assess.reporting.item_map import item_map_svg
from assess.reporting.option_chart import option_chart_svg
from assess.reporting.score_chart import score_distribution_svg
from assess.reporting.wording import selection_words
from itembank.db import utcnow

blp = Blueprint("analytics", __name__, url_prefix="/api/v1/assessments", description="Analytics")
SCOPES = ("analytics", "admin")
CSV_DOC = "The {} table as CSV (RFC 4180): exact fractions beside 6-place decimals."


def _report(query: dict[str, Any], assessment_id: int) -> AnalyticsReport:
    where = AnalyticsQuery(
        selection=Selection(query["selection"]),
        context_id=query.get("context_id"),
        date_from=query.get("date_from"),
        date_to=query.get("date_to"),
        item_version_id=query.get("item_version_id"),
    )
    return analytics_report(db_session(), caller().tenant_id, assessment_id, where, now=utcnow())


def _selection(found: AnalyticsReport) -> str:
    where = found.query
    return selection_words(
        where.selection.value, cohort=where.context_id, date_from=where.date_from, date_to=where.date_to
    )


def _file(body: str, mimetype: str, name: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'inline; filename="{name}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _csv(body: str, assessment_id: int, table: str) -> Response:
    return _file(body, "text/csv", f"assessment-{assessment_id}-{table}.csv")


def _svg(body: str, assessment_id: int, picture: str) -> Response:
    return _file(body, "image/svg+xml", f"assessment-{assessment_id}-{picture}.svg")


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
        found = _report(query, assessment_id)
        return _csv(questions_csv(found.report, found.labels, found.times), assessment_id, "questions")


@blp.route("/<id:assessment_id>/analytics/options.csv")
class OptionsCsv(MethodView):
    @blp.doc(security=SECURITY, description=CSV_DOC.format("options"))
    @require_scope(*SCOPES)
    @blp.arguments(AnalyticsQuerySchema, location="query")
    @blp.response(200, content_type="text/csv", description="options.csv")
    @blp.problems(404, 409)
    def get(self, query: dict[str, Any], assessment_id: int) -> Response:
        return _csv(options_csv(_report(query, assessment_id).report), assessment_id, "options")


@blp.route("/<id:assessment_id>/analytics/test.csv")
class TestCsv(MethodView):
    @blp.doc(security=SECURITY, description=CSV_DOC.format("test"))
    @require_scope(*SCOPES)
    @blp.arguments(AnalyticsQuerySchema, location="query")
    @blp.response(200, content_type="text/csv", description="test.csv")
    @blp.problems(404, 409)
    def get(self, query: dict[str, Any], assessment_id: int) -> Response:
        return _csv(test_csv(_report(query, assessment_id).report), assessment_id, "test")


@blp.route("/<id:assessment_id>/analytics/distribution.csv")
class DistributionCsv(MethodView):
    @blp.doc(security=SECURITY, description=CSV_DOC.format("distribution"))
    @require_scope(*SCOPES)
    @blp.arguments(AnalyticsQuerySchema, location="query")
    @blp.response(200, content_type="text/csv", description="distribution.csv")
    @blp.problems(404, 409)
    def get(self, query: dict[str, Any], assessment_id: int) -> Response:
        return _csv(distribution_csv(_report(query, assessment_id).tables.totals), assessment_id, "distribution")


@blp.route("/<id:assessment_id>/analytics/score-distribution.svg")
class ScoreDistributionSvg(MethodView):
    @blp.doc(security=SECURITY, description="The score distribution as SVG.")
    @require_scope(*SCOPES)
    @blp.arguments(AnalyticsQuerySchema, location="query")
    @blp.response(200, content_type="image/svg+xml", description="score-distribution.svg")
    @blp.problems(404, 409)
    def get(self, query: dict[str, Any], assessment_id: int) -> Response:
        found = _report(query, assessment_id)
        picture = score_distribution_svg(
            found.tables.totals,
            found.tables.max_total,
            found.assessment.pass_threshold,
            title=f"{found.assessment.title}: score distribution",
            selection=_selection(found),
        )
        return _svg(picture, assessment_id, "score-distribution")


@blp.route("/<id:assessment_id>/analytics/item-map.svg")
class ItemMapSvg(MethodView):
    @blp.doc(security=SECURITY, description="The item map as SVG.")
    @require_scope(*SCOPES)
    @blp.arguments(AnalyticsQuerySchema, location="query")
    @blp.response(200, content_type="image/svg+xml", description="item-map.svg")
    @blp.problems(404, 409)
    def get(self, query: dict[str, Any], assessment_id: int) -> Response:
        found = _report(query, assessment_id)
        picture = item_map_svg(found.report.slots, found.report.flags, title=f"{found.assessment.title}: item map")
        return _svg(picture, assessment_id, "item-map")


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
        found = _report(query, assessment_id)
        picture = option_chart_svg(
            found.version_options(slot),
            found.report.flags,
            title=f"{found.assessment.title}: slot {slot}, options by ability group",
            selection=_selection(found),
        )
        return _svg(picture, assessment_id, f"slot-{slot}-options")
