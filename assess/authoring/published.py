"""Which bank items may be delivered, and which of them a pool holds now: the reads a draw and a publish share.

`published_items` is the one place that says what "published" means for delivery, so a change to the bank's
workflow (a published version rather than an item status) is made here and nowhere else.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, select

from itembank.models import Item, ItemStatus, ItemVersion, Pool, Tag, pool_item


def published_items() -> ColumnElement[bool]:
    """The condition on `Item` that it may be delivered: drawn, or held by a fixed slot."""
    return Item.status == ItemStatus.PUBLISHED


def pool_item_ids(pool: Pool) -> Select[int]:
    """The ids of the published items the pool holds at this moment, in id order.

    An explicit pool holds its listed items; a query pool the items of its bank matching every criterion it
    has, evaluated now, so an item published after the pool was saved is drawn too.
    """
    query = select(Item.id).where(published_items())
    if not pool.is_query:
        query = query.join(pool_item, pool_item.c.item_id == Item.id).where(pool_item.c.pool_id == pool.id)
    else:
        query = query.where(Item.bank_id == pool.bank_id)
        if pool.query_tag is not None:
            query = query.where(Item.tags.any(Tag.name == pool.query_tag))
        if pool.query_lesson_id is not None:
            query = query.where(Item.lesson_id == pool.query_lesson_id)
        if pool.query_type is not None:
            query = query.where(
                Item.versions.any((ItemVersion.type == pool.query_type) & (ItemVersion.status == ItemStatus.PUBLISHED))
            )
    return query.order_by(Item.id)
