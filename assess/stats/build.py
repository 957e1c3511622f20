"""Count tables from plain per-attempt data, for tests and for rebuilding the stored tables from scratch.

The live system never calls this on the report path: it increments the same cells as attempts are submitted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from assess.stats.tables import Cell, CountTables, Exact, OptionCounts, OptionId, SlotCounts, VersionCounts

DEFAULT_VERSION = "1"


@dataclass(frozen=True)
class SlotSpec:
    slot: int
    max_mark: Fraction
    random: bool = False


@dataclass(frozen=True)
class VersionSpec:
    """A choice item's options as (option, is_key) pairs, and its random guess score when known."""

    slot: int
    version: str = DEFAULT_VERSION
    options: tuple[tuple[int | str, bool], ...] = ()
    random_guess_score: Fraction | None = None
    option_texts: tuple[str, ...] = ()
    """The options' texts in the order of `options`, if the reports should quote them."""


@dataclass(frozen=True)
class Answer:
    """One attempt's result on one slot; `option` is the option chosen (None: omitted or not a choice item)."""

    mark: Fraction
    version: str = DEFAULT_VERSION
    option: OptionId = None


def as_answer(entry: Answer | Fraction | int) -> Answer:
    return entry if isinstance(entry, Answer) else Answer(Fraction(entry))


def build_count_tables(
    attempts: Iterable[Sequence[Answer | Fraction | int]],
    slots: Sequence[SlotSpec],
    versions: Sequence[VersionSpec] = (),
) -> CountTables:
    """Each attempt lists one entry per slot, in the order of `slots`; a bare number is a mark on version "1".

    The attempt total T is the sum of its marks, as Moodle's calculator takes it.
    """
    specs = {(spec.slot, spec.version): spec for spec in versions}
    cells: dict[tuple[int, str], Counter[Cell]] = {}
    chosen: dict[tuple[int, str, OptionId], Counter[Cell]] = {}
    totals: Counter[Exact] = Counter()
    for attempt in attempts:
        answers = [as_answer(entry) for entry in attempt]
        if len(answers) != len(slots):
            raise ValueError(f"an attempt has {len(answers)} marks for {len(slots)} slots")
        total = sum((Fraction(answer.mark) for answer in answers), Fraction(0))
        totals[total] += 1
        for slot, answer in zip(slots, answers, strict=True):
            mark = Fraction(answer.mark)
            if not 0 <= mark <= slot.max_mark:
                raise ValueError(f"slot {slot.slot}: mark {mark} is outside [0, {slot.max_mark}]")
            cells.setdefault((slot.slot, answer.version), Counter())[mark, total] += 1
            spec = specs.get((slot.slot, answer.version))
            if spec is not None and spec.options:
                check_option(spec, answer.option)
                chosen.setdefault((slot.slot, answer.version, answer.option), Counter())[mark, total] += 1
    return CountTables(
        tuple(slot_counts(slot, cells, chosen, specs) for slot in slots),
        totals,
    )


def check_option(spec: VersionSpec, option: OptionId) -> None:
    if option is not None and option not in {name for name, _ in spec.options}:
        raise ValueError(f"slot {spec.slot} version {spec.version!r}: unknown option {option!r}")


def slot_counts(
    slot: SlotSpec,
    cells: dict[tuple[int, str], Counter[Cell]],
    chosen: dict[tuple[int, str, OptionId], Counter[Cell]],
    specs: dict[tuple[int, str], VersionSpec],
) -> SlotCounts:
    """Versions in order of first appearance in `cells`, each with its options (and "omitted") if it has any."""
    versions = []
    for slot_number, version in cells:
        if slot_number != slot.slot:
            continue
        spec = specs.get((slot.slot, version), VersionSpec(slot.slot, version))
        options: list[OptionCounts] = []
        if spec.options:
            texts = spec.option_texts or ("",) * len(spec.options)
            options = [
                OptionCounts(name, is_key, chosen.get((slot.slot, version, name), Counter()), text)
                for (name, is_key), text in zip(spec.options, texts, strict=True)
            ]
            options.append(OptionCounts(None, False, chosen.get((slot.slot, version, None), Counter())))
        versions.append(VersionCounts(version, cells[slot_number, version], tuple(options), spec.random_guess_score))
    return SlotCounts(slot.slot, Fraction(slot.max_mark), tuple(versions), slot.random)
