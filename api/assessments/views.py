"""Assessments as integrations list and read them."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api.assessments.schemas import AssessmentQuerySchema, AssessmentSchema
from api.auth import SECURITY, caller, require_scope
from api.blueprint import Blueprint
from api.db import db_session
from assess.catalog import get_assessment, list_assessments
from itembank.models import Assessment

blp = Blueprint("assessments", __name__, url_prefix="/api/v1/assessments", description="Assessments")
ANY_SCOPE = ("deliver", "author", "analytics", "admin")


@blp.route("")
class Assessments(MethodView):
    @blp.doc(security=SECURITY)
    @require_scope(*ANY_SCOPE)
    @blp.arguments(AssessmentQuerySchema, location="query")
    @blp.response(200, AssessmentSchema(many=True))
    @blp.paginate()
    def get(self, query: dict[str, Any], pagination_parameters: Any) -> list[Assessment]:
        page = list_assessments(
            db_session(),
            caller().tenant_id,
            kind=query.get("kind"),
            offset=pagination_parameters.first_item,
            limit=pagination_parameters.page_size,
        )
        pagination_parameters.item_count = page.total
        return page.items


@blp.route("/<id:assessment_id>")
class AssessmentById(MethodView):
    @blp.doc(security=SECURITY)
    @require_scope(*ANY_SCOPE)
    @blp.response(200, AssessmentSchema)
    @blp.problems(404)
    def get(self, assessment_id: int) -> Assessment:
        return get_assessment(db_session(), caller().tenant_id, assessment_id)
