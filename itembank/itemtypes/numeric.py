"""Numeric: the answer within an absolute tolerance, compared in exact decimals (0.1 + 0.2 is 0.3 here).

Authored: no options; `spec.answer` (required) and `spec.tolerance` (optional, default 0, not negative) are
finite decimals of at most 40 characters, written as numbers or strings. Response: `{"value": "<decimal>"}`.

The bounds answer - tolerance and answer + tolerance are computed once, exactly (a spec whose bounds would
need rounding is refused), and the response is only compared with them: comparison of decimals is exact at
any size, so a response with 35 digits is judged exactly and a huge one cannot overflow the arithmetic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal, Inexact, InvalidOperation, Overflow
from typing import Any

from itembank.itemtypes import rules
from itembank.itemtypes.base import FULL, NONE, AnswerKey, AuthoredOption, Problem, ResponseShapeError, ScoreResult
from itembank.itemtypes.names import ItemType

TYPE = ItemType.NUMERIC
ONE_OPTION = False
MAX_DIGITS = rules.MAX_DIGITS
BOUNDS_PRECISION = 100
"""Digits the bounds may need: enough for any answer and tolerance of sane scales, refused beyond."""
SPEC = {
    "answer": rules.SpecKey(rules.finite_decimal(), required=True),
    "tolerance": rules.SpecKey(rules.finite_decimal(minimum=Decimal(0))),
}

_TOO_FAR_APART = f"is too far in scale from `spec.answer` to add to it exactly in {BOUNDS_PRECISION} digits"
_EXACT = Context(prec=BOUNDS_PRECISION, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[Inexact, Overflow, InvalidOperation])


def option_problems(options: Sequence[AuthoredOption]) -> list[Problem]:
    return rules.no_options(TYPE, options)


def spec_problems(spec: Mapping[str, Any]) -> list[Problem]:
    problems = rules.spec_problems(TYPE, SPEC, spec)
    if not problems:
        try:
            bounds(spec)
        except (Inexact, Overflow):
            problems.append(Problem("spec.tolerance", f"`spec.tolerance` {_TOO_FAR_APART}"))
    return problems


def bounds(spec: Mapping[str, Any]) -> tuple[Decimal, Decimal]:
    """The closed interval of accepted values, exact; raises on a spec `spec_problems` would refuse."""
    answer = rules.spec_decimal(spec["answer"])
    tolerance = rules.spec_decimal(spec.get("tolerance", 0))
    if answer is None or tolerance is None or tolerance < 0:
        raise ValueError(f"a {TYPE} spec needs a finite `answer` and a non-negative `tolerance`, not {dict(spec)!r}")
    return _EXACT.subtract(answer, tolerance), _EXACT.add(answer, tolerance)


def _decimal(value: Any) -> Decimal | None:
    """A response's number: as a spec's, but never a float, whose binary value is not what the learner typed."""
    return None if isinstance(value, float) else rules.spec_decimal(value)


def check(key: AnswerKey, response: Mapping[str, Any]) -> None:
    if set(response) != {"value"} or _decimal(response["value"]) is None:
        raise ResponseShapeError("a numeric response is {'value': '<decimal number as a string>'}")


def score(key: AnswerKey, response: Mapping[str, Any]) -> ScoreResult:
    low, high = bounds(key.spec)
    value = _decimal(response["value"])
    return FULL if value is not None and low <= value <= high else NONE


def chosen_options(response: Mapping[str, Any]) -> frozenset[int]:
    return frozenset()


def map_options(response: Mapping[str, Any], option_ids: Mapping[int, int]) -> dict[str, Any]:
    return dict(response)  # no options: the answer carries over as it is
