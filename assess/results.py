"""A learner's result for an assessment across attempts, combined by the assessment's grading method."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.accommodation_rules import NO_ACCOMMODATION, EffectiveAccommodation
from assess.delivery.closing import close_overdue
from assess.models import Attempt
from assess.paging import page_of
from assess.queries import effective_accommodations, tenant_assessment
from assess.states import AttemptState
from itembank.models import Assessment, GradingMethod


@dataclass(frozen=True)
class LearnerResult:
    learner_id: str
    grading_method: str
    score: Fraction | None
    passed: bool | None
    attempts_used: int
    attempts_left: int | None
    graded_attempt_id: int | None


def grade(method: str, scores: Sequence[tuple[int, Fraction]]) -> tuple[Fraction | None, int | None]:
    """Combine (attempt id, score) pairs in attempt order; average has no single graded attempt."""
    if not scores:
        return None, None
    if method == GradingMethod.FIRST:
        return scores[0][1], scores[0][0]
    if method == GradingMethod.LAST:
        return scores[-1][1], scores[-1][0]
    if method == GradingMethod.AVERAGE:
        return sum((score for _id, score in scores), Fraction(0)) / len(scores), None
    best_id, best = max(scores, key=lambda pair: (pair[1], -pair[0]))  # the earliest of equal bests
    return best, best_id


def learner_results(
    session: Session,
    tenant_id: int,
    assessment_id: int,
    *,
    now: datetime,
    learner_id: str | None = None,
    offset: int = 0,
    limit: int = 50,
) -> tuple[list[LearnerResult], int]:
    """Attempts past their deadline are closed first: a grade never leaves out an attempt the clock scored."""
    assessment = tenant_assessment(session, tenant_id, assessment_id)
    close_overdue(session, tenant_id, now=now, assessment_id=assessment.id, learner_id=learner_id)
    learners_query = select(Attempt.learner_id).where(Attempt.assessment_id == assessment_id).distinct()
    if learner_id is not None:
        learners_query = learners_query.where(Attempt.learner_id == learner_id)
    page = page_of(session, learners_query, order_by=Attempt.learner_id, offset=offset, limit=limit)
    learners, total = page.items, page.total
    attempts = session.scalars(
        select(Attempt)
        .where(Attempt.assessment_id == assessment_id, Attempt.learner_id.in_(learners))
        .order_by(Attempt.learner_id, Attempt.number)
    ).all()
    accommodations = effective_accommodations(session, tenant_id, assessment.id, learners)
    return [
        _result(assessment, learner, attempts, accommodations.get(learner, NO_ACCOMMODATION)) for learner in learners
    ], total


def _result(
    assessment: Assessment, learner: str, attempts: Sequence[Attempt], accommodation: EffectiveAccommodation
) -> LearnerResult:
    own = [a for a in attempts if a.learner_id == learner and a.state != AttemptState.VOIDED]
    scores = [
        (attempt.id, attempt.points_earned / attempt.points_possible)
        for attempt in own
        if attempt.state == AttemptState.SCORED and attempt.points_earned is not None
    ]
    score, graded = grade(assessment.grading_method, scores)
    allowed = accommodation.attempts_allowed(assessment.max_attempts)
    return LearnerResult(
        learner_id=learner,
        grading_method=assessment.grading_method,
        score=score,
        passed=_passed(assessment, own, score, graded),
        attempts_used=len(own),
        attempts_left=None if allowed is None else max(0, allowed - len(own)),
        graded_attempt_id=graded,
    )


def _passed(assessment: Assessment, own: Sequence[Attempt], score: Fraction | None, graded: int | None) -> bool | None:
    """A graded attempt passed or not by its own revision's threshold; an average is held to the current one."""
    if score is None:
        return None
    if graded is not None:
        return next(bool(attempt.passed) for attempt in own if attempt.id == graded)
    return score >= assessment.pass_threshold
