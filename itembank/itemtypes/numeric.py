"""Numeric: the answer within a tolerance, or within a range, compared in exact decimals (0.1 + 0.2 is 0.3 here).

Authored: no options, and a `spec` of one of three forms, every number a finite decimal of at most 40
characters, written as a number or a string:

- `answer` with `tolerance` (absolute, default 0, not negative): accepts [answer - tolerance, answer + tolerance];
- `answer` with `relative_tolerance` (a fraction of the answer's size, at least 0 and below 1: 0.05 is 5%):
  accepts [answer - |answer| * r, answer + |answer| * r]; refused for an answer of 0, which it would shrink
  to 0 alone (an absolute tolerance says what is meant there);
- `range: [low, high]` with low at most high: accepts [low, high].

Every bound is inclusive. Response: `{"value": "<decimal>"}` (a string or an integer, never a float).

The bounds are computed once, exactly (a spec whose bounds would need rounding is refused), and the response
is only compared with them: comparison of decimals is exact at any size, so a response with 35 digits is
judged exactly and a huge one cannot overflow the arithmetic.
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


def _range(value: Any) -> str | None:
    if not isinstance(value, list | tuple) or len(value) != 2:
        return f"must be [low, high], two numbers, not {value!r}"
    for index, end in enumerate(value):
        if (wrong := rules.finite_decimal()(end)) is not None:
            return f"item {index} {wrong}"
    low, high = (rules.spec_decimal(end) for end in value)
    if low is not None and high is not None and low > high:
        return f"must be [low, high] with low at most high; this one has low {low} above high {high}"
    return None


def _below_one(value: Any) -> str | None:
    if (wrong := rules.finite_decimal(minimum=Decimal(0))(value)) is not None:
        return wrong
    number = rules.spec_decimal(value)
    if number is not None and number >= 1:
        return f"must be below 1 (a fraction of the answer: 0.05 is 5%), not {value!r}"
    return None


SPEC = {
    "answer": rules.SpecKey(rules.finite_decimal()),
    "tolerance": rules.SpecKey(rules.finite_decimal(minimum=Decimal(0))),
    "relative_tolerance": rules.SpecKey(_below_one),
    "range": rules.SpecKey(_range),
}
"""No key is required on its own: which keys go together is `_form_problems`' rule."""

_TOO_FAR_APART = f"is too far in scale from `spec.answer` to apply to it exactly in {BOUNDS_PRECISION} digits"
_EXACT = Context(prec=BOUNDS_PRECISION, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[Inexact, Overflow, InvalidOperation])


def option_problems(options: Sequence[AuthoredOption]) -> list[Problem]:
    return rules.no_options(TYPE, options)


def _form_problems(spec: Mapping[str, Any]) -> list[Problem]:
    """One of the three forms: an answer with at most one kind of tolerance, or a range alone."""
    if "range" in spec:
        return [
            Problem(
                f"spec.{name}",
                f"`spec.{name}` cannot be given with `spec.range`: a {TYPE.label} item is "
                "judged either against an answer with a tolerance or against a range",
            )
            for name in ("answer", "tolerance", "relative_tolerance")
            if name in spec
        ]
    if "answer" not in spec:
        return [Problem("spec.answer", f"a {TYPE.label} item needs `spec.answer` (or `spec.range`)")]
    if "tolerance" in spec and "relative_tolerance" in spec:
        return [
            Problem(
                "spec.relative_tolerance",
                "`spec.relative_tolerance` cannot be given with `spec.tolerance`: "
                "the tolerance is absolute or relative, not both",
            )
        ]
    if "relative_tolerance" in spec and rules.spec_decimal(spec["answer"]) == 0:
        return [
            Problem(
                "spec.relative_tolerance",
                "`spec.relative_tolerance` of an answer of 0 accepts 0 alone; "
                "give an absolute `spec.tolerance` instead",
            )
        ]
    return []


def spec_problems(spec: Mapping[str, Any]) -> list[Problem]:
    problems = rules.spec_problems(TYPE, SPEC, spec)
    if not isinstance(spec, Mapping):
        return problems
    named = {problem.field for problem in problems}
    problems += [problem for problem in _form_problems(spec) if problem.field not in named]
    if not problems:
        try:
            bounds(spec)
        except (Inexact, Overflow):
            name = "relative_tolerance" if "relative_tolerance" in spec else "tolerance"
            problems.append(Problem(f"spec.{name}", f"`spec.{name}` {_TOO_FAR_APART}"))
    return problems


def _number(spec: Mapping[str, Any], name: str, default: int | None = None) -> Decimal:
    number = rules.spec_decimal(spec.get(name, default))
    if number is None:
        raise ValueError(f"a {TYPE} spec needs a finite `{name}`, not {dict(spec)!r}")
    return number


def bounds(spec: Mapping[str, Any]) -> tuple[Decimal, Decimal]:
    """The closed interval of accepted values, exact; raises on a spec `spec_problems` would refuse."""
    if "range" in spec:
        low, high = (rules.spec_decimal(end) for end in spec["range"])
        if low is None or high is None or low > high:
            raise ValueError(f"a {TYPE} spec's range is [low, high], not {spec['range']!r}")
        return low, high
    answer = _number(spec, "answer")
    if "relative_tolerance" in spec:
        tolerance = _EXACT.multiply(abs(answer), _number(spec, "relative_tolerance"))
    else:
        tolerance = _number(spec, "tolerance", 0)
    if tolerance < 0:
        raise ValueError(f"a {TYPE} spec needs a non-negative tolerance, not {dict(spec)!r}")
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
