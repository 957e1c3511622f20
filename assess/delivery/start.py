"""Starting an attempt: resume the open one, or fix a new form from the stored seed and start the clock."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from assess.accommodation_rules import EffectiveAccommodation
from assess.delivery.assembly import latest_versions, seen_items, slot_source
from assess.delivery.closing import close_if_overdue
from assess.delivery.delivered import Delivered, load_attempt
from assess.errors import ContextConflictError, EmptyAssessmentError, NoAttemptsLeftError
from assess.forms import build_form, new_seed, shuffled_options
from assess.models import Attempt, AttemptQuestion
from assess.queries import attempt_tally, effective_accommodation, open_attempt_id, tenant_assessment
from assess.states import AttemptState
from itembank.models import Assessment


def start_attempt(
    session: Session,
    tenant_id: int,
    assessment_id: int,
    learner_id: str,
    *,
    now: datetime,
    context_id: str | None = None,
    seed: int | None = None,
) -> Delivered:
    """Return the learner's open attempt, or fix a new form; refuse when no attempts are left."""
    assessment = tenant_assessment(session, tenant_id, assessment_id, selectinload(Assessment.slots))
    open_id = open_attempt_id(session, assessment.id, learner_id)
    if open_id is not None:
        open_attempt = load_attempt(session, tenant_id, open_id)
        # The learner's only attempt here that can be overdue. Its close is settled apart from this start
        # (`on_clock_decision`), so a refusal below (no attempts left) leaves it scored, in the grade.
        close_if_overdue(session, open_attempt, now=now)
        if open_attempt.state == AttemptState.IN_PROGRESS:
            if context_id is not None and open_attempt.context_id != context_id:
                raise ContextConflictError(
                    f"the learner's attempt {open_attempt.id} is open in context {open_attempt.context_id!r}; "
                    "submit it (or let it close) before starting in another"
                )
            return Delivered(open_attempt, resumed=True)
    if not assessment.slots:
        raise EmptyAssessmentError(f"assessment {assessment.id} has no questions")
    accommodation = effective_accommodation(session, tenant_id, assessment.id, learner_id)
    tally = attempt_tally(session, assessment.id, learner_id)
    allowed = accommodation.attempts_allowed(assessment.max_attempts)
    if allowed is not None and tally.used >= allowed:
        raise NoAttemptsLeftError(f"all {tally.used} attempts at this assessment are used")
    attempt = _new_attempt(session, assessment, learner_id, context_id, tally.last_number + 1, seed, now)
    set_deadline(attempt, assessment, accommodation)
    try:
        with session.begin_nested():
            session.add(attempt)
    except IntegrityError:
        # A concurrent start for the same learner won the race; resume its attempt instead.
        winner = open_attempt_id(session, assessment.id, learner_id)
        if winner is None:
            raise
        return Delivered(load_attempt(session, tenant_id, winner), resumed=True)
    return Delivered(attempt)


def _new_attempt(
    session: Session,
    assessment: Assessment,
    learner_id: str,
    context_id: str | None,
    number: int,
    seed: int | None,
    now: datetime,
) -> Attempt:
    seed = new_seed() if seed is None else seed
    form = build_form(
        seed,
        [slot_source(session, slot) for slot in assessment.slots],
        shuffle_questions=assessment.shuffle_questions,
        seen=seen_items(session, assessment.id, learner_id),
    )
    versions = latest_versions(session, [question.item_id for question in form.questions])
    # A fixed slot whose item has no published version (retired, or still a draft) is left out of new forms.
    delivered = [question for question in form.questions if question.item_id in versions]
    if not delivered:
        raise EmptyAssessmentError(f"assessment {assessment.id} has no published questions")
    questions = []
    for position, question in enumerate(delivered, start=1):
        version = versions[question.item_id]
        questions.append(
            AttemptQuestion(
                position=position,
                slot_position=question.slot_position,
                item_version_id=version.id,
                version=version,
                option_order=shuffled_options(
                    seed, question.slot_position, [o.id for o in version.options], shuffle=assessment.shuffle_options
                ),
                points=version.points,
            )
        )
    return Attempt(
        tenant_id=assessment.tenant_id,
        assessment=assessment,
        learner_id=learner_id,
        context_id=context_id,
        number=number,
        seed=seed,
        started_at=now,
        updated_at=now,
        points_possible=sum(question.points for question in questions),
        questions=questions,
    )


def set_deadline(attempt: Attempt, assessment: Assessment, accommodation: EffectiveAccommodation) -> None:
    """The time limit the learner sees (the assessment's, accommodated), and the hard deadline (plus grace)
    after which nothing is accepted."""
    time_limit = accommodation.time_limit(assessment.time_limit_seconds)
    if time_limit is None:
        attempt.deadline_at = attempt.closes_at = None
        return
    attempt.deadline_at = attempt.started_at + timedelta(seconds=time_limit)
    attempt.closes_at = attempt.deadline_at + timedelta(seconds=assessment.grace_seconds)
