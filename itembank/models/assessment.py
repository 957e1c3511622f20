"""Assessments are data: which questions, in which slots, and the rules they are delivered and scored by."""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from itembank.db import Base
from itembank.models._columns import created_at, enum_check, enum_column
from itembank.models.course import Lesson, Module
from itembank.models.enums import AssessmentKind, FeedbackPolicy, GradingMethod
from itembank.models.item import Item
from itembank.models.pool import Pool

BASIS_POINTS = 10_000


class Assessment(Base):
    """A lesson quiz, module test or custom assessment with its delivery and pass rules."""

    __tablename__ = "assessment"
    __table_args__ = (
        UniqueConstraint("tenant_id", "slug"),
        enum_check("kind", AssessmentKind),
        enum_check("feedback_policy", FeedbackPolicy),
        enum_check("grading_method", GradingMethod),
        CheckConstraint(f"pass_threshold_bp BETWEEN 0 AND {BASIS_POINTS}", name="pass_threshold_range"),
        CheckConstraint("max_attempts IS NULL OR max_attempts > 0", name="max_attempts_positive"),
        CheckConstraint("time_limit_seconds IS NULL OR time_limit_seconds > 0", name="time_limit_positive"),
        CheckConstraint("grace_seconds >= 0", name="grace_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = enum_column(AssessmentKind)
    title: Mapped[str] = mapped_column(String(300))
    subtitle: Mapped[str | None] = mapped_column(Text)
    module_id: Mapped[int | None] = mapped_column(ForeignKey("module.id", ondelete="SET NULL"), index=True)
    lesson_id: Mapped[int | None] = mapped_column(ForeignKey("lesson.id", ondelete="SET NULL"), index=True)
    pass_threshold_bp: Mapped[int] = mapped_column(
        default=8000, comment="pass threshold in basis points of the points possible: 8000 = 80.00%"
    )
    feedback_policy: Mapped[str] = enum_column(FeedbackPolicy, default=FeedbackPolicy.AFTER_SUBMIT)
    grading_method: Mapped[str] = enum_column(GradingMethod, default=GradingMethod.HIGHEST)
    shuffle_questions: Mapped[bool] = mapped_column(default=True)
    shuffle_options: Mapped[bool] = mapped_column(default=True)
    time_limit_seconds: Mapped[int | None]
    grace_seconds: Mapped[int] = mapped_column(default=0)
    max_attempts: Mapped[int | None]
    created_at: Mapped[datetime] = created_at()

    module: Mapped[Module | None] = relationship()
    lesson: Mapped[Lesson | None] = relationship()
    slots: Mapped[list[AssessmentSlot]] = relationship(
        back_populates="assessment", order_by="AssessmentSlot.position", cascade="all, delete-orphan"
    )

    @property
    def pass_threshold(self) -> Fraction:
        """The threshold as an exact fraction of the points possible (4/5 for 80%)."""
        return Fraction(self.pass_threshold_bp, BASIS_POINTS)


class AssessmentSlot(Base):
    """One question position: a fixed item, or one random draw from a pool."""

    __tablename__ = "assessment_slot"
    __table_args__ = (
        UniqueConstraint("assessment_id", "position"),
        CheckConstraint("(item_id IS NULL) <> (pool_id IS NULL)", name="item_xor_pool"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(comment="authored order, 1-based")
    item_id: Mapped[int | None] = mapped_column(ForeignKey("item.id", ondelete="RESTRICT"), index=True)
    pool_id: Mapped[int | None] = mapped_column(ForeignKey("pool.id", ondelete="RESTRICT"), index=True)

    assessment: Mapped[Assessment] = relationship(back_populates="slots")
    item: Mapped[Item | None] = relationship()
    pool: Mapped[Pool | None] = relationship()
