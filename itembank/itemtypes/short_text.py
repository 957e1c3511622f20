"""Short text: the response matches one accepted answer after normalising case and white space.

Authored: no options; `spec.accepted` (required) is a non-empty list of non-empty texts, `spec.case_sensitive`
(optional, default false) a boolean. Response: `{"text": "<at most 500 characters>"}`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from itembank.itemtypes import rules
from itembank.itemtypes.base import FULL, NONE, AnswerKey, AuthoredOption, Problem, ResponseShapeError, ScoreResult
from itembank.itemtypes.names import ItemType

TYPE = ItemType.SHORT_TEXT
ONE_OPTION = False
MAX_LENGTH = 500
SPEC = {
    "accepted": rules.SpecKey(rules.non_empty_texts, required=True),
    "case_sensitive": rules.SpecKey(rules.boolean),
}


def normalise(text: str, *, case_sensitive: bool) -> str:
    """NFC and folded white space, so 'Café' typed two ways and stray spaces still match."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    return text if case_sensitive else text.casefold()


def option_problems(options: Sequence[AuthoredOption]) -> list[Problem]:
    return rules.no_options(TYPE, options)


def spec_problems(spec: Mapping[str, Any]) -> list[Problem]:
    return rules.spec_problems(TYPE, SPEC, spec)


def check(key: AnswerKey, response: Mapping[str, Any]) -> None:
    if set(response) != {"text"} or not isinstance(response["text"], str) or len(response["text"]) > MAX_LENGTH:
        raise ResponseShapeError(f"a short-text response is {{'text': '<at most {MAX_LENGTH} characters>'}}")


def score(key: AnswerKey, response: Mapping[str, Any]) -> ScoreResult:
    case_sensitive = bool(key.spec.get("case_sensitive", False))
    given = normalise(response["text"], case_sensitive=case_sensitive)
    accepted = {normalise(text, case_sensitive=case_sensitive) for text in key.spec.get("accepted", [])}
    return FULL if given in accepted else NONE


def chosen_options(response: Mapping[str, Any]) -> frozenset[int]:
    return frozenset()


def map_options(response: Mapping[str, Any], option_ids: Mapping[int, int]) -> dict[str, Any]:
    return dict(response)  # no options: the answer carries over as it is
