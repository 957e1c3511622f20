"""Whether an assessment's slots can all be filled at once with different published items: pure, no database.

Each slot (a fixed item, or a draw from a pool) may hold any of its candidates, and no item may fill two
slots. Slots drawing from overlapping pools compete for the same items, so counting each pool on its own is
not enough: two slots from a pool of 3 and two from a pool of 2 inside it need 4 items and have only 3. This is
bipartite matching (slots to items, Kuhn's augmenting paths). When some slots cannot be filled, Hall's theorem
names why: the slots reachable from an unfilled one by alternating paths need more items than they have.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Shortage:
    """These slots need `len(positions)` different items and their candidates hold only `available`."""

    positions: tuple[int, ...]
    available: int


def shortages(candidates: Mapping[int, Sequence[int]]) -> list[Shortage]:
    """`candidates`: slot position -> the published items that may fill it. Empty when every slot can be filled."""
    holder: dict[int, int] = {}  # item -> the slot it fills
    unfilled = [position for position in sorted(candidates) if not _augment(position, candidates, holder, set())]
    found: list[Shortage] = []
    covered: set[int] = set()
    for position in unfilled:
        if position in covered:
            continue
        slots, items = _reachable(position, candidates, holder)
        covered |= slots
        found.append(Shortage(tuple(sorted(slots)), len(items)))
    return found


def _augment(position: int, candidates: Mapping[int, Sequence[int]], holder: dict[int, int], tried: set[int]) -> bool:
    for item in candidates[position]:
        if item in tried:
            continue
        tried.add(item)
        if item not in holder or _augment(holder[item], candidates, holder, tried):
            holder[item] = position
            return True
    return False


def _reachable(
    start: int, candidates: Mapping[int, Sequence[int]], holder: dict[int, int]
) -> tuple[set[int], set[int]]:
    """Slots and items on alternating paths from an unfilled slot: every such item is held by a slot in the set."""
    slots, items, frontier = {start}, set[int](), [start]
    while frontier:
        for item in candidates[frontier.pop()]:
            if item in items:
                continue
            items.add(item)
            other = holder[item]  # held: otherwise an augmenting path would have filled `start`
            if other not in slots:
                slots.add(other)
                frontier.append(other)
    return slots, items
