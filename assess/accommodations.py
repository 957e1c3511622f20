"""Per-learner accommodations: extra time and extra attempts, set by the integration that knows who needs them.

Extra time granted while an attempt is open applies to that attempt at once: an accommodation that waited for
the next attempt would arrive too late for the learner who asked.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.delivery import close_if_overdue, load_attempt, set_deadline
from assess.errors import InvalidAccommodationError
from assess.models import Accommodation
from assess.paging import Page, page_of
from assess.queries import learner_accommodation, open_attempt_id, tenant_assessment


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
    assessment = tenant_assessment(session, tenant_id, assessment_id)
    if extra_seconds and assessment.time_limit_seconds is None:
        raise InvalidAccommodationError(
            f"assessment {assessment.id} has no time limit: extra time would be stored and never apply"
        )
    open_id = open_attempt_id(session, assessment.id, learner_id)
    attempt = None if open_id is None else load_attempt(session, tenant_id, open_id)
    # Time already run out stays run out: an attempt past its deadline is closed before anything is written
    # (the open attempt is the learner's only one that can be overdue here).
    if attempt is not None and close_if_overdue(session, attempt, now=now):
        attempt = None
    accommodation = learner_accommodation(session, assessment.id, learner_id)
    if accommodation is None:
        accommodation = Accommodation(assessment_id=assessment.id, learner_id=learner_id)
        session.add(accommodation)
    accommodation.extra_seconds = extra_seconds
    accommodation.extra_attempts = extra_attempts
    if attempt is not None:
        set_deadline(attempt, assessment, extra_seconds)
        attempt.updated_at = now  # the learner's deadline moved: an integration's sync sees it
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
) -> Page[Accommodation]:
    assessment = tenant_assessment(session, tenant_id, assessment_id)
    query = select(Accommodation).where(Accommodation.assessment_id == assessment.id)
    if learner_id is not None:
        query = query.where(Accommodation.learner_id == learner_id)
    return page_of(session, query, order_by=Accommodation.id, offset=offset, limit=limit)
