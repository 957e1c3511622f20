"""The reads every service makes of an assessment and a learner's attempts at it, written once.

Each is scoped by tenant or by an assessment already scoped by tenant, so another tenant's ids simply do not
exist: "not found" is the only answer they get, whichever service asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assess.models import Accommodation, Attempt
from assess.states import AttemptState
from itembank.errors import NotFoundError
from itembank.models import Assessment


def tenant_assessment(session: Session, tenant_id: int, assessment_id: int, *options: Any) -> Assessment:
    """The tenant's assessment, with the loader `options` given, or NotFoundError (a 404)."""
    assessment = session.scalar(
        select(Assessment).where(Assessment.id == assessment_id, Assessment.tenant_id == tenant_id).options(*options)
    )
    if assessment is None:
        raise NotFoundError(f"no assessment {assessment_id}")
    return assessment


@dataclass(frozen=True)
class AttemptTally:
    used: int  # every attempt but a voided one: an attempt left open still used a try
    last_number: int  # voided ones included, so a new attempt's number is never reused


def attempt_tally(session: Session, assessment_id: int, learner_id: str) -> AttemptTally:
    row = session.execute(
        select(
            func.count().filter(Attempt.state != AttemptState.VOIDED), func.coalesce(func.max(Attempt.number), 0)
        ).where(Attempt.assessment_id == assessment_id, Attempt.learner_id == learner_id)
    ).one()
    return AttemptTally(int(row[0]), int(row[1]))


def attempts_used(session: Session, assessment_id: int, learner_id: str) -> int:
    return attempt_tally(session, assessment_id, learner_id).used


def learner_accommodation(session: Session, assessment_id: int, learner_id: str) -> Accommodation | None:
    return session.scalar(
        select(Accommodation).where(
            Accommodation.assessment_id == assessment_id, Accommodation.learner_id == learner_id
        )
    )


def open_attempt_id(session: Session, assessment_id: int, learner_id: str) -> int | None:
    """At most one: a partial unique index allows one attempt in progress per learner and assessment."""
    return session.scalar(
        select(Attempt.id).where(
            Attempt.assessment_id == assessment_id,
            Attempt.learner_id == learner_id,
            Attempt.state == AttemptState.IN_PROGRESS,
        )
    )


@dataclass(frozen=True)
class AttemptUsage:
    used: int
    left: int | None  # None: unlimited


def attempt_usage(session: Session, attempt: Attempt) -> AttemptUsage:
    """How many attempts the learner has used and has left, counting accommodations, for the pass outcome."""
    used = attempts_used(session, attempt.assessment_id, attempt.learner_id)
    maximum = attempt.assessment.max_attempts
    if maximum is None:
        return AttemptUsage(used, None)
    accommodation = learner_accommodation(session, attempt.assessment_id, attempt.learner_id)
    extra = accommodation.extra_attempts if accommodation is not None else 0
    return AttemptUsage(used, max(0, maximum + extra - used))
