"""Can every slot hold a different item at once: overlapping pools counted together, shortages named by Hall."""

from hypothesis import given
from hypothesis import strategies as st

from assess.authoring.supply import Shortage, shortages


def test_each_pool_alone_suffices_but_together_they_are_short():
    assert shortages({1: [1, 2, 3], 2: [1, 2, 3], 3: [1, 2], 4: [1, 2]}) == [Shortage((1, 2, 3, 4), 3)]


def test_a_fixed_item_takes_its_item_from_a_pool_that_holds_it():
    assert shortages({1: [7], 2: [7, 8], 3: [7, 8]}) == [Shortage((1, 2, 3), 2)]
    assert shortages({1: [7], 2: [7, 8], 3: [9]}) == []


def test_a_rotation_needs_augmenting_paths_and_fits():
    assert shortages({1: [1, 2], 2: [2, 3], 3: [3, 1]}) == []


def test_an_empty_slot_and_a_separate_shortage_are_each_named():
    assert shortages({1: [], 2: [5], 3: [5], 4: [6, 7]}) == [Shortage((1,), 0), Shortage((2, 3), 1)]


@given(st.dictionaries(st.integers(1, 8), st.lists(st.integers(1, 8), max_size=5), max_size=8))
def test_a_shortage_is_exactly_a_violation_of_halls_condition(candidates):
    """Each named set of slots has fewer candidates than slots; with none named, a brute force finds a filling."""
    found = shortages(candidates)
    for shortage in found:
        union = {item for position in shortage.positions for item in candidates[position]}
        assert len(union) == shortage.available < len(shortage.positions)
    assert (not found) == _fillable(sorted(candidates), candidates, frozenset())


def _fillable(positions, candidates, used):
    if not positions:
        return True
    first, rest = positions[0], positions[1:]
    return any(_fillable(rest, candidates, used | {item}) for item in set(candidates[first]) - used)
