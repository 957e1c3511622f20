"""Multiple response: choose every correct option. Partial credit by default, all-or-nothing on request.

Partial credit follows the common "right minus wrong" rule: each keyed option chosen earns 1/k of the
points (k = number of keyed options) and each wrong option chosen takes 1/k away, floored at zero, so
credit stays in [0, 1], only the exact key earns full credit, and choosing every option earns
(2k - n)/k of it (n options) at most: never more than the key, and less whenever an option is unkeyed.

Authored: two to 26 options, at least one keyed (all may be); `spec.scoring` (optional, per item) is
"partial" (the default) or "all_or_nothing", which gives credit only for the exact keyed set.
Response: `{"options": [<option id>, ...]}`, distinct ids of the question's options, possibly none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from itembank.itemtypes import rules
from itembank.itemtypes.base import FULL, NONE, AnswerKey, AuthoredOption, Problem, ResponseShapeError, ScoreResult
from itembank.itemtypes.names import ItemType

TYPE = ItemType.MULTIPLE_RESPONSE
ONE_OPTION = False
RULES = ("partial", "all_or_nothing")
SPEC = {"scoring": rules.SpecKey(rules.one_of(*RULES))}


def option_problems(options: Sequence[AuthoredOption]) -> list[Problem]:
    problems = rules.listed_options(TYPE, options)
    if not any(option.correct for option in options):
        problems.append(Problem("options", f"a {TYPE.label} item needs at least one correct option; this one has 0"))
    return problems


def spec_problems(spec: Mapping[str, Any]) -> list[Problem]:
    return rules.spec_problems(TYPE, SPEC, spec)


def check(key: AnswerKey, response: Mapping[str, Any]) -> None:
    if set(response) != {"options"} or not isinstance(response["options"], list):
        raise ResponseShapeError("a multiple-response response is {'options': [<option id>, ...]}")
    chosen = response["options"]
    if any(isinstance(option, bool) or not isinstance(option, int) for option in chosen):
        raise ResponseShapeError("'options' must hold option ids")
    if len(set(chosen)) != len(chosen) or not set(chosen) <= key.option_ids:
        raise ResponseShapeError("'options' must be distinct ids of this question's options")


def score(key: AnswerKey, response: Mapping[str, Any]) -> ScoreResult:
    chosen = frozenset(response["options"])
    if key.spec.get("scoring", "partial") == "all_or_nothing":
        return FULL if chosen == key.correct_option_ids else NONE
    keyed = len(key.correct_option_ids)
    right = len(chosen & key.correct_option_ids)
    wrong = len(chosen - key.correct_option_ids)
    return ScoreResult(max(Fraction(0), Fraction(right - wrong, keyed)))


def chosen_options(response: Mapping[str, Any]) -> frozenset[int]:
    options = response.get("options")
    if not isinstance(options, list):
        return frozenset()
    return frozenset(option for option in options if isinstance(option, int) and not isinstance(option, bool))


def map_options(response: Mapping[str, Any], option_ids: Mapping[int, int]) -> dict[str, Any]:
    return {**response, "options": [option_ids[option] for option in response["options"]]}
