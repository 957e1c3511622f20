"""Course -> module -> lesson: the structure that lesson quizzes and module tests hang from."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from itembank.db import Base
from itembank.models._columns import created_at


class Course(Base):
    __tablename__ = "course"
    __table_args__ = (UniqueConstraint("tenant_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = created_at()

    modules: Mapped[list[Module]] = relationship(back_populates="course", order_by="Module.number")


class Module(Base):
    __tablename__ = "module"
    __table_args__ = (UniqueConstraint("course_id", "slug"), UniqueConstraint("course_id", "number"))

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(100))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))

    course: Mapped[Course] = relationship(back_populates="modules")
    lessons: Mapped[list[Lesson]] = relationship(back_populates="module", order_by="Lesson.number")


class Lesson(Base):
    __tablename__ = "lesson"
    __table_args__ = (UniqueConstraint("module_id", "slug"), UniqueConstraint("module_id", "number"))

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("module.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(100))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    subtitle: Mapped[str | None] = mapped_column(Text)

    module: Mapped[Module] = relationship(back_populates="lessons")
