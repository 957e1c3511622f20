"""Pools are named sets of items that an assessment slot can draw from at random."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from itembank.db import Base
from itembank.models.item import Bank, Item

pool_item = Table(
    "pool_item",
    Base.metadata,
    Column("pool_id", ForeignKey("pool.id", ondelete="CASCADE"), primary_key=True),
    Column("item_id", ForeignKey("item.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Pool(Base):
    __tablename__ = "pool"
    __table_args__ = (UniqueConstraint("bank_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))

    bank: Mapped[Bank] = relationship()
    items: Mapped[list[Item]] = relationship(secondary=pool_item, order_by=Item.id)
