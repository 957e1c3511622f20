"""Whole marks are held as ints inside the count tables for speed; the report must still be exact and typed.

An int / int in the statistics would quietly turn an exact figure into a float, so every field the report
declares as a Fraction is checked to hold a Fraction (never an int or a float), on whole and on partial marks.
"""

import dataclasses
import random
from fractions import Fraction

import pytest

from assess.stats import Answer, SlotSpec, VersionSpec, analyse, build_count_tables
from assess.stats.tables import exact


def _walk(value, path="report"):
    if dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from _walk_field(getattr(value, field.name), str(field.type), f"{path}.{field.name}")
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")


def _walk_field(value, annotation, path):
    if dataclasses.is_dataclass(value) or isinstance(value, tuple):
        yield from _walk(value, path)
    else:
        yield path, annotation, value


def _report(marks_per_slot, *, attempts=60, seed=7):
    rng = random.Random(seed)
    slots = [SlotSpec(n, Fraction(max(marks))) for n, marks in enumerate(marks_per_slot, start=1)]
    versions = [VersionSpec(1, "1", (("a", True), ("b", False), ("c", False)), Fraction(1, 3))]
    rows = []
    for _ in range(attempts):
        row = []
        for n, marks in enumerate(marks_per_slot, start=1):
            mark = rng.choice(marks)
            option = None if n != 1 else ("a" if mark else rng.choice(["b", "c", None]))
            row.append(Answer(Fraction(mark), "1", option))
        rows.append(row)
    return analyse(build_count_tables(rows, slots, versions), pass_threshold=Fraction(4, 5))


@pytest.mark.parametrize(
    "marks",
    [
        [(0, 1)] * 6,  # whole marks: every cell key is an int inside the tables
        [(0, 1), (0, Fraction(1, 2), 1), (0, Fraction(1, 3), Fraction(2, 3), 1), (0, 2)],  # partial credit
    ],
    ids=["whole", "partial"],
)
def test_every_fraction_field_of_the_report_holds_a_fraction(marks):
    fields = list(_walk(_report(marks)))
    fraction_fields = [(path, value) for path, annotation, value in fields if annotation.startswith("Fraction")]
    float_fields = [(path, value) for path, annotation, value in fields if annotation.startswith("float")]
    assert len(fraction_fields) > 100 and len(float_fields) > 20
    assert [(p, v) for p, v in fraction_fields if v is not None and type(v) is not Fraction] == []
    assert [(p, v) for p, v in float_fields if v is not None and type(v) is not float] == []
    assert sum(v is not None for _p, v in fraction_fields) > 100


def test_exact_keeps_whole_numbers_as_ints_and_the_rest_as_fractions():
    assert [type(exact(v)) for v in (3, Fraction(6, 2), Fraction(1, 3))] == [int, int, Fraction]
    assert exact(Fraction(6, 2)) == 3 and hash(exact(Fraction(6, 2))) == hash(Fraction(3))
