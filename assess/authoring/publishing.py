"""The rules an assessment must pass to be published, and every revision after: read from the bank as it is now.

Problems are keyed by field: `slots.<position>` (the slot's 1-based position) for what a slot cannot supply,
`pass_percent` for a threshold no form can reach (with no slots: every slot is worth a point or more, so any
threshold up to 100% is reached by full marks). A publish or a revision with any is refused whole (a 422).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.authoring.published import pool_item_ids, published_items
from assess.authoring.supply import shortages
from itembank.models import Assessment, Item


def publish_problems(session: Session, assessment: Assessment) -> dict[str, list[str]]:
    """Every slot can be filled at once with a different published item (slots drawing from overlapping pools
    compete for the same items), and the pass threshold can be reached."""
    if not assessment.slots:
        # Every slot is worth at least a point, so a threshold of at most 100% is out of reach only without slots.
        empty = {"slots": ["an assessment needs at least one slot to be published"]}
        if assessment.pass_threshold > 0:
            empty["pass_percent"] = [f"{assessment.pass_percent}% cannot be reached: there are no points to earn"]
        return empty
    problems: dict[str, list[str]] = {}
    fixed = {slot.item_id for slot in assessment.slots if slot.item_id is not None}
    published = set(session.scalars(select(Item.id).where(Item.id.in_(fixed), published_items())))
    candidates: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for slot in assessment.slots:
        if slot.item_id is not None:
            candidates[slot.position] = [slot.item_id] if slot.item_id in published else []
            names[slot.position] = f"item {slot.item_id}"
            if slot.item_id not in published:
                problems[f"slots.{slot.position}"] = [f"item {slot.item_id} is not published"]
        elif slot.pool is not None:
            candidates[slot.position] = list(session.scalars(pool_item_ids(slot.pool)))
            names[slot.position] = f"pool {slot.pool.slug!r}"
    for shortage in shortages(candidates):
        sources = ", ".join(sorted({names[position] for position in shortage.positions}))
        message = (
            f"the slots at positions {', '.join(map(str, shortage.positions))} ({sources}) need "
            f"{len(shortage.positions)} different published items and can have only {shortage.available}"
        )
        for position in shortage.positions:
            problems.setdefault(f"slots.{position}", []).append(message)
    return problems
