"""Pools through the API: explicit lists of a bank's items, or saved queries over the bank evaluated at draw time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from assess.paging import Page, page_of
from itembank.errors import AuthoringError, NotFoundError
from itembank.models import Bank, Course, Item, Lesson, Module, Pool

QUERY_FIELDS = ("query_tag", "query_lesson_id", "query_type")


def tenant_pool(session: Session, tenant_id: int, pool_id: int) -> Pool:
    pool = session.scalar(
        select(Pool).join(Bank).where(Pool.id == pool_id, Bank.tenant_id == tenant_id).options(selectinload(Pool.items))
    )
    if pool is None:
        raise NotFoundError(f"no pool {pool_id}")
    return pool


def list_pools(session: Session, tenant_id: int, *, offset: int = 0, limit: int = 50) -> Page[Pool]:
    query = select(Pool).join(Bank).where(Bank.tenant_id == tenant_id).options(selectinload(Pool.items))
    return page_of(session, query, order_by=Pool.id, offset=offset, limit=limit)


def create_pool(session: Session, tenant_id: int, fields: Mapping[str, Any]) -> Pool:
    """`fields`: slug, title, bank_id (optional when the tenant has one bank), and item_ids or a query."""
    pool = Pool(bank=_bank(session, tenant_id, fields.get("bank_id")), is_query=False)
    session.add(pool)
    return _apply(session, pool, {"item_ids": [], **fields})


def update_pool(session: Session, tenant_id: int, pool_id: int, changes: Mapping[str, Any]) -> Pool:
    """Change the title, slug, items or query; a pool turns from items to a query (or back) when given the other."""
    return _apply(session, tenant_pool(session, tenant_id, pool_id), changes)


def _apply(session: Session, pool: Pool, changes: Mapping[str, Any]) -> Pool:
    problems: dict[str, list[str]] = {}
    with session.no_autoflush:  # a new pool is flushed whole, once its fields are set
        if "bank_id" in changes and changes["bank_id"] not in (None, pool.bank.id):
            problems["bank_id"] = ["a pool stays in its bank"]
        if "slug" in changes and changes["slug"] != pool.slug:
            taken = session.scalar(select(Pool.id).where(Pool.bank_id == pool.bank.id, Pool.slug == changes["slug"]))
            if taken is not None:
                problems["slug"] = [f"pool {taken} of this bank already has the slug {changes['slug']!r}"]
            pool.slug = changes["slug"]
        if "title" in changes:
            pool.title = changes["title"]
        query = changes.get("query")
        if query is not None and changes.get("item_ids"):
            problems["query"] = ["a pool is either explicit items or a query, not both"]
        elif query is not None:
            _set_query(session, pool, query, problems)
        elif "item_ids" in changes:
            _set_items(session, pool, changes["item_ids"], problems)
    if problems:
        raise AuthoringError("the pool breaks authoring rules", problems)
    session.flush()
    return pool


def _set_items(session: Session, pool: Pool, item_ids: list[int], problems: dict[str, list[str]]) -> None:
    found = {item.id: item for item in session.scalars(select(Item).where(Item.id.in_(item_ids)))}
    for index, item_id in enumerate(item_ids):
        item = found.get(item_id)
        if item is None or item.bank_id != pool.bank.id:
            problems.setdefault(f"item_ids.{index}", []).append(f"no item {item_id} in the pool's bank")
    if len(set(item_ids)) != len(item_ids):
        problems.setdefault("item_ids", []).append("an item is listed twice")
    pool.is_query = False
    for name in QUERY_FIELDS:
        setattr(pool, name, None)
    pool.items = [found[item_id] for item_id in sorted(set(item_ids)) if item_id in found]  # as loaded: by id


def _set_query(session: Session, pool: Pool, query: Mapping[str, Any], problems: dict[str, list[str]]) -> None:
    lesson_id = query.get("lesson_id")
    if lesson_id is not None:
        tenant = session.scalar(select(Course.tenant_id).join(Module).join(Lesson).where(Lesson.id == lesson_id))
        if tenant != pool.bank.tenant_id:
            problems["query.lesson_id"] = [f"no lesson {lesson_id}"]
    if all(query.get(name) is None for name in ("tag", "lesson_id", "type")):
        problems["query"] = ["a query needs at least one of tag, lesson_id, type"]
    pool.is_query = True
    pool.query_tag, pool.query_lesson_id, pool.query_type = query.get("tag"), lesson_id, query.get("type")
    pool.items = []


def _bank(session: Session, tenant_id: int, bank_id: int | None) -> Bank:
    banks = session.scalars(select(Bank).where(Bank.tenant_id == tenant_id).order_by(Bank.id)).all()
    if bank_id is None and len(banks) == 1:
        return banks[0]
    chosen = next((bank for bank in banks if bank.id == bank_id), None)
    if chosen is None:
        message = f"no bank {bank_id}" if bank_id is not None else "the tenant has several banks (or none): name one"
        raise AuthoringError("the pool breaks authoring rules", {"bank_id": [message]})
    return chosen
