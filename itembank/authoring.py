"""Creating and revising bank content. Every function flushes and never commits: the caller owns the transaction."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from itembank.drafts import ItemDraft, check_draft
from itembank.models import Bank, Item, ItemStatus, ItemVersion, Lesson, Option, Tag, Tenant


def get_or_create_tenant(session: Session, slug: str, name: str | None = None) -> Tenant:
    tenant = session.scalar(select(Tenant).where(Tenant.slug == slug))
    if tenant is None:
        tenant = Tenant(slug=slug, name=name or slug)
        session.add(tenant)
        session.flush()
    return tenant


def get_or_create_bank(session: Session, tenant: Tenant, slug: str, title: str) -> Bank:
    bank = session.scalar(select(Bank).where(Bank.tenant_id == tenant.id, Bank.slug == slug))
    if bank is None:
        bank = Bank(tenant_id=tenant.id, slug=slug, title=title)
        session.add(bank)
    bank.title = title
    session.flush()
    return bank


def create_item(
    session: Session,
    bank: Bank,
    ref: str,
    draft: ItemDraft,
    *,
    lesson: Lesson | None = None,
    tags: Iterable[str] = (),
) -> Item:
    check_draft(draft)
    item = Item(bank=bank, ref=ref, lesson=lesson, status=ItemStatus.PUBLISHED)
    session.add(item)
    _add_version(item, draft, number=1)
    set_tags(session, item, tags)
    session.flush()
    return item


def revise_item(session: Session, item: Item, draft: ItemDraft) -> ItemVersion | None:
    """Add a new version when the content differs from the latest; return None when nothing changed."""
    check_draft(draft)
    if item.versions and item.latest.content_hash == draft.content_hash():
        return None
    version = _add_version(item, draft, number=len(item.versions) + 1)
    session.flush()
    return version


def set_tags(session: Session, item: Item, names: Iterable[str]) -> None:
    """Tags describe the item, not its content, so changing them adds no version."""
    wanted = sorted(set(names))
    if [tag.name for tag in item.tags] == wanted:
        return
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


def _add_version(item: Item, draft: ItemDraft, *, number: int) -> ItemVersion:
    version = ItemVersion(
        number=number,
        type=draft.type,
        stem=draft.stem,
        points=draft.points,
        feedback_correct=draft.feedback_correct,
        feedback_incorrect=draft.feedback_incorrect,
        feedback_general=draft.feedback_general,
        spec=dict(draft.spec),
        content_hash=draft.content_hash(),
        options=[
            Option(position=position, text=option.text, is_correct=option.correct, rationale=option.rationale)
            for position, option in enumerate(draft.options)
        ],
    )
    item.versions.append(version)
    return version
