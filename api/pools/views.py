"""Pools of a tenant's banks, for assessment slots to draw from (scope `author`)."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api.auth import SECURITY, caller, require_scope
from api.blueprint import Blueprint
from api.db import db_session
from api.pools.schemas import PoolPatchSchema, PoolSchema, PoolWriteSchema
from assess.authoring.pools import create_pool, list_pools, tenant_pool, update_pool
from itembank.models import Pool

blp = Blueprint("pools", __name__, url_prefix="/api/v1/pools", description="Pools")


@blp.route("")
class Pools(MethodView):
    @blp.doc(security=SECURITY)
    @require_scope("author")
    @blp.response(200, PoolSchema(many=True))
    @blp.paginate()
    def get(self, pagination_parameters: Any) -> list[Pool]:
        page = list_pools(
            db_session(),
            caller().tenant_id,
            offset=pagination_parameters.first_item,
            limit=pagination_parameters.page_size,
        )
        pagination_parameters.item_count = page.total
        return page.items

    @blp.doc(security=SECURITY, description="Create a pool of explicit items or a saved query (tag, lesson, type).")
    @require_scope("author")
    @blp.arguments(PoolWriteSchema)
    @blp.response(201, PoolSchema)
    def post(self, body: dict[str, Any]) -> Pool:
        return create_pool(db_session(), caller().tenant_id, body)


@blp.route("/<id:pool_id>")
class PoolById(MethodView):
    @blp.doc(security=SECURITY)
    @require_scope("author")
    @blp.response(200, PoolSchema)
    @blp.problems(404)
    def get(self, pool_id: int) -> Pool:
        return tenant_pool(db_session(), caller().tenant_id, pool_id)

    @blp.doc(
        security=SECURITY,
        description="Change a pool. Published assessments drawing from it draw from what it holds at each start.",
    )
    @require_scope("author")
    @blp.arguments(PoolPatchSchema)
    @blp.response(200, PoolSchema)
    @blp.problems(404)
    def patch(self, body: dict[str, Any], pool_id: int) -> Pool:
        return update_pool(db_session(), caller().tenant_id, pool_id, body)
