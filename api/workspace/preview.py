"""Preview as a learner sees it: the pages hand the learner client's renderer (`render.js`, loaded from the
learner blueprint) the delivery API's own question payloads (`api.attempts.started.question_body`), and its
Check answers with the learner's Check's result (`QuestionResultSchema`), scored by `assess.delivery.preview`.

Nothing is written: no attempt, no response, no analytics. The Check is a form post (the workspace takes
forms and checks their CSRF token) answered in JSON, and refusals in problem+json, for the page's script.
"""

from __future__ import annotations

import json
from typing import Any

from flask import render_template, request, url_for
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from api.attempts.schemas import QuestionResultSchema
from api.attempts.started import question_body
from api.auth import caller
from api.db import db_session
from api.errors import flask_response, problem_for
from api.workspace.blueprint import blp
from api.workspace.signin import needs
from assess.authoring.assessments import authored_assessment
from assess.delivery import StartedQuestion
from assess.delivery.preview import preview_assessment, preview_check, preview_version
from itembank.errors import BankError
from itembank.items import tenant_item


@blp.get("/items/<int:item_id>/versions/<int:number>/preview")
@needs("author")
def preview_item(item_id: int, number: int) -> str:
    item = tenant_item(db_session(), caller().tenant_id, item_id)
    question = preview_version(db_session(), caller().tenant_id, item_id, number)
    back = url_for("workspace.edit_item", item_id=item_id)
    return _page(f"Preview: {item.ref}, version {number}", [question], back=back, back_text="Back to the item")


@blp.get("/assessments/<int:assessment_id>/preview")
@needs("author")
def preview_quiz(assessment_id: int) -> str:
    assessment = authored_assessment(db_session(), caller().tenant_id, assessment_id)
    questions = preview_assessment(db_session(), caller().tenant_id, assessment_id)
    back = url_for("workspace.compose", assessment_id=assessment_id)
    title = f"Preview: {assessment.title or assessment.slug}"
    return _page(title, list(questions), back=back, back_text="Back to the assessment")


@blp.post("/preview/check")
@needs("author")
def preview_answer() -> Response:
    try:
        question = preview_check(
            db_session(),
            caller().tenant_id,
            _number("version_id"),
            _json("option_order", list),
            _json("response", dict),
        )
    except (ValidationError, BankError) as exc:
        return flask_response(problem_for(exc))
    return Response(json.dumps({"result": QuestionResultSchema().dump(question)}), mimetype="application/json")


def _page(title: str, questions: list[StartedQuestion], *, back: str, back_text: str) -> str:
    data = {
        "render": url_for("learner.static", filename="render.js"),
        "check": url_for("workspace.preview_answer"),
        "questions": [question_body(question) for question in questions],
    }
    return render_template("preview.html", title=title, data=data, back=back, back_text=back_text, count=len(questions))


def _number(name: str) -> int:
    text = request.form.get(name, "")
    if not text.isdigit() or len(text) > 12:
        raise ValidationError({name: ["Not an id."]})
    return int(text)


def _json(name: str, kind: type) -> Any:
    try:
        value = json.loads(request.form.get(name, ""))
    except ValueError:
        value = None
    if not isinstance(value, kind):
        raise ValidationError({name: ["Not JSON of the expected shape."]})
    return value
