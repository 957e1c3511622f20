"""Short text: the response matches one accepted answer once both are normalised by the item's own rules.

Authored: no options; `spec.accepted` (required) is a non-empty list of non-empty texts of at most 500
characters, distinct once normalised (a repeat would be a typo or a rule the author did not mean). Three
optional rules, stated per item, say what "the same answer" means:

- `case_sensitive` (default false): otherwise both sides are case-folded (Unicode full folding: "STRASSE"
  matches "straße");
- `whitespace` (default "collapse"): "collapse" trims the ends and folds every run of white space to one
  space, "trim" only trims the ends, "remove" drops all white space ("H 2 O" matches "H2O"), "exact" keeps it;
- `normalization` (default "NFC"): "NFC" equates the two ways of writing an accented letter ("é" composed or
  as "e" + U+0301), "NFKC" also equates compatibility forms (full-width digits U+FF11 U+FF12 and "12", the
  ligature U+FB01 and "fi"), "none" compares the code points as typed.

The defaults are what every item did before these keys existed, so existing specs keep their meaning.
Accepted answers are plain text, never HTML. Response: `{"text": "<at most 500 characters>"}`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from itembank.itemtypes import rules
from itembank.itemtypes.base import FULL, NONE, AnswerKey, AuthoredOption, Problem, ResponseShapeError, ScoreResult
from itembank.itemtypes.names import ItemType

TYPE = ItemType.SHORT_TEXT
ONE_OPTION = False
MAX_LENGTH = 500
WHITESPACE = ("collapse", "trim", "remove", "exact")
NORMALIZATION = ("NFC", "NFKC", "none")
SPEC = {
    "accepted": rules.SpecKey(rules.non_empty_texts, required=True),
    "case_sensitive": rules.SpecKey(rules.boolean),
    "whitespace": rules.SpecKey(rules.one_of(*WHITESPACE)),
    "normalization": rules.SpecKey(rules.one_of(*NORMALIZATION)),
}


def normalise(
    text: str,
    *,
    case_sensitive: bool = False,
    whitespace: str = "collapse",
    normalization: str = "NFC",
) -> str:
    """The text as the item's rules compare it: Unicode form first (NFKC may turn a character into spaces),
    then white space, then case, and the form again, since folding can leave a text unnormalised."""
    form: Literal["NFC", "NFKC"] | None = (
        "NFKC" if normalization == "NFKC" else "NFC" if normalization == "NFC" else None
    )
    if form is not None:
        text = unicodedata.normalize(form, text)
    if whitespace == "collapse":
        text = " ".join(text.split())
    elif whitespace == "trim":
        text = text.strip()
    elif whitespace == "remove":
        text = "".join(text.split())
    if not case_sensitive:
        text = text.casefold()
        if form is not None:
            text = unicodedata.normalize(form, text)
    return text


def _rules(spec: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "case_sensitive": bool(spec.get("case_sensitive", False)),
        "whitespace": spec.get("whitespace", "collapse"),
        "normalization": spec.get("normalization", "NFC"),
    }


def option_problems(options: Sequence[AuthoredOption]) -> list[Problem]:
    return rules.no_options(TYPE, options)


def spec_problems(spec: Mapping[str, Any]) -> list[Problem]:
    problems = rules.spec_problems(TYPE, SPEC, spec)
    if problems:
        return problems
    seen: dict[str, int] = {}
    for index, text in enumerate(spec["accepted"]):
        if len(text) > MAX_LENGTH:
            problems.append(
                Problem(
                    "spec.accepted",
                    f"`spec.accepted` item {index} has {len(text)} characters; a learner can "
                    f"type at most {MAX_LENGTH}, so it could never match",
                )
            )
            continue
        normalised = normalise(text, **_rules(spec))
        if not normalised:
            problems.append(
                Problem("spec.accepted", f"`spec.accepted` item {index} ({text!r}) is empty under this item's rules")
            )
        elif normalised in seen:
            problems.append(
                Problem(
                    "spec.accepted",
                    f"`spec.accepted` item {index} ({text!r}) is the same as item "
                    f"{seen[normalised]} under this item's rules; each accepted answer differs",
                )
            )
        else:
            seen[normalised] = index
    return problems


def check(key: AnswerKey, response: Mapping[str, Any]) -> None:
    if set(response) != {"text"} or not isinstance(response["text"], str) or len(response["text"]) > MAX_LENGTH:
        raise ResponseShapeError(f"a short-text response is {{'text': '<at most {MAX_LENGTH} characters>'}}")


def score(key: AnswerKey, response: Mapping[str, Any]) -> ScoreResult:
    compare = _rules(key.spec)
    given = normalise(response["text"], **compare)
    accepted = {normalise(text, **compare) for text in key.spec.get("accepted", [])}
    return FULL if given in accepted else NONE


def chosen_options(response: Mapping[str, Any]) -> frozenset[int]:
    return frozenset()


def map_options(response: Mapping[str, Any], option_ids: Mapping[int, int]) -> dict[str, Any]:
    return dict(response)  # no options: the answer carries over as it is
