"""An accommodation as integrations set and read it: extra time and extra attempts for one learner."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.external_ids import ExternalId
from api.schemas import ObjectSchema


class AccommodationSchema(ObjectSchema):
    """The request body that sets an accommodation, and the response that dumps `assess.models.Accommodation`."""

    learner_id = ExternalId(required=True)
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
    learner_id = ExternalId()
