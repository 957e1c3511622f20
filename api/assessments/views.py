"""Assessments: integrations list and read them; authors create, change and publish them (scope `author`)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api.assessments.schemas import (
    AssessmentPatchSchema,
    AssessmentQuerySchema,
    AssessmentSchema,
    AssessmentWriteSchema,
)
from api.auth import SECURITY, caller, require_scope
from api.blueprint import Blueprint
from api.db import db_session
from assess.authoring.assessments import create_assessment, publish_assessment, update_assessment
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

    @blp.doc(security=SECURITY, description="Create a draft assessment; publish it to let learners start it.")
    @require_scope("author")
    @blp.arguments(AssessmentWriteSchema)
    @blp.response(201, AssessmentSchema)
    def post(self, body: dict[str, Any]) -> Assessment:
        return create_assessment(db_session(), caller().tenant_id, body)


@blp.route("/<id:assessment_id>")
class AssessmentById(MethodView):
    @blp.doc(security=SECURITY)
    @require_scope(*ANY_SCOPE)
    @blp.response(200, AssessmentSchema)
    @blp.problems(404)
    def get(self, assessment_id: int) -> Assessment:
        return get_assessment(db_session(), caller().tenant_id, assessment_id)

    @blp.doc(
        security=SECURITY,
        description="Change a draft in place. A published assessment's change must pass the publishing rules and "
        "becomes its next revision at once: new attempts start on it, attempts already started keep theirs.",
    )
    @require_scope("author")
    @blp.arguments(AssessmentPatchSchema)
    @blp.response(200, AssessmentSchema)
    @blp.problems(404)
    def patch(self, body: dict[str, Any], assessment_id: int) -> Assessment:
        return update_assessment(db_session(), caller().tenant_id, assessment_id, body, author=caller().label)


@blp.route("/<id:assessment_id>/publish")
class PublishAssessment(MethodView):
    @blp.doc(
        security=SECURITY,
        description="Publish a draft as revision 1, once every slot can be filled with a different published item "
        "and the pass threshold can be reached (422 `not-publishable` naming each slot or field otherwise). "
        "Publishing a published assessment changes nothing.",
    )
    @require_scope("author")
    @blp.response(200, AssessmentSchema)
    @blp.problems(404, 422)
    def post(self, assessment_id: int) -> Assessment:
        return publish_assessment(db_session(), caller().tenant_id, assessment_id, author=caller().label)
