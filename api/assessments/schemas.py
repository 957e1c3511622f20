"""What integrations see of an assessment: its rules, never its items' keys."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from marshmallow import Schema, fields, validate

from api.exact import exact
from itembank.models import Assessment, AssessmentKind


class AssessmentQuerySchema(Schema):
    kind = fields.String(validate=validate.OneOf([kind.value for kind in AssessmentKind]))


class AssessmentSchema(Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    kind = fields.String(required=True)
    title = fields.String(required=True)
    subtitle = fields.String(allow_none=True)
    question_count = fields.Integer(required=True)
    pass_threshold = fields.String(
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


def _percent(threshold: Fraction) -> str:
    """Thresholds are whole basis points, so the percent has at most two decimals and prints exactly."""
    percent = Decimal(threshold.numerator) * 100 / Decimal(threshold.denominator)
    return format(percent.normalize(), "f")


def assessment_payload(assessment: Assessment) -> dict[str, Any]:
    return {
        "id": assessment.id,
        "slug": assessment.slug,
        "kind": assessment.kind,
        "title": assessment.title,
        "subtitle": assessment.subtitle,
        "question_count": len(assessment.slots),
        "pass_threshold": exact(assessment.pass_threshold),
        "pass_percent": _percent(assessment.pass_threshold),
        "feedback_policy": assessment.feedback_policy,
        "grading_method": assessment.grading_method,
        "shuffle_questions": assessment.shuffle_questions,
        "shuffle_options": assessment.shuffle_options,
        "time_limit_seconds": assessment.time_limit_seconds,
        "grace_seconds": assessment.grace_seconds,
        "max_attempts": assessment.max_attempts,
    }
