"""Grading methods over a learner's scored attempts, exact."""

from fractions import Fraction

import pytest

from assess.results import grade

SCORES = [(1, Fraction(3, 5)), (2, Fraction(4, 5)), (3, Fraction(2, 3)), (4, Fraction(4, 5))]


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ("highest", (Fraction(4, 5), 2)),
        ("first", (Fraction(3, 5), 1)),
        ("last", (Fraction(4, 5), 4)),
        ("average", ((Fraction(3, 5) + Fraction(4, 5) + Fraction(2, 3) + Fraction(4, 5)) / 4, None)),
    ],
)
def test_grading_methods(method, expected):
    assert grade(method, SCORES) == expected


def test_no_scored_attempts_means_no_grade():
    assert grade("highest", []) == (None, None)
