"""Delivery state: attempts, the fixed form of each attempt, and the learner's responses on it.

An attempt's questions are rows fixed at start (item version, option order, points), so every read returns
the same form and scoring never depends on how the bank changed since. The response lives on its question
row with the client's sequence number, so a save is one conditional UPDATE and a stale save cannot win.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assess.states import AttemptState
from itembank.db import Base, UTCDateTime, utcnow
from itembank.models import Assessment, AssessmentRevision, ItemVersion
from itembank.models._columns import created_at, enum_check, enum_column, fraction_property


class Attempt(Base):
    __tablename__ = "attempt"
    __table_args__ = (
        UniqueConstraint("assessment_id", "learner_id", "number"),
        enum_check("state", AttemptState),
        # At most one open attempt per learner and assessment, whatever races the API sees.
        Index(
            "uq_attempt_one_open",
            "assessment_id",
            "learner_id",
            unique=True,
            sqlite_where=text("state = 'in_progress'"),
            postgresql_where=text("state = 'in_progress'"),
        ),
        # The open attempts that have a hard deadline, by tenant and deadline: what the clock must close is a
        # range of it (`assess.delivery.closing.overdue_attempts`), empty when nothing is overdue.
        Index(
            "ix_attempt_overdue",
            "tenant_id",
            "closes_at",
            sqlite_where=text("state = 'in_progress' AND closes_at IS NOT NULL"),
            postgresql_where=text("state = 'in_progress' AND closes_at IS NOT NULL"),
        ),
        CheckConstraint("earned_den IS NULL OR earned_den > 0", name="earned_den_positive"),
        # An integration's incremental sync reads a tenant's attempts in (updated_at, id) order from a point.
        Index("ix_attempt_sync", "tenant_id", "updated_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"), index=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    revision_id: Mapped[int] = mapped_column(
        ForeignKey("assessment_revision.id", ondelete="RESTRICT"),
        index=True,
        comment="the assessment's revision at start: its threshold, time limit and feedback policy hold here",
    )
    learner_id: Mapped[str] = mapped_column(String(200), comment="the integration's id for its learner")
    context_id: Mapped[str | None] = mapped_column(String(200), comment="the integration's cohort / course run")
    number: Mapped[int] = mapped_column(comment="1 for the learner's first attempt at this assessment")
    seed: Mapped[int] = mapped_column(BigInteger, comment="fixes the form: draws and shuffles")
    state: Mapped[str] = enum_column(AttemptState, default=AttemptState.IN_PROGRESS)
    close_reason: Mapped[str | None] = mapped_column(String(24))
    started_at: Mapped[datetime] = created_at()
    deadline_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="the time limit the learner sees")
    closes_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime(), comment="deadline plus the grace window: nothing is accepted after it"
    )
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime(), default=utcnow, comment="when its outcome last changed: start, close, void, deadline moved"
    )
    points_possible: Mapped[int]
    earned_num: Mapped[int | None] = mapped_column(comment="points earned, exact: earned_num / earned_den")
    earned_den: Mapped[int | None]
    passed: Mapped[bool | None]
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    voided_by: Mapped[str | None] = mapped_column(String(200), comment="who voided it: the API key's label")
    void_reason: Mapped[str | None] = mapped_column(String(500))

    assessment: Mapped[Assessment] = relationship()
    revision: Mapped[AssessmentRevision] = relationship()
    questions: Mapped[list[AttemptQuestion]] = relationship(
        back_populates="attempt", order_by="AttemptQuestion.position", cascade="all, delete-orphan"
    )

    points_earned = fraction_property("earned_num", "earned_den", "points earned, exact; None until scored")


class AttemptQuestion(Base):
    __tablename__ = "attempt_question"
    __table_args__ = (
        UniqueConstraint("attempt_id", "position"),
        UniqueConstraint("attempt_id", "slot_position"),
        CheckConstraint("credit_den IS NULL OR credit_den > 0", name="credit_den_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(comment="1-based order the learner sees")
    slot_position: Mapped[int] = mapped_column(comment="the assessment slot this question fills")
    item_version_id: Mapped[int] = mapped_column(ForeignKey("item_version.id", ondelete="RESTRICT"), index=True)
    option_order: Mapped[list[int]] = mapped_column(JSON, comment="option ids in the order shown")
    points: Mapped[int]
    response: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    response_seq: Mapped[int] = mapped_column(default=0, comment="client sequence of the saved response")
    first_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="set when checked: locked")
    credit_num: Mapped[int | None]
    credit_den: Mapped[int | None]

    attempt: Mapped[Attempt] = relationship(back_populates="questions")
    version: Mapped[ItemVersion] = relationship()

    credit = fraction_property("credit_num", "credit_den", "share of the points earned, exact; None until scored")


class Accommodation(Base):
    """Per-learner overrides for one assessment: extra time and extra attempts (how they combine with the
    learner's tenant-wide `LearnerAccommodation`: `assess.accommodation_rules`)."""

    __tablename__ = "accommodation"
    __table_args__ = (
        UniqueConstraint("assessment_id", "learner_id"),
        CheckConstraint("extra_seconds >= 0 AND extra_attempts >= 0", name="non_negative"),
        CheckConstraint(
            "(time_multiplier_num IS NULL AND time_multiplier_den IS NULL)"
            " OR (time_multiplier_den > 0 AND time_multiplier_num >= time_multiplier_den)",
            name="time_multiplier_at_least_one",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    learner_id: Mapped[str] = mapped_column(String(200))
    extra_seconds: Mapped[int] = mapped_column(default=0)
    extra_attempts: Mapped[int] = mapped_column(default=0)
    time_multiplier_num: Mapped[int | None] = mapped_column(
        comment="replaces the tenant-wide multiplier here when set: num / den, exact"
    )
    time_multiplier_den: Mapped[int | None]

    time_multiplier = fraction_property(
        "time_multiplier_num", "time_multiplier_den", "the time limit's multiplier here; None: the tenant-wide one"
    )


class LearnerAccommodation(Base):
    """A learner's accommodation at every assessment of the tenant: a time multiplier and extra attempts."""

    __tablename__ = "learner_accommodation"
    __table_args__ = (
        UniqueConstraint("tenant_id", "learner_id"),
        CheckConstraint(
            "time_multiplier_den > 0 AND time_multiplier_num >= time_multiplier_den",
            name="time_multiplier_at_least_one",
        ),
        CheckConstraint("extra_attempts >= 0", name="extra_attempts_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"))
    learner_id: Mapped[str] = mapped_column(String(200), comment="the integration's id for its learner")
    time_multiplier_num: Mapped[int] = mapped_column(
        default=1, comment="every time limit is multiplied by num / den, exact, then rounded up to a second"
    )
    time_multiplier_den: Mapped[int] = mapped_column(default=1)
    extra_attempts: Mapped[int] = mapped_column(default=0, comment="added to every assessment's max attempts")

    time_multiplier = fraction_property("time_multiplier_num", "time_multiplier_den", "the time limits' multiplier")


__all__ = ["Accommodation", "Attempt", "AttemptQuestion", "LearnerAccommodation"]
