"""Accommodations: integrations grant a learner extra time or extra attempts on one assessment."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from marshmallow import Schema, fields, validate

from api.attempts.schemas import EXTERNAL_ID
from api.auth import SECURITY, caller, require_scope
from api.blueprint import Blueprint
from api.db import db_session
from assess.accommodations import list_accommodations, set_accommodation
from assess.models import Accommodation
from itembank.db import utcnow

blp = Blueprint("accommodations", __name__, url_prefix="/api/v1", description="Accommodations")


class AccommodationSchema(Schema):
    learner_id = fields.String(required=True, validate=EXTERNAL_ID)
    extra_seconds = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=0, max=30 * 24 * 3600),
        metadata={"description": "added to the assessment's time limit; applies to the open attempt at once"},
    )
    extra_attempts = fields.Integer(
        required=True, strict=True, validate=validate.Range(min=0, max=1000), metadata={"description": "beyond max"}
    )


class AccommodationQuerySchema(Schema):
    learner_id = fields.String(validate=EXTERNAL_ID)


def _payload(accommodation: Accommodation) -> dict[str, Any]:
    return {
        "learner_id": accommodation.learner_id,
        "extra_seconds": accommodation.extra_seconds,
        "extra_attempts": accommodation.extra_attempts,
    }


@blp.route("/assessments/<id:assessment_id>/accommodations")
class Accommodations(MethodView):
    @blp.doc(security=SECURITY, description="Set (create or replace) one learner's accommodation.")
    @blp.arguments(AccommodationSchema)
    @blp.response(200, AccommodationSchema)
    @require_scope("deliver")
    def put(self, body: dict[str, Any], assessment_id: int) -> dict[str, Any]:
        accommodation = set_accommodation(
            db_session(),
            caller().tenant_id,
            assessment_id,
            body["learner_id"],
            extra_seconds=body["extra_seconds"],
            extra_attempts=body["extra_attempts"],
            now=utcnow(),
        )
        return _payload(accommodation)

    @blp.doc(security=SECURITY)
    @blp.arguments(AccommodationQuerySchema, location="query")
    @blp.response(200, AccommodationSchema(many=True))
    @blp.paginate()
    @require_scope("deliver")
    def get(self, query: dict[str, Any], assessment_id: int, pagination_parameters: Any) -> list[dict[str, Any]]:
        page = list_accommodations(
            db_session(),
            caller().tenant_id,
            assessment_id,
            learner_id=query.get("learner_id"),
            offset=pagination_parameters.first_item,
            limit=pagination_parameters.page_size,
        )
        pagination_parameters.item_count = page.total
        return [_payload(accommodation) for accommodation in page.items]
