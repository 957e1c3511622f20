"""Short text: the response matches one accepted answer after normalising case and white space."""

from __future__ import annotations

import unicodedata
from typing import Any

from assess.scoring.base import FULL, NONE, AnswerKey, ResponseShapeError, ScoreResult

MAX_LENGTH = 500


def normalise(text: str, *, case_sensitive: bool) -> str:
    """NFC and folded white space, so 'Café' typed two ways and stray spaces still match."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    return text if case_sensitive else text.casefold()


class ShortTextScorer:
    def check(self, key: AnswerKey, response: dict[str, Any]) -> None:
        if set(response) != {"text"} or not isinstance(response["text"], str) or len(response["text"]) > MAX_LENGTH:
            raise ResponseShapeError(f"a short-text response is {{'text': '<at most {MAX_LENGTH} characters>'}}")

    def score(self, key: AnswerKey, response: dict[str, Any]) -> ScoreResult:
        case_sensitive = bool(key.spec.get("case_sensitive", False))
        given = normalise(response["text"], case_sensitive=case_sensitive)
        accepted = {normalise(text, case_sensitive=case_sensitive) for text in key.spec.get("accepted", [])}
        return FULL if given in accepted else NONE
