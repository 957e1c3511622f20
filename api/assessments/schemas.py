"""What integrations see of an assessment: its rules, never its items' keys."""

from __future__ import annotations

from decimal import Decimal

from marshmallow import Schema, fields, validate

from api.exact import ExactFraction
from api.schemas import ComputedInteger, ComputedString, ObjectSchema
from itembank.models import Assessment, AssessmentKind


class AssessmentQuerySchema(Schema):
    kind = fields.String(validate=validate.OneOf([kind.value for kind in AssessmentKind]))


def _percent(assessment: Assessment) -> str:
    """Thresholds are whole basis points, so the percent has at most two decimals and prints exactly."""
    threshold = assessment.pass_threshold
    percent = Decimal(threshold.numerator) * 100 / Decimal(threshold.denominator)
    return format(percent.normalize(), "f")


class AssessmentSchema(ObjectSchema):
    """Dumps an Assessment."""

    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    kind = fields.String(required=True)
    title = fields.String(required=True)
    subtitle = fields.String(allow_none=True)
    question_count = ComputedInteger(lambda assessment: len(assessment.slots), required=True)
    pass_threshold = ExactFraction(
        required=True, metadata={"description": "exact fraction of the points possible needed to pass, e.g. '4/5'"}
    )
    pass_percent = ComputedString(
        _percent, required=True, metadata={"description": "the same threshold as a percent, e.g. '80'"}
    )
    feedback_policy = fields.String(required=True)
    grading_method = fields.String(required=True)
    shuffle_questions = fields.Boolean(required=True)
    shuffle_options = fields.Boolean(required=True)
    time_limit_seconds = fields.Integer(allow_none=True)
    grace_seconds = fields.Integer(required=True)
    max_attempts = fields.Integer(allow_none=True)
