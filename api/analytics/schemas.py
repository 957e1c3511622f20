"""The analytics report as JSON: exact fractions as strings ('3/5'), square-root figures as numbers.

Schemas are derived from the statistics dataclasses, so a statistic added in `assess.stats` appears in the
API and its OpenAPI document without a second list to keep in step.
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from api.attempts.schemas import EXTERNAL_ID
from api.exact import exact
from assess.analytics.reading import AnalyticsReport
from assess.analytics.store import Selection
from assess.stats import AssessmentStats, Flag, ItemStats, OptionStats, Reliability

_EXACT = "exact fraction, e.g. '3/5'; null where undefined"


def _field(annotation: str) -> fields.Field:
    if "Fraction" in annotation:
        return fields.String(allow_none=True, metadata={"description": _EXACT})
    if "float" in annotation:
        return fields.Float(allow_none=True)
    if "bool" in annotation:
        return fields.Boolean(allow_none=True)
    if annotation.startswith("int") and "str" not in annotation:
        return fields.Integer(allow_none=True)
    return fields.Raw(allow_none=True, metadata={"description": "an id or a name"})


def _schema_of(cls: type, name: str, skip: tuple[str, ...] = (), **extra: fields.Field) -> type[Schema]:
    declared = {f.name: _field(str(f.type)) for f in dataclasses.fields(cls) if f.name not in skip}
    return Schema.from_dict({**declared, **extra}, name=name)


def plain(value: Any) -> Any:
    """Fractions to exact strings, dataclasses to dicts, the rest as it is."""
    if isinstance(value, Fraction):
        return exact(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    return value


ReliabilitySchema = _schema_of(Reliability, "Reliability")
TestStatsSchema = _schema_of(
    AssessmentStats, "TestStats", skip=("reliability",), reliability=fields.Nested(ReliabilitySchema, required=True)
)
QuestionStatsSchema = _schema_of(
    ItemStats,
    "QuestionStats",
    skip=("version",),
    item_version_id=fields.Integer(allow_none=True, metadata={"description": "null: every version in the slot"}),
    label=fields.String(allow_none=True, metadata={"description": "item refs (and version) delivered in the slot"}),
    median_seconds=fields.String(allow_none=True, metadata={"description": "median time to first answer, exact"}),
    mean_seconds=fields.String(allow_none=True),
    answered=fields.Integer(allow_none=True, metadata={"description": "attempts with a time for this question"}),
)
OptionStatsSchema = _schema_of(
    OptionStats,
    "OptionStats",
    skip=("version", "option"),
    item_version_id=fields.Integer(required=True),
    option_id=fields.Integer(allow_none=True, metadata={"description": "null: omitted"}),
)
FlagSchema = Schema.from_dict(
    {
        "slot": fields.Integer(required=True),
        "item_version_id": fields.Integer(allow_none=True),
        "option_id": fields.Integer(allow_none=True),
        "code": fields.String(required=True),
        "reason": fields.String(required=True),
    },
    name="Flag",
)
DistributionSchema = Schema.from_dict(
    {"total": fields.String(required=True), "attempts": fields.Integer(required=True)}, name="ScoreCount"
)


class AnalyticsQuerySchema(Schema):
    selection = fields.String(
        load_default=Selection.FIRST.value,
        validate=validate.OneOf([selection.value for selection in Selection]),
        metadata={"description": "which attempts per learner count: first (default), last, best or all"},
    )
    context_id = fields.String(validate=EXTERNAL_ID, metadata={"description": "only this cohort"})
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


class AnalyticsSchema(Schema):
    assessment_id = fields.Integer(required=True)
    selection = fields.String(required=True)
    context_id = fields.String(allow_none=True)
    date_from = fields.Date(allow_none=True, data_key="from")
    date_to = fields.Date(allow_none=True, data_key="to")
    test = fields.Nested(TestStatsSchema, required=True)
    distribution = fields.List(fields.Nested(DistributionSchema), required=True)
    questions = fields.List(fields.Nested(QuestionStatsSchema), required=True)
    versions = fields.List(fields.Nested(QuestionStatsSchema), required=True)
    options = fields.List(fields.Nested(OptionStatsSchema), required=True)
    flags = fields.List(fields.Nested(FlagSchema), required=True)


def _version_id(version: str | None) -> int | None:
    return None if version is None else int(version)


def _item(item: ItemStats, found: AnalyticsReport, times: dict[int, Any]) -> dict[str, Any]:
    row = plain(item)
    row.pop("version")
    row["item_version_id"] = _version_id(item.version)
    row["label"] = found.labels.get(item.slot) if item.version is None else found.version_labels.get(item.version)
    time = times.get(item.slot) if item.version is None else None
    row["answered"] = None if time is None else time.answered
    row["median_seconds"] = None if time is None else plain(time.median_seconds)
    row["mean_seconds"] = None if time is None else plain(time.mean_seconds)
    return row


def _option(option: OptionStats) -> dict[str, Any]:
    row = plain(option)
    row.pop("version")
    row.pop("option")
    row["item_version_id"] = int(option.version)
    row["option_id"] = option.option
    return row


def _flag(flag: Flag) -> dict[str, Any]:
    return {
        "slot": flag.slot,
        "item_version_id": _version_id(flag.version),
        "option_id": flag.option,
        "code": flag.code,
        "reason": flag.reason,
    }


def analytics_payload(found: AnalyticsReport) -> dict[str, Any]:
    report, query = found.report, found.query
    times = {time.slot: time for time in found.times}
    return {
        "assessment_id": found.assessment.id,
        "selection": query.selection.value,
        "context_id": query.context_id,
        "date_from": query.date_from,
        "date_to": query.date_to,
        "test": plain(report.assessment),
        "distribution": [
            {"total": exact(total), "attempts": count} for total, count in sorted(found.tables.totals.items())
        ],
        "questions": [_item(item, found, times) for item in report.slots],
        "versions": [_item(item, found, times) for item in report.versions],
        "options": [_option(option) for option in report.options],
        "flags": [_flag(flag) for flag in report.flags],
    }
