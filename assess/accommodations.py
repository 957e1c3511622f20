"""Per-learner accommodations: extra time and extra attempts, set by the integration that knows who needs them.

Two kinds: a learner's accommodation at every assessment of the tenant (a time multiplier and extra attempts,
set once per learner, as Canvas and Moodle users ask for) and one at one assessment (extra seconds, extra
attempts, and a time multiplier replacing the tenant-wide one there). How they combine is
`assess.accommodation_rules`; `assess.queries.effective_accommodation` reads both for start, results and here.

An accommodation granted while an attempt is open applies to that attempt at once: one that waited for the
next attempt would arrive too late for the learner who asked. Setting either kind moves the deadline of every
open attempt it affects, except one already past its hard deadline, which is closed as overdue instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.accommodation_rules import multiplier_problem
from assess.delivery import close_if_overdue, load_attempt, set_deadline
from assess.errors import InvalidAccommodationError
from assess.models import Accommodation, Attempt, LearnerAccommodation
from assess.paging import Page, page_of
from assess.queries import effective_accommodation, learner_accommodation, open_attempt_id, tenant_assessment
from assess.states import AttemptState


def set_accommodation(
    session: Session,
    tenant_id: int,
    assessment_id: int,
    learner_id: str,
    *,
    extra_seconds: int,
    extra_attempts: int,
    time_multiplier: Fraction | None = None,
    now: datetime,
) -> Accommodation:
    """Create or replace the learner's accommodation at one assessment; the open attempt's deadline moves with it.

    `time_multiplier` None: the tenant-wide multiplier applies here (replacing an accommodation drops its own).
    """
    assessment = tenant_assessment(session, tenant_id, assessment_id)
    _check_multiplier(time_multiplier)
    if assessment.time_limit_seconds is None and (extra_seconds or time_multiplier not in (None, 1)):
        raise InvalidAccommodationError(
            f"assessment {assessment.id} has no time limit: extra time would be stored and never apply"
        )
    # Time already run out stays run out: the open attempt (the learner's only one here that can be overdue)
    # is closed past its deadline before anything is written (`on_clock_decision` settles the close apart).
    open_id = open_attempt_id(session, assessment.id, learner_id)
    still_open = _close_overdue_first(session, tenant_id, [] if open_id is None else [open_id], now=now)
    accommodation = learner_accommodation(session, assessment.id, learner_id)
    if accommodation is None:
        accommodation = Accommodation(assessment_id=assessment.id, learner_id=learner_id)
        session.add(accommodation)
    accommodation.extra_seconds = extra_seconds
    accommodation.extra_attempts = extra_attempts
    accommodation.time_multiplier = time_multiplier
    session.flush()
    _move_deadlines(session, tenant_id, learner_id, still_open, now=now)
    return accommodation


def set_learner_accommodation(
    session: Session,
    tenant_id: int,
    learner_id: str,
    *,
    time_multiplier: Fraction,
    extra_attempts: int,
    now: datetime,
) -> LearnerAccommodation:
    """Create or replace the learner's accommodation at every assessment of the tenant; the deadline of each of
    the learner's open attempts moves with it (untimed ones have none to move)."""
    _check_multiplier(time_multiplier)
    open_ids = session.scalars(
        select(Attempt.id)
        .where(
            Attempt.tenant_id == tenant_id,
            Attempt.learner_id == learner_id,
            Attempt.state == AttemptState.IN_PROGRESS,
        )
        .order_by(Attempt.id)
    ).all()
    # Time already run out stays run out: each of those past its deadline is closed before anything is written.
    still_open = _close_overdue_first(session, tenant_id, open_ids, now=now)
    accommodation = session.scalar(
        select(LearnerAccommodation).where(
            LearnerAccommodation.tenant_id == tenant_id, LearnerAccommodation.learner_id == learner_id
        )
    )
    if accommodation is None:
        accommodation = LearnerAccommodation(tenant_id=tenant_id, learner_id=learner_id)
        session.add(accommodation)
    accommodation.time_multiplier = time_multiplier
    accommodation.extra_attempts = extra_attempts
    session.flush()
    _move_deadlines(session, tenant_id, learner_id, still_open, now=now)
    return accommodation


def _check_multiplier(time_multiplier: Fraction | None) -> None:
    if time_multiplier is not None and (problem := multiplier_problem(time_multiplier)) is not None:
        raise InvalidAccommodationError(problem)


def _close_overdue_first(
    session: Session, tenant_id: int, attempt_ids: Iterable[int], *, now: datetime
) -> list[Attempt]:
    """The open attempts among `attempt_ids` once those past their hard deadline are closed, as overdue.

    Called before a setter writes anything of its own: a close is settled apart from the request
    (`assess.delivery.on_clock_decision`: the API commits there), so it must be the first write.
    """
    still_open = []
    for attempt_id in attempt_ids:
        attempt = load_attempt(session, tenant_id, attempt_id)
        close_if_overdue(session, attempt, now=now)
        if attempt.state == AttemptState.IN_PROGRESS:  # neither closed now nor by a request that raced this one
            still_open.append(attempt)
    return still_open


def _move_deadlines(
    session: Session, tenant_id: int, learner_id: str, attempts: Iterable[Attempt], *, now: datetime
) -> None:
    """Each open attempt's deadline from the accommodations as they now stand (read after the flush)."""
    for attempt in attempts:
        accommodation = effective_accommodation(session, tenant_id, attempt.assessment_id, learner_id)
        set_deadline(attempt, attempt.revision, accommodation)
        if attempt.closes_at is not None and attempt.closes_at < now:
            # Shortened below the time already taken: it closes now, not in the past, so answers acknowledged
            # until now are in it and a sync over submitted_at meets it in a window still to come.
            attempt.closes_at = now
        attempt.updated_at = now  # the learner's deadline moved: an integration's sync sees it
    session.flush()


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


def list_learner_accommodations(
    session: Session,
    tenant_id: int,
    *,
    learner_id: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> Page[LearnerAccommodation]:
    """The tenant's tenant-wide accommodations, in the order they were first set."""
    query = select(LearnerAccommodation).where(LearnerAccommodation.tenant_id == tenant_id)
    if learner_id is not None:
        query = query.where(LearnerAccommodation.learner_id == learner_id)
    return page_of(session, query, order_by=LearnerAccommodation.id, offset=offset, limit=limit)
