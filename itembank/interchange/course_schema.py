"""The shape of a course content file, validated with marshmallow so every mistake names its field path.

A question's `type` (default `single_choice`) says what else it takes; each type's module in
`itembank.itemtypes` is the authority, and its rules are checked when the item is loaded, naming the field
(e.g. "question pi.spec.answer: a numeric item needs `spec.answer` (or `spec.range`)"). The kinds of question:

    - id: capital                      # single_choice (2 to 26 options, one correct) and true_false
      stem: "Capital of France?"       # (exactly two options, one correct): no spec
      options: [{text: Paris, correct: true}, {text: Lyon, correct: false}]
    - id: primes
      type: multiple_response          # 2 to 26 options, at least one correct
      stem: "Which are <em>prime</em>?"
      options: [{text: "2", correct: true}, {text: "3", correct: true}, {text: "4", correct: false}]
      spec: {scoring: all_or_nothing}  # or partial (the default): right minus wrong
    - id: pi
      type: numeric                    # no options; answer with tolerance >= 0 (default 0), each
      stem: "Pi to two decimals?"      # a finite decimal, compared exactly
      spec: {answer: 3.14, tolerance: 0.005}
    - id: speed
      type: numeric                    # or answer with relative_tolerance (0.05: within 5%)
      stem: "Light's speed in km/s?"
      spec: {answer: 299792, relative_tolerance: 0.01}
    - id: between
      type: numeric                    # or a range [low, high]; every bound inclusive
      stem: "A number between 1 and 2?"
      spec: {range: [1, 2]}
    - id: institute
      type: short_text                 # no options; accepted: non-empty texts; matched ignoring case,
      stem: "Montreal's AI institute?" # collapsing spaces and composing accents (NFC), unless the item
      spec:                            # says case_sensitive, whitespace or normalization otherwise
        accepted: [Mila, Quebec AI Institute]
    - id: formula
      type: short_text
      stem: "Water's formula?"
      spec: {accepted: [H2O], case_sensitive: true, whitespace: remove, normalization: NFKC}

Stems, options, rationales and feedback may hold the safe HTML subset of docs/rich-text.md; the rest is
removed on load. An unknown `spec` key is refused, so a typo cannot be silently ignored.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from itembank.models.enums import AssessmentKind, FeedbackPolicy, GradingMethod, ItemType

SLUG = validate.Regexp(r"^[a-z0-9][a-z0-9-]*$", error="use lowercase letters, digits and hyphens")
NON_EMPTY = validate.Length(min=1)


def _one_of(enum: type[Enum]) -> validate.OneOf:
    return validate.OneOf([member.value for member in enum])


class PercentField(fields.Field):
    """A percentage with at most two decimals, kept exact: 80 and 66.67 load as Decimal, never as float."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal:
        if isinstance(value, bool):
            raise ValidationError("must be a number between 0 and 100")
        try:
            percent = Decimal(str(value))
        except InvalidOperation as exc:
            raise ValidationError("must be a number between 0 and 100") from exc
        if not Decimal(0) <= percent <= Decimal(100) or percent != percent.quantize(Decimal("0.01")):
            raise ValidationError("must be between 0 and 100 with at most two decimals")
        return percent


class CourseSchema(Schema):
    slug = fields.String(required=True, validate=SLUG)
    title = fields.String(required=True, validate=NON_EMPTY)


class ModuleSchema(Schema):
    slug = fields.String(required=True, validate=SLUG)
    number = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    title = fields.String(required=True, validate=NON_EMPTY)


class LessonSchema(ModuleSchema):
    subtitle = fields.String(load_default=None)


class OptionSchema(Schema):
    text = fields.String(required=True, validate=NON_EMPTY)
    correct = fields.Boolean(required=True)
    rationale = fields.String(load_default=None)


class FeedbackSchema(Schema):
    correct = fields.String(load_default=None)
    incorrect = fields.String(load_default=None)
    general = fields.String(load_default=None)


class QuestionSchema(Schema):
    id = fields.String(required=True, validate=SLUG)
    type = fields.String(load_default=ItemType.SINGLE_CHOICE.value, validate=_one_of(ItemType))
    lesson = fields.String(load_default=None)
    objective = fields.String(load_default=None)
    tags = fields.List(fields.String(validate=SLUG), load_default=list)
    stem = fields.String(required=True, validate=NON_EMPTY)
    points = fields.Integer(load_default=1, strict=True, validate=validate.Range(min=1))
    options = fields.List(fields.Nested(OptionSchema), load_default=list)
    feedback = fields.Nested(FeedbackSchema, load_default=dict)
    spec = fields.Dict(keys=fields.String(), load_default=dict)


class AssessmentSchema(Schema):
    slug = fields.String(required=True, validate=SLUG)
    kind = fields.String(required=True, validate=_one_of(AssessmentKind))
    lesson = fields.String(load_default=None)
    module = fields.String(load_default=None)
    title = fields.String(required=True, validate=NON_EMPTY)
    subtitle = fields.String(load_default=None)
    pass_percent = PercentField(load_default=Decimal(80))
    feedback = fields.String(load_default=FeedbackPolicy.AFTER_SUBMIT.value, validate=_one_of(FeedbackPolicy))
    grading = fields.String(load_default=GradingMethod.HIGHEST.value, validate=_one_of(GradingMethod))
    shuffle_questions = fields.Boolean(load_default=True)
    shuffle_options = fields.Boolean(load_default=True)
    time_limit_seconds = fields.Integer(load_default=None, strict=True, validate=validate.Range(min=1))
    grace_seconds = fields.Integer(load_default=0, strict=True, validate=validate.Range(min=0))
    max_attempts = fields.Integer(load_default=None, strict=True, validate=validate.Range(min=1))
    questions = fields.List(fields.Nested(QuestionSchema), required=True, validate=NON_EMPTY)

    @validates_schema
    def _placement(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["kind"] == AssessmentKind.LESSON_QUIZ and not data.get("lesson"):
            raise ValidationError("a lesson quiz names its lesson", "lesson")


class CourseFileSchema(Schema):
    format = fields.Integer(required=True, strict=True, validate=validate.Equal(1))
    course = fields.Nested(CourseSchema, required=True)
    module = fields.Nested(ModuleSchema, required=True)
    lessons = fields.List(fields.Nested(LessonSchema), load_default=list)
    assessments = fields.List(fields.Nested(AssessmentSchema), load_default=list)

    @validates_schema
    def _references(self, data: dict[str, Any], **kwargs: Any) -> None:
        """Cross-references are checked here so a typo fails the load instead of silently dropping a link."""
        lessons = {lesson["slug"] for lesson in data.get("lessons", [])}
        errors: dict[str, list[str]] = {}
        seen: set[str] = set()
        for a_index, assessment in enumerate(data.get("assessments", [])):
            where = f"assessments.{a_index}"
            if assessment.get("lesson") and assessment["lesson"] not in lessons:
                errors.setdefault(f"{where}.lesson", []).append(f"no lesson '{assessment['lesson']}'")
            if assessment.get("module") and assessment["module"] != data["module"]["slug"]:
                errors.setdefault(f"{where}.module", []).append(f"no module '{assessment['module']}'")
            for q_index, question in enumerate(assessment.get("questions", [])):
                path = f"{where}.questions.{q_index}"
                if question["id"] in seen:
                    errors.setdefault(f"{path}.id", []).append(f"'{question['id']}' is used twice")
                seen.add(question["id"])
                if question.get("lesson") and question["lesson"] not in lessons:
                    errors.setdefault(f"{path}.lesson", []).append(f"no lesson '{question['lesson']}'")
        if errors:
            raise ValidationError(errors)


class BankQuestionSchema(QuestionSchema):
    """A question of a bank file (`assess bank export --format yaml`): as a course file's, but its id is the
    item's ref, which another tool may have chosen (any text of 1 to 100 characters), and it keeps its title,
    category and tags as the source had them."""

    id = fields.String(required=True, validate=validate.Length(min=1, max=100))
    tags = fields.List(fields.String(validate=validate.Length(min=1, max=100)), load_default=list)
    title = fields.String(load_default=None)
    category = fields.String(load_default=None)


class BankFileSchema(Schema):
    """A bank file: items without a course around them, in the order they were exported."""

    format = fields.String(required=True, validate=validate.Equal("assess.bank/1"))
    items = fields.List(fields.Nested(BankQuestionSchema), required=True)
