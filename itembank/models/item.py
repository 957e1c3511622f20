"""Banks hold items; an item's content lives in versions with their options, each with its own workflow.

A version is a draft (editable in place, never delivered), published (delivered, never changed again) or
retired (kept for the attempts and analytics that used it, never drawn again). An edit of a published or
retired version adds the next version, as a draft. Attempts and analytics point at versions, so a learner's
result and an item's statistics always refer to the exact text that was delivered.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from itembank.db import Base, UTCDateTime, utcnow
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
    """A question's identity across edits: its stable reference, lesson, tags and status.

    `status` is derived from the versions, kept by `itembank.workflow.refresh_status` in the same flush as
    any change to them: `published` while one version is published (the one delivered), else `retired` if
    one ever was, else `draft`. Pools draw on it, so a draw never meets an item with nothing to deliver.
    `revision` counts every change to the item or its versions; it is the ETag edits must name.
    """

    __tablename__ = "item"
    __table_args__ = (UniqueConstraint("bank_id", "ref"), enum_check("status", ItemStatus))

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(ForeignKey("bank.id", ondelete="CASCADE"))
    ref: Mapped[str] = mapped_column(String(100), comment="the author's stable id, unique within the bank")
    lesson_id: Mapped[int | None] = mapped_column(ForeignKey("lesson.id", ondelete="SET NULL"), index=True)
    objective: Mapped[str | None] = mapped_column(Text, comment="learning objective the item assesses")
    status: Mapped[str] = enum_column(ItemStatus, default=ItemStatus.DRAFT)
    revision: Mapped[int] = mapped_column(default=1, comment="1, 2, ...: bumped by every change; the ETag")
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

    @property
    def published(self) -> ItemVersion | None:
        """The version delivered to learners, if any (at most one is published at a time)."""
        return next((version for version in self.versions if version.status == ItemStatus.PUBLISHED), None)


PUBLISHED_ONLY = text("status = 'published'")


class ItemVersion(Base):
    """One state of an item's content. Once published its content never changes (a flush that would is
    refused, `itembank.models.immutability`); only its status moves, between published and retired."""

    __tablename__ = "item_version"
    __table_args__ = (
        UniqueConstraint("item_id", "number"),
        enum_check("type", ItemType),
        enum_check("status", ItemStatus),
        # One delivered version per item, whatever races: publishing another retires this one first.
        Index(
            "uq_item_version_published",
            "item_id",
            unique=True,
            sqlite_where=PUBLISHED_ONLY,
            postgresql_where=PUBLISHED_ONLY,
        ),
    )

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
    status: Mapped[str] = enum_column(ItemStatus, default=ItemStatus.DRAFT)
    author: Mapped[str] = mapped_column(
        String(200), comment="who wrote this content: the API key's label, or the course file's name"
    )
    created_at: Mapped[datetime] = created_at()
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, comment="when its content (a draft's) or its status last changed"
    )

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
