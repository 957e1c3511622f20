"""Banks hold items; an item's content lives in immutable versions with their options.

An edit never changes a version: it adds the next one. Attempts and analytics point at versions, so a
learner's result and an item's statistics always refer to the exact text that was delivered.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from itembank.db import Base
from itembank.models._columns import created_at, enum_check, enum_column
from itembank.models.course import Lesson
from itembank.models.enums import ItemStatus, ItemType


class Bank(Base):
    """A tenant's named collection of items and pools (one per course, or shared across courses)."""

    __tablename__ = "bank"
    __table_args__ = (UniqueConstraint("tenant_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = created_at()

    items: Mapped[list[Item]] = relationship(back_populates="bank")


class Tag(Base):
    __tablename__ = "tag"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))


item_tag = Table(
    "item_tag",
    Base.metadata,
    Column("item_id", ForeignKey("item.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Item(Base):
    """A question's identity across edits: its stable reference, lesson, tags and status."""

    __tablename__ = "item"
    __table_args__ = (UniqueConstraint("bank_id", "ref"), enum_check("status", ItemStatus))

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"))
    ref: Mapped[str] = mapped_column(String(100), comment="the author's stable id, unique within the bank")
    lesson_id: Mapped[int | None] = mapped_column(ForeignKey("lesson.id", ondelete="SET NULL"), index=True)
    objective: Mapped[str | None] = mapped_column(Text, comment="learning objective the item assesses")
    status: Mapped[str] = enum_column(ItemStatus, default=ItemStatus.PUBLISHED)
    created_at: Mapped[datetime] = created_at()

    bank: Mapped[Bank] = relationship(back_populates="items")
    lesson: Mapped[Lesson | None] = relationship()
    tags: Mapped[list[Tag]] = relationship(secondary=item_tag, order_by=Tag.name)
    versions: Mapped[list[ItemVersion]] = relationship(
        back_populates="item", order_by="ItemVersion.number", cascade="all, delete-orphan"
    )

    @property
    def latest(self) -> ItemVersion:
        return self.versions[-1]


class ItemVersion(Base):
    """One immutable state of an item's content; a flush that would change it is refused."""

    __tablename__ = "item_version"
    __table_args__ = (UniqueConstraint("item_id", "number"), enum_check("type", ItemType))

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(comment="1, 2, ... in order of creation")
    type: Mapped[str] = enum_column(ItemType)
    stem: Mapped[str] = mapped_column(Text)
    points: Mapped[int] = mapped_column(default=1, comment="maximum points; earned points may be a fraction")
    feedback_correct: Mapped[str | None] = mapped_column(Text)
    feedback_incorrect: Mapped[str | None] = mapped_column(Text)
    feedback_general: Mapped[str | None] = mapped_column(Text)
    spec: Mapped[dict[str, Any]] = mapped_column(
        JSON, default=dict, comment="type-specific settings: numeric tolerance, accepted texts, ..."
    )
    content_hash: Mapped[str] = mapped_column(String(64), comment="sha256 of the canonical content")
    created_at: Mapped[datetime] = created_at()

    item: Mapped[Item] = relationship(back_populates="versions")
    options: Mapped[list[Option]] = relationship(
        back_populates="version", order_by="Option.position", cascade="all, delete-orphan"
    )

    @property
    def keyed_options(self) -> list[Option]:
        return [option for option in self.options if option.is_correct]


class Option(Base):
    __tablename__ = "option"
    __table_args__ = (UniqueConstraint("item_version_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_version_id: Mapped[int] = mapped_column(ForeignKey("item_version.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(comment="authored order, 0-based; delivery may shuffle it")
    text: Mapped[str] = mapped_column(Text)
    is_correct: Mapped[bool]
    rationale: Mapped[str | None] = mapped_column(Text, comment="why this option is right or wrong")

    version: Mapped[ItemVersion] = relationship(back_populates="options")

    @property
    def label(self) -> str:
        """A, B, C ... in authored order; stable within a version, used in exports and analytics."""
        return chr(ord("A") + self.position)
