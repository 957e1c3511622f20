"""Every item type's scoring rules, exhaustively, with exact credit."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from itembank.itemtypes import ITEM_TYPES, AnswerKey, ItemType, ResponseShapeError, check_response, score_response

CHOICE = AnswerKey("single_choice", frozenset({2}), frozenset({1, 2, 3, 4}))
MULTI = AnswerKey("multiple_response", frozenset({1, 2, 3}), frozenset({1, 2, 3, 4, 5}))
NUMERIC = AnswerKey("numeric", spec={"answer": "0.3", "tolerance": "0.01"})
TEXT = AnswerKey("short_text", spec={"accepted": ["Mila", "Quebec AI Institute"]})


def test_every_item_type_has_a_scorer():
    """Against the enum, so a type added to `ItemType` without a module fails here; the stored values are fixed."""
    assert set(ITEM_TYPES) == set(ItemType)
    assert set(ITEM_TYPES) == {"single_choice", "true_false", "multiple_response", "numeric", "short_text"}


def test_unanswered_scores_zero():
    for key in (CHOICE, MULTI, NUMERIC, TEXT):
        assert score_response(key, None).credit == 0


@pytest.mark.parametrize(("option", "credit"), [(2, 1), (1, 0), (3, 0), (4, 0)])
def test_single_choice(option, credit):
    result = score_response(CHOICE, {"option": option})
    assert result.credit == credit and result.correct is (credit == 1)


@pytest.mark.parametrize(
    ("chosen", "credit"),
    [
        ([1, 2, 3], Fraction(1)),
        ([1, 2], Fraction(2, 3)),
        ([1], Fraction(1, 3)),
        ([1, 2, 3, 4], Fraction(2, 3)),
        ([1, 4], Fraction(0)),
        ([1, 4, 5], Fraction(0)),
        ([1, 2, 3, 4, 5], Fraction(1, 3)),
        ([], Fraction(0)),
    ],
)
def test_multiple_response_partial_credit_is_right_minus_wrong(chosen, credit):
    assert score_response(MULTI, {"options": chosen}).credit == credit


def test_multiple_response_all_or_nothing():
    key = AnswerKey("multiple_response", MULTI.correct_option_ids, MULTI.option_ids, {"scoring": "all_or_nothing"})
    assert score_response(key, {"options": [3, 1, 2]}).credit == 1
    assert score_response(key, {"options": [1, 2]}).credit == 0


@given(st.sets(st.integers(min_value=1, max_value=5)))
def test_multiple_response_credit_is_always_in_range_and_never_rewards_guessing_all(chosen):
    credit = score_response(MULTI, {"options": sorted(chosen)}).credit
    assert 0 <= credit <= 1
    assert score_response(MULTI, {"options": [1, 2, 3, 4, 5]}).credit < 1


@pytest.mark.parametrize(
    ("value", "correct"),
    [("0.3", True), ("0.31", True), ("0.29", True), ("0.311", False), (" 0.30 ", True), ("3e-1", True), ("1", False)],
)
def test_numeric_within_tolerance_in_exact_decimals(value, correct):
    assert score_response(NUMERIC, {"value": value}).correct is correct


@pytest.mark.parametrize(
    ("text", "correct"), [("mila", True), ("  MILA ", True), ("quebec  ai institute", True), ("Vector", False)]
)
def test_short_text_normalises_case_and_space(text, correct):
    assert score_response(TEXT, {"text": text}).correct is correct


def test_short_text_normalises_unicode_composition():
    key = AnswerKey("short_text", spec={"accepted": ["Café"]})
    assert score_response(key, {"text": "Cafe\u0301"}).correct


@pytest.mark.parametrize(
    ("key", "response"),
    [
        (CHOICE, {"option": 9}),
        (CHOICE, {"option": "2"}),
        (CHOICE, {"option": True}),
        (CHOICE, {"option": 2, "extra": 1}),
        (CHOICE, {}),
        (MULTI, {"options": [1, 1]}),
        (MULTI, {"options": [9]}),
        (MULTI, {"options": "1,2"}),
        (NUMERIC, {"value": "abc"}),
        (NUMERIC, {"value": "NaN"}),
        (NUMERIC, {"value": "Infinity"}),
        (NUMERIC, {"value": 0.3}),
        (NUMERIC, {"value": "9" * 100}),
        (TEXT, {"text": 5}),
        (TEXT, {"text": "x" * 501}),
        (AnswerKey("essay"), {"text": "x"}),
    ],
)
def test_malformed_responses_are_refused(key, response):
    with pytest.raises(ResponseShapeError):
        check_response(key, response)


@pytest.mark.parametrize(
    ("value", "correct"),
    [
        ("0.31000000000000000000000000000001", False),  # 32 digits: rounding to 28 would call it 0.31
        ("0.30999999999999999999999999999999", True),
        ("0.28999999999999999999999999999999", False),
    ],
)
def test_numeric_is_exact_beyond_the_default_decimal_precision(value, correct):
    assert score_response(NUMERIC, {"value": value}).correct is correct


@pytest.mark.parametrize("value", ["9.99999999999999999999999999999e999999", "-9e999999", "1e-999999"])
def test_numeric_huge_and_tiny_responses_score_without_overflow(value):
    assert score_response(NUMERIC, {"value": value}).credit == 0
    assert score_response(AnswerKey("numeric", spec={"answer": "-9e999999"}), {"value": value}).correct is (
        value == "-9e999999"
    )


def test_numeric_spec_written_as_yaml_numbers_scores_as_written():
    key = AnswerKey("numeric", spec={"answer": 0.3, "tolerance": 0.01})  # floats, as YAML loads `answer: 0.3`
    assert score_response(key, {"value": "0.31"}).correct
    assert not score_response(key, {"value": "0.3100001"}).correct
    assert score_response(AnswerKey("numeric", spec={"answer": 42}), {"value": "42.000"}).correct
