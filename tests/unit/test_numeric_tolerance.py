"""Numeric items at their edges: absolute and relative tolerance and ranges, inclusive bounds, exact decimals.

Every number here is a Decimal or a string; the expected bounds are computed independently of the module, in a
context wide enough to be exact, so a float (or a rounding context) anywhere in scoring would show as a
boundary judged wrongly.
"""

from decimal import Context, Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itembank.itemtypes import AnswerKey, ResponseShapeError, check_response, numeric, score_response

WIDE = Context(prec=400)
"""Exact for every number these strategies draw (at most 13 significant digits each)."""

answers = st.decimals(min_value=-(10**6), max_value=10**6, places=6, allow_nan=False, allow_infinity=False)
nonzero_answers = answers.filter(lambda number: number != 0)
tolerances = st.decimals(min_value=0, max_value=10**3, places=6, allow_nan=False, allow_infinity=False)
relative = st.decimals(min_value=0, max_value=Decimal("0.999999"), places=6, allow_nan=False, allow_infinity=False)
nudges = st.integers(min_value=7, max_value=30).map(lambda exponent: Decimal(1).scaleb(-exponent))
"""Steps far below the drawn numbers' precision (a response is at most 40 characters: 1e-30 still fits)."""


def _accepts(spec, value: Decimal | str) -> bool:
    response = {"value": str(value)}
    check_response(AnswerKey("numeric", spec=spec), response)
    result = score_response(AnswerKey("numeric", spec=spec), response)
    assert isinstance(result.credit, Fraction) and result.credit in (0, 1)
    return result.correct


def _assert_closed_interval(spec, low: Decimal, high: Decimal, nudge: Decimal) -> None:
    assert numeric.bounds(spec) == (low, high)
    assert all(isinstance(bound, Decimal) for bound in numeric.bounds(spec))
    assert _accepts(spec, low) and _accepts(spec, high)
    assert _accepts(spec, WIDE.divide(WIDE.add(low, high), 2))
    assert not _accepts(spec, WIDE.subtract(low, nudge))
    assert not _accepts(spec, WIDE.add(high, nudge))


@given(answers, tolerances, nudges)
def test_absolute_tolerance_accepts_exactly_the_closed_interval(answer, tolerance, nudge):
    spec = {"answer": str(answer), "tolerance": str(tolerance)}
    assert numeric.spec_problems(spec) == []
    _assert_closed_interval(spec, WIDE.subtract(answer, tolerance), WIDE.add(answer, tolerance), nudge)


@given(nonzero_answers, relative, nudges)
def test_relative_tolerance_accepts_exactly_the_closed_interval(answer, fraction, nudge):
    spec = {"answer": str(answer), "relative_tolerance": str(fraction)}
    assert numeric.spec_problems(spec) == []
    spread = WIDE.multiply(abs(answer), fraction)
    _assert_closed_interval(spec, WIDE.subtract(answer, spread), WIDE.add(answer, spread), nudge)


@given(answers, answers, nudges)
def test_a_range_accepts_exactly_its_closed_interval(one, other, nudge):
    low, high = sorted((one, other))
    spec = {"range": [str(low), str(high)]}
    assert numeric.spec_problems(spec) == []
    _assert_closed_interval(spec, low, high, nudge)


@given(answers, answers)
def test_a_range_with_its_ends_swapped_is_refused_naming_both(one, other):
    if one == other:
        return
    low, high = sorted((one, other))
    [problem] = numeric.spec_problems({"range": [str(high), str(low)]})
    assert problem.field == "spec.range"
    assert f"low {high} above high {low}" in problem.message


@pytest.mark.parametrize(
    ("spec", "inside", "outside"),
    [
        # What binary floats get wrong: 0.1 + 0.2 is 0.30000000000000004 there, 0.3 here.
        ({"answer": "0.1", "tolerance": "0.2"}, ["0.3", "-0.1", "0.30000000000000000000000000000"], ["0.3000000001"]),
        ({"answer": "0.1", "tolerance": 0.2}, ["0.3"], ["0.30000000000000004"]),  # YAML's float 0.2 reads as 0.2
        ({"answer": "100", "relative_tolerance": "0.1"}, ["90", "110", "110.000"], ["110.0000000000000000000000001"]),
        ({"answer": "-100", "relative_tolerance": "0.1"}, ["-90", "-110"], ["-89.99999999999999999999", "90"]),
        ({"answer": "3", "relative_tolerance": "0"}, ["3", "3.000"], ["3.0000000000000000000000000000001"]),
        ({"range": ["1.5", "2.5"]}, ["1.5", "2.5", "2", "15e-1"], ["1.49999999999999999999999999999999", "2.51"]),
        ({"range": [-1, -1]}, ["-1", "-1.0"], ["-0.9999999999999999999999999999"]),
        ({"range": [0.1, 0.3]}, ["0.3", "0.1"], ["0.30000000000000004"]),  # YAML floats, read as written
    ],
)
def test_exact_decimal_boundaries(spec, inside, outside):
    assert numeric.spec_problems(spec) == []
    assert [value for value in inside if not _accepts(spec, value)] == []
    assert [value for value in outside if _accepts(spec, value)] == []


@pytest.mark.parametrize("value", [0.3, 1e-3, float("nan"), True])
def test_a_float_response_is_refused_its_binary_value_is_not_what_was_typed(value):
    with pytest.raises(ResponseShapeError):
        check_response(AnswerKey("numeric", spec={"answer": "0.3"}), {"value": value})


def test_an_integer_response_is_an_exact_number():
    assert _accepts({"range": ["1", "3"]}, "2")
    assert score_response(AnswerKey("numeric", spec={"range": ["1", "3"]}), {"value": 2}).correct


def test_an_old_spec_keeps_its_meaning():
    """Versions authored before relative tolerance and ranges existed score as they always did."""
    assert numeric.bounds({"answer": 42}) == (Decimal(42), Decimal(42))
    assert numeric.bounds({"answer": "0.3", "tolerance": "0.01"}) == (Decimal("0.29"), Decimal("0.31"))


@pytest.mark.parametrize(
    ("spec", "field", "says"),
    [
        ({}, "spec.answer", "a numeric item needs `spec.answer` (or `spec.range`)"),
        ({"relative_tolerance": "0.1"}, "spec.answer", "needs `spec.answer`"),
        ({"answer": "1", "range": ["0", "2"]}, "spec.answer", "cannot be given with `spec.range`"),
        ({"tolerance": "1", "range": ["0", "2"]}, "spec.tolerance", "cannot be given with `spec.range`"),
        ({"answer": "1", "tolerance": "0.1", "relative_tolerance": "0.1"}, "spec.relative_tolerance", "not both"),
        ({"answer": "0", "relative_tolerance": "0.05"}, "spec.relative_tolerance", "accepts 0 alone"),
        ({"answer": "0.000", "relative_tolerance": "0"}, "spec.relative_tolerance", "absolute `spec.tolerance`"),
        ({"answer": "5", "relative_tolerance": "5"}, "spec.relative_tolerance", "below 1 (a fraction of the answer"),
        ({"answer": "5", "relative_tolerance": "1"}, "spec.relative_tolerance", "not '1'"),
        ({"answer": "5", "relative_tolerance": "-0.1"}, "spec.relative_tolerance", "at least 0, not '-0.1'"),
        ({"answer": "5", "relative_tolerance": "NaN"}, "spec.relative_tolerance", "finite decimal"),
        ({"answer": "1", "tolerance": "-0.001"}, "spec.tolerance", "at least 0, not '-0.001'"),
        ({"range": ["3", "1"]}, "spec.range", "low 3 above high 1"),
        ({"range": ["1"]}, "spec.range", "two numbers"),
        ({"range": ["1", "2", "3"]}, "spec.range", "two numbers"),
        ({"range": "1-2"}, "spec.range", "[low, high]"),
        ({"range": {"min": 1, "max": 2}}, "spec.range", "[low, high]"),
        ({"range": ["1", "Infinity"]}, "spec.range", "item 1 must be a finite decimal"),
        ({"range": [None, "2"]}, "spec.range", "item 0 must be a finite decimal"),
        ({"range": [True, "2"]}, "spec.range", "item 0"),
        ({"range": ["1", "9" * 41]}, "spec.range", "at most 40 characters"),
        ({"answer": "1e50", "relative_tolerance": "1e-110"}, "spec.relative_tolerance", "exactly in 100 digits"),
        ({"answer": "1", "min": "0"}, "spec.min", "takes no `spec.min`"),
    ],
)
def test_unfit_numeric_specs_name_the_field_and_rule(spec, field, says):
    problems = numeric.spec_problems(spec)
    assert [problem.field for problem in problems] == [field], problems
    assert says in problems[0].message, problems[0].message


def test_every_number_in_a_message_is_the_authored_one():
    [problem] = numeric.spec_problems({"range": ["10.50", "2"]})
    assert "low 10.50 above high 2" in problem.message
