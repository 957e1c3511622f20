"""Accommodations as integrations set and read them: a learner's extra time and extra attempts, at every
assessment of the tenant or at one."""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from api.exact import ExactFraction
from api.external_ids import ExternalId
from api.schemas import ObjectSchema
from assess.accommodation_rules import multiplier_problem

_MULTIPLIER = r"[0-9]{1,9}(?:/[0-9]{1,9}|\.[0-9]{1,9})?"
_MULTIPLIER_TEXT = re.compile(_MULTIPLIER)


class TimeMultiplier(ExactFraction):
    """A time multiplier, exact: written '3/2' or '2', or as an exact decimal '1.5' (read as 3/2, dumped as '3/2').

    A JSON number is refused, even 2: the field is a string, and a JSON reader may already have rounded a
    number such as 1.1 to the nearest float before anything here sees it. At least 1, at most 10, exact to a
    thousandth (`assess.accommodation_rules.multiplier_problem`).
    """

    def __init__(self, **kwargs: Any) -> None:
        metadata = {"pattern": f"^{_MULTIPLIER}$", "example": "3/2", **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(  # type: ignore[override]
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> Fraction:
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise ValidationError("A time multiplier is a string such as '3/2', '2' or '1.5', not a JSON number.")
        # String's own check (a string at all), not ExactFraction's, which refuses decimals.
        text = fields.String._deserialize(self, value, attr, data, **kwargs)
        if not _MULTIPLIER_TEXT.fullmatch(text):
            raise ValidationError("Not an exact time multiplier such as '3/2', '2' or '1.5'.")
        try:
            multiplier = Fraction(text)
        except ZeroDivisionError:
            raise ValidationError("A time multiplier's denominator is not 0.") from None
        if (problem := multiplier_problem(multiplier)) is not None:
            raise ValidationError(problem)
        return multiplier


def _extra_attempts(description: str) -> fields.Integer:
    return fields.Integer(
        required=True, strict=True, validate=validate.Range(min=0, max=1000), metadata={"description": description}
    )


class AccommodationSchema(ObjectSchema):
    """The request body that sets an accommodation at one assessment, and the response that dumps
    `assess.models.Accommodation`."""

    learner_id = ExternalId(required=True)
    extra_seconds = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=0, max=30 * 24 * 3600),
        metadata={"description": "added to the assessment's time limit; applies to the open attempt at once"},
    )
    extra_attempts = _extra_attempts("beyond max, added to the learner's tenant-wide extra attempts")
    time_multiplier = TimeMultiplier(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "multiplies the assessment's time limit here, replacing the learner's tenant-wide "
            "multiplier: an exact fraction ('3/2', '2', '1.5'), at least 1; null or absent: the tenant-wide one "
            "applies; refused, like extra seconds, on an assessment with no time limit"
        },
    )


class LearnerAccommodationSchema(ObjectSchema):
    """The request body that sets a learner's accommodation at every assessment of the tenant, and the response
    that dumps `assess.models.LearnerAccommodation`."""

    learner_id = ExternalId(required=True)
    time_multiplier = TimeMultiplier(
        required=True,
        metadata={
            "description": "multiplies every time limit (rounded up to a whole second; then an assessment's extra "
            "seconds are added): an exact fraction ('3/2', '2', '1.5'), at least 1; an assessment's own "
            "multiplier replaces it there; applies to the learner's open attempts at once"
        },
    )
    extra_attempts = _extra_attempts("beyond every assessment's max, added to each one's own extra attempts")


class AccommodationQuerySchema(Schema):
    learner_id = ExternalId()
