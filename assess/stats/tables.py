"""The count tables every statistic is computed from, so a report never reads the attempts themselves.

The database keeps these tables current as attempts are submitted (one counter per distinct cell); the report
reads them whole. Their size depends on how many distinct marks and totals occur, not on how many attempts
there were, which keeps the report's cost flat however many attempts accumulate.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from types import MappingProxyType
from typing import TypeVar

Exact = int | Fraction
"""An exact mark or total. Whole values are held as `int` (see `exact`)."""

Cell = tuple[Exact, Exact]
"""(x, T): the mark on one slot and the attempt's total."""

ExactT = TypeVar("ExactT", bound=Exact)
"""Keys of a table read by a function that takes either kind: `Exact` (as `exact` leaves them) or `Fraction` alone
(a table already made Fractions). A TypeVar because a Mapping is invariant in its key type.
"""

OptionId = int | str | None
"""An option as the item bank names it; None stands for "omitted" (no option chosen)."""

K = TypeVar("K")


def frozen_counts(counts: Mapping[K, int]) -> Mapping[K, int]:
    """A read-only copy without empty cells, so equal tables compare equal however they were accumulated."""
    for key, count in counts.items():
        if not isinstance(count, int) or count < 0:
            raise ValueError(f"count {count!r} for {key!r} is not a non-negative integer")
    return MappingProxyType({key: count for key, count in counts.items() if count})


def exact(value: Fraction | int) -> Exact:
    """Whole marks and totals become ints, the rest stay Fractions.

    Most tests are marked in whole points, and an int hashes, compares and adds many times faster than a
    Fraction, which is what the report's loops do with every cell. Both are exact, and `Fraction(3)` and `3`
    hash and compare equal, so mixing them never splits a key. Every division in this package keeps a
    Fraction on one side, so no int / int turns into a float (a test walks every report field for that).
    """
    if type(value) is int:
        return value
    if type(value) is not Fraction:
        value = Fraction(value)
    return value.numerator if value.denominator == 1 else value


def exact_cells(cells: Mapping[tuple[Fraction | int, Fraction | int], int]) -> Mapping[Cell, int]:
    """Cells keyed by exact numbers (`exact`), normalised so keys never collide."""
    if all(type(mark) is int and type(total) is int for mark, total in cells):
        return frozen_counts(cells)  # whole marks, as read from the store: already normalised
    result: Counter[Cell] = Counter()
    for (mark, total), count in cells.items():
        result[exact(mark), exact(total)] += count
    return frozen_counts(result)


def total_count(counts: Mapping[K, int]) -> int:
    return sum(counts.values())


def marginal(cells: Mapping[Cell, int], axis: int) -> Mapping[Exact, int]:
    """The distribution of x (axis 0) or of T (axis 1) alone."""
    result: Counter[Exact] = Counter()
    for cell, count in cells.items():
        result[cell[axis]] += count
    return result


def merged(tables: Iterable[Mapping[Cell, int]]) -> Mapping[Cell, int]:
    """Counts are additive, so pooling versions (or slots) is a sum of their tables."""
    result: Counter[Cell] = Counter()
    for table in tables:
        result.update(table)
    return result


@dataclass(frozen=True)
class OptionCounts:
    """How often one option of a choice item was chosen, by the chooser's mark on the slot and total.

    Keeping the mark as well as the total lets the rest score (T - x) be formed for any scoring rule,
    including options that earn partial credit.
    """

    option: OptionId
    is_key: bool
    cells: Mapping[Cell, int]
    text: str = ""
    """What the learner read, as plain text: reports name an option by its letter and text, not its id."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "cells", exact_cells(self.cells))

    @property
    def omitted(self) -> bool:
        return self.option is None


@dataclass(frozen=True)
class VersionCounts:
    """The (x, T) multiset of one item version in one slot; `options` only for choice items."""

    version: str
    cells: Mapping[Cell, int]
    options: tuple[OptionCounts, ...] = ()
    random_guess_score: Fraction | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "cells", exact_cells(self.cells))
        object.__setattr__(self, "options", tuple(self.options))
        if self.options:
            chosen = merged(option.cells for option in self.options)
            if chosen != self.cells:
                raise ValueError(f"version {self.version!r}: the option counts do not add up to the mark counts")

    @property
    def attempts(self) -> int:
        return total_count(self.cells)


@dataclass(frozen=True)
class SlotCounts:
    """One slot: its maximum mark, whether it draws at random from a pool, and the versions delivered in it."""

    slot: int
    max_mark: Fraction
    versions: tuple[VersionCounts, ...]
    random: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "max_mark", Fraction(self.max_mark))
        object.__setattr__(self, "versions", tuple(self.versions))
        if self.max_mark < 0:
            raise ValueError(f"slot {self.slot}: negative max mark {self.max_mark}")
        names = [version.version for version in self.versions]
        if len(names) != len(set(names)):
            raise ValueError(f"slot {self.slot}: a version appears twice")

    @property
    def cells(self) -> Mapping[Cell, int]:
        return merged(version.cells for version in self.versions)


@dataclass(frozen=True)
class CountTables:
    """Everything a report needs: per-slot tables and the distribution of attempt totals (T -> count)."""

    slots: tuple[SlotCounts, ...]
    totals: Mapping[Exact, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "slots", tuple(self.slots))
        totals: Counter[Exact] = Counter()
        for total, count in self.totals.items():
            totals[exact(total)] += count
        object.__setattr__(self, "totals", frozen_counts(totals))
        self._check_slots_agree_with_totals()

    def _check_slots_agree_with_totals(self) -> None:
        """Every attempt has a mark on every slot, so each slot's totals must be the test's totals.

        A mismatch means a counter was missed or double-counted; reporting from such tables would be quietly wrong.
        """
        numbers = [slot.slot for slot in self.slots]
        if len(numbers) != len(set(numbers)):
            raise ValueError("a slot appears twice")
        for slot in self.slots:
            if Counter(marginal(slot.cells, 1)) != Counter(self.totals):
                raise ValueError(f"slot {slot.slot}: its attempt totals differ from the score distribution")

    @property
    def max_total(self) -> Fraction:
        return sum((slot.max_mark for slot in self.slots), Fraction(0))

    @property
    def attempts(self) -> int:
        return total_count(self.totals)
