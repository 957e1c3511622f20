"""Pools as authors write and read them: explicit items, or a saved query evaluated at draw time."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from api.assessments.schemas import MAX_INT, SLUG
from api.external_ids import Text
from api.schemas import ComputedList, ComputedNested, ComputedString, ObjectSchema
from itembank.models import ItemType, Pool


class PoolQuerySchema(Schema):
    """Items of the pool's bank matching every criterion given (at least one)."""

    tag = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=100))
    lesson_id = fields.Integer(strict=True, load_default=None, allow_none=True, validate=validate.Range(1, MAX_INT))
    type = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(list(ItemType)))


class PoolWriteSchema(Schema):
    slug = fields.String(required=True, validate=SLUG)
    title = Text(required=True, validate=validate.Length(min=1, max=300))
    bank_id = fields.Integer(
        strict=True,
        load_default=None,
        validate=validate.Range(1, MAX_INT),
        metadata={"description": "the bank the pool draws from; may be left out when the tenant has one bank"},
    )
    item_ids = fields.List(
        fields.Integer(strict=True, validate=validate.Range(1, MAX_INT)),
        validate=validate.Length(max=1000),
        metadata={"description": "an explicit pool: these items of the bank (published ones are drawn)"},
    )
    query = fields.Nested(
        PoolQuerySchema, metadata={"description": "a saved query instead of items, evaluated when a form is drawn"}
    )

    @validates_schema
    def _items_or_query(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "query" in data and "item_ids" in data:
            raise ValidationError("give item_ids or a query, not both", "query")


class PoolPatchSchema(PoolWriteSchema):
    """Any of the fields; giving item_ids or a query replaces what the pool holds."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(partial=True, **kwargs)


def _query(pool: Pool) -> Pool | None:
    return pool if pool.is_query else None


class SavedQuerySchema(ObjectSchema):
    """Dumps a query Pool's criteria."""

    tag = fields.String(allow_none=True, attribute="query_tag")
    lesson_id = fields.Integer(allow_none=True, attribute="query_lesson_id")
    type = fields.String(allow_none=True, attribute="query_type")


class PoolSchema(ObjectSchema):
    """Dumps a Pool."""

    id = fields.Integer(required=True)
    bank_id = fields.Integer(required=True)
    slug = fields.String(required=True)
    title = fields.String(required=True)
    kind = ComputedString(
        lambda pool: "query" if pool.is_query else "items", required=True, metadata={"description": "items or query"}
    )
    item_ids = ComputedList(
        lambda pool: [item.id for item in pool.items],
        fields.Integer(),
        required=True,
        metadata={"description": "an explicit pool's items, any status (empty for a query)"},
    )
    query = ComputedNested(_query, SavedQuerySchema, allow_none=True)
