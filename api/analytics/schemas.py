"""The analytics report as JSON: exact fractions as strings ('3/5'), square-root figures as numbers.

Schemas are derived from the statistics dataclasses and dump them as they are, so a statistic added in
`assess.stats` appears in the API and its OpenAPI document without a second list to keep in step. What a
row shows beyond its statistics (a label, answer times) comes from the report being dumped, `AnalyticsSchema`'s
object, which the nested schemas read from the dump's context (marshmallow 4's `Context`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fractions import Fraction
from operator import itemgetter
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from marshmallow.experimental.context import Context

from api.exact import ExactFraction
from api.external_ids import ExternalId
from api.schemas import ComputedFraction, ComputedInteger, ComputedList, ComputedString, ObjectSchema
from assess.analytics.reading import AnalyticsReport
from assess.analytics.store import Selection
from assess.reporting.reasons import reason
from assess.stats import AssessmentStats, Exact, Flag, ItemStats, OptionStats, QuestionTime, Reliability, Severity

_EXACT = "exact fraction, e.g. '3/5'; null where undefined"


@dataclass(frozen=True)
class _Dumping:
    """What the rows nested in an `AnalyticsSchema` dump read: the report, and its answer times by slot."""

    found: AnalyticsReport
    times: dict[int, QuestionTime]


_DUMPING = Context[_Dumping]


def _field(annotation: str) -> fields.Field:
    if "Fraction" in annotation:
        return ExactFraction(allow_none=True, metadata={"description": _EXACT})
    if "float" in annotation:
        return fields.Float(allow_none=True)
    if "bool" in annotation:
        return fields.Boolean(allow_none=True)
    if annotation.startswith("int") and "str" not in annotation:
        return fields.Integer(allow_none=True)
    if annotation.startswith("str"):
        return fields.String(allow_none=True)
    return fields.Raw(allow_none=True, metadata={"description": "an id or a name"})


def _schema_of(cls: type, name: str, skip: tuple[str, ...] = (), **extra: fields.Field) -> type[Schema]:
    """A schema that dumps `cls`: one field per dataclass field but those skipped, and the extra ones."""
    declared = {f.name: _field(str(f.type)) for f in dataclasses.fields(cls) if f.name not in skip}
    return ObjectSchema.from_dict({**declared, **extra}, name=name)


def _version_id(row: ItemStats | OptionStats | Flag) -> int | None:
    """The statistics name a version by a string id (None: every version in the slot); the API by its integer."""
    return None if row.version is None else int(row.version)


def _label(item: ItemStats) -> str | None:
    found = _DUMPING.get().found
    return found.labels.get(item.slot) if item.version is None else found.version_labels.get(item.version)


def _time(item: ItemStats) -> QuestionTime | None:
    """Answer times are kept per slot, so a per-version row has none."""
    if item.version is not None:
        return None
    return _DUMPING.get().times.get(item.slot)


def _answered(item: ItemStats) -> int | None:
    time = _time(item)
    return None if time is None else time.answered


def _median_seconds(item: ItemStats) -> Fraction | None:
    time = _time(item)
    return None if time is None else time.median_seconds


def _mean_seconds(item: ItemStats) -> Fraction | None:
    time = _time(item)
    return None if time is None else time.mean_seconds


ReliabilitySchema = _schema_of(Reliability, "Reliability")
TestStatsSchema = _schema_of(
    AssessmentStats, "TestStats", skip=("reliability",), reliability=fields.Nested(ReliabilitySchema, required=True)
)
QuestionStatsSchema = _schema_of(
    ItemStats,
    "QuestionStats",
    skip=("version",),
    item_version_id=ComputedInteger(
        _version_id, allow_none=True, metadata={"description": "null: every version in the slot"}
    ),
    label=ComputedString(
        _label, allow_none=True, metadata={"description": "item refs (and version) delivered in the slot"}
    ),
    median_seconds=ComputedFraction(
        _median_seconds, allow_none=True, metadata={"description": "median time to first answer, exact"}
    ),
    mean_seconds=ComputedFraction(_mean_seconds, allow_none=True),
    answered=ComputedInteger(
        _answered, allow_none=True, metadata={"description": "attempts with a time for this question"}
    ),
)
OptionStatsSchema = _schema_of(
    OptionStats,
    "OptionStats",
    skip=("version", "option"),
    item_version_id=ComputedInteger(_version_id, required=True),
    option_id=fields.Integer(attribute="option", allow_none=True, metadata={"description": "null: omitted"}),
)
FlagSchema = ObjectSchema.from_dict(
    {
        "slot": fields.Integer(required=True),
        "item_version_id": ComputedInteger(_version_id, allow_none=True),
        "option_id": fields.Integer(attribute="option", allow_none=True),
        "option_letter": fields.String(
            allow_none=True, metadata={"description": "the option's letter in the authored order (A, B, ...)"}
        ),
        "option_text": fields.String(allow_none=True, metadata={"description": "the option's text, as plain text"}),
        "code": fields.String(required=True),
        "severity": fields.Enum(
            Severity,
            by_value=True,
            required=True,
            metadata={"description": "review_now, worth_a_look or informational (docs/analytics.md, Flags)"},
        ),
        "reason": ComputedString(reason, required=True, metadata={"description": "the rule and its figures in words"}),
        "limit": ExactFraction(allow_none=True, metadata={"description": "the rule's threshold; " + _EXACT}),
        "p_value": fields.Float(
            allow_none=True, metadata={"description": "one-sided p-value where the rule is a test, else null"}
        ),
    },
    name="Flag",
)
DistributionSchema = ObjectSchema.from_dict(  # dumps (total, attempts) pairs
    {
        "total": ComputedFraction(itemgetter(0), required=True),
        "attempts": ComputedInteger(itemgetter(1), required=True),
    },
    name="ScoreCount",
)


class AnalyticsQuerySchema(Schema):
    selection = fields.String(
        load_default=Selection.FIRST.value,
        validate=validate.OneOf([selection.value for selection in Selection]),
        metadata={"description": "which attempts per learner count: first (default), last, best or all"},
    )
    context_id = ExternalId(metadata={"description": "only this cohort"})
    date_from = fields.Date(data_key="from", metadata={"description": "scored on or after this UTC day"})
    date_to = fields.Date(data_key="to", metadata={"description": "scored on or before this UTC day"})
    item_version_id = fields.Integer(
        validate=validate.Range(min=1, max=2**31 - 1),
        metadata={"description": "per-version rows and options of this version only"},
    )

    @validates_schema
    def _range(self, data: dict[str, Any], **_kwargs: Any) -> None:
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError("must not be after 'to'", field_name="from")


def _distribution(found: AnalyticsReport) -> list[tuple[Exact, int]]:
    return sorted(found.tables.totals.items())


class AnalyticsSchema(ObjectSchema):
    """Dumps an AnalyticsReport; its rows' schemas read the report from the dump's context."""

    assessment_id = fields.Integer(required=True, attribute="assessment.id")
    selection = fields.String(required=True, attribute="query.selection")
    context_id = fields.String(allow_none=True, attribute="query.context_id")
    date_from = fields.Date(allow_none=True, data_key="from", attribute="query.date_from")
    date_to = fields.Date(allow_none=True, data_key="to", attribute="query.date_to")
    test = fields.Nested(TestStatsSchema, required=True, attribute="report.assessment")
    distribution = ComputedList(_distribution, fields.Nested(DistributionSchema), required=True)
    questions = fields.List(fields.Nested(QuestionStatsSchema), required=True, attribute="report.slots")
    versions = fields.List(fields.Nested(QuestionStatsSchema), required=True, attribute="report.versions")
    options = fields.List(fields.Nested(OptionStatsSchema), required=True, attribute="report.options")
    flags = fields.List(fields.Nested(FlagSchema), required=True, attribute="report.flags")

    def dump(self, obj: Any, *, many: bool | None = None) -> Any:
        if many or (many is None and self.many):
            return [self.dump(found, many=False) for found in obj]
        with _DUMPING(_Dumping(obj, {time.slot: time for time in obj.times})):
            return super().dump(obj, many=False)
