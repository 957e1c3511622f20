"""Regrades: an author moves an item's finished attempts to its corrected version, after a dry run, and may
reverse it. Scope `author`; another tenant's items and regrades do not exist (404)."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask.views import MethodView

from api.auth import SECURITY, caller, require_scope
from api.blueprint import Blueprint
from api.db import db_session
from api.regrades.schemas import RegradeRequestSchema, RegradeSchema
from assess.regrade import RegradeReport, dry_run, get_regrade, regrade_item, reverse_regrade
from itembank.db import utcnow

blp = Blueprint("regrades", __name__, url_prefix="/api/v1", description="Regrades")
LOCATION = {"description": "the regrade's URL", "schema": {"type": "string"}}


@blp.route("/items/<id:item_id>/regrades")
class RegradesOfItem(MethodView):
    @blp.doc(
        security=SECURITY,
        description="Regrade the item's finished attempts to `to_version`. `dry_run` (the default) lists every "
        "attempt that would change, with its score and pass outcome before and after, and writes nothing; "
        "`dry_run: false` does it and records it (201). Repeating a regrade that is done answers 200 with it.",
    )
    @require_scope("author")
    @blp.arguments(RegradeRequestSchema)
    @blp.response(201, RegradeSchema, headers={"Location": LOCATION})
    @blp.alt_response(200, schema=RegradeSchema, description="a dry run, or the regrade already done")
    @blp.problems(404, 409)
    def post(self, body: dict[str, Any], item_id: int) -> tuple[RegradeReport, int, dict[str, str]]:
        tenant_id, to_version = caller().tenant_id, body["to_version"]
        if body["dry_run"]:
            return dry_run(db_session(), tenant_id, item_id, to_version, now=utcnow()), 200, {}
        report, created = regrade_item(db_session(), tenant_id, item_id, to_version, by=_who(), now=utcnow())
        return report, 201 if created else 200, {"Location": url_for("regrades.RegradeById", regrade_id=report.id)}


@blp.route("/regrades/<id:regrade_id>")
class RegradeById(MethodView):
    @blp.doc(security=SECURITY)
    @require_scope("author")
    @blp.response(200, RegradeSchema)
    @blp.problems(404)
    def get(self, regrade_id: int) -> RegradeReport:
        return get_regrade(db_session(), caller().tenant_id, regrade_id)


@blp.route("/regrades/<id:regrade_id>/reverse")
class Reverse(MethodView):
    @blp.doc(
        security=SECURITY,
        description="Put every attempt back as it was before the regrade; reversing it again changes nothing. "
        "409 `regrade-superseded` when a later regrade moved its attempts on: reverse that one first.",
    )
    @require_scope("author")
    @blp.response(200, RegradeSchema)
    @blp.problems(404, 409)
    def post(self, regrade_id: int) -> RegradeReport:
        return reverse_regrade(db_session(), caller().tenant_id, regrade_id, by=_who(), now=utcnow())


def _who() -> str:
    found = caller()
    return found.label or f"key {found.key_id}"
