"""The one interface every item type's scorer implements, and the plain data it works on.

Scorers are pure: they read an answer key and a response and return a result. They never query or write,
so each type is tested exhaustively without a database, and delivery never needs to know the type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Protocol


class ResponseShapeError(ValueError):
    """The response does not fit the item type (a number for a choice item, an unknown option ...)."""


@dataclass(frozen=True)
class AnswerKey:
    """What a scorer needs of an item version: option ids with their correctness, and type-specific settings."""

    type: str
    correct_option_ids: frozenset[int] = frozenset()
    option_ids: frozenset[int] = frozenset()
    spec: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ScoreResult:
    """Credit is an exact fraction of the item's points in [0, 1]; `correct` means full credit."""

    credit: Fraction

    def __post_init__(self) -> None:
        if not Fraction(0) <= self.credit <= Fraction(1):
            raise ValueError(f"credit {self.credit} is outside [0, 1]")

    @property
    def correct(self) -> bool:
        return self.credit == 1


FULL = ScoreResult(Fraction(1))
NONE = ScoreResult(Fraction(0))


class Scorer(Protocol):
    def check(self, key: AnswerKey, response: dict[str, Any]) -> None:
        """Raise ResponseShapeError when `response` cannot be an answer to this item."""

    def score(self, key: AnswerKey, response: dict[str, Any]) -> ScoreResult:
        """Score a response that passed `check`."""
