"""What a regrade did, kept so it can be read back, audited and reversed exactly.

A regrade moves finished attempts' questions from an earlier version of an item to a corrected one and
scores them again. Each attempt it changed has a row with its score and pass outcome before and after, and
each question moved has a row with everything the move replaced (version, option order, response, credit),
so a reversal puts back exactly what was there.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from itembank.db import Base, UTCDateTime
from itembank.models import Item, ItemVersion
from itembank.models._columns import created_at, fraction_property


class Regrade(Base):
    __tablename__ = "regrade"

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id", ondelete="CASCADE"), index=True)
    to_version_id: Mapped[int] = mapped_column(
        ForeignKey("item_version.id", ondelete="RESTRICT"), comment="the version the attempts were moved to"
    )
    created_by: Mapped[str] = mapped_column(String(200), comment="who regraded: the API key's label")
    created_at: Mapped[datetime] = created_at()
    open_attempts_kept: Mapped[int] = mapped_column(
        default=0, comment="attempts in progress at the time, left on their version"
    )
    reversed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reversed_by: Mapped[str | None] = mapped_column(String(200))

    item: Mapped[Item] = relationship()
    to_version: Mapped[ItemVersion] = relationship()
    attempts: Mapped[list[RegradeAttempt]] = relationship(
        back_populates="regrade", order_by="RegradeAttempt.attempt_id", cascade="all, delete-orphan"
    )


class RegradeAttempt(Base):
    """One attempt a regrade changed: its points earned and pass outcome before and after."""

    __tablename__ = "regrade_attempt"
    __table_args__ = (
        UniqueConstraint("regrade_id", "attempt_id"),
        CheckConstraint("earned_before_den > 0 AND earned_after_den > 0", name="earned_den_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    regrade_id: Mapped[int] = mapped_column(ForeignKey("regrade.id", ondelete="CASCADE"))
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempt.id", ondelete="CASCADE"), index=True)
    earned_before_num: Mapped[int]
    earned_before_den: Mapped[int]
    passed_before: Mapped[bool]
    earned_after_num: Mapped[int]
    earned_after_den: Mapped[int]
    passed_after: Mapped[bool]

    regrade: Mapped[Regrade] = relationship(back_populates="attempts")
    questions: Mapped[list[RegradeQuestion]] = relationship(
        back_populates="regrade_attempt", order_by="RegradeQuestion.attempt_question_id", cascade="all, delete-orphan"
    )

    earned_before = fraction_property("earned_before_num", "earned_before_den", "points earned before, exact")
    earned_after = fraction_property("earned_after_num", "earned_after_den", "points earned after, exact")


class RegradeQuestion(Base):
    """One question a regrade moved, with what the move replaced (to put back) and what it wrote."""

    __tablename__ = "regrade_question"
    __table_args__ = (
        UniqueConstraint("regrade_attempt_id", "attempt_question_id"),
        CheckConstraint("credit_before_den > 0 AND credit_after_den > 0", name="credit_den_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    regrade_attempt_id: Mapped[int] = mapped_column(ForeignKey("regrade_attempt.id", ondelete="CASCADE"))
    attempt_question_id: Mapped[int] = mapped_column(ForeignKey("attempt_question.id", ondelete="CASCADE"))
    from_version_id: Mapped[int] = mapped_column(ForeignKey("item_version.id", ondelete="RESTRICT"))
    option_order_before: Mapped[list[int]] = mapped_column(JSON)
    response_before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    credit_before_num: Mapped[int]
    credit_before_den: Mapped[int]
    option_order_after: Mapped[list[int]] = mapped_column(JSON)
    response_after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    credit_after_num: Mapped[int]
    credit_after_den: Mapped[int]

    regrade_attempt: Mapped[RegradeAttempt] = relationship(back_populates="questions")
    from_version: Mapped[ItemVersion] = relationship()

    credit_before = fraction_property("credit_before_num", "credit_before_den", "share of the points before, exact")
    credit_after = fraction_property("credit_after_num", "credit_after_den", "share of the points after, exact")


__all__ = ["Regrade", "RegradeAttempt", "RegradeQuestion"]
