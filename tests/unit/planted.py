"""Planted data for the flag rules: a nominal response model (Bock 1972) with one miskeyed item, one hard item
whose key is right, and distractors almost no one picks.

P(learner of ability θ chooses option j) = exp(a_j θ + c_j) / Σ_k exp(a_k θ + c_k). An option with a large positive
slope a is what able learners choose: on a right item that is the key; on the miskeyed item it is option C while
the key is option A, a misconception of the weaker learners (negative slope). The hard item's key has the largest
slope but a low intercept, so few choose it and its distractors take most of the upper third too: the old
"upper third prefers a distractor" rule fired on all of them.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from assess.stats import Answer, CountTables, SlotSpec, VersionSpec, build_count_tables

ITEMS = 15
LETTERS = "ABCD"
MISKEYED = 5  # keyed A; able learners choose C
HARD = 9  # keyed A, right, facility about 20%
RARE = {12: "D", 3: "D"}  # slot 12's D is chosen by about 0.5%, slot 3's by about 3%
TEXTS = {
    MISKEYED: ("Lyon, the largest city on the Rhône and once capital of the Gauls", "Marseille", "Paris", "Toulouse"),
}


@dataclass(frozen=True)
class PlantedItem:
    slopes: tuple[float, float, float, float]
    intercepts: tuple[float, float, float, float]
    key: str = "A"


def planted_items() -> dict[int, PlantedItem]:
    items = {}
    for slot in range(1, ITEMS + 1):
        easiness = 1.5 - 3.0 * (slot - 1) / (ITEMS - 1)  # from easy to moderately hard
        items[slot] = PlantedItem((1.3, -0.4, -0.5, -0.4), (easiness + 0.8, 0.0, 0.1, -0.1))
    items[MISKEYED] = PlantedItem((-0.5, -0.6, 1.6, -0.5), (0.6, -0.2, 0.3, -0.4))
    items[HARD] = PlantedItem((0.9, 0.1, 0.0, 0.1), (-1.0, 0.2, 0.1, 0.2))
    items[12] = PlantedItem((1.3, -0.3, -0.4, -0.6), (1.0, 0.0, 0.0, -5.0))
    items[3] = PlantedItem((1.3, -0.3, -0.4, -0.6), (1.5, 0.0, 0.0, -2.0))
    return items


def choose(rng: random.Random, item: PlantedItem, theta: float) -> str:
    weights = [math.exp(a * theta + c) for a, c in zip(item.slopes, item.intercepts, strict=True)]
    return rng.choices(LETTERS, weights)[0]


def planted_tables(seed: int, learners: int = 400) -> tuple[CountTables, dict[int, PlantedItem]]:
    rng = random.Random(seed)
    items = planted_items()
    attempts = []
    for _ in range(learners):
        theta = rng.gauss(0, 1)
        row = []
        for item in items.values():
            chosen = choose(rng, item, theta)
            row.append(Answer(int(chosen == item.key), "1", chosen))
        attempts.append(row)
    slots = [SlotSpec(slot, 1) for slot in items]
    versions = [
        VersionSpec(
            slot,
            "1",
            tuple((letter, letter == item.key) for letter in LETTERS),
            option_texts=TEXTS.get(slot, tuple(f"option text {letter}" for letter in LETTERS)),
        )
        for slot, item in items.items()
    ]
    return build_count_tables(attempts, slots, versions), items
