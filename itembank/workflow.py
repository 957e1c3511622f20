"""Each version's workflow, draft -> published -> retired and retired -> published, and the item's revision.

At most one version of an item is published: it is the one delivered. Publishing another version retires it
first, so retiring the published version takes the item out of every future form, and an older version can
be brought back by publishing it again. Retired versions stay in the bank for the attempts and analytics
that point at them. Every function flushes and never commits.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from itembank.drafts import check_draft
from itembank.errors import InvalidTransitionError, NotFoundError, StaleItemError
from itembank.models import Item, ItemStatus, ItemVersion
from itembank.version_content import draft_of

TRANSITIONS: dict[ItemStatus, frozenset[ItemStatus]] = {
    ItemStatus.DRAFT: frozenset({ItemStatus.PUBLISHED}),
    ItemStatus.PUBLISHED: frozenset({ItemStatus.RETIRED}),
    ItemStatus.RETIRED: frozenset({ItemStatus.PUBLISHED}),
}


def claim_revision(session: Session, item: Item, expected: Collection[int] | None) -> None:
    """Take the next revision of `item`, only if its current one is among `expected` (None: any).

    One conditional UPDATE, before anything else of the change is written: of two edits naming the same
    revision, the second's UPDATE waits for the first to commit (PostgreSQL's row lock; SQLite's one writer)
    and then matches no row, so it is refused, never applied over the first.
    """
    if expected is not None and item.revision not in expected:
        raise _stale(item.revision)
    condition = Item.id == item.id
    if expected is not None:
        condition &= Item.revision == item.revision
    revision = session.scalar(
        update(Item)
        .where(condition)
        .values(revision=Item.revision + 1)
        .returning(Item.revision)
        .execution_options(synchronize_session=False)
    )
    if revision is None:
        raise _stale(None)
    set_committed_value(item, "revision", revision)


def _stale(current: int | None) -> StaleItemError:
    return StaleItemError("the item changed since the ETag given in If-Match; read it again and retry", current)


def version_numbered(item: Item, number: int) -> ItemVersion:
    for version in item.versions:
        if version.number == number:
            return version
    raise NotFoundError(f"item {item.id} has no version {number}")


def move_version(session: Session, item: Item, number: int, target: ItemStatus, *, now: datetime) -> ItemVersion:
    """Move one version to `target`; publishing checks its content fully and retires the published one."""
    version = version_numbered(item, number)
    if target not in TRANSITIONS[ItemStatus(version.status)]:
        raise InvalidTransitionError(f"version {number} is {version.status}; it cannot become {target}")
    if target == ItemStatus.PUBLISHED:
        check_draft(draft_of(version))
        current = item.published
        if current is not None:
            _set_status(current, ItemStatus.RETIRED, now)
            session.flush()  # the one published version per item is a unique index: retire before publishing
    _set_status(version, target, now)
    refresh_status(item)
    session.flush()
    return version


def _set_status(version: ItemVersion, status: ItemStatus, now: datetime) -> None:
    version.status = status
    version.updated_at = now


def refresh_status(item: Item) -> None:
    """The item's status, derived from its versions (see `Item`); called wherever a version's status moves."""
    statuses = {version.status for version in item.versions}
    if ItemStatus.PUBLISHED in statuses:
        item.status = ItemStatus.PUBLISHED
    elif ItemStatus.RETIRED in statuses:
        item.status = ItemStatus.RETIRED
    else:
        item.status = ItemStatus.DRAFT
