"""Everything about each item type, one module per type behind `ItemTypeModule`, found through `ITEM_TYPES`.

A type's module holds its authoring rules (options and `spec`), its response shape, its scoring and what its
responses chose; the bank's authoring rules, delivery and analytics ask the registry and never branch on type.
Adding a type means adding its `ItemType` member, a module here and a line in `ITEM_TYPES` (the tests refuse
an `ItemType` without one), plus a migration widening the `item_version.type` CHECK constraint (the tests
compare it with the enum, too).

Pure: nothing here imports SQLAlchemy, Flask, marshmallow or the rest of the bank (an import-linter contract).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from itembank.itemtypes import multiple_response, numeric, short_text, single_choice, true_false
from itembank.itemtypes.base import (
    NONE,
    AnswerKey,
    AuthoredOption,
    ItemTypeModule,
    Problem,
    ResponseShapeError,
    ScoreResult,
)
from itembank.itemtypes.names import ItemType

ITEM_TYPES: dict[ItemType, ItemTypeModule] = {
    ItemType.SINGLE_CHOICE: single_choice,
    ItemType.MULTIPLE_RESPONSE: multiple_response,
    ItemType.TRUE_FALSE: true_false,
    ItemType.NUMERIC: numeric,
    ItemType.SHORT_TEXT: short_text,
}

ONE_OPTION_TYPES: frozenset[ItemType] = frozenset(item_type for item_type, it in ITEM_TYPES.items() if it.ONE_OPTION)
"""Types whose response chooses exactly one option: delivery's one-statement save and distractor analysis."""


def one_option_answer(response: Mapping[str, Any]) -> int | None:
    """The option id of a response shaped as every ONE_OPTION type's answer (`{"option": <id>}`), else None.

    Delivery writes such an answer with its option checked inside the UPDATE, before it knows the type.
    """
    if len(response) != 1:
        return None
    (option,) = single_choice.chosen_options(response) or (None,)
    return option


def item_type_module(item_type: str) -> ItemTypeModule:
    """The module of a stored type name; an unknown name (a type removed from the code) is a refused response."""
    try:
        return ITEM_TYPES[ItemType(item_type)]
    except (KeyError, ValueError):
        raise ResponseShapeError(f"no item type {item_type!r}") from None


def check_response(key: AnswerKey, response: Mapping[str, Any]) -> None:
    item_type_module(key.type).check(key, response)


def score_response(key: AnswerKey, response: Mapping[str, Any] | None) -> ScoreResult:
    """An unanswered question scores zero; an answered one is checked, then scored by its type's module."""
    if response is None:
        return NONE
    module = item_type_module(key.type)
    module.check(key, response)
    return module.score(key, response)


__all__ = [
    "ITEM_TYPES",
    "ONE_OPTION_TYPES",
    "AnswerKey",
    "AuthoredOption",
    "ItemType",
    "ItemTypeModule",
    "Problem",
    "ResponseShapeError",
    "ScoreResult",
    "check_response",
    "item_type_module",
    "one_option_answer",
    "score_response",
]
