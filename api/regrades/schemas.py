"""Regrades as authors read them: a dry run or a stored regrade, each attempt before and after, and totals."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from api.exact import ExactFraction
from api.schemas import ObjectSchema, StrictBoolean, UtcDateTime


class RegradeRequestSchema(Schema):
    to_version = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=1, max=2**31 - 1),
        metadata={"description": "the item's version number to move finished attempts to (its corrected one)"},
    )
    dry_run = StrictBoolean(
        load_default=True,
        metadata={"description": "true (the default): list what would change and write nothing"},
    )


class QuestionChangeSchema(ObjectSchema):
    """Dumps `assess.regrade.QuestionChange`."""

    position = fields.Integer(required=True, metadata={"description": "the question's position in the attempt"})
    from_version = fields.Integer(required=True)
    response_before = fields.Dict(allow_none=True, metadata={"description": "the answer, old version's option ids"})
    response_after = fields.Dict(allow_none=True, metadata={"description": "the same answer, new option ids"})
    credit_before = ExactFraction(required=True, metadata={"description": "share of the question's points"})
    credit_after = ExactFraction(required=True)


class AttemptChangeSchema(ObjectSchema):
    """Dumps `assess.regrade.AttemptChange`."""

    attempt_id = fields.Integer(required=True)
    assessment_id = fields.Integer(required=True)
    learner_id = fields.String(required=True)
    number = fields.Integer(required=True)
    points_possible = fields.Integer(required=True)
    points_before = ExactFraction(required=True)
    points_after = ExactFraction(required=True)
    score_before = ExactFraction(required=True, metadata={"description": "exact fraction of the points possible"})
    score_after = ExactFraction(required=True)
    passed_before = fields.Boolean(required=True)
    passed_after = fields.Boolean(required=True)
    questions = fields.List(fields.Nested(QuestionChangeSchema), required=True)


class GradeChangeSchema(ObjectSchema):
    """Dumps `assess.regrade.GradeChange`: the learner's result as `GET .../results` reports it."""

    assessment_id = fields.Integer(required=True)
    learner_id = fields.String(required=True)
    grading_method = fields.String(required=True)
    score_before = ExactFraction(allow_none=True)
    score_after = ExactFraction(allow_none=True)
    passed_before = fields.Boolean(allow_none=True)
    passed_after = fields.Boolean(allow_none=True)


class TotalsSchema(ObjectSchema):
    """Dumps `assess.regrade.Totals`."""

    attempts = fields.Integer(required=True)
    scores_changed = fields.Integer(required=True)
    outcomes_changed = fields.Integer(required=True, metadata={"description": "attempts whose pass outcome flips"})
    now_passing = fields.Integer(required=True)
    now_failing = fields.Integer(required=True)
    grades_changed = fields.Integer(required=True)
    grade_outcomes_changed = fields.Integer(required=True, metadata={"description": "learners whose result flips"})


class RegradeSchema(ObjectSchema):
    """Dumps `assess.regrade.RegradeReport`."""

    id = fields.Integer(allow_none=True, metadata={"description": "null in a dry run"})
    dry_run = fields.Boolean(required=True)
    item_id = fields.Integer(required=True)
    item_ref = fields.String(required=True)
    to_version = fields.Integer(required=True)
    created_by = fields.String(allow_none=True)
    created_at = UtcDateTime(allow_none=True)
    reversed_by = fields.String(allow_none=True)
    reversed_at = UtcDateTime(allow_none=True)
    open_attempts_kept = fields.Integer(
        required=True, metadata={"description": "attempts in progress, which keep the version they started on"}
    )
    totals = fields.Nested(TotalsSchema, required=True)
    attempts = fields.List(fields.Nested(AttemptChangeSchema), required=True)
    grades = fields.List(fields.Nested(GradeChangeSchema), required=True)
