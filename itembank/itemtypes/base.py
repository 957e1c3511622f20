"""The one contract every item type implements, and the plain data it works on.

An item type is a module satisfying `ItemTypeModule`: it says what an author must write (options, `spec`),
what a learner's response must look like, how it scores, and which options it chose. Every function is pure:
it reads plain values and returns problems or a result, never queries or writes, so each type is tested
exhaustively without a database, and the bank, delivery and analytics never branch on type.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Protocol, runtime_checkable

from itembank.itemtypes.names import ItemType


class ResponseShapeError(ValueError):
    """The response does not fit the item type (a number for a choice item, an unknown option ...)."""


@dataclass(frozen=True)
class Problem:
    """One broken authoring rule: the dotted field path (`options.1.text`, `spec.answer`) and what is wrong."""

    field: str
    message: str


class AuthoredOption(Protocol):
    """What the option rules read of an authored option (`itembank.drafts.OptionDraft` is one)."""

    @property
    def text(self) -> str: ...

    @property
    def correct(self) -> bool: ...


@dataclass(frozen=True)
class AnswerKey:
    """What scoring needs of an item version: option ids with their correctness, and the type's `spec`."""

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


@runtime_checkable
class ItemTypeModule(Protocol):
    """Everything the rest of the code may know about one item type; each type's module implements it."""

    TYPE: ItemType
    """The type this module is registered under (it names the type in its messages)."""

    ONE_OPTION: bool
    """A response chooses exactly one of the item's options: delivery checks such a save inside its UPDATE,
    and analytics counts which option was chosen (distractor analysis)."""

    def option_problems(self, options: Sequence[AuthoredOption]) -> list[Problem]:
        """What is wrong with the authored options: how many, their texts, how many keyed. Empty when fit."""
        ...

    def spec_problems(self, spec: Mapping[str, Any]) -> list[Problem]:
        """What is wrong with the authored `spec`: a missing or unknown key, a value of the wrong kind."""
        ...

    def check(self, key: AnswerKey, response: Mapping[str, Any]) -> None:
        """Raise ResponseShapeError when `response` cannot be an answer to this item."""
        ...

    def score(self, key: AnswerKey, response: Mapping[str, Any]) -> ScoreResult:
        """Score a response that passed `check`, against a key whose spec passed `spec_problems`."""
        ...

    def chosen_options(self, response: Mapping[str, Any]) -> frozenset[int]:
        """The option ids a stored response chose (none for types without options), for analytics."""
        ...

    def map_options(self, response: Mapping[str, Any], option_ids: Mapping[int, int]) -> dict[str, Any]:
        """The same answer on another version of the item: each option id `old` replaced by `option_ids[old]`
        (a regrade moves finished attempts to a corrected version, whose options have ids of their own). A type
        without options returns the response as it is."""
        ...
