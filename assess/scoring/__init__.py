"""How each item type is scored: one module per type, all behind `Scorer`, found through `SCORERS`.

Adding a type means adding a module and a line here; delivery calls `score_response` and never branches on type.
"""

from __future__ import annotations

from typing import Any

from assess.scoring.base import NONE, AnswerKey, ResponseShapeError, Scorer, ScoreResult
from assess.scoring.choice import SingleChoiceScorer
from assess.scoring.multiple_response import MultipleResponseScorer
from assess.scoring.numeric import NumericScorer
from assess.scoring.short_text import ShortTextScorer

SCORERS: dict[str, Scorer] = {
    "single_choice": SingleChoiceScorer(),
    "true_false": SingleChoiceScorer(),
    "multiple_response": MultipleResponseScorer(),
    "numeric": NumericScorer(),
    "short_text": ShortTextScorer(),
}


def scorer_for(item_type: str) -> Scorer:
    try:
        return SCORERS[item_type]
    except KeyError:
        raise ResponseShapeError(f"no scorer for item type {item_type!r}") from None


def check_response(key: AnswerKey, response: dict[str, Any]) -> None:
    scorer_for(key.type).check(key, response)


def score_response(key: AnswerKey, response: dict[str, Any] | None) -> ScoreResult:
    """An unanswered question scores zero; an answered one is checked, then scored by its type's scorer."""
    if response is None:
        return NONE
    scorer = scorer_for(key.type)
    scorer.check(key, response)
    return scorer.score(key, response)


__all__ = ["SCORERS", "AnswerKey", "ResponseShapeError", "ScoreResult", "Scorer", "check_response", "score_response"]
