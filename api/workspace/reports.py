"""Analytics pages and the regrade dry run: the report the API serves (`assess.analytics.reading`), read
through the API's own filter schema, its pictures and CSVs the API's files (`api.analytics.files`)."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from api.analytics.files import FILES, analytics_file, option_chart_file
from api.analytics.schemas import AnalyticsQuerySchema
from api.analytics.views import analytics_query
from api.auth import caller
from api.db import db_session
from api.errors import ApiError
from api.regrades.schemas import RegradeRequestSchema
from api.workspace.blueprint import blp
from api.workspace.forms import form_problem, load, whole_number
from api.workspace.signin import needs
from assess.analytics.item_figures import version_items
from assess.analytics.reading import AnalyticsReport, analytics_report
from assess.analytics.store import Selection
from assess.regrade import dry_run
from assess.stats.flags import SEVERITY_ORDER
from itembank.db import utcnow
from itembank.errors import BankError
from itembank.items import tenant_item

Page = str | tuple[str, int]
NOTES = {
    "attempts": "How many attempts the figures count (the selection decides which attempts of each learner).",
    "mean": "The average score. Compare it with the pass mark: far above it, the test may be too easy.",
    "median": "The middle score: half the learners scored this or less. Less swayed by a few outliers.",
    "sd": "Standard deviation: how spread out the scores are. Near 0, everyone scored about the same.",
    "pass_rate": "The share of attempts that reached the pass threshold.",
    "alpha": "Cronbach's alpha, the test's internal consistency: 0.7 and above is usual for a quiz that "
    "grades; low values mean the questions do not measure one thing together.",
    "standard_error": "The standard error of measurement: a learner's score could move this much by chance.",
}


def _filters() -> dict[str, Any]:
    return {key: value for key, value in request.args.items() if value}


@blp.get("/assessments/<int:assessment_id>/analytics")
@needs("analytics")
def analytics(assessment_id: int) -> Page:
    try:
        query = load(AnalyticsQuerySchema(), _filters())
    except ValidationError as exc:
        problem = form_problem(exc)
        return render_template("analytics.html", found=None, problem=problem, filters=_filters()), problem.status
    found = analytics_report(db_session(), caller().tenant_id, assessment_id, analytics_query(query), now=utcnow())
    fixed = {slot.position: slot.item_id for slot in found.assessment.slots if slot.item_id is not None}
    return render_template(
        "analytics.html",
        found=found,
        problem=None,
        filters=_filters(),
        selections=[selection.value for selection in Selection],
        notes=NOTES,
        fixed=fixed,
        flags=sorted(found.report.flags, key=lambda flag: (SEVERITY_ORDER.index(flag.severity), flag.slot)),
        version_items=version_items(db_session(), found),
        files=[name for name in FILES if name.endswith(".csv")],
        query_string=request.query_string.decode(),
    )


@blp.get("/assessments/<int:assessment_id>/analytics/<name>")
@needs("analytics")
def analytics_download(assessment_id: int, name: str) -> Response:
    if name not in FILES:
        raise ApiError(404, f"no download {name!r}: there are {', '.join(FILES)}")
    return analytics_file(_downloaded(assessment_id), name)


@blp.get("/assessments/<int:assessment_id>/analytics/slots/<int:slot>/options.svg")
@needs("analytics")
def analytics_option_chart(assessment_id: int, slot: int) -> Response:
    return option_chart_file(_downloaded(assessment_id), slot)


def _downloaded(assessment_id: int) -> AnalyticsReport:
    """The report a download is drawn from, with the page's filters (a bad one is the API's problem)."""
    query = load(AnalyticsQuerySchema(), _filters())
    return analytics_report(db_session(), caller().tenant_id, assessment_id, analytics_query(query), now=utcnow())


@blp.route("/items/<int:item_id>/regrade", methods=["GET", "POST"])
@needs("author")
def regrade_dry_run(item_id: int) -> Page:
    item = tenant_item(db_session(), caller().tenant_id, item_id)
    report = problem = None
    if request.method == "POST":
        try:
            body = load(RegradeRequestSchema(), {"to_version": whole_number(request.form.get("to_version"))})
            report = dry_run(db_session(), caller().tenant_id, item_id, body["to_version"], now=utcnow())
        except (ValidationError, BankError) as exc:
            problem = form_problem(exc)
    page = render_template("regrade.html", item=item, report=report, problem=problem)
    return (page, problem.status) if problem is not None else page
