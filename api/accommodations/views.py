"""Accommodations: integrations grant a learner extra time or extra attempts, at every assessment of the
tenant (`/accommodations`) or at one (`/assessments/{id}/accommodations`)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api.accommodations.schemas import AccommodationQuerySchema, AccommodationSchema, LearnerAccommodationSchema
from api.auth import SECURITY, caller, require_scope
from api.blueprint import Blueprint
from api.db import db_session
from assess.accommodations import (
    list_accommodations,
    list_learner_accommodations,
    set_accommodation,
    set_learner_accommodation,
)
from assess.models import Accommodation, LearnerAccommodation
from itembank.db import utcnow

blp = Blueprint("accommodations", __name__, url_prefix="/api/v1", description="Accommodations")


@blp.route("/accommodations")
class LearnerAccommodations(MethodView):
    @blp.doc(
        security=SECURITY,
        description="Set (create or replace) one learner's accommodation at every assessment of the tenant; "
        "the learner's open attempts get their new deadlines at once.",
    )
    @require_scope("deliver")
    @blp.arguments(LearnerAccommodationSchema)
    @blp.response(200, LearnerAccommodationSchema)
    def put(self, body: dict[str, Any]) -> LearnerAccommodation:
        return set_learner_accommodation(
            db_session(),
            caller().tenant_id,
            body["learner_id"],
            time_multiplier=body["time_multiplier"],
            extra_attempts=body["extra_attempts"],
            now=utcnow(),
        )

    @blp.doc(security=SECURITY)
    @require_scope("deliver")
    @blp.arguments(AccommodationQuerySchema, location="query")
    @blp.response(200, LearnerAccommodationSchema(many=True))
    @blp.paginate()
    def get(self, query: dict[str, Any], pagination_parameters: Any) -> list[LearnerAccommodation]:
        page = list_learner_accommodations(
            db_session(),
            caller().tenant_id,
            learner_id=query.get("learner_id"),
            offset=pagination_parameters.first_item,
            limit=pagination_parameters.page_size,
        )
        pagination_parameters.item_count = page.total
        return page.items


@blp.route("/assessments/<id:assessment_id>/accommodations")
class Accommodations(MethodView):
    @blp.doc(security=SECURITY, description="Set (create or replace) one learner's accommodation at this assessment.")
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
            time_multiplier=body["time_multiplier"],
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
