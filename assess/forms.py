"""An attempt's form: which item fills each slot, in which order the questions and their options appear.

The form is a pure function of the attempt's stored seed and the assessment's slots, so every read of an
attempt rebuilds the same form and any form can be reproduced later for an audit. Each decision draws from
its own stream, named by purpose and slot, so adding a slot or an option never reshuffles the others.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class SlotSource:
    """What a slot can hold: one fixed item, or a draw from a pool's items."""

    position: int
    item_id: int | None = None
    pool_item_ids: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if (self.item_id is None) == (not self.pool_item_ids):
            raise ValueError(f"slot {self.position} needs exactly one of an item or a non-empty pool")


@dataclass(frozen=True)
class FormQuestion:
    slot_position: int
    item_id: int


@dataclass(frozen=True)
class Form:
    """Questions in delivery order; `option_order` is applied per question with `shuffled_options`."""

    seed: int
    questions: tuple[FormQuestion, ...]


def _stream(seed: int, purpose: str, key: int) -> random.Random:
    # String seeds are hashed with SHA-512 by `random`, stable across Python versions and platforms.
    return random.Random(f"{seed}:{purpose}:{key}")


def draw_items(seed: int, slots: Sequence[SlotSource], *, seen: Collection[int] = frozenset()) -> dict[int, int]:
    """Fill every slot: fixed items as they are, pool slots uniformly from the pool.

    Items the learner saw in earlier attempts are avoided while the pool still has unseen ones, and no item
    appears twice in one form while a pool can avoid it.
    """
    chosen: dict[int, int] = {slot.position: slot.item_id for slot in slots if slot.item_id is not None}
    used = set(chosen.values())
    for slot in sorted((slot for slot in slots if slot.item_id is None), key=lambda slot: slot.position):
        candidates = _preferred(slot.pool_item_ids, used, set(seen))
        chosen[slot.position] = _stream(seed, "draw", slot.position).choice(candidates)
        used.add(chosen[slot.position])
    return chosen


def _preferred(pool: Sequence[int], used: set[int], seen: set[int]) -> list[int]:
    """Narrow the pool step by step: unused and unseen, then unused, then anything."""
    unique = sorted(set(pool))
    for candidates in (
        [item for item in unique if item not in used and item not in seen],
        [item for item in unique if item not in used],
    ):
        if candidates:
            return candidates
    return unique


def build_form(
    seed: int,
    slots: Sequence[SlotSource],
    *,
    shuffle_questions: bool,
    seen: Collection[int] = frozenset(),
) -> Form:
    chosen = draw_items(seed, slots, seen=seen)
    order = sorted(chosen)
    if shuffle_questions:
        _stream(seed, "questions", 0).shuffle(order)
    return Form(seed=seed, questions=tuple(FormQuestion(position, chosen[position]) for position in order))


def shuffled_options(seed: int, slot_position: int, option_ids: Sequence[int], *, shuffle: bool) -> list[int]:
    """The order a question's options are shown in; authored order when the assessment does not shuffle."""
    order = list(option_ids)
    if shuffle:
        _stream(seed, "options", slot_position).shuffle(order)
    return order


def new_seed() -> int:
    """A fresh attempt seed from the OS's entropy: learners cannot predict or steer their form."""
    return random.SystemRandom().getrandbits(63)
