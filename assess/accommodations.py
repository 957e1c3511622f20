"""Per-learner accommodations: extra time and extra attempts, set by the integration that knows who needs them.

Extra time granted while an attempt is open applies to that attempt at once: an accommodation that waited for
the next attempt would arrive too late for the learner who asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assess.delivery import close_if_overdue, load_attempt, set_deadline
from assess.models import Accommodation, Attempt
from assess.paging import safe_offset
from assess.states import AttemptState
from itembank.errors import NotFoundError
from itembank.models import Assessment


@dataclass(frozen=True)
class AccommodationPage:
    accommodations: list[Accommodation]
    total: int


def _assessment(session: Session, tenant_id: int, assessment_id: int) -> Assessment:
    assessment = session.scalar(
        select(Assessment).where(Assessment.id == assessment_id, Assessment.tenant_id == tenant_id)
    )
    if assessment is None:
        raise NotFoundError(f"no assessment {assessment_id}")
    return assessment


def set_accommodation(
    session: Session,
    tenant_id: int,
    assessment_id: int,
    learner_id: str,
    *,
    extra_seconds: int,
    extra_attempts: int,
    now: datetime,
) -> Accommodation:
    """Create or replace the learner's accommodation; the open attempt's deadline moves with it."""
    assessment = _assessment(session, tenant_id, assessment_id)
    accommodation = session.scalar(
        select(Accommodation).where(
            Accommodation.assessment_id == assessment.id, Accommodation.learner_id == learner_id
        )
    )
    if accommodation is None:
        accommodation = Accommodation(assessment_id=assessment.id, learner_id=learner_id)
        session.add(accommodation)
    accommodation.extra_seconds = extra_seconds
    accommodation.extra_attempts = extra_attempts
    open_id = session.scalar(
        select(Attempt.id).where(
            Attempt.assessment_id == assessment.id,
            Attempt.learner_id == learner_id,
            Attempt.state == AttemptState.IN_PROGRESS,
        )
    )
    if open_id is not None:
        attempt = load_attempt(session, tenant_id, open_id)
        # Time already run out stays run out: an attempt past its deadline is closed before anything moves.
        if not close_if_overdue(session, attempt, now=now):
            set_deadline(attempt, assessment, extra_seconds)
    session.flush()
    return accommodation


def list_accommodations(
    session: Session,
    tenant_id: int,
    assessment_id: int,
    *,
    learner_id: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> AccommodationPage:
    assessment = _assessment(session, tenant_id, assessment_id)
    query = select(Accommodation).where(Accommodation.assessment_id == assessment.id)
    if learner_id is not None:
        query = query.where(Accommodation.learner_id == learner_id)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(Accommodation.id).offset(safe_offset(offset)).limit(limit)).all()
    return AccommodationPage(list(rows), total)
