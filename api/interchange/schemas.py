"""The import's form and report, and the export's query (docs/interchange.md)."""

from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from api.schemas import ObjectSchema
from itembank.interchange.formats import EXPORT_FORMATS, IMPORT_FORMATS

SLUG = validate.Regexp(r"^[a-z0-9][a-z0-9-]{0,99}$", error="use lowercase letters, digits and hyphens (at most 100)")


class ImportFormSchema(Schema):
    format = fields.String(
        validate=validate.OneOf(sorted(IMPORT_FORMATS)), metadata={"description": "detected when not given"}
    )
    partially = fields.Boolean(  # `partial` is marshmallow's own attribute of a schema
        data_key="partial",
        load_default=False,
        metadata={"description": "import the items the bank takes, leaving out refused ones"},
    )
    bank = fields.String(
        validate=SLUG, metadata={"description": "the bank to import into; default: named after the file"}
    )


class ImportFileSchema(Schema):
    file = Upload(required=True, metadata={"description": "the GIFT or YAML file (QTI: an item, a test or a package)"})


class DroppedSchema(ObjectSchema):
    construct = fields.String(required=True)
    reason = fields.String(required=True)
    where = fields.String(allow_none=True)


class SkippedSchema(ObjectSchema):
    source_id = fields.String(required=True)
    reason = fields.String(required=True)
    source = fields.String(allow_none=True)


class ItemOutcomeSchema(ObjectSchema):
    ref = fields.String(required=True)
    outcome = fields.String(required=True, metadata={"description": "created, revised, unchanged or refused"})
    item_id = fields.Integer(allow_none=True)
    version = fields.Integer(allow_none=True)
    status = fields.String(allow_none=True, metadata={"description": "published, or draft when something was dropped"})
    type = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    category = fields.String(allow_none=True)
    source = fields.String(allow_none=True)
    dropped = fields.List(fields.Nested(DroppedSchema), required=True)
    problems = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), required=True)


class AssessmentOutcomeSchema(ObjectSchema):
    source_id = fields.String(required=True)
    slug = fields.String(allow_none=True)
    outcome = fields.String(required=True)
    assessment_id = fields.Integer(allow_none=True)
    items = fields.Integer(required=True)
    dropped = fields.List(fields.Nested(DroppedSchema), required=True)
    problems = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), required=True)


class ImportReportSchema(ObjectSchema):
    file = fields.String(required=True)
    format = fields.String(required=True)
    tenant = fields.String(required=True)
    bank = fields.String(required=True)
    partially = fields.Boolean(data_key="partial", attribute="partial", required=True)
    committed = fields.Boolean(required=True)
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    items = fields.List(fields.Nested(ItemOutcomeSchema), required=True)
    skipped = fields.List(fields.Nested(SkippedSchema), required=True)
    assessments = fields.List(fields.Nested(AssessmentOutcomeSchema), required=True)


class ExportQuerySchema(Schema):
    format = fields.String(required=True, validate=validate.OneOf(sorted(EXPORT_FORMATS)))
    assessment = fields.String(validate=SLUG, metadata={"description": "only this assessment's items (its slug)"})
