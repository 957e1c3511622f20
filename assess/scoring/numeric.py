"""Numeric: the answer within an absolute tolerance, compared in exact decimals (0.1 + 0.2 is 0.3 here)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from assess.scoring.base import FULL, NONE, AnswerKey, ResponseShapeError, ScoreResult

MAX_DIGITS = 40


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, str | int) or len(str(value)) > MAX_DIGITS:
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


class NumericScorer:
    def check(self, key: AnswerKey, response: dict[str, Any]) -> None:
        if set(response) != {"value"} or _decimal(response["value"]) is None:
            raise ResponseShapeError("a numeric response is {'value': '<decimal number as a string>'}")

    def score(self, key: AnswerKey, response: dict[str, Any]) -> ScoreResult:
        answer = Decimal(str(key.spec["answer"]))
        tolerance = Decimal(str(key.spec.get("tolerance", "0")))
        value = _decimal(response["value"])
        return FULL if value is not None and abs(value - answer) <= tolerance else NONE
