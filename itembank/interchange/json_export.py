"""The bank's documented, stable JSON export (docs/export-format.md).

Stable means: keys and their meaning change only with `format`, items are ordered by bank and reference,
options in authored order, and text is written as UTF-8 characters, so two exports of the same bank are
byte-identical and diff cleanly.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from itembank.models import Assessment, AssessmentSlot, Bank, Item, ItemVersion, Lesson, Module, Tenant

EXPORT_FORMAT = "assess.bank-export/1"


def export_bank(session: Session, tenant: Tenant) -> dict[str, Any]:
    """Every item of the tenant at the version learners get (its published one; a never-published item at its
    latest draft), with its key, feedback, lesson and assessments."""
    items = session.scalars(
        select(Item)
        .join(Bank)
        .where(Bank.tenant_id == tenant.id)
        .order_by(Bank.slug, Item.ref)
        .options(
            selectinload(Item.versions).selectinload(ItemVersion.options),
            selectinload(Item.tags),
            selectinload(Item.lesson).selectinload(Lesson.module).selectinload(Module.course),
            selectinload(Item.bank),
        )
    ).all()
    placements = _placements(session, tenant)
    return {
        "format": EXPORT_FORMAT,
        "tenant": tenant.slug,
        "items": [_item(item, placements.get(item.id, [])) for item in items],
    }


def _placements(session: Session, tenant: Tenant) -> dict[int, list[dict[str, Any]]]:
    rows = session.execute(
        select(AssessmentSlot.item_id, AssessmentSlot.position, Assessment.slug, Assessment.title)
        .join(Assessment)
        .where(Assessment.tenant_id == tenant.id, AssessmentSlot.item_id.is_not(None))
        .order_by(Assessment.slug, AssessmentSlot.position)
    )
    placements: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for item_id, position, slug, title in rows:
        # An int: the query keeps only slots with an item (a pool slot's item_id is NULL).
        placements[cast(int, item_id)].append({"id": slug, "title": title, "position": position})
    return placements


def _item(item: Item, assessments: list[dict[str, Any]]) -> dict[str, Any]:
    version = item.published or item.latest
    return {
        "id": item.ref,
        "bank": item.bank.slug,
        "version": version.number,
        "status": item.status,
        "version_status": version.status,
        "type": version.type,
        "points": version.points,
        "stem": version.stem,
        "options": [
            {
                "label": option.label,
                "text": option.text,
                "correct": option.is_correct,
                "rationale": option.rationale,
            }
            for option in version.options
        ],
        "answer_key": [option.label for option in version.keyed_options],
        "feedback": {
            "correct": version.feedback_correct,
            "incorrect": version.feedback_incorrect,
            "general": version.feedback_general,
        },
        "spec": version.spec,
        "lesson": _lesson(item.lesson),
        "objective": item.objective,
        "tags": [tag.name for tag in item.tags],
        "assessments": assessments,
    }


def _lesson(lesson: Lesson | None) -> dict[str, Any] | None:
    if lesson is None:
        return None
    return {
        "course": lesson.module.course.slug,
        "module": lesson.module.slug,
        "slug": lesson.slug,
        "number": lesson.number,
        "title": lesson.title,
    }
