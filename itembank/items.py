"""A tenant's items as the REST API writes them: found within the tenant, changed only under the revision the
author last read (If-Match), through the authoring and workflow functions the course file uses too."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from itembank.authoring import create_item, edit_content, get_or_create_bank, set_tags
from itembank.drafts import ItemDraft
from itembank.errors import AuthoringError, DuplicateRefError, NotFoundError
from itembank.models import Bank, Course, Item, ItemStatus, ItemVersion, Lesson, Module, Tenant
from itembank.version_content import VersionDiff, diff_drafts, draft_of
from itembank.workflow import claim_revision, move_version, version_numbered

ITEM_LOADING = (
    selectinload(Item.versions).selectinload(ItemVersion.options),
    selectinload(Item.tags),
    selectinload(Item.bank),
)


def tenant_item(session: Session, tenant_id: int, item_id: int) -> Item:
    """The item, if it is in one of the tenant's banks; another tenant's item is not found, like a missing one."""
    item = session.scalar(
        select(Item).join(Bank).where(Item.id == item_id, Bank.tenant_id == tenant_id).options(*ITEM_LOADING)
    )
    if item is None:
        raise NotFoundError(f"no item {item_id}")
    return item


def add_item(
    session: Session,
    tenant_id: int,
    *,
    bank: str,
    ref: str,
    draft: ItemDraft,
    author: str,
    lesson_id: int | None = None,
    objective: str | None = None,
    tags: Iterable[str] = (),
    now: datetime,
) -> Item:
    """A new item in the tenant's bank `bank` (made if the tenant has none of that name), its version 1 a draft."""
    tenant = session.get_one(Tenant, tenant_id)
    lesson = _tenant_lesson(session, tenant_id, lesson_id)
    return create_item(
        session,
        get_or_create_bank(session, tenant, bank),
        ref,
        draft,
        author=author,
        lesson=lesson,
        objective=objective,
        tags=tags,
        now=now,
    )


def update_item(
    session: Session,
    tenant_id: int,
    item_id: int,
    *,
    if_match: Collection[int],
    content: Mapping[str, Any],
    details: Mapping[str, Any],
    author: str,
    now: datetime,
) -> Item:
    """Apply an author's PATCH under the revision they read.

    `content` holds the draft fields given (the others keep the latest version's values): it is edited into
    the latest version if that is a draft, else into a new draft. `details` holds any of `ref`, `lesson_id`,
    `objective` and `tags`, which describe the item and add no version.
    """
    item = tenant_item(session, tenant_id, item_id)
    claim_revision(session, item, if_match)
    if content:
        edit_content(session, item, dataclasses.replace(draft_of(item.latest), **content), author=author, now=now)
    if "lesson_id" in details:
        item.lesson = _tenant_lesson(session, tenant_id, details["lesson_id"])
    if "objective" in details:
        item.objective = details["objective"]
    if "tags" in details:
        set_tags(session, item, details["tags"])
    if "ref" in details and details["ref"] != item.ref:
        _rename(session, item, details["ref"])
    session.flush()
    return item


def change_status(
    session: Session,
    tenant_id: int,
    item_id: int,
    number: int,
    target: ItemStatus,
    *,
    if_match: Collection[int],
    now: datetime,
) -> Item:
    """Publish or retire one version (`itembank.workflow`), under the revision the author read."""
    item = tenant_item(session, tenant_id, item_id)
    version_numbered(item, number)  # a missing version is a 404 before the revision is looked at
    claim_revision(session, item, if_match)
    move_version(session, item, number, target, now=now)
    return item


def item_version(session: Session, tenant_id: int, item_id: int, number: int) -> ItemVersion:
    return version_numbered(tenant_item(session, tenant_id, item_id), number)


def diff_versions(session: Session, tenant_id: int, item_id: int, before: int, after: int) -> VersionDiff:
    item = tenant_item(session, tenant_id, item_id)
    old, new = draft_of(version_numbered(item, before)), draft_of(version_numbered(item, after))
    return VersionDiff(before, after, diff_drafts(old, new))


def _tenant_lesson(session: Session, tenant_id: int, lesson_id: int | None) -> Lesson | None:
    if lesson_id is None:
        return None
    lesson = session.scalar(
        select(Lesson).join(Module).join(Course).where(Lesson.id == lesson_id, Course.tenant_id == tenant_id)
    )
    if lesson is None:
        raise AuthoringError(f"no lesson {lesson_id}", {"lesson_id": [f"no lesson {lesson_id} in this tenant"]})
    return lesson


def _rename(session: Session, item: Item, ref: str) -> None:
    if session.scalar(select(Item.id).where(Item.bank_id == item.bank_id, Item.ref == ref)) is not None:
        raise DuplicateRefError(f"bank {item.bank.slug} already has an item {ref!r}")
    item.ref = ref
