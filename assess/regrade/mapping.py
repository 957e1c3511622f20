"""How an answer given on one version of an item is read on a later version: options matched by position.

Each version has option rows of its own, so a stored response names the old version's option ids. A regrade
takes option `position` (the authored order, A, B, C ...) as the identity of an option across versions: the
learner who chose the old B chose the new B, whatever its text now says or whether it is now keyed. That is
only sound while the option set keeps its shape, so a version of another type, or with another number of
options, is refused rather than guessed at (an added, removed or reordered option would silently move
answers). Numeric and short-text answers name no option and carry over as they are.

Pure: plain values in, plain values out; no database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assess.errors import RegradeIncompatibleError


@dataclass(frozen=True)
class VersionShape:
    """What the mapping reads of a version: its number, its type and its option ids in authored order."""

    number: int
    type: str
    option_ids: Sequence[int]


def option_mapping(old: VersionShape, new: VersionShape) -> Mapping[int, int]:
    """Old option id -> new option id, by position; RegradeIncompatibleError when the shapes differ."""
    if old.type != new.type:
        raise RegradeIncompatibleError(
            f"version {old.number} is {old.type} and version {new.number} is {new.type}: "
            "answers cannot be carried across item types"
        )
    if len(old.option_ids) != len(new.option_ids):
        raise RegradeIncompatibleError(
            f"version {old.number} has {len(old.option_ids)} options and version {new.number} has "
            f"{len(new.option_ids)}: answers are carried by option position, which needs the same number"
        )
    return dict(zip(old.option_ids, new.option_ids, strict=True))
