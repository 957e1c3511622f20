"""One page of a list: the total first, then the rows at an offset, in an order that never changes.

Offsets from client page numbers can be astronomically large; SQL integers cannot. Past the end is empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

MAX_OFFSET = 2**62
T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int


def safe_offset(offset: int) -> int:
    return max(0, min(offset, MAX_OFFSET))


def page_of(
    session: Session, query: Select[Any], *, order_by: Any | tuple[Any, ...], offset: int, limit: int
) -> Page[Any]:
    """Count `query`, then read `limit` of its rows from `offset` in `order_by` order.

    `order_by` should end in a unique column (an id), so rows equal on the rest keep their place between pages.
    """
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    ordering = order_by if isinstance(order_by, tuple) else (order_by,)
    rows = session.scalars(query.order_by(*ordering).offset(safe_offset(offset)).limit(limit)).all()
    return Page(list(rows), total)
