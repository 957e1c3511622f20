"""Instructor accounts of the caller's tenant, for admins (scope `admin`): the workspace's sign-ins."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView

from api.auth import SECURITY, caller, require_scope
from api.blueprint import Blueprint
from api.db import db_session
from api.users.schemas import NewUserSchema, UserPatchSchema, UserSchema
from itembank.models import Tenant, User
from itembank.users import create_user, tenant_user, tenant_users, update_user

blp = Blueprint("users", __name__, url_prefix="/api/v1/users", description="Instructor accounts")


@blp.route("")
class Users(MethodView):
    @blp.doc(security=SECURITY, description="Every instructor account of the tenant.")
    @require_scope("admin")
    @blp.response(200, UserSchema(many=True))
    def get(self) -> list[User]:
        return tenant_users(db_session(), caller().tenant_id)

    @blp.doc(
        security=SECURITY,
        description="Make an instructor account (email unique in the tenant ignoring case, a password of 12 "
        "characters or more, hashed with argon2); 422 names each field that is wrong.",
    )
    @require_scope("admin")
    @blp.arguments(NewUserSchema)
    @blp.response(201, UserSchema)
    def post(self, body: dict[str, Any]) -> User:
        return create_user(db_session(), db_session().get_one(Tenant, caller().tenant_id), **body)


@blp.route("/<id:user_id>")
class UserById(MethodView):
    @blp.doc(security=SECURITY)
    @require_scope("admin")
    @blp.response(200, UserSchema)
    @blp.problems(404)
    def get(self, user_id: int) -> User:
        return tenant_user(db_session(), caller().tenant_id, user_id)

    @blp.doc(security=SECURITY, description="Change the role or the password, or lift a lockout (`unlock`).")
    @require_scope("admin")
    @blp.arguments(UserPatchSchema)
    @blp.response(200, UserSchema)
    @blp.problems(404)
    def patch(self, body: dict[str, Any], user_id: int) -> User:
        return update_user(db_session(), caller().tenant_id, user_id, **body)
