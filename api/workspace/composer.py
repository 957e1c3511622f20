"""The assessment composer and the pools it draws from: forms read into the API's schemas, written by the
services the API's views call (`assess.authoring`), the publishing checks shown before and after a publish."""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request, url_for
from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from api.assessments.schemas import AssessmentPatchSchema, AssessmentWriteSchema
from api.auth import caller
from api.db import db_session
from api.pools.schemas import PoolWriteSchema
from api.workspace.blueprint import blp
from api.workspace.forms import form_problem, load, optional_text, whole_number
from api.workspace.signin import needs
from assess.authoring.assessments import authored_assessment, create_assessment, publish_assessment, update_assessment
from assess.authoring.pools import create_pool, list_pools
from assess.authoring.publishing import publish_problems
from assess.catalog import list_assessments
from assess.item_catalog import ItemSearch, bank_outline, search_items
from itembank.errors import BankError
from itembank.models import Assessment, AssessmentKind, AssessmentStatus, FeedbackPolicy, GradingMethod

Page = str | tuple[str, int]
BLANK_SLOT_ROWS = 3
SETTINGS_TEXT = ("slug", "title", "kind", "pass_percent", "feedback_policy", "grading_method")
SETTINGS_NUMBERS = ("time_limit_seconds", "grace_seconds", "max_attempts")
CHOICES = {
    "kind": [kind.value for kind in AssessmentKind],
    "feedback_policy": [policy.value for policy in FeedbackPolicy],
    "grading_method": [method.value for method in GradingMethod],
}


@blp.get("/assessments")
@needs("author", "analytics")
def assessments() -> Page:
    page = list_assessments(db_session(), caller().tenant_id, kind=None, offset=0, limit=500)
    return render_template("assessments.html", assessments=page.items)


@blp.route("/assessments/new", methods=["GET", "POST"])
@needs("author")
def new_assessment() -> Page | Response:
    if request.method == "GET":
        return _composer(None, _blank_values())
    try:
        assessment = create_assessment(db_session(), caller().tenant_id, load(AssessmentWriteSchema(), _body()))
    except (ValidationError, BankError) as exc:
        return _composer(None, _posted_values(request.form), problem=form_problem(exc))
    return redirect(url_for("workspace.compose", assessment_id=assessment.id, saved=1), 303)


@blp.route("/assessments/<int:assessment_id>", methods=["GET", "POST"])
@needs("author")
def compose(assessment_id: int) -> Page | Response:
    assessment = authored_assessment(db_session(), caller().tenant_id, assessment_id)
    if request.method == "GET":
        return _composer(assessment, _values(assessment))
    try:
        update_assessment(
            db_session(),
            caller().tenant_id,
            assessment_id,
            load(AssessmentPatchSchema(), _body()),
            author=caller().label,
        )
    except (ValidationError, BankError) as exc:
        return _composer(assessment, _posted_values(request.form), problem=form_problem(exc))
    return redirect(url_for("workspace.compose", assessment_id=assessment_id, saved=1), 303)


@blp.post("/assessments/<int:assessment_id>/publish")
@needs("author")
def publish(assessment_id: int) -> Page | Response:
    try:
        publish_assessment(db_session(), caller().tenant_id, assessment_id, author=caller().label)
    except BankError as exc:
        assessment = authored_assessment(db_session(), caller().tenant_id, assessment_id)
        return _composer(assessment, _values(assessment), problem=form_problem(exc))
    return redirect(url_for("workspace.compose", assessment_id=assessment_id, published=1), 303)


@blp.route("/pools", methods=["GET", "POST"])
@needs("author")
def pools() -> Page | Response:
    problem = None
    if request.method == "POST":
        try:
            create_pool(db_session(), caller().tenant_id, load(PoolWriteSchema(), _pool_body(request.form)))
        except (ValidationError, BankError) as exc:
            problem = form_problem(exc)
        else:
            return redirect(url_for("workspace.pools", saved=1), 303)
    tenant_id = caller().tenant_id
    page = render_template(
        "pools.html",
        pools=list_pools(db_session(), tenant_id, limit=500).items,
        outline=bank_outline(db_session(), tenant_id),
        values=request.form,
        problem=problem,
        errors=(problem.errors or {}) if problem is not None else {},
    )
    return (page, problem.status) if problem is not None else page


def _pool_body(form: MultiDict[str, str]) -> dict[str, Any]:
    body: dict[str, Any] = {"slug": form.get("slug", "").strip(), "title": form.get("title", "").strip()}
    if form.get("bank_id"):
        body["bank_id"] = whole_number(form.get("bank_id"))
    if form.get("kind") == "items":
        body["item_ids"] = [whole_number(part) for part in form.get("item_ids", "").replace(",", " ").split()]
    else:
        body["query"] = {
            "tag": optional_text(form.get("tag")),
            "lesson_id": whole_number(form.get("lesson_id")),
            "type": optional_text(form.get("type")),
        }
    return body


def _body() -> dict[str, Any]:
    """The API's assessment body, as the composer's form says it."""
    form = request.form
    body: dict[str, Any] = {name: form.get(name, "").strip() for name in SETTINGS_TEXT}
    body["subtitle"] = optional_text(form.get("subtitle"))
    for name in SETTINGS_NUMBERS:
        body[name] = whole_number(form.get(name))
    if body["grace_seconds"] is None:
        body["grace_seconds"] = 0
    body["shuffle_questions"] = form.get("shuffle_questions") == "on"
    body["shuffle_options"] = form.get("shuffle_options") == "on"
    body["slots"] = [
        {**_source(row["source"]), "count": whole_number(row["count"]) or 1, "points": whole_number(row["points"])}
        for row in _slot_rows(form)
        if row["source"]
    ]
    return body


def _source(value: str) -> dict[str, Any]:
    kind, _, number = value.partition(":")
    return {"pool_id" if kind == "pool" else "item_id": whole_number(number)}


def _slot_rows(form: MultiDict[str, str]) -> list[dict[str, str]]:
    rows, index = [], 0
    while f"slots-{index}-source" in form:
        rows.append({name: form.get(f"slots-{index}-{name}", "") for name in ("source", "count", "points")})
        index += 1
    return rows


def _blank_values() -> dict[str, Any]:
    return {
        "slug": "",
        "title": "",
        "subtitle": "",
        "kind": AssessmentKind.CUSTOM.value,
        "pass_percent": "80",
        "feedback_policy": FeedbackPolicy.AFTER_SUBMIT.value,
        "grading_method": GradingMethod.HIGHEST.value,
        "shuffle_questions": True,
        "shuffle_options": True,
        "time_limit_seconds": "",
        "grace_seconds": "0",
        "max_attempts": "",
        "slots": [],
    }


def _values(assessment: Assessment) -> dict[str, Any]:
    """The composer's form for an assessment; consecutive slots of one source and points are one row."""
    rows: list[dict[str, Any]] = []
    for slot in assessment.slots:
        source = f"item:{slot.item_id}" if slot.item_id is not None else f"pool:{slot.pool_id}"
        points = "" if slot.points is None else str(slot.points)
        if rows and rows[-1]["source"] == source and rows[-1]["points"] == points:
            rows[-1]["count"] = str(int(rows[-1]["count"]) + 1)
            rows[-1]["last"] = slot.position
        else:
            rows.append(
                {"source": source, "count": "1", "points": points, "first": slot.position, "last": slot.position}
            )
    return {
        "slug": assessment.slug,
        "title": assessment.title,
        "subtitle": assessment.subtitle or "",
        "kind": assessment.kind,
        "pass_percent": assessment.pass_percent,
        "feedback_policy": assessment.feedback_policy,
        "grading_method": assessment.grading_method,
        "shuffle_questions": assessment.shuffle_questions,
        "shuffle_options": assessment.shuffle_options,
        "time_limit_seconds": _text(assessment.time_limit_seconds),
        "grace_seconds": str(assessment.grace_seconds),
        "max_attempts": _text(assessment.max_attempts),
        "slots": rows,
    }


def _posted_values(form: MultiDict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {name: form.get(name, "") for name in (*SETTINGS_TEXT, "subtitle", *SETTINGS_NUMBERS)}
    values["shuffle_questions"] = form.get("shuffle_questions") == "on"
    values["shuffle_options"] = form.get("shuffle_options") == "on"
    values["slots"] = [row for row in _slot_rows(form) if row["source"]]
    return values


def _text(value: int | None) -> str:
    return "" if value is None else str(value)


def _composer(assessment: Assessment | None, values: dict[str, Any], *, problem: Any = None) -> Page:
    tenant_id = caller().tenant_id
    checks = None
    if assessment is not None and assessment.status == AssessmentStatus.DRAFT and problem is None:
        checks = publish_problems(db_session(), assessment)
    page = render_template(
        "composer.html",
        assessment=assessment,
        values=values,
        choices=CHOICES,
        items=search_items(db_session(), tenant_id, ItemSearch(), offset=0, limit=1000).items,
        pools=list_pools(db_session(), tenant_id, limit=500).items,
        blank_rows=BLANK_SLOT_ROWS,
        problem=problem,
        errors=(problem.errors or {}) if problem is not None else {},
        checks=checks,
        notice="Published." if request.args.get("published") else ("Saved." if request.args.get("saved") else None),
    )
    return (page, problem.status) if problem is not None else page
