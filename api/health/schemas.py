"""What a health check answers: the service is up, and which database answered it."""

from __future__ import annotations

from marshmallow import fields

from api.schemas import ObjectSchema


class HealthSchema(ObjectSchema):
    """Dumps `api.health.views.HealthStatus`."""

    status = fields.String(required=True)
    database = fields.String(required=True)
