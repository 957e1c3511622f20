"""What every resource's response schemas share: they dump the domain object a view returns, strictly.

marshmallow validates nothing on dump and leaves out any field it cannot find on the object, so a misspelt
`attribute`, or an object of the wrong kind, would ship a body without the key and nothing would notice.
`ObjectSchema` raises instead. A value the object does not hold as one attribute is a `Computed*` field: the
field's own type (so its OpenAPI document is what it always was), its value a function of the whole object.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, ClassVar

from marshmallow import Schema, ValidationError, fields, missing

from api.exact import ExactFraction


class ObjectSchema(Schema):
    """A schema whose dump reads every field from the object; only the names in `OPTIONAL` may be absent."""

    OPTIONAL: ClassVar[frozenset[str]] = frozenset()

    def get_attribute(self, obj: Any, attr: str, default: Any) -> Any:
        value = super().get_attribute(obj, attr, default)
        if value is missing and attr not in self.OPTIONAL:
            raise AttributeError(f"{type(self).__name__} dumps {attr!r}, which {type(obj).__name__} does not have")
        return value


class Computed(fields.Field):
    """Mixed in before a field class: the value is `compute(obj)`, then formatted by that field class."""

    def __init__(self, compute: Callable[[Any], Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.compute = compute

    def get_value(self, obj: Any, attr: str, accessor: Any = None, default: Any = missing) -> Any:
        return self.compute(obj)


class ComputedBoolean(Computed, fields.Boolean):
    pass


class ComputedInteger(Computed, fields.Integer):
    pass


class ComputedString(Computed, fields.String):
    pass


class ComputedFraction(Computed, ExactFraction):
    pass


class ComputedList(Computed, fields.List):
    pass


class ComputedNested(Computed, fields.Nested):
    """The nested schema dumps what `compute` returns (often the object itself); None is null."""


class UtcDateTime(fields.AwareDateTime):
    """An ISO 8601 time with its offset, read as UTC: a time the UTC calendar cannot hold (year 1 at +14:00) is a
    field error, not an overflow deep in a query."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        moment = super()._deserialize(value, attr, data, **kwargs)
        try:
            return moment.astimezone(UTC)
        except OverflowError:
            raise ValidationError("is outside the range of UTC times") from None


class StrictBoolean(fields.Boolean):
    """A JSON true or false, and nothing else: marshmallow's Boolean also takes 1, "yes" and "on" (and 1 == True
    in Python, so `truthy={True}` would not keep 1 out)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value
