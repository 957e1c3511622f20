"""Learners' results as integrations read them: one row per learner, combined by the grading method."""

from __future__ import annotations

from marshmallow import Schema, fields

from api.exact import ExactFraction
from api.external_ids import ExternalId
from api.schemas import ObjectSchema


class ResultQuerySchema(Schema):
    learner_id = ExternalId()


class LearnerResultSchema(ObjectSchema):
    """Dumps `assess.results.LearnerResult`."""

    learner_id = fields.String(required=True)
    grading_method = fields.String(required=True)
    score = ExactFraction(allow_none=True, metadata={"description": "exact fraction of points, by grading method"})
    passed = fields.Boolean(allow_none=True)
    attempts_used = fields.Integer(required=True)
    attempts_left = fields.Integer(allow_none=True, metadata={"description": "null when attempts are unlimited"})
    graded_attempt_id = fields.Integer(allow_none=True)
