"""Learners' results per assessment, combined by grading method: one call per learner or per assessment."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api.auth import SECURITY, caller, require_scope
from api.blueprint import Blueprint
from api.db import db_session
from api.results.schemas import LearnerResultSchema, ResultQuerySchema
from assess.results import LearnerResult, learner_results
from itembank.db import utcnow

blp = Blueprint("results", __name__, url_prefix="/api/v1", description="Results")


@blp.route("/assessments/<id:assessment_id>/results")
class Results(MethodView):
    @blp.doc(security=SECURITY)
    @require_scope("deliver", "analytics")
    @blp.arguments(ResultQuerySchema, location="query")
    @blp.response(200, LearnerResultSchema(many=True))
    @blp.paginate()
    @blp.problems(404)
    def get(self, query: dict[str, Any], assessment_id: int, pagination_parameters: Any) -> list[LearnerResult]:
        results, total = learner_results(
            db_session(),
            caller().tenant_id,
            assessment_id,
            now=utcnow(),
            learner_id=query.get("learner_id"),
            offset=pagination_parameters.first_item,
            limit=pagination_parameters.page_size,
        )
        pagination_parameters.item_count = total
        return results
