"""LSAT6 and LSAT7 (1000 examinees x 5 dichotomous items) against R's psych / CTT / ltm reference values.

The response-pattern tables are count tables already: each pattern with its frequency is fed straight in,
without expanding it into 1000 attempts.
"""

from fractions import Fraction
from functools import cache

import pytest

from assess.stats import Report, SlotSpec, analyse, build_count_tables
from tests.reference.lsat import (
    ITEM_FIELDS,
    NOT_OURS,
    R_TOLERANCE,
    TEST_FIELDS,
    TESTS,
    count_tables,
    patterns,
    read_csv,
)


@cache
def report(test: str) -> Report:
    return analyse(count_tables(test))


ITEM_CASES = [
    pytest.param(test, index, name, id=f"{test}-item{index + 1}-{name}")
    for test in TESTS
    for index, row in enumerate(read_csv(f"{test}_R_item_reference.csv"))
    for name in row
    if name not in NOT_OURS
]


@pytest.mark.parametrize(("test", "index", "name"), ITEM_CASES)
def test_item_statistic_matches_r(test, index, name):
    expected = float(read_csv(f"{test}_R_item_reference.csv")[index][name])
    assert ITEM_FIELDS[name](report(test).slots[index]) == pytest.approx(expected, rel=R_TOLERANCE)


@pytest.mark.parametrize("test", TESTS)
@pytest.mark.parametrize("name", list(TEST_FIELDS))
def test_test_statistic_matches_r(test, name):
    expected = float(read_csv(f"{test}_R_test_reference.csv")[0][name])
    assert TEST_FIELDS[name](report(test).assessment) == pytest.approx(expected, rel=R_TOLERANCE)


def test_every_reference_column_is_either_checked_or_named_as_not_ours():
    for test in TESTS:
        assert set(read_csv(f"{test}_R_item_reference.csv")[0]) == set(ITEM_FIELDS) | NOT_OURS
        test_columns = set(read_csv(f"{test}_R_test_reference.csv")[0])
        assert test_columns - set(TEST_FIELDS) == {"std_alpha", "ltm_2pl_logLik", "ltm_rasch_a1_logLik"} | {
            "ltm_rasch_free_logLik"
        }


def test_pattern_tables_equal_the_tables_built_from_1000_expanded_attempts():
    for test in TESTS:
        attempts = [list(responses) for responses, frequency in patterns(test) for _ in range(frequency)]
        built = build_count_tables(attempts, [SlotSpec(item, Fraction(1)) for item in range(1, 6)])
        assert built == count_tables(test)


def test_upper_lower_index_splits_ties_at_the_cut_fractionally():
    """LSAT7 item 1: 0.39 if everyone tied at a cut joins the group, about 0.53 for some arbitrary orderings.

    Splitting the tied attempts fractionally, so that each group is exactly 270 attempts, gives 0.433. By hand:
    the lower 270 are the 166 attempts with totals 0-2 (77 of them right on item 1) plus 104/205 of the 205
    with total 3 (150 right): 77 + 150 x 104/205 right. The upper 270 are 270/308 of the 308 with total 5,
    all right. D = (270 - 77 - 3120/41) / 270 = 4793/11070.
    """
    totals = count_tables("LSAT7").totals
    assert [totals[t] for t in range(6)] == [12, 40, 114, 205, 321, 308]
    item = report("LSAT7").slots[0]
    assert item.upper_lower_index == Fraction(4793, 11070)
    assert float(item.upper_lower_index) == pytest.approx(0.433, abs=5e-4)
