"""Items as authors write and read them: the content of a version, with its key, and the item around it.

Every string is `Text` (nothing a database cannot store or a reader cannot see); a draft need only be
well formed here, and is checked against every authoring rule when it is published.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, post_load, validate

from api.converters import MAX_ID
from api.external_ids import Text
from api.schemas import ComputedInteger, ComputedList, ComputedNested, ComputedString, ObjectSchema
from itembank.drafts import ItemDraft, OptionDraft
from itembank.itemtypes import ItemType
from itembank.models import Item, ItemStatus

MAX_OPTIONS = 26  # labelled A to Z
TEXT = validate.Length(max=20_000)
NAME = validate.Length(min=1, max=100)
ID = validate.Range(min=1, max=MAX_ID)
TYPES = validate.OneOf([item_type.value for item_type in ItemType])


class OptionDraftSchema(Schema):
    text = Text(required=True, validate=TEXT)
    correct = fields.Boolean(required=True)
    rationale = Text(load_default=None, allow_none=True, validate=TEXT)


class ItemContentSchema(Schema):
    """A version's content: every field of `ItemDraft`; `options` load as `OptionDraft`s."""

    type = fields.String(validate=TYPES)
    stem = Text(validate=TEXT)
    options = fields.List(fields.Nested(OptionDraftSchema), validate=validate.Length(max=MAX_OPTIONS))
    points = fields.Integer(strict=True, validate=validate.Range(min=1, max=1000))
    feedback_correct = Text(allow_none=True, validate=TEXT)
    feedback_incorrect = Text(allow_none=True, validate=TEXT)
    feedback_general = Text(allow_none=True, validate=TEXT)
    spec = fields.Dict(keys=Text(validate=NAME), metadata={"description": "type-specific settings"})

    @post_load
    def _drafts(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        if "type" in data:
            data["type"] = ItemType(data["type"])
        if "options" in data:
            data["options"] = tuple(OptionDraft(**option) for option in data["options"])
        return data


DETAILS = ("ref", "lesson_id", "objective", "tags")
CONTENT = tuple(ItemContentSchema().fields)


class NewItemSchema(ItemContentSchema):
    """POST: an item and the content of its version 1, a draft."""

    bank = Text(required=True, validate=NAME, metadata={"description": "the bank's slug; made if the tenant has none"})
    ref = Text(required=True, validate=NAME, metadata={"description": "the author's stable id, unique in the bank"})
    lesson_id = fields.Integer(load_default=None, allow_none=True, strict=True, validate=ID)
    objective = Text(load_default=None, allow_none=True, validate=TEXT)
    tags = fields.List(Text(validate=NAME), load_default=list, validate=validate.Length(max=50))

    type = fields.String(required=True, validate=TYPES)
    stem = Text(required=True, validate=TEXT)

    @post_load
    def _new_draft(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        data["draft"] = ItemDraft(**{name: data.pop(name) for name in CONTENT if name in data})
        return data


class ItemPatchSchema(ItemContentSchema):
    """PATCH: any content fields (merged into the latest version's) and any of the item's own fields."""

    ref = Text(validate=NAME)
    lesson_id = fields.Integer(allow_none=True, strict=True, validate=ID)
    objective = Text(allow_none=True, validate=TEXT)
    tags = fields.List(Text(validate=NAME), validate=validate.Length(max=50))

    @post_load
    def _split(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        return {
            "content": {name: data[name] for name in CONTENT if name in data},
            "details": {name: data[name] for name in DETAILS if name in data},
        }


class ItemQuerySchema(Schema):
    bank = Text(validate=NAME)
    course_id = fields.Integer(validate=ID)
    module_id = fields.Integer(validate=ID)
    lesson_id = fields.Integer(validate=ID)
    tag = Text(validate=NAME)
    status = fields.String(validate=validate.OneOf([status.value for status in ItemStatus]))
    type = fields.String(validate=TYPES)
    text = Text(
        data_key="q", validate=validate.Length(min=1, max=200), metadata={"description": "words in a stem or an option"}
    )


class AuthoredOptionSchema(ObjectSchema):
    label = fields.String(required=True)
    text = fields.String(required=True)
    correct = fields.Boolean(required=True, attribute="is_correct")
    rationale = fields.String(required=True, allow_none=True)


class ItemVersionSchema(ObjectSchema):
    """Dumps an ItemVersion, its key and feedback included (authors only)."""

    number = fields.Integer(required=True)
    status = fields.String(required=True, metadata={"description": "draft, published (delivered) or retired"})
    author = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True, metadata={"description": "last change of its content or status"})
    type = fields.String(required=True)
    stem = fields.String(required=True)
    options = fields.List(fields.Nested(AuthoredOptionSchema), required=True)
    points = fields.Integer(required=True)
    feedback_correct = fields.String(required=True, allow_none=True)
    feedback_incorrect = fields.String(required=True, allow_none=True)
    feedback_general = fields.String(required=True, allow_none=True)
    spec = fields.Dict(required=True)


def _published_number(item: Item) -> int | None:
    published = item.published
    return None if published is None else published.number


class ItemSchema(ObjectSchema):
    """Dumps an Item with its latest version."""

    id = fields.Integer(required=True)
    ref = fields.String(required=True)
    bank = ComputedString(lambda item: item.bank.slug, required=True)
    lesson_id = fields.Integer(required=True, allow_none=True)
    objective = fields.String(required=True, allow_none=True)
    tags = ComputedList(lambda item: [tag.name for tag in item.tags], fields.String(), required=True)
    status = fields.String(
        required=True, metadata={"description": "published while a version is, else retired if one was, else draft"}
    )
    revision = fields.Integer(required=True, metadata={"description": "the ETag: bumped by every change"})
    created_at = fields.DateTime(required=True)
    published_version = ComputedInteger(
        _published_number, required=True, allow_none=True, metadata={"description": "the version delivered"}
    )
    latest_version = ComputedNested(lambda item: item.latest, ItemVersionSchema, required=True)


class VersionFieldChangeSchema(ObjectSchema):
    field = fields.String(required=True, metadata={"description": "a path: stem, options.1.text, spec.tolerance"})
    before = fields.Raw(required=True, allow_none=True)
    after = fields.Raw(required=True, allow_none=True)


class VersionDiffSchema(ObjectSchema):
    before = fields.Integer(required=True, metadata={"description": "the older version's number"})
    after = fields.Integer(required=True)
    changes = fields.List(fields.Nested(VersionFieldChangeSchema), required=True)
