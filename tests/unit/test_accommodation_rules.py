"""How the two kinds of accommodation combine, and the time limit they make: exact, rounded up, no database."""

from fractions import Fraction

import pytest

from assess.accommodation_rules import (
    NO_ACCOMMODATION,
    EffectiveAccommodation,
    Grant,
    combine,
    multiplier_problem,
)


@pytest.mark.parametrize(
    ("limit", "multiplier", "extra_seconds", "expected"),
    [
        (600, Fraction(3, 2), 0, 900),
        (600, Fraction(2), 30, 1230),
        (601, Fraction(3, 2), 0, 902),  # 901.5 rounds up: the learner never loses part of a second
        (7, Fraction(4, 3), 0, 10),  # 9.33... up to 10
        (9, Fraction(4, 3), 5, 17),  # exactly 12, not rounded, then the extra seconds
        (1, Fraction(1001, 1000), 0, 2),
        (600, Fraction(1), 0, 600),
    ],
)
def test_the_time_limit_is_the_limit_times_the_multiplier_rounded_up_plus_the_extra_seconds(
    limit, multiplier, extra_seconds, expected
):
    accommodation = EffectiveAccommodation(time_multiplier=multiplier, extra_seconds=extra_seconds)
    assert accommodation.time_limit(limit) == expected


def test_the_product_is_exact_where_a_float_would_round_the_wrong_way():
    # 1.1 as a float is 1.100000000000000088...: 10 * 1.1 would be 11.000000000000002, ceil 12.
    assert EffectiveAccommodation(time_multiplier=Fraction("1.1")).time_limit(10) == 11
    assert EffectiveAccommodation(time_multiplier=Fraction(11, 10)).time_limit(10**12) == 11 * 10**11


def test_an_untimed_assessment_stays_untimed_and_unlimited_attempts_stay_unlimited():
    generous = EffectiveAccommodation(time_multiplier=Fraction(3), extra_seconds=60, extra_attempts=2)
    assert generous.time_limit(None) is None
    assert generous.attempts_allowed(None) is None
    assert generous.attempts_allowed(1) == 3


def test_no_accommodation_changes_nothing():
    assert combine(None, None) == NO_ACCOMMODATION == EffectiveAccommodation(Fraction(1), 0, 0)
    assert NO_ACCOMMODATION.time_limit(600) == 600 and NO_ACCOMMODATION.attempts_allowed(2) == 2


def test_the_per_assessment_multiplier_replaces_the_tenant_wide_one_and_extra_attempts_add_up():
    tenant_wide = Grant(time_multiplier=Fraction(3, 2), extra_attempts=1)
    assert combine(tenant_wide, None) == EffectiveAccommodation(Fraction(3, 2), 0, 1)
    own = Grant(time_multiplier=Fraction(2), extra_seconds=60, extra_attempts=2)
    assert combine(tenant_wide, own) == EffectiveAccommodation(Fraction(2), 60, 3)  # 2, not 3/2 * 2
    taken_off_here = Grant(time_multiplier=Fraction(1))
    assert combine(tenant_wide, taken_off_here) == EffectiveAccommodation(Fraction(1), 0, 1)


def test_a_per_assessment_accommodation_without_a_multiplier_keeps_the_tenant_wide_one():
    tenant_wide = Grant(time_multiplier=Fraction(5, 4), extra_attempts=0)
    seconds_only = Grant(time_multiplier=None, extra_seconds=120, extra_attempts=1)
    assert combine(tenant_wide, seconds_only) == EffectiveAccommodation(Fraction(5, 4), 120, 1)
    assert combine(tenant_wide, seconds_only).time_limit(600) == 750 + 120
    assert combine(None, seconds_only) == EffectiveAccommodation(Fraction(1), 120, 1)


@pytest.mark.parametrize(
    ("multiplier", "allowed"),
    [
        (Fraction(1), True),
        (Fraction(3, 2), True),
        (Fraction(10), True),
        (Fraction(1001, 1000), True),
        (Fraction(999, 1000), False),
        (Fraction(0), False),
        (Fraction(11), False),
        (Fraction(10001, 10000), False),
    ],
)
def test_a_multiplier_is_at_least_1_at_most_10_and_exact_to_a_thousandth(multiplier, allowed):
    assert (multiplier_problem(multiplier) is None) is allowed
