"""Single choice: two to 26 options, exactly one keyed; the response chooses one, full credit when it is the key.

Authored `spec`: none. Response: `{"option": <option id>}`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from itembank.itemtypes import rules
from itembank.itemtypes.base import FULL, NONE, AnswerKey, AuthoredOption, Problem, ResponseShapeError, ScoreResult
from itembank.itemtypes.names import ItemType

TYPE = ItemType.SINGLE_CHOICE
ONE_OPTION = True
SPEC: dict[str, rules.SpecKey] = {}


def option_problems(options: Sequence[AuthoredOption]) -> list[Problem]:
    return rules.listed_options(TYPE, options) + rules.exactly_one_keyed(TYPE, options)


def spec_problems(spec: Mapping[str, Any]) -> list[Problem]:
    return rules.spec_problems(TYPE, SPEC, spec)


def check(key: AnswerKey, response: Mapping[str, Any]) -> None:
    if set(response) != {"option"}:
        raise ResponseShapeError("a choice response is {'option': <option id>}")
    option = response["option"]
    if isinstance(option, bool) or not isinstance(option, int) or option not in key.option_ids:
        raise ResponseShapeError("'option' must be the id of one of this question's options")


def score(key: AnswerKey, response: Mapping[str, Any]) -> ScoreResult:
    return FULL if response["option"] in key.correct_option_ids else NONE


def chosen_options(response: Mapping[str, Any]) -> frozenset[int]:
    option = response.get("option")
    return frozenset({option}) if isinstance(option, int) and not isinstance(option, bool) else frozenset()


def map_options(response: Mapping[str, Any], option_ids: Mapping[int, int]) -> dict[str, Any]:
    return {**response, "option": option_ids[response["option"]]}
