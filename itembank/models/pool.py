"""Pools are named sets of items that an assessment slot can draw from at random.

A pool is either explicit (its `pool_item` rows) or a saved query: items of its bank with a tag, in a lesson,
of a type (each criterion given narrows it), evaluated when a form is drawn, so an item published later is
drawn without editing the pool.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from itembank.db import Base
from itembank.models.course import Lesson
from itembank.models.item import Bank, Item

pool_item = Table(
    "pool_item",
    Base.metadata,
    Column("pool_id", ForeignKey("pool.id", ondelete="CASCADE"), primary_key=True),
    Column("item_id", ForeignKey("item.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Pool(Base):
    __tablename__ = "pool"
    __table_args__ = (
        UniqueConstraint("bank_id", "slug"),
        CheckConstraint(
            "NOT is_query OR query_tag IS NOT NULL OR query_lesson_id IS NOT NULL OR query_type IS NOT NULL",
            name="query_has_criterion",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    is_query: Mapped[bool] = mapped_column(default=False, comment="a saved query, not explicit items")
    query_tag: Mapped[str | None] = mapped_column(String(100), comment="query: items with this tag")
    query_lesson_id: Mapped[int | None] = mapped_column(
        ForeignKey("lesson.id", ondelete="RESTRICT"), comment="query: items of this lesson"
    )
    query_type: Mapped[str | None] = mapped_column(String(24), comment="query: items of this type")

    bank: Mapped[Bank] = relationship()
    items: Mapped[list[Item]] = relationship(secondary=pool_item, order_by=Item.id)
    query_lesson: Mapped[Lesson | None] = relationship()
