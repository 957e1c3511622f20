"""Finding a tenant's items, as authors search the bank: by where they sit, their tags, status and type, and
by words in their current content. Every query is scoped by tenant."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from assess.paging import Page, page_of
from itembank.items import ITEM_LOADING, tenant_item
from itembank.models import Bank, Course, Item, ItemVersion, Lesson, Module, Option, Tag, item_tag


@dataclass(frozen=True)
class ItemSearch:
    """Every filter given must hold. `type` and `text` look at each item's latest version (its current
    content, a draft's included); `text` matches a stem or an option's text, ignoring case (ASCII letters on
    SQLite)."""

    bank: str | None = None
    course_id: int | None = None
    module_id: int | None = None
    lesson_id: int | None = None
    tag: str | None = None
    status: str | None = None
    type: str | None = None
    text: str | None = None


def search_items(session: Session, tenant_id: int, search: ItemSearch, *, offset: int, limit: int) -> Page[Item]:
    """Ordered by id, which never changes, so pages stay stable while items are added."""
    query = select(Item).join(Bank).where(Bank.tenant_id == tenant_id).options(*ITEM_LOADING)
    query = _placed(query, search)
    if search.tag is not None:
        query = query.where(
            exists().where(item_tag.c.item_id == Item.id, item_tag.c.tag_id == Tag.id, Tag.name == search.tag)
        )
    if search.status is not None:
        query = query.where(Item.status == search.status)
    if search.type is not None or search.text is not None:
        query = _by_latest_content(query, search)
    return page_of(session, query, order_by=Item.id, offset=offset, limit=limit)


def versions_page(session: Session, tenant_id: int, item_id: int, *, offset: int, limit: int) -> Page[ItemVersion]:
    """An item's history, oldest first."""
    item = tenant_item(session, tenant_id, item_id)
    query = select(ItemVersion).where(ItemVersion.item_id == item.id)
    return page_of(session, query, order_by=ItemVersion.number, offset=offset, limit=limit)


def _placed(query: Select[Item], search: ItemSearch) -> Select[Item]:
    if search.bank is not None:
        query = query.where(Bank.slug == search.bank)
    if search.lesson_id is not None:
        query = query.where(Item.lesson_id == search.lesson_id)
    if search.module_id is not None:
        query = query.where(Item.lesson_id.in_(select(Lesson.id).where(Lesson.module_id == search.module_id)))
    if search.course_id is not None:
        query = query.where(
            Item.lesson_id.in_(select(Lesson.id).join(Module).where(Module.course_id == search.course_id))
        )
    return query


def _by_latest_content(query: Select[Item], search: ItemSearch) -> Select[Item]:
    latest = aliased(ItemVersion)
    newest = select(func.max(ItemVersion.number)).where(ItemVersion.item_id == Item.id).scalar_subquery()
    query = query.join(latest, (latest.item_id == Item.id) & (latest.number == newest))
    if search.type is not None:
        query = query.where(latest.type == search.type)
    if search.text is not None:
        words = search.text.lower()
        query = query.where(
            or_(
                func.lower(latest.stem).contains(words, autoescape=True),
                exists().where(
                    Option.item_version_id == latest.id, func.lower(Option.text).contains(words, autoescape=True)
                ),
            )
        )
    return query


@dataclass(frozen=True)
class BankOutline:
    """What a bank can be browsed and written by: the tenant's banks, its lessons (each with its module and
    course, for the filters and the item's lesson) and the tags in use."""

    banks: list[Bank]
    lessons: list[Lesson]
    tags: list[str]


def bank_outline(session: Session, tenant_id: int) -> BankOutline:
    banks = list(session.scalars(select(Bank).where(Bank.tenant_id == tenant_id).order_by(Bank.id)))
    lessons = list(
        session.scalars(
            select(Lesson)
            .join(Module)
            .join(Course)
            .where(Course.tenant_id == tenant_id)
            .order_by(Course.id, Module.number, Lesson.number)
            .options(selectinload(Lesson.module).selectinload(Module.course))
        )
    )
    tags = list(session.scalars(select(Tag.name).where(Tag.tenant_id == tenant_id).order_by(Tag.name)))
    return BankOutline(banks, lessons, tags)
