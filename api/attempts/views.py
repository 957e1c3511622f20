"""Attempts: integrations start them for a learner; the learner answers, checks and submits with a token.

The learner's save (`PUT .../questions/{n}/response`) is served below Flask, in `api/attempts/save.py`."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api.attempts.schemas import (
    AttemptQuerySchema,
    AttemptSchema,
    AttemptSummarySchema,
    StartAttemptSchema,
    StartedAttempt,
)
from api.auth import SECURITY, caller, require_attempt_access, require_scope
from api.blueprint import Blueprint
from api.db import db_session
from api.tokens import issue_learner_token
from assess.attempt_list import AttemptFilter, list_attempts
from assess.delivery import (
    Delivered,
    check_question,
    get_attempt,
    start_attempt,
    submit_attempt,
)
from assess.models import Attempt
from itembank.db import utcnow

blp = Blueprint("attempts", __name__, url_prefix="/api/v1", description="Attempts")


@blp.route("/assessments/<id:assessment_id>/attempts")
class AttemptsOfAssessment(MethodView):
    @blp.doc(security=SECURITY, description="Start an attempt for a learner, or resume the open one (200).")
    @require_scope("deliver")
    @blp.arguments(StartAttemptSchema)
    @blp.response(201, AttemptSchema)
    @blp.alt_response(200, schema=AttemptSchema, description="the learner's open attempt, resumed")
    def post(self, body: dict[str, Any], assessment_id: int) -> tuple[StartedAttempt, int]:
        started = start_attempt(
            db_session(),
            caller().tenant_id,
            assessment_id,
            body["learner_id"],
            now=utcnow(),
            context_id=body["context_id"],
        )
        token = issue_learner_token(started.attempt.tenant_id, started.attempt.id)
        return StartedAttempt(started.attempt, started.usage, token), 200 if started.resumed else 201


@blp.route("/attempts")
class Attempts(MethodView):
    @blp.doc(security=SECURITY, description="The tenant's attempts, oldest first, filtered; questions not included.")
    @require_scope("deliver", "analytics")
    @blp.arguments(AttemptQuerySchema, location="query")
    @blp.response(200, AttemptSummarySchema(many=True))
    @blp.paginate()
    def get(self, query: dict[str, Any], pagination_parameters: Any) -> list[Attempt]:
        page = list_attempts(
            db_session(),
            caller().tenant_id,
            AttemptFilter(**query),
            now=utcnow(),
            offset=pagination_parameters.first_item,
            limit=pagination_parameters.page_size,
        )
        pagination_parameters.item_count = page.total
        return page.items


@blp.route("/attempts/<id:attempt_id>")
class AttemptById(MethodView):
    @blp.doc(security=SECURITY)
    @require_attempt_access
    @blp.response(200, AttemptSchema)
    def get(self, attempt_id: int) -> Delivered:
        return get_attempt(db_session(), caller().tenant_id, attempt_id, now=utcnow())


@blp.route("/attempts/<id:attempt_id>/questions/<id:position>/check")
class Check(MethodView):
    @blp.doc(security=SECURITY, description="Score one saved answer now and lock it (immediate-feedback assessments).")
    @require_attempt_access
    @blp.response(200, AttemptSchema)
    def post(self, attempt_id: int, position: int) -> Delivered:
        return check_question(db_session(), caller().tenant_id, attempt_id, position, now=utcnow())


@blp.route("/attempts/<id:attempt_id>/submit")
class Submit(MethodView):
    @blp.doc(security=SECURITY, description="Score the attempt once; repeating it returns the same result.")
    @require_attempt_access
    @blp.response(200, AttemptSchema)
    def post(self, attempt_id: int) -> Delivered:
        return submit_attempt(db_session(), caller().tenant_id, attempt_id, now=utcnow())
