"""Multiple response: choose every correct option. Partial credit by default, all-or-nothing on request.

Partial credit follows the common "right minus wrong" rule: each keyed option chosen earns 1/k of the
points (k = number of keyed options) and each wrong option chosen takes 1/k away, floored at zero, so
choosing every option never beats knowing the answer. `spec: {"scoring": "all_or_nothing"}` gives credit only
for the exact keyed set.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from assess.scoring.base import FULL, NONE, AnswerKey, ResponseShapeError, ScoreResult

RULES = ("partial", "all_or_nothing")


class MultipleResponseScorer:
    def check(self, key: AnswerKey, response: dict[str, Any]) -> None:
        if set(response) != {"options"} or not isinstance(response["options"], list):
            raise ResponseShapeError("a multiple-response response is {'options': [<option id>, ...]}")
        chosen = response["options"]
        if any(isinstance(option, bool) or not isinstance(option, int) for option in chosen):
            raise ResponseShapeError("'options' must hold option ids")
        if len(set(chosen)) != len(chosen) or not set(chosen) <= key.option_ids:
            raise ResponseShapeError("'options' must be distinct ids of this question's options")

    def score(self, key: AnswerKey, response: dict[str, Any]) -> ScoreResult:
        chosen = frozenset(response["options"])
        if key.spec.get("scoring", "partial") == "all_or_nothing":
            return FULL if chosen == key.correct_option_ids else NONE
        keyed = len(key.correct_option_ids)
        right = len(chosen & key.correct_option_ids)
        wrong = len(chosen - key.correct_option_ids)
        return ScoreResult(max(Fraction(0), Fraction(right - wrong, keyed)))
