"""Column helpers shared by the models, so every table spells ids, timestamps and enum checks alike."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from fractions import Fraction
from typing import Any

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from itembank.db import UTCDateTime, utcnow


def created_at() -> Mapped[datetime]:
    return mapped_column(UTCDateTime(), default=utcnow, nullable=False)


def enum_column(enum: type[StrEnum], **kwargs: Any) -> Mapped[str]:
    """A short VARCHAR holding an enum's value: portable, readable in SQL, and cheap to extend in a migration."""
    return mapped_column(String(24), nullable=False, **kwargs)


def enum_check(column: str, enum: type[StrEnum]) -> CheckConstraint:
    values = ", ".join(f"'{member.value}'" for member in enum)
    return CheckConstraint(f"{column} IN ({values})", name=f"{column}_valid")


def fraction_property(numerator: str, denominator: str, doc: str) -> property:
    """An exact Fraction stored as two integer columns: no float or decimal rounding ever reaches a score."""

    def get(self: object) -> Fraction | None:
        num, den = getattr(self, numerator), getattr(self, denominator)
        return None if num is None or den is None else Fraction(num, den)

    def set_(self: object, value: Fraction | None) -> None:
        setattr(self, numerator, None if value is None else value.numerator)
        setattr(self, denominator, None if value is None else value.denominator)

    return property(get, set_, doc=doc)
