"""Conformance with Moodle's own published expectations for its quiz statistics report.

Every value in the reference JSON files is asserted, to the tolerance the file states; an expected key this
file does not know how to check fails the test rather than being skipped.
"""

import math
from fractions import Fraction
from functools import cache

import pytest

from assess.stats import Answer, ItemStats, Report, SlotSpec, analyse, build_count_tables
from tests.reference.moodle import (
    IDENTITY_FIELDS,
    ITEM_FIELDS,
    QUIZ00,
    QUIZ00_ITEM_CASES,
    QUIZ_FIELDS,
    STATES,
    STATES_CASES,
    STATES_FIELDS,
    quiz00_item_tolerance,
    read_rows,
)


@cache
def quiz00_report() -> Report:
    """Slot 1 draws from a pool (the version is the question drawn); slot 2's versions are its variants."""
    attempts: dict[str, dict[int, dict[str, str]]] = {}
    for row in read_rows("quiz00_item_scores_long.csv"):
        attempts.setdefault(row["attempt"], {})[int(row["slot"])] = row
    slots = [SlotSpec(slot, Fraction(1), random=slot == 1) for slot in range(1, 8)]

    def answer(row: dict[str, str]) -> Answer:
        version = row["question"].split(":", 1)[1] if row["slot"] == "1" else row["variant"]
        return Answer(Fraction(row["mark"]), version)

    return analyse(build_count_tables([[answer(a[s]) for s in range(1, 8)] for a in attempts.values()], slots))


@cache
def states_report() -> Report:
    marks: dict[str, dict[int, Fraction]] = {}
    max_marks: dict[int, Fraction] = {}
    for row in read_rows("states_item_scores_long.csv"):
        marks.setdefault(row["attempt"], {})[int(row["slot"])] = Fraction(row["mark"])
        max_marks[int(row["slot"])] = Fraction(row["max_mark"])
    slots = [SlotSpec(slot, max_marks[slot]) for slot in sorted(max_marks)]
    return analyse(build_count_tables([[m[s.slot] for s in slots] for m in marks.values()], slots))


def quiz00_item(expected: dict[str, str]) -> ItemStats:
    """A row names the slot, a question drawn into a random slot (subqname), or a variant of a fixed slot."""
    report = quiz00_report()
    slot = int(expected["slot"])
    version = expected.get("subqname") or expected.get("variant")
    if version is None:
        return next(item for item in report.slots if item.slot == slot)
    return next(item for item in report.versions if item.slot == slot and item.version == version)


@pytest.mark.parametrize(("row", "name"), QUIZ00_ITEM_CASES)
def test_quiz00_item_statistic(row, name):
    actual = ITEM_FIELDS[name](quiz00_item(row))
    if row[name] == "**NULL**":
        assert actual is None
    else:
        expected = float(row[name])
        assert actual == pytest.approx(expected, rel=quiz00_item_tolerance(name), abs=0)


def test_quiz00_checks_every_item_row_and_statistic():
    assert len(QUIZ00["items"]) == 10
    assert len(QUIZ00_ITEM_CASES) == sum(len(set(row) - IDENTITY_FIELDS) for row in QUIZ00["items"])


@pytest.mark.parametrize("name", list(QUIZ00["quiz"]))
def test_quiz00_test_statistic(name):
    expected = QUIZ00["quiz"][name]
    actual = QUIZ_FIELDS[name](quiz00_report())
    assert actual == pytest.approx(expected, rel=QUIZ00["tolerance_relative"]["quiz stats"], abs=0)


def test_quiz00_random_slot_versions_correlate_with_the_total_and_fixed_slot_versions_with_the_rest():
    versions = {(item.slot, item.version): item for item in quiz00_report().versions}
    assert versions[1, "numerical"].against == "total"
    assert versions[2, "1"].against == "rest"
    assert {item.against for item in quiz00_report().slots} == {"rest"}


@pytest.mark.parametrize(("name", "index"), STATES_CASES)
def test_states_item_statistic(name, index):
    expected = STATES[name][index]
    actual = STATES_FIELDS[name](states_report().slots[index])
    if expected is None:
        assert actual is None
    else:
        assert actual == pytest.approx(expected, rel=0, abs=1e-6)


def test_states_checks_all_twenty_slots_of_every_array():
    arrays = [name for name, values in STATES.items() if isinstance(values, list)]
    assert sorted(arrays) == sorted(STATES_FIELDS)
    assert len(STATES_CASES) == 5 * 20 == 5 * len(states_report().slots)


def test_states_zero_mark_slots_have_no_facility_or_sd_but_weigh_nothing():
    """Slots 5-7 are worth 0 marks: nothing to divide by for facility; Moodle's own test expects a null SD too."""
    for item in states_report().slots[4:7]:
        assert item.max_mark == 0
        assert item.facility is None and item.sd is None
        assert item.effective_weight == 0 and item.intended_weight == 0


def test_quiz00_effective_weights_of_the_slots_sum_to_one():
    assert math.fsum(item.effective_weight for item in quiz00_report().slots) == pytest.approx(1)
