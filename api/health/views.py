"""Liveness and readiness for load balancers and the quickstart: is the database answering?"""

from __future__ import annotations

from dataclasses import dataclass

from flask.views import MethodView
from sqlalchemy import text

from api.blueprint import Blueprint
from api.db import db_session
from api.health.schemas import HealthSchema

blp = Blueprint("health", __name__, url_prefix="/api/v1/health", description="Service health")


@dataclass(frozen=True)
class HealthStatus:
    status: str
    database: str  # the SQLAlchemy dialect's name: sqlite or postgresql


@blp.route("")
class Health(MethodView):
    @blp.response(200, HealthSchema)
    def get(self) -> HealthStatus:
        db_session().execute(text("SELECT 1"))
        return HealthStatus(status="ok", database=db_session().get_bind().dialect.name)
