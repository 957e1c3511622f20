"""How exact numbers leave the API: '4/5', '12', never a rounded float, so clients can redo the arithmetic."""

from __future__ import annotations

import re
from fractions import Fraction
from numbers import Rational
from typing import Any

from marshmallow import ValidationError, fields

_WRITTEN = re.compile(r"-?[0-9]+(?:/[0-9]+)?")


def exact(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


class ExactFraction(fields.String):
    """An exact number (a Fraction or an int) as a string fraction: '3/5', '12', '-1/3'; None stays null.

    It is a string in the OpenAPI document (apispec maps it as its `String` base), each use describing
    what the fraction is of. Anything else, a float above all, is refused rather than printed approximately.
    """

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, Rational):
            raise TypeError(f"{attr}: an exact fraction is a Fraction or an int, not {type(value).__name__}")
        return exact(Fraction(value))

    # A String on the wire (so apispec documents a string, and String's own checks run first) that loads as a
    # Fraction: marshmallow types String as Field[str], which cannot say that, hence the override ignore.
    def _deserialize(  # type: ignore[override]
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> Fraction:
        """Reads back what `_serialize` writes, and nothing looser: '3/5' or '12', never '0.6'."""
        text = super()._deserialize(value, attr, data, **kwargs)
        if _WRITTEN.fullmatch(text):
            try:
                return Fraction(text)
            except ZeroDivisionError:
                pass
        raise ValidationError("Not an exact fraction such as '3/5' or '12'.")
