"""The bank reads that assemble a new attempt's form: what each slot can draw from, what the learner has
seen, and the version of each drawn item that is delivered (its one published version: drafts and retired
versions are never delivered).

`latest_versions` is the one place that decides which version of an item is delivered; the content of that
version comes from the process's cache of delivered material (`assess.delivery.material`)."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from assess.authoring.published import pool_item_ids
from assess.delivery.material import MATERIAL, DeliveredVersion, VersionKey
from assess.errors import EmptyAssessmentError
from assess.forms import SlotSource
from assess.models import Attempt, AttemptQuestion
from itembank.models import ItemStatus, ItemVersion, Pool


def slot_source(session: Session, position: int, item_id: int | None, pool_id: int | None) -> SlotSource:
    """What the assessment's slot at `position` can hold: its fixed item, or the published items its pool
    holds now (`pool_item_ids`: a query pool is evaluated at the draw)."""
    if item_id is not None:
        return SlotSource(position, item_id=item_id)
    pool = session.get(Pool, pool_id) if pool_id is not None else None
    if pool is None:
        raise ValueError(f"slot {position} has neither an item nor a pool")
    pool_items = session.scalars(pool_item_ids(pool)).all()
    if not pool_items:
        raise EmptyAssessmentError(f"pool of slot {position} has no published items")
    return SlotSource(position, pool_item_ids=tuple(pool_items))


def seen_items(session: Session, assessment_id: int, learner_id: str) -> set[int]:
    """Items of the learner's earlier attempts, which draws avoid while a pool has unseen ones."""
    return set(
        session.scalars(
            select(ItemVersion.item_id)
            .join(AttemptQuestion, AttemptQuestion.item_version_id == ItemVersion.id)
            .join(Attempt)
            .where(Attempt.assessment_id == assessment_id, Attempt.learner_id == learner_id)
        )
    )


# The version of an item that is delivered: its published one. One per item at most (the partial unique index
# `uq_item_version_published`), so a join on it adds no row. A start's read joins it for its fixed slots.
DELIVERED_VERSION = ItemVersion.status == ItemStatus.PUBLISHED
_LATEST_VERSIONS = select(ItemVersion.item_id, ItemVersion.id, ItemVersion.created_at).where(
    ItemVersion.item_id.in_(bindparam("item_ids", expanding=True)), DELIVERED_VERSION
)


def latest_versions(
    session: Session, item_ids: list[int], known: Mapping[int, VersionKey | None] | None = None
) -> dict[int, DeliveredVersion]:
    """Each item's published version, by item id; an item with none (a draft, a retired item) is left out.

    `known`: the delivered version of some items already read by `DELIVERED_VERSION` (None: the item has
    none), for which nothing more is read. At most one statement for the others; the content from memory."""
    known = known or {}
    keys = {item_id: known[item_id] for item_id in item_ids if item_id in known}
    unknown = [item_id for item_id in item_ids if item_id not in known]
    if unknown:
        rows = session.connection().execute(_LATEST_VERSIONS, {"item_ids": unknown}).all()
        keys.update({row.item_id: (row.id, row.created_at) for row in rows})
    delivered = {item_id: key for item_id, key in keys.items() if key is not None}
    versions = MATERIAL.versions(session, list(delivered.values()))
    return {item_id: versions[key[0]] for item_id, key in delivered.items()}
