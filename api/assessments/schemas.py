"""What integrations see of an assessment (its rules and slots, never its items' keys), and what authors send."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from api.exact import ExactFraction
from api.external_ids import Text
from api.schemas import ComputedInteger, ObjectSchema
from assess.authoring.assessments import SlotSpec
from itembank.models import AssessmentKind, FeedbackPolicy, GradingMethod
from itembank.models.assessment import BASIS_POINTS

MAX_INT = 2**31 - 1
SLUG = validate.Regexp(r"^[a-z0-9][a-z0-9-]{0,99}$", error="1 to 100 of a-z, 0-9 and '-', not starting with '-'")


class AssessmentQuerySchema(Schema):
    kind = fields.String(validate=validate.OneOf([kind.value for kind in AssessmentKind]))


class Percent(fields.String):
    """An exact percent as a string, 0 to 100 with at most two decimals ('80', '66.67'), loaded as basis points.

    A JSON number is refused, since a JSON reader may have rounded it before it arrives."""

    _WRITTEN = re.compile(r"(?:100(?:\.0{1,2})?|[0-9]{1,2}(?:\.[0-9]{1,2})?)")

    # A String on the wire that loads as an int (basis points): see `ExactFraction` for the override ignore.
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:  # type: ignore[override]
        text = super()._deserialize(value, attr, data, **kwargs)
        if not self._WRITTEN.fullmatch(text):
            raise ValidationError("must be a percent from '0' to '100' with at most two decimals, e.g. '80' or '66.67'")
        return int(Decimal(text) * BASIS_POINTS / 100)


class SlotSchema(ObjectSchema):
    """Dumps an AssessmentSlot."""

    position = fields.Integer(required=True, metadata={"description": "1-based, in authored order"})
    item_id = fields.Integer(allow_none=True, metadata={"description": "a fixed item"})
    pool_id = fields.Integer(allow_none=True, metadata={"description": "one draw at random from this pool"})
    points = fields.Integer(allow_none=True, metadata={"description": "the question's points; null: the item's own"})


class SlotInputSchema(Schema):
    """`count` slots in a row: the fixed item, or draws from the pool ('5 at random from pool L1')."""

    item_id = fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_INT), load_default=None)
    pool_id = fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_INT), load_default=None)
    count = fields.Integer(
        strict=True,
        validate=validate.Range(min=1, max=200),
        load_default=1,
        metadata={"description": "how many slots: draws from the pool (different items), or copies of the item"},
    )
    points = fields.Integer(
        strict=True,
        validate=validate.Range(min=1, max=1000),
        load_default=None,
        allow_none=True,
        metadata={"description": "points of each of these questions; null or absent: the item's own"},
    )

    @validates_schema
    def _item_or_pool(self, data: dict[str, Any], **kwargs: Any) -> None:
        if (data.get("item_id") is None) == (data.get("pool_id") is None):
            raise ValidationError("give exactly one of item_id and pool_id", "item_id")

    @post_load
    def _spec(self, data: dict[str, Any], **kwargs: Any) -> SlotSpec:
        return SlotSpec(**data)


class AssessmentWriteSchema(Schema):
    """An assessment as an author sends it: every field on create (slug and title required), any on PATCH."""

    slug = fields.String(required=True, validate=SLUG)
    kind = fields.String(load_default=AssessmentKind.CUSTOM.value, validate=validate.OneOf(list(AssessmentKind)))
    title = Text(required=True, validate=validate.Length(min=1, max=300))
    subtitle = Text(load_default=None, allow_none=True, validate=validate.Length(max=2000))
    course_id = fields.Integer(strict=True, load_default=None, allow_none=True, validate=validate.Range(1, MAX_INT))
    module_id = fields.Integer(strict=True, load_default=None, allow_none=True, validate=validate.Range(1, MAX_INT))
    lesson_id = fields.Integer(
        strict=True,
        load_default=None,
        allow_none=True,
        validate=validate.Range(1, MAX_INT),
        metadata={"description": "give the most specific of course, module, lesson; the parents are filled in"},
    )
    pass_percent = Percent(
        load_default=8000,
        data_key="pass_percent",
        attribute="pass_threshold_bp",
        metadata={"description": "exact percent of the points possible needed to pass: '80', '66.67'", "default": "80"},
    )
    feedback_policy = fields.String(
        load_default=FeedbackPolicy.AFTER_SUBMIT.value,
        validate=validate.OneOf(list(FeedbackPolicy)),
        metadata={"description": "immediate (per question, on check), after_submit or never"},
    )
    grading_method = fields.String(
        load_default=GradingMethod.HIGHEST.value, validate=validate.OneOf(list(GradingMethod))
    )
    shuffle_questions = fields.Boolean(load_default=True)
    shuffle_options = fields.Boolean(load_default=True)
    time_limit_seconds = fields.Integer(
        strict=True, load_default=None, allow_none=True, validate=validate.Range(1, MAX_INT)
    )
    grace_seconds = fields.Integer(strict=True, load_default=0, validate=validate.Range(0, MAX_INT))
    max_attempts = fields.Integer(strict=True, load_default=None, allow_none=True, validate=validate.Range(1, 1000))
    slots = fields.List(
        fields.Nested(SlotInputSchema),
        load_default=list,
        validate=validate.Length(max=500),
        metadata={"description": "replaces every slot; positions follow the order given, a count making several"},
    )


class AssessmentPatchSchema(AssessmentWriteSchema):
    """Any of the fields; those left out keep their values (the defaults are a create's)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(partial=True, **kwargs)


class AssessmentSchema(ObjectSchema):
    """Dumps an Assessment: its working copy (the draft, or the current revision once published)."""

    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    kind = fields.String(required=True)
    status = fields.String(required=True, metadata={"description": "draft (cannot be started) or published"})
    revision = fields.Integer(
        required=True,
        attribute="revision_number",
        metadata={"description": "the current revision, which new attempts start on; 0 for a never-published draft"},
    )
    title = fields.String(required=True)
    subtitle = fields.String(allow_none=True)
    course_id = fields.Integer(allow_none=True)
    module_id = fields.Integer(allow_none=True)
    lesson_id = fields.Integer(allow_none=True)
    question_count = ComputedInteger(lambda assessment: len(assessment.slots), required=True)
    slots = fields.List(fields.Nested(SlotSchema), required=True)
    pass_threshold = ExactFraction(
        required=True, metadata={"description": "exact fraction of the points possible needed to pass, e.g. '4/5'"}
    )
    pass_percent = fields.String(required=True, metadata={"description": "the same threshold as a percent, e.g. '80'"})
    feedback_policy = fields.String(required=True)
    grading_method = fields.String(required=True)
    shuffle_questions = fields.Boolean(required=True)
    shuffle_options = fields.Boolean(required=True)
    time_limit_seconds = fields.Integer(allow_none=True)
    grace_seconds = fields.Integer(required=True)
    max_attempts = fields.Integer(allow_none=True)
