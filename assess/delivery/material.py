"""What delivering and reviewing an item version needs (stem, type, points, options, key, feedback,
rationales), read once per process.

Item versions never change (`itembank.models.immutability`), so what a start delivers of a version can be
kept for the life of the worker with nothing to invalidate: a start then reads only which versions are
delivered, not their content. Two things bound it:

- the memory: at most `capacity` versions, the least recently delivered dropped first (an LRU), so a bank of
  100,000 items costs a worker what its busiest `capacity` versions cost;
- the identity: a version is known by its id *and* its creation moment. SQLite reuses the highest rowid
  after a deletion or a rolled-back insert (a tenant deleted, a test's savepoint), so an id alone could name
  another version later; the pair cannot.

The entries are plain frozen values: no ORM object outlives its session here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from itembank.models import Item, ItemVersion, Option

DEFAULT_CAPACITY = 2048
VersionKey = tuple[int, datetime]  # (item_version.id, item_version.created_at)


@dataclass(frozen=True)
class DeliveredOption:
    id: int
    text: str
    is_correct: bool
    rationale: str | None


@dataclass(frozen=True)
class DeliveredVersion:
    """One item version as a start delivers it, a scorer keys it and a review shows it; options in authored
    order."""

    id: int
    item_id: int
    ref: str  # the item's: authoring never renames an item
    number: int
    type: str
    stem: str
    points: int
    spec: dict[str, Any]
    options: tuple[DeliveredOption, ...]
    feedback_correct: str | None
    feedback_incorrect: str | None
    feedback_general: str | None

    @property
    def option_ids(self) -> list[int]:
        return [option.id for option in self.options]

    def option_text(self) -> dict[int, str]:
        return {option.id: option.text for option in self.options}


def delivered_version(version: ItemVersion) -> DeliveredVersion:
    """A loaded version as a start would deliver it, not cached: a draft's content may still change."""
    return DeliveredVersion(
        version.id,
        version.item_id,
        version.item.ref,
        version.number,
        version.type,
        version.stem,
        version.points,
        dict(version.spec or {}),
        tuple(
            DeliveredOption(option.id, option.text, option.is_correct, option.rationale) for option in version.options
        ),
        version.feedback_correct,
        version.feedback_incorrect,
        version.feedback_general,
    )


class MaterialCache:
    """A bounded LRU of `DeliveredVersion` by `VersionKey`; safe under gthread workers (one lock, held briefly)."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        if capacity < 1:
            raise ValueError("a material cache holds at least one version")
        self.capacity = capacity
        self._entries: OrderedDict[VersionKey, DeliveredVersion] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: VersionKey) -> DeliveredVersion | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: VersionKey, version: DeliveredVersion) -> None:
        with self._lock:
            self._entries[key] = version
            self._entries.move_to_end(key)
            while len(self._entries) > self.capacity:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def versions(self, session: Session, keys: Collection[VersionKey]) -> dict[int, DeliveredVersion]:
        """The versions of `keys` by id: the known ones from memory, the others in two statements."""
        found: dict[int, DeliveredVersion] = {}
        missing: list[VersionKey] = []
        for key in keys:
            known = self.get(key)
            if known is None:
                missing.append(key)
            else:
                found[key[0]] = known
        if missing:
            for key, version in _load(session, missing).items():
                self.put(key, version)
                found[key[0]] = version
        return found


_VERSIONS = (
    select(
        ItemVersion.id,
        ItemVersion.created_at,
        ItemVersion.item_id,
        Item.ref,
        ItemVersion.number,
        ItemVersion.type,
        ItemVersion.stem,
        ItemVersion.points,
        ItemVersion.spec,
        ItemVersion.feedback_correct,
        ItemVersion.feedback_incorrect,
        ItemVersion.feedback_general,
    )
    .join(Item, Item.id == ItemVersion.item_id)
    .where(ItemVersion.id.in_(bindparam("ids", expanding=True)))
)
_OPTIONS = (
    select(Option.item_version_id, Option.id, Option.text, Option.is_correct, Option.rationale)
    .where(Option.item_version_id.in_(bindparam("ids", expanding=True)))
    .order_by(Option.item_version_id, Option.position)
)


def _load(session: Session, keys: list[VersionKey]) -> dict[VersionKey, DeliveredVersion]:
    ids = [version_id for version_id, _created in keys]
    options: dict[int, list[DeliveredOption]] = {}
    for row in session.connection().execute(_OPTIONS, {"ids": ids}):
        options.setdefault(row.item_version_id, []).append(
            DeliveredOption(row.id, row.text, row.is_correct, row.rationale)
        )
    wanted = set(keys)
    loaded = {}
    for row in session.connection().execute(_VERSIONS, {"ids": ids}):
        key = (row.id, row.created_at)
        if key in wanted:  # a key whose version is gone, or another now, is simply not found
            loaded[key] = DeliveredVersion(
                row.id,
                row.item_id,
                row.ref,
                row.number,
                row.type,
                row.stem,
                row.points,
                dict(row.spec or {}),
                tuple(options.get(row.id, ())),
                row.feedback_correct,
                row.feedback_incorrect,
                row.feedback_general,
            )
    return loaded


MATERIAL = MaterialCache()
"""The process's cache: every start of every assessment delivers from it."""
