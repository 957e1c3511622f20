"""The reads every service makes of an assessment and a learner's attempts at it, written once.

Each is scoped by tenant or by an assessment already scoped by tenant, so another tenant's ids simply do not
exist: "not found" is the only answer they get, whichever service asks.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from sqlalchemy import Integer, func, literal_column, select
from sqlalchemy.orm import Session

from assess.accommodation_rules import NO_ACCOMMODATION, EffectiveAccommodation, Grant, combine
from assess.models import Accommodation, Attempt, LearnerAccommodation
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


def tally_columns() -> tuple[Any, Any]:
    """`AttemptTally`'s two aggregates over a learner's attempts, for any statement that reads them."""
    return (
        func.count().filter(Attempt.state != AttemptState.VOIDED).label("used"),
        func.coalesce(func.max(Attempt.number), 0).label("last_number"),
    )


def attempt_tally(session: Session, assessment_id: int, learner_id: str) -> AttemptTally:
    row = session.execute(
        select(*tally_columns()).where(Attempt.assessment_id == assessment_id, Attempt.learner_id == learner_id)
    ).one()
    return AttemptTally(int(row.used), int(row.last_number))


def attempts_used(session: Session, assessment_id: int, learner_id: str) -> int:
    return attempt_tally(session, assessment_id, learner_id).used


def learner_accommodation(session: Session, assessment_id: int, learner_id: str) -> Accommodation | None:
    return session.scalar(
        select(Accommodation).where(
            Accommodation.assessment_id == assessment_id, Accommodation.learner_id == learner_id
        )
    )


def effective_accommodations(
    session: Session, tenant_id: int, assessment_id: int, learner_ids: Collection[str]
) -> dict[str, EffectiveAccommodation]:
    """Each learner's accommodation at the assessment, combined by `accommodation_rules.combine`; a learner with
    neither kind is left out. Both kinds are read in one statement (a UNION ALL), whatever the number of learners.

    `assessment_id` must be the tenant's (callers have it from `tenant_assessment` or a loaded attempt).
    """
    if not learner_ids:
        return {}
    tenant_wide = select(
        literal_column("0", Integer).label("per_assessment"),
        LearnerAccommodation.learner_id,
        LearnerAccommodation.time_multiplier_num,
        LearnerAccommodation.time_multiplier_den,
        literal_column("0", Integer).label("extra_seconds"),
        LearnerAccommodation.extra_attempts,
    ).where(LearnerAccommodation.tenant_id == tenant_id, LearnerAccommodation.learner_id.in_(learner_ids))
    per_assessment = select(
        literal_column("1", Integer),
        Accommodation.learner_id,
        Accommodation.time_multiplier_num,
        Accommodation.time_multiplier_den,
        Accommodation.extra_seconds,
        Accommodation.extra_attempts,
    ).where(Accommodation.assessment_id == assessment_id, Accommodation.learner_id.in_(learner_ids))
    grants: dict[str, dict[bool, Grant]] = {}
    for row in session.execute(tenant_wide.union_all(per_assessment)):
        grants.setdefault(row.learner_id, {})[bool(row.per_assessment)] = stored_grant(
            row.time_multiplier_num, row.time_multiplier_den, row.extra_seconds, row.extra_attempts
        )
    return {learner: combine(kinds.get(False), kinds.get(True)) for learner, kinds in grants.items()}


def stored_grant(num: int | None, den: int | None, extra_seconds: int, extra_attempts: int) -> Grant:
    """A stored accommodation's columns as the rules read them (no multiplier stored: none given)."""
    return Grant(None if num is None or den is None else Fraction(num, den), extra_seconds, extra_attempts)


def effective_accommodation(
    session: Session, tenant_id: int, assessment_id: int, learner_id: str
) -> EffectiveAccommodation:
    """One learner's `effective_accommodations`: what start, usage and a moved deadline apply."""
    found = effective_accommodations(session, tenant_id, assessment_id, [learner_id])
    return found.get(learner_id, NO_ACCOMMODATION)


def lock_learner_attempts(session: Session, assessment_id: int, learner_id: str) -> None:
    """Lock the learner's attempts at the assessment, in id order, until the transaction ends.

    Scoring and voiding each change which of the learner's attempts the analytics selections count (first,
    last, best), reading the learner's other attempts to decide: two at once would each decide from the other's
    state before it commits. Taking these locks first serialises them per learner; the id order means two such
    transactions cannot deadlock. (SQLite's BEGIN IMMEDIATE serialises every writer already.)
    """
    session.execute(
        select(Attempt.id)
        .where(Attempt.assessment_id == assessment_id, Attempt.learner_id == learner_id)
        .order_by(Attempt.id)
        .with_for_update()
    ).all()


def lock_attempts_of_learner_of(session: Session, tenant_id: int, attempt_id: int) -> None:
    """`lock_learner_attempts` for the learner and assessment of the tenant's attempt, or NotFoundError (a 404).

    For a service that changes one attempt and may score it (a check, a void): it takes the same locks in the
    same order as a submit, so none of them can deadlock another.
    """
    owner = session.execute(
        select(Attempt.assessment_id, Attempt.learner_id).where(
            Attempt.id == attempt_id, Attempt.tenant_id == tenant_id
        )
    ).one_or_none()
    if owner is None:
        raise NotFoundError(f"no attempt {attempt_id}")
    lock_learner_attempts(session, owner.assessment_id, owner.learner_id)


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
    """`learner_usage` of the attempt's learner at its assessment."""
    return learner_usage(
        session, attempt.tenant_id, attempt.assessment_id, attempt.learner_id, attempt.assessment.max_attempts
    )


def learner_usage(
    session: Session, tenant_id: int, assessment_id: int, learner_id: str, max_attempts: int | None
) -> AttemptUsage:
    """How many attempts the learner has used and has left (`max_attempts` is the assessment's), counting both
    kinds of accommodation, for the pass outcome."""
    used = attempts_used(session, assessment_id, learner_id)
    if max_attempts is None:
        return AttemptUsage(used, None)
    accommodation = effective_accommodation(session, tenant_id, assessment_id, learner_id)
    allowed = accommodation.attempts_allowed(max_attempts)
    return AttemptUsage(used, None if allowed is None else max(0, allowed - used))
