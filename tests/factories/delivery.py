"""Factories for the delivery models: attempts taken through the real services, and both kinds of accommodation.

An attempt's rows are never written here: `AttemptFactory` calls `assess.delivery` (start, save, check, submit,
read), so every state it hands back is one the engine itself reached, with the engine's own scores.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from fractions import Fraction

import factory

from assess import delivery
from assess.models import Accommodation, Attempt, AttemptQuestion, LearnerAccommodation
from itembank.db import utcnow
from itembank.models import Assessment, FeedbackPolicy
from tests.factories.bank import AssessmentFactory, TenantOwnedFactory
from tests.factories.base import BaseFactory, current_session


def keyed_option(question: AttemptQuestion) -> int:
    """The id of a one-option question's keyed option, read from its item version (never from a payload)."""
    return next(option.id for option in question.version.options if option.is_correct)


def wrong_option(question: AttemptQuestion) -> int:
    """The id of the question's first option that is not keyed."""
    return next(option.id for option in question.version.options if not option.is_correct)


class AttemptFactory(factory.Factory):
    """A learner's attempt, started with `start_attempt` at `started_at` (an assessment of 3 questions by default).

    Then, in this order and as asked:
    - `answers=N`: the first N questions in delivery order get a response (`save_response`, seq 1, at
      `answered_at`): the keyed option for the first `right` of them (all of them by default), a wrong one for
      the rest; one-option (single-choice, true/false) items only;
    - `check=True`: each answered question is checked (`check_question`, at `answered_at`);
    - `submit=True`: the attempt is submitted (`submit_attempt`, at `submitted_at`);
    - `past_deadline=True`: the attempt is read one second after it closes (`get_attempt`), which scores it with
      close reason "deadline".
    The times default to `started_at`, which defaults to now. Traits name the states:
    - in progress: `AttemptFactory()`;
    - `answered`: every question answered (`right=` how many with the key);
    - `checked`: answered and every question checked; the new assessment gives immediate feedback;
    - `scored`: answered and submitted (`AttemptFactory(submit=True)` submits with nothing answered);
    - `closed_by_deadline`: answered, then closed by the deadline; the new assessment has a 10-minute limit.
    `checked` and `closed_by_deadline` change only an assessment they build: pass `assessment=` one that gives
    immediate feedback, or has a time limit, respectively. Returns the attempt as `load_attempt` reads it.
    """

    class Meta:
        model = Attempt

    assessment = factory.SubFactory(AssessmentFactory, questions=3)
    learner_id = factory.Sequence(lambda n: f"learner-{n}")
    context_id = None
    seed = None
    started_at = factory.LazyFunction(utcnow)
    answers = 0
    right = None
    answered_at = factory.SelfAttribute("started_at")
    check = False
    submit = False
    submitted_at = factory.SelfAttribute("answered_at")
    past_deadline = False

    class Params:
        answered = factory.Trait(answers=factory.LazyAttribute(lambda o: len(o.assessment.slots)))
        checked = factory.Trait(answered=True, check=True, assessment__feedback_policy=FeedbackPolicy.IMMEDIATE)
        scored = factory.Trait(answered=True, submit=True)
        closed_by_deadline = factory.Trait(answered=True, past_deadline=True, assessment__time_limit_seconds=600)

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise TypeError("an attempt exists once start_attempt has made it: call AttemptFactory(), not .build()")

    @classmethod
    def _create(
        cls,
        model_class: type[Attempt],
        *,
        assessment: Assessment,
        learner_id: str,
        context_id: str | None,
        seed: int | None,
        started_at: datetime,
        answers: int,
        right: int | None,
        answered_at: datetime,
        check: bool,
        submit: bool,
        submitted_at: datetime,
        past_deadline: bool,
    ) -> Attempt:
        right = answers if right is None else right
        if not 0 <= right <= answers <= len(assessment.slots):  # one question per slot
            raise ValueError(f"want 0 <= right ({right}) <= answers ({answers}) <= {len(assessment.slots)} questions")
        session = current_session()
        tenant_id = assessment.tenant_id
        started = delivery.start_attempt(
            session, tenant_id, assessment.id, learner_id, now=started_at, context_id=context_id, seed=seed
        )
        if started.resumed:
            raise ValueError(f"{learner_id!r} already has an open attempt at assessment {assessment.id}")
        attempt = started.attempt
        for index, question in enumerate(attempt.questions[:answers]):
            option = keyed_option(question) if index < right else wrong_option(question)
            delivery.save_response(
                session, tenant_id, attempt.id, question.position, {"option": option}, seq=1, now=answered_at
            )
            if check:
                delivery.check_question(session, tenant_id, attempt.id, question.position, now=answered_at)
        if submit:
            delivery.submit_attempt(session, tenant_id, attempt.id, now=submitted_at)
        if past_deadline:
            if attempt.closes_at is None:
                raise ValueError(f"assessment {assessment.id} has no time limit, so no deadline to pass")
            delivery.get_attempt(session, tenant_id, attempt.id, now=attempt.closes_at + timedelta(seconds=1))
        return delivery.load_attempt(session, tenant_id, attempt.id)


class AccommodationFactory(BaseFactory):
    """Extra time or attempts for one learner at an assessment (none of either unless given)."""

    class Meta:
        model = Accommodation
        exclude = ("assessment",)

    assessment = factory.SubFactory(AssessmentFactory)
    assessment_id = factory.SelfAttribute("assessment.id")
    learner_id = factory.Sequence(lambda n: f"learner-{n}")
    extra_seconds = 0
    extra_attempts = 0
    time_multiplier = None


class LearnerAccommodationFactory(TenantOwnedFactory):
    """A learner's time multiplier and extra attempts at every assessment of the tenant (1 and none unless given)."""

    class Meta:
        model = LearnerAccommodation

    learner_id = factory.Sequence(lambda n: f"learner-{n}")
    time_multiplier = Fraction(1)
    extra_attempts = 0
