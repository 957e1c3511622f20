"""Single choice and true/false: one option chosen, full credit when it is the keyed one."""

from __future__ import annotations

from typing import Any

from assess.scoring.base import FULL, NONE, AnswerKey, ResponseShapeError, ScoreResult


class SingleChoiceScorer:
    def check(self, key: AnswerKey, response: dict[str, Any]) -> None:
        if set(response) != {"option"}:
            raise ResponseShapeError("a choice response is {'option': <option id>}")
        option = response["option"]
        if isinstance(option, bool) or not isinstance(option, int) or option not in key.option_ids:
            raise ResponseShapeError("'option' must be the id of one of this question's options")

    def score(self, key: AnswerKey, response: dict[str, Any]) -> ScoreResult:
        return FULL if response["option"] in key.correct_option_ids else NONE
