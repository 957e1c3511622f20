"""Writing bank content: the one way in, for the REST API and the course file alike.

An item's content changes only through `edit_content`: a draft is edited in place, anything else gets a new
draft version; `itembank.workflow` then moves versions between draft, published and retired. Every function
flushes and never commits: the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from itembank.db import utcnow
from itembank.drafts import ItemDraft
from itembank.errors import DuplicateRefError
from itembank.models import Bank, Item, ItemStatus, ItemVersion, Lesson, Option, Tag, Tenant
from itembank.workflow import claim_revision, move_version, refresh_status


def get_or_create_tenant(session: Session, slug: str, name: str | None = None) -> Tenant:
    tenant = session.scalar(select(Tenant).where(Tenant.slug == slug))
    if tenant is None:
        tenant = Tenant(slug=slug, name=name or slug)
        session.add(tenant)
        session.flush()
    return tenant


def get_or_create_bank(session: Session, tenant: Tenant, slug: str, title: str | None = None) -> Bank:
    """The tenant's bank `slug`; `title` renames it (the course file's title), None leaves it as it is."""
    bank = session.scalar(select(Bank).where(Bank.tenant_id == tenant.id, Bank.slug == slug))
    if bank is None:
        bank = Bank(tenant_id=tenant.id, slug=slug, title=title or slug)
        session.add(bank)
    if title is not None and bank.title != title:
        bank.title = title
    session.flush()
    return bank


def create_item(
    session: Session,
    bank: Bank,
    ref: str,
    draft: ItemDraft,
    *,
    author: str,
    lesson: Lesson | None = None,
    objective: str | None = None,
    tags: Iterable[str] = (),
    publish: bool = False,
    now: datetime | None = None,
) -> Item:
    """A new item whose version 1 is `draft`, as a draft (checked only when published) or, with `publish`,
    published at once (checked fully first)."""
    now = now or utcnow()
    item = Item(bank_id=bank.id, ref=ref, lesson=lesson, objective=objective, status=ItemStatus.DRAFT)
    _add_version(item, draft, author=author, now=now)
    try:
        with session.begin_nested():
            session.add(item)
    except IntegrityError:
        if session.scalar(select(Item.id).where(Item.bank_id == bank.id, Item.ref == ref)) is None:
            raise
        raise DuplicateRefError(f"bank {bank.slug} already has an item {ref!r}") from None
    set_tags(session, item, tags)
    if publish:
        move_version(session, item, 1, ItemStatus.PUBLISHED, now=now)
    session.flush()
    return item


def edit_content(
    session: Session, item: Item, draft: ItemDraft, *, author: str, now: datetime | None = None
) -> ItemVersion | None:
    """Make `draft` the item's newest content: the latest version if it is a draft (edited in place), else a
    new draft version. None when the newest content is `draft` already."""
    now = now or utcnow()
    latest = item.latest
    if latest.content_hash == draft.content_hash():
        return None
    if latest.status != ItemStatus.DRAFT:
        version = _add_version(item, draft, author=author, now=now)
        refresh_status(item)
    else:
        version = latest
        _write_content(version, draft)
        version.author = author
        version.updated_at = now
    session.flush()
    return version


def revise_item(
    session: Session, item: Item, draft: ItemDraft, *, author: str, now: datetime | None = None
) -> ItemVersion | None:
    """The course file's edit: `draft` is authored content, so it is published, in a new version only when it
    differs from the item's last published or retired one. None when it does not (a draft made through the
    API meanwhile is left alone)."""
    now = now or utcnow()
    settled = [version for version in item.versions if version.status != ItemStatus.DRAFT]
    if settled and settled[-1].content_hash == draft.content_hash():
        return None
    claim_revision(session, item, None)
    version = edit_content(session, item, draft, author=author, now=now) or item.latest
    return move_version(session, item, version.number, ItemStatus.PUBLISHED, now=now)


def set_tags(session: Session, item: Item, names: Iterable[str]) -> bool:
    """Tags describe the item, not its content, so changing them adds no version. True when they changed."""
    wanted = sorted(set(names))
    if [tag.name for tag in item.tags] == wanted:
        return False
    tenant_id = item.bank.tenant_id
    existing = {
        tag.name: tag for tag in session.scalars(select(Tag).where(Tag.tenant_id == tenant_id, Tag.name.in_(wanted)))
    }
    for name in wanted:
        if name not in existing:
            existing[name] = Tag(tenant_id=tenant_id, name=name)
            session.add(existing[name])
    item.tags = [existing[name] for name in wanted]
    session.flush()
    return True


def _add_version(item: Item, draft: ItemDraft, *, author: str, now: datetime) -> ItemVersion:
    version = ItemVersion(
        number=len(item.versions) + 1, status=ItemStatus.DRAFT, author=author, created_at=now, updated_at=now
    )
    _write_content(version, draft)
    item.versions.append(version)
    return version


def _write_content(version: ItemVersion, draft: ItemDraft) -> None:
    """Set a version's content to `draft`'s. Options are rewritten position by position, so an edit of a draft
    never inserts a position that an option still holds."""
    version.type = draft.type
    version.stem = draft.stem
    version.points = draft.points
    version.feedback_correct = draft.feedback_correct
    version.feedback_incorrect = draft.feedback_incorrect
    version.feedback_general = draft.feedback_general
    version.spec = dict(draft.spec)
    version.content_hash = draft.content_hash()
    kept = version.options[: len(draft.options)]
    for position, option in enumerate(draft.options):
        if position < len(kept):
            existing = kept[position]
            existing.text, existing.is_correct, existing.rationale = option.text, option.correct, option.rationale
        else:
            kept.append(
                Option(position=position, text=option.text, is_correct=option.correct, rationale=option.rationale)
            )
    version.options = kept
