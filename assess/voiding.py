"""Voiding attempts: an integration takes an attempt out of grading and analytics, and keeps it for audit.

A voided attempt keeps its form, answers and score, with who voided it, when and why. It no longer counts
toward the learner's grade, the attempt limit or the analytics count tables (which are kept equal to a
rebuild); an open attempt takes no more answers. Resetting a learner voids all their attempts at an
assessment, so they start again as if new.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.analytics.maintain import record_voided
from assess.models import Attempt
from assess.queries import lock_attempts_of_learner_of, tenant_assessment
from assess.states import AttemptState


def void_attempt(session: Session, tenant_id: int, attempt_id: int, *, by: str, reason: str, now: datetime) -> Attempt:
    """Void the tenant's attempt; voiding it again changes nothing (the first void's record stands).

    The learner's attempts are locked first (as scoring locks them), so a submit racing the void either scored
    before it (and the void takes its cells out of the analytics, with the learner's other attempts as they now
    stand) or finds it voided and scores nothing.
    """
    lock_attempts_of_learner_of(session, tenant_id, attempt_id)
    attempt = session.scalars(
        select(Attempt).where(Attempt.id == attempt_id).execution_options(populate_existing=True)
    ).one()
    if attempt.state == AttemptState.VOIDED:
        return attempt
    if attempt.state == AttemptState.SCORED:
        record_voided(session, attempt)
    attempt.state = AttemptState.VOIDED
    attempt.voided_at, attempt.voided_by, attempt.void_reason = now, by, reason
    attempt.updated_at = now
    session.flush()
    return attempt


def reset_learner(
    session: Session, tenant_id: int, assessment_id: int, learner_id: str, *, by: str, reason: str, now: datetime
) -> list[Attempt]:
    """Void every attempt of the learner at the assessment that is not voided yet, oldest first."""
    assessment = tenant_assessment(session, tenant_id, assessment_id)
    ids = session.scalars(
        select(Attempt.id)
        .where(
            Attempt.assessment_id == assessment.id,
            Attempt.learner_id == learner_id,
            Attempt.state != AttemptState.VOIDED,
        )
        .order_by(Attempt.number)
    ).all()
    return [void_attempt(session, tenant_id, attempt_id, by=by, reason=reason, now=now) for attempt_id in ids]
