"""Liveness and readiness for load balancers and the quickstart: is the database answering?"""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import Schema, fields
from sqlalchemy import text

from api.blueprint import Blueprint
from api.db import db_session

blp = Blueprint("health", __name__, url_prefix="/api/v1/health", description="Service health")


class HealthSchema(Schema):
    status = fields.String(required=True)
    database = fields.String(required=True)


@blp.route("")
class Health(MethodView):
    @blp.response(200, HealthSchema)
    def get(self) -> dict[str, str]:
        db_session().execute(text("SELECT 1"))
        return {"status": "ok", "database": db_session().get_bind().dialect.name}
