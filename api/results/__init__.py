"""Learners' results per assessment, combined by grading method: one call per learner or per assessment."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from marshmallow import Schema, fields, validate

from api.auth import SECURITY, caller, require_scope
from api.blueprint import Blueprint
from api.db import db_session
from api.exact import exact
from assess.results import LearnerResult, learner_results

blp = Blueprint("results", __name__, url_prefix="/api/v1", description="Results")


class ResultQuerySchema(Schema):
    learner_id = fields.String(validate=validate.Length(min=1, max=200))


class LearnerResultSchema(Schema):
    learner_id = fields.String(required=True)
    grading_method = fields.String(required=True)
    score = fields.String(allow_none=True, metadata={"description": "exact fraction of points, by grading method"})
    passed = fields.Boolean(allow_none=True)
    attempts_used = fields.Integer(required=True)
    attempts_left = fields.Integer(allow_none=True, metadata={"description": "null when attempts are unlimited"})
    graded_attempt_id = fields.Integer(allow_none=True)


def _payload(result: LearnerResult) -> dict[str, Any]:
    return {
        "learner_id": result.learner_id,
        "grading_method": result.grading_method,
        "score": None if result.score is None else exact(result.score),
        "passed": result.passed,
        "attempts_used": result.attempts_used,
        "attempts_left": result.attempts_left,
        "graded_attempt_id": result.graded_attempt_id,
    }


@blp.route("/assessments/<id:assessment_id>/results")
class Results(MethodView):
    @blp.doc(security=SECURITY)
    @blp.arguments(ResultQuerySchema, location="query")
    @blp.response(200, LearnerResultSchema(many=True))
    @blp.paginate()
    @require_scope("deliver", "analytics")
    def get(self, query: dict[str, Any], assessment_id: int, pagination_parameters: Any) -> list[dict[str, Any]]:
        results, total = learner_results(
            db_session(),
            caller().tenant_id,
            assessment_id,
            learner_id=query.get("learner_id"),
            offset=pagination_parameters.first_item,
            limit=pagination_parameters.page_size,
        )
        pagination_parameters.item_count = total
        return [_payload(result) for result in results]
