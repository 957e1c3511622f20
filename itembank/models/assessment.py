"""Assessments are data: which questions, in which slots, and the rules they are delivered and scored by.

An assessment is a draft, edited in place, until it is published. Publishing freezes its settings and slots as
revision 1; from then on each change is a new `AssessmentRevision`, and an attempt keeps the revision it
started on, so what it is scored, timed and reviewed by never moves under it. The assessment's own columns are
the working copy: the draft, or (once published) the current revision, which new attempts start on.
"""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint, and_
from sqlalchemy.orm import Mapped, foreign, mapped_column, relationship

from itembank.db import Base
from itembank.models._columns import created_at, enum_check, enum_column
from itembank.models.course import Course, Lesson, Module
from itembank.models.enums import AssessmentKind, AssessmentStatus, FeedbackPolicy, GradingMethod
from itembank.models.item import Item
from itembank.models.pool import Pool

BASIS_POINTS = 10_000


def _settings_checks() -> tuple[CheckConstraint, ...]:
    """The rules every copy of the delivery settings obeys: the working copy and each frozen revision."""
    return (
        enum_check("feedback_policy", FeedbackPolicy),
        enum_check("grading_method", GradingMethod),
        CheckConstraint(f"pass_threshold_bp BETWEEN 0 AND {BASIS_POINTS}", name="pass_threshold_range"),
        CheckConstraint("max_attempts IS NULL OR max_attempts > 0", name="max_attempts_positive"),
        CheckConstraint("time_limit_seconds IS NULL OR time_limit_seconds > 0", name="time_limit_positive"),
        CheckConstraint("grace_seconds >= 0", name="grace_non_negative"),
    )


class DeliverySettings:
    """The settings an attempt is delivered, timed, scored and reviewed by; frozen in each revision."""

    title: Mapped[str] = mapped_column(String(300))
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

    @property
    def pass_threshold(self) -> Fraction:
        """The threshold as an exact fraction of the points possible (4/5 for 80%)."""
        return Fraction(self.pass_threshold_bp, BASIS_POINTS)

    @property
    def pass_percent(self) -> str:
        """The threshold as the percent an author writes: '80', '66.67' (whole basis points: two decimals at most)."""
        whole, hundredths = divmod(self.pass_threshold_bp, 100)
        return str(whole) if not hundredths else f"{whole}.{hundredths:02d}".rstrip("0")


SETTINGS = (
    "title",
    "pass_threshold_bp",
    "feedback_policy",
    "grading_method",
    "shuffle_questions",
    "shuffle_options",
    "time_limit_seconds",
    "grace_seconds",
    "max_attempts",
)


class Assessment(DeliverySettings, Base):
    """A lesson quiz, module test or custom assessment with its delivery and pass rules."""

    __tablename__ = "assessment"
    __table_args__ = (
        UniqueConstraint("tenant_id", "slug"),
        enum_check("kind", AssessmentKind),
        enum_check("status", AssessmentStatus),
        *_settings_checks(),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = enum_column(AssessmentKind)
    status: Mapped[str] = enum_column(AssessmentStatus, default=AssessmentStatus.DRAFT)
    revision_number: Mapped[int] = mapped_column(
        default=0, comment="the current revision, which new attempts start on; 0 until first published"
    )
    subtitle: Mapped[str | None] = mapped_column(Text)
    course_id: Mapped[int | None] = mapped_column(ForeignKey("course.id", ondelete="SET NULL"), index=True)
    module_id: Mapped[int | None] = mapped_column(ForeignKey("module.id", ondelete="SET NULL"), index=True)
    lesson_id: Mapped[int | None] = mapped_column(ForeignKey("lesson.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = created_at()

    course: Mapped[Course | None] = relationship()
    module: Mapped[Module | None] = relationship()
    lesson: Mapped[Lesson | None] = relationship()
    slots: Mapped[list[AssessmentSlot]] = relationship(
        back_populates="assessment", order_by="AssessmentSlot.position", cascade="all, delete-orphan"
    )
    revisions: Mapped[list[AssessmentRevision]] = relationship(
        back_populates="assessment", order_by="AssessmentRevision.number", cascade="all, delete-orphan"
    )
    current_revision: Mapped[AssessmentRevision | None] = relationship(
        primaryjoin=lambda: and_(
            foreign(AssessmentRevision.assessment_id) == Assessment.id,
            foreign(AssessmentRevision.number) == Assessment.revision_number,
        ),
        viewonly=True,
        uselist=False,
    )


class AssessmentSlot(Base):
    """One question position: a fixed item, or one random draw from a pool."""

    __tablename__ = "assessment_slot"
    __table_args__ = (
        UniqueConstraint("assessment_id", "position"),
        CheckConstraint("(item_id IS NULL) <> (pool_id IS NULL)", name="item_xor_pool"),
        CheckConstraint("points IS NULL OR points > 0", name="points_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(comment="authored order, 1-based")
    item_id: Mapped[int | None] = mapped_column(ForeignKey("item.id", ondelete="RESTRICT"), index=True)
    pool_id: Mapped[int | None] = mapped_column(ForeignKey("pool.id", ondelete="RESTRICT"), index=True)
    points: Mapped[int | None] = mapped_column(comment="the question's points here; null: the item's own")

    assessment: Mapped[Assessment] = relationship(back_populates="slots")
    item: Mapped[Item | None] = relationship()
    pool: Mapped[Pool | None] = relationship()


class AssessmentRevision(DeliverySettings, Base):
    """A published assessment's settings and slots as they were from one change to the next; never edited.

    Attempts point at the revision they started on (`Attempt.revision_id`), and everything read after the start
    (the threshold at scoring, the time limit and grace when a deadline moves, the feedback policy at review)
    is read here.
    """

    __tablename__ = "assessment_revision"
    __table_args__ = (UniqueConstraint("assessment_id", "number"), *_settings_checks())

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(comment="1 at the first publish, then one more per change")
    slots: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list, comment="the slots as published: position, item_id or pool_id, points"
    )
    created_at: Mapped[datetime] = created_at()
    created_by: Mapped[str | None] = mapped_column(String(200), comment="who made it: the API key's label")

    assessment: Mapped[Assessment] = relationship(back_populates="revisions")
