"""What integrations see of an assessment: its rules, never its items' keys."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

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


def assessment_payload(assessment: Assessment) -> dict[str, Any]:
    threshold = assessment.pass_threshold
    percent = threshold * 100
    return {
        "id": assessment.id,
        "slug": assessment.slug,
        "kind": assessment.kind,
        "title": assessment.title,
        "subtitle": assessment.subtitle,
        "question_count": len(assessment.slots),
        "pass_threshold": f"{threshold.numerator}/{threshold.denominator}",
        "pass_percent": str(percent.numerator) if percent.denominator == 1 else f"{float(percent):.2f}",
        "feedback_policy": assessment.feedback_policy,
        "grading_method": assessment.grading_method,
        "shuffle_questions": assessment.shuffle_questions,
        "shuffle_options": assessment.shuffle_options,
        "time_limit_seconds": assessment.time_limit_seconds,
        "grace_seconds": assessment.grace_seconds,
        "max_attempts": assessment.max_attempts,
    }
