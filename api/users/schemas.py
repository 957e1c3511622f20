"""Instructor accounts as admins send and read them; a password is written, never read back."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.external_ids import Text
from api.schemas import ObjectSchema
from itembank.models import Role

ROLES = validate.OneOf([role.value for role in Role])


class NewUserSchema(Schema):
    email = Text(required=True, validate=validate.Length(min=3, max=254))
    password = fields.String(required=True, validate=validate.Length(max=1024), load_only=True)
    role = fields.String(required=True, validate=ROLES, metadata={"description": "author, analyst or admin"})


class UserPatchSchema(Schema):
    role = fields.String(validate=ROLES)
    password = fields.String(
        validate=validate.Length(max=1024), metadata={"description": "a new password ends the account's sessions"}
    )
    unlock = fields.Boolean(load_default=False, metadata={"description": "lift a lockout after failed sign-ins"})


class UserSchema(ObjectSchema):
    id = fields.Integer(required=True)
    email = fields.String(required=True, metadata={"description": "lower-cased"})
    role = fields.String(required=True)
    failed_attempts = fields.Integer(required=True)
    locked_until = fields.DateTime(required=True, allow_none=True)
    created_at = fields.DateTime(required=True)
