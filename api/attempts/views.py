"""Attempts: integrations start them for a learner; the learner answers, checks and submits with a token.

The start (`POST /assessments/{id}/attempts`), the learner's save (`PUT .../questions/{n}/response`) and the
submit (`POST /attempts/{id}/submit`) are served below Flask, in `api/attempts/start.py`, `save.py` and
`submit.py`."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api.attempts.schemas import (
    AttemptClockSchema,
    AttemptQuerySchema,
    AttemptSchema,
    AttemptSummarySchema,
    Reset,
    ResetDoneSchema,
    ResetSchema,
    VoidSchema,
)
from api.auth import SECURITY, caller, require_attempt_access, require_scope
from api.blueprint import Blueprint
from api.db import db_session
from api.routes import ATTEMPT
from assess.attempt_list import AttemptFilter, list_attempts
from assess.delivery import (
    AttemptClock,
    Delivered,
    check_question,
    get_attempt,
    read_clock,
)
from assess.models import Attempt
from assess.voiding import reset_learner, void_attempt
from itembank.db import utcnow

blp = Blueprint("attempts", __name__, url_prefix="/api/v1", description="Attempts")
SYNC_UNTIL = {
    "description": "with updated_since or submitted_since: the end of the window read (exclusive); the next since",
    "schema": {"type": "string", "format": "date-time"},
}
LOCATION = {
    "description": "the attempt's URL (`GET` it with the learner token or the key)",
    "schema": {"type": "string"},
}


@blp.route("/attempts")
class Attempts(MethodView):
    @blp.doc(security=SECURITY, description="The tenant's attempts, oldest first, filtered; questions not included.")
    @require_scope("deliver", "analytics")
    @blp.arguments(AttemptQuerySchema, location="query")
    @blp.response(200, AttemptSummarySchema(many=True), headers={"X-Sync-Until": SYNC_UNTIL})
    @blp.paginate()
    def get(self, query: dict[str, Any], pagination_parameters: Any) -> tuple[list[Attempt], dict[str, str]]:
        listed = list_attempts(
            db_session(),
            caller().tenant_id,
            AttemptFilter(**query),
            now=utcnow(),
            offset=pagination_parameters.first_item,
            limit=pagination_parameters.page_size,
        )
        pagination_parameters.item_count = listed.page.total
        until = {} if listed.sync_until is None else {"X-Sync-Until": listed.sync_until.isoformat()}
        return listed.page.items, until


@blp.route(ATTEMPT)
class AttemptById(MethodView):
    @blp.doc(security=SECURITY)
    @require_attempt_access
    @blp.response(200, AttemptSchema)
    @blp.problems(404)
    def get(self, attempt_id: int) -> Delivered:
        return get_attempt(db_session(), caller().tenant_id, attempt_id, now=utcnow())


@blp.route("/attempts/<id:attempt_id>/clock")
class Clock(MethodView):
    @blp.doc(
        security=SECURITY,
        description="The time left by the server's clock (the learner's page counts down from it); an attempt past "
        "its hard deadline is closed first, so `state` then says `scored`.",
    )
    @require_attempt_access
    @blp.response(200, AttemptClockSchema)
    @blp.problems(404)
    def get(self, attempt_id: int) -> AttemptClock:
        return read_clock(db_session(), caller().tenant_id, attempt_id, now=utcnow())


@blp.route("/attempts/<id:attempt_id>/questions/<id:position>/check")
class Check(MethodView):
    @blp.doc(security=SECURITY, description="Score one saved answer now and lock it (immediate-feedback assessments).")
    @require_attempt_access
    @blp.response(200, AttemptSchema)
    @blp.problems(404, 409, 410, 422)
    def post(self, attempt_id: int, position: int) -> Delivered:
        return check_question(db_session(), caller().tenant_id, attempt_id, position, now=utcnow())


@blp.route("/attempts/<id:attempt_id>/void")
class Void(MethodView):
    @blp.doc(
        security=SECURITY,
        description="Void the attempt: it no longer counts for grading, the attempt limit or analytics, and is kept "
        "for audit with who voided it (the key's label), when and why. Voiding it again changes nothing.",
    )
    @require_scope("deliver")
    @blp.arguments(VoidSchema)
    @blp.response(200, AttemptSummarySchema)
    @blp.problems(404)
    def post(self, body: dict[str, Any], attempt_id: int) -> Attempt:
        return void_attempt(
            db_session(), caller().tenant_id, attempt_id, by=_who(), reason=body["reason"], now=utcnow()
        )


@blp.route("/assessments/<id:assessment_id>/resets")
class Resets(MethodView):
    @blp.doc(
        security=SECURITY,
        description="Reset a learner: void all their attempts at the assessment, so they start again as if new.",
    )
    @require_scope("deliver")
    @blp.arguments(ResetSchema)
    @blp.response(200, ResetDoneSchema)
    @blp.problems(404)
    def post(self, body: dict[str, Any], assessment_id: int) -> Reset:
        voided = reset_learner(
            db_session(),
            caller().tenant_id,
            assessment_id,
            body["learner_id"],
            by=_who(),
            reason=body["reason"],
            now=utcnow(),
        )
        return Reset(body["learner_id"], voided)


def _who() -> str:
    found = caller()
    return found.label or f"key {found.key_id}"
