"""Forms are reproducible from their seed, and their draws and shuffles are uniform (chi-square tests)."""

import itertools
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import chisquare

from assess.forms import SlotSource, build_form, draw_items, shuffled_options

FIXED = [SlotSource(position, item_id=100 + position) for position in range(1, 6)]
SEEDS = range(6000)
ALPHA = 0.001  # false-alarm rate per test; a biased shuffle fails by many orders of magnitude more


def test_the_same_seed_gives_the_same_form():
    slots = [*FIXED, SlotSource(6, pool_item_ids=(1, 2, 3, 4, 5))]
    first = build_form(42, slots, shuffle_questions=True)
    assert build_form(42, slots, shuffle_questions=True) == first
    assert shuffled_options(42, 3, [7, 8, 9, 10], shuffle=True) == shuffled_options(42, 3, [7, 8, 9, 10], shuffle=True)


def test_without_shuffling_the_authored_order_stands():
    assert [q.slot_position for q in build_form(1, FIXED, shuffle_questions=False).questions] == [1, 2, 3, 4, 5]
    assert shuffled_options(1, 1, [4, 3, 2, 1], shuffle=False) == [4, 3, 2, 1]


def test_question_order_is_uniform_over_all_permutations():
    slots = FIXED[:4]
    counts = Counter(
        tuple(q.slot_position for q in build_form(seed, slots, shuffle_questions=True).questions) for seed in SEEDS
    )
    observed = [counts[perm] for perm in itertools.permutations([1, 2, 3, 4])]
    assert sum(observed) == len(SEEDS)
    assert chisquare(observed).pvalue > ALPHA


def test_option_order_is_uniform_per_position():
    options = [11, 12, 13, 14]
    counts = Counter()
    for seed in SEEDS:
        for position, option in enumerate(shuffled_options(seed, 2, options, shuffle=True)):
            counts[position, option] += 1
    for position in range(4):
        assert chisquare([counts[position, option] for option in options]).pvalue > ALPHA


def test_pool_draws_are_uniform():
    pool = (1, 2, 3, 4, 5, 6, 7)
    counts = Counter(draw_items(seed, [SlotSource(1, pool_item_ids=pool)])[1] for seed in SEEDS)
    assert chisquare([counts[item] for item in pool]).pvalue > ALPHA


def test_draws_avoid_seen_items_while_the_pool_can():
    pool = (1, 2, 3, 4)
    for seed in range(200):
        assert draw_items(seed, [SlotSource(1, pool_item_ids=pool)], seen={1, 2, 3})[1] == 4
        assert draw_items(seed, [SlotSource(1, pool_item_ids=pool)], seen={1, 2, 3, 4})[1] in pool


def test_two_slots_on_one_pool_never_repeat_an_item():
    slots = [SlotSource(1, pool_item_ids=(1, 2)), SlotSource(2, pool_item_ids=(1, 2))]
    for seed in range(200):
        chosen = draw_items(seed, slots)
        assert sorted(chosen.values()) == [1, 2]


@given(st.integers(min_value=0, max_value=2**63 - 1), st.lists(st.integers(), min_size=1, max_size=12, unique=True))
def test_a_shuffle_is_a_permutation(seed, options):
    assert sorted(shuffled_options(seed, 1, options, shuffle=True)) == sorted(options)


def test_a_slot_needs_exactly_one_source():
    with pytest.raises(ValueError, match="exactly one"):
        SlotSource(1)
    with pytest.raises(ValueError, match="exactly one"):
        SlotSource(1, item_id=3, pool_item_ids=(4,))
