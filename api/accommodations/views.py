"""Accommodations: integrations grant a learner extra time or extra attempts on one assessment."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api.accommodations.schemas import AccommodationQuerySchema, AccommodationSchema
from api.auth import SECURITY, caller, require_scope
from api.blueprint import Blueprint
from api.db import db_session
from assess.accommodations import list_accommodations, set_accommodation
from assess.models import Accommodation
from itembank.db import utcnow

blp = Blueprint("accommodations", __name__, url_prefix="/api/v1", description="Accommodations")


@blp.route("/assessments/<id:assessment_id>/accommodations")
class Accommodations(MethodView):
    @blp.doc(security=SECURITY, description="Set (create or replace) one learner's accommodation.")
    @require_scope("deliver")
    @blp.arguments(AccommodationSchema)
    @blp.response(200, AccommodationSchema)
    @blp.problems(404)
    def put(self, body: dict[str, Any], assessment_id: int) -> Accommodation:
        return set_accommodation(
            db_session(),
            caller().tenant_id,
            assessment_id,
            body["learner_id"],
            extra_seconds=body["extra_seconds"],
            extra_attempts=body["extra_attempts"],
            now=utcnow(),
        )

    @blp.doc(security=SECURITY)
    @require_scope("deliver")
    @blp.arguments(AccommodationQuerySchema, location="query")
    @blp.response(200, AccommodationSchema(many=True))
    @blp.paginate()
    @blp.problems(404)
    def get(self, query: dict[str, Any], assessment_id: int, pagination_parameters: Any) -> list[Accommodation]:
        page = list_accommodations(
            db_session(),
            caller().tenant_id,
            assessment_id,
            learner_id=query.get("learner_id"),
            offset=pagination_parameters.first_item,
            limit=pagination_parameters.page_size,
        )
        pagination_parameters.item_count = page.total
        return page.items
