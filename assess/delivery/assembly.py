"""The bank reads that assemble a new attempt's form: what each slot can draw from, what the learner has
seen, and the version of each drawn item that is delivered (its one published version: drafts and retired
versions are never delivered)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from assess.errors import EmptyAssessmentError
from assess.forms import SlotSource
from assess.models import Attempt, AttemptQuestion
from itembank.models import AssessmentSlot, Item, ItemStatus, ItemVersion, Pool


def slot_source(session: Session, slot: AssessmentSlot) -> SlotSource:
    if slot.item_id is not None:
        return SlotSource(slot.position, item_id=slot.item_id)
    pool_items = session.scalars(
        select(Item.id)
        .join(Pool.items)
        .where(Pool.id == slot.pool_id, Item.status == ItemStatus.PUBLISHED)
        .order_by(Item.id)
    ).all()
    if not pool_items:
        raise EmptyAssessmentError(f"pool of slot {slot.position} has no published items")
    return SlotSource(slot.position, pool_item_ids=tuple(pool_items))


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


def latest_versions(session: Session, item_ids: list[int]) -> dict[int, ItemVersion]:
    """Each item's latest published version; an item with none (a draft, a retired item) is left out."""
    latest = (
        select(ItemVersion.item_id, func.max(ItemVersion.number).label("number"))
        .where(ItemVersion.item_id.in_(item_ids), ItemVersion.status == ItemStatus.PUBLISHED)
        .group_by(ItemVersion.item_id)
        .subquery()
    )
    versions = session.scalars(
        select(ItemVersion)
        .join(latest, (ItemVersion.item_id == latest.c.item_id) & (ItemVersion.number == latest.c.number))
        .options(selectinload(ItemVersion.options), joinedload(ItemVersion.item))
    ).all()
    return {version.item_id: version for version in versions}
