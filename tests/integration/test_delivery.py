"""Delivery on both databases: forms, saves, checks, deadlines and exact scoring against the threshold."""

from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest

from assess.delivery import check_question, get_attempt, save_response, start_attempt, submit_attempt
from assess.errors import (
    AttemptClosedError,
    CheckNotAllowedError,
    DeadlinePassedError,
    InvalidResponseError,
    NoAttemptsLeftError,
    QuestionLockedError,
    StaleSaveError,
)
from itembank.errors import NotFoundError
from tests.factories import (
    AccommodationFactory,
    AssessmentFactory,
    AssessmentSlotFactory,
    AttemptFactory,
    TenantFactory,
    keyed_option,
    wrong_option,
)

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _reread(session, attempt, now=T0):
    return get_attempt(session, attempt.tenant_id, attempt.id, now=now).attempt


@pytest.mark.parametrize(("right", "passed"), [(12, True), (11, False), (15, True), (0, False)])
def test_twelve_of_fifteen_is_exactly_eighty_percent_and_passes(session, right, passed):
    attempt = AttemptFactory(
        assessment=AssessmentFactory(questions=15),
        started_at=T0,
        scored=True,
        right=right,
        submitted_at=T0 + timedelta(minutes=5),
    )
    assert attempt.points_earned == right and attempt.points_possible == 15
    assert (attempt.points_earned / attempt.points_possible >= Fraction(4, 5)) is passed
    assert attempt.passed is passed


def test_unanswered_questions_score_zero(session):
    attempt = AttemptFactory(assessment=AssessmentFactory(questions=5), started_at=T0, answers=1, submit=True)
    assert attempt.points_earned == 1 and attempt.passed is False


def test_starting_again_resumes_the_open_attempt_with_the_same_form(session):
    assessment = AssessmentFactory(questions=15)
    first = start_attempt(session, assessment.tenant_id, assessment.id, "learner-1", now=T0)
    again = start_attempt(session, assessment.tenant_id, assessment.id, "learner-1", now=T0 + timedelta(minutes=1))
    assert not first.resumed and again.resumed and again.attempt.id == first.attempt.id
    assert [q.option_order for q in again.attempt.questions] == [q.option_order for q in first.attempt.questions]


def test_the_form_is_fixed_by_the_seed(session):
    assessment = AssessmentFactory(questions=15)
    a = AttemptFactory(assessment=assessment, learner_id="a", seed=7, started_at=T0)
    b = AttemptFactory(assessment=assessment, learner_id="b", seed=7, started_at=T0)
    c = AttemptFactory(assessment=assessment, learner_id="c", seed=8, started_at=T0)
    form = lambda attempt: [(q.slot_position, q.option_order) for q in attempt.questions]  # noqa: E731
    assert form(a) == form(b) and form(a) != form(c)


def test_a_stale_save_never_overwrites_a_newer_one(session):
    attempt = AttemptFactory(assessment=AssessmentFactory(questions=1), started_at=T0)
    question = attempt.questions[0]
    save_response(session, attempt.tenant_id, attempt.id, 1, {"option": keyed_option(question)}, seq=5, now=T0)
    with pytest.raises(StaleSaveError) as raised:
        save_response(session, attempt.tenant_id, attempt.id, 1, {"option": wrong_option(question)}, seq=4, now=T0)
    assert raised.value.current_seq == 5
    retry = save_response(session, attempt.tenant_id, attempt.id, 1, {"option": keyed_option(question)}, seq=5, now=T0)
    assert retry.seq == 5 and retry.response == {"option": keyed_option(question)}  # a retry is harmless
    assert _reread(session, attempt).questions[0].response == {"option": keyed_option(question)}
    submit_attempt(session, attempt.tenant_id, attempt.id, now=T0)
    assert attempt.passed


def test_saves_record_timestamps(session):
    attempt = AttemptFactory(assessment=AssessmentFactory(questions=1), started_at=T0)
    question = attempt.questions[0]
    save_response(
        session,
        attempt.tenant_id,
        attempt.id,
        1,
        {"option": wrong_option(question)},
        seq=1,
        now=T0 + timedelta(seconds=10),
    )
    saved = save_response(
        session,
        attempt.tenant_id,
        attempt.id,
        1,
        {"option": keyed_option(question)},
        seq=2,
        now=T0 + timedelta(seconds=40),
    )
    assert saved.answered_at == T0 + timedelta(seconds=40)
    question = _reread(session, attempt).questions[0]
    assert question.first_answered_at == T0 + timedelta(seconds=10)
    assert question.answered_at == T0 + timedelta(seconds=40)


def test_malformed_responses_are_refused(session):
    attempt = AttemptFactory(assessment=AssessmentFactory(questions=1), started_at=T0)
    with pytest.raises(InvalidResponseError):
        save_response(session, attempt.tenant_id, attempt.id, 1, {"option": 10**9}, seq=1, now=T0)
    with pytest.raises(NotFoundError):
        save_response(session, attempt.tenant_id, attempt.id, 2, {"option": 1}, seq=1, now=T0)


def test_submit_is_idempotent_and_later_saves_are_refused(session):
    attempt = AttemptFactory(assessment=AssessmentFactory(questions=5), started_at=T0, scored=True, right=4)
    first = (attempt.points_earned, attempt.passed, attempt.submitted_at)
    submit_attempt(session, attempt.tenant_id, attempt.id, now=T0 + timedelta(hours=1))
    assert (attempt.points_earned, attempt.passed, attempt.submitted_at) == first
    with pytest.raises(AttemptClosedError):
        save_response(
            session, attempt.tenant_id, attempt.id, 1, {"option": keyed_option(attempt.questions[0])}, seq=9, now=T0
        )


def test_check_gives_immediate_feedback_and_locks_the_question(session):
    attempt = AttemptFactory(assessment=AssessmentFactory(questions=2, feedback_policy="immediate"), started_at=T0)
    first = attempt.questions[0]
    save_response(session, attempt.tenant_id, attempt.id, 1, {"option": keyed_option(first)}, seq=1, now=T0)
    assert check_question(session, attempt.tenant_id, attempt.id, 1, now=T0).attempt.questions[0].credit == 1
    with pytest.raises(QuestionLockedError):
        save_response(session, attempt.tenant_id, attempt.id, 1, {"option": wrong_option(first)}, seq=2, now=T0)
    with pytest.raises(InvalidResponseError):
        check_question(session, attempt.tenant_id, attempt.id, 2, now=T0)


def test_check_is_refused_where_feedback_waits_for_submit(session):
    attempt = AttemptFactory(
        assessment=AssessmentFactory(questions=1, feedback_policy="after_submit"), started_at=T0, answered=True
    )
    with pytest.raises(CheckNotAllowedError):
        check_question(session, attempt.tenant_id, attempt.id, 1, now=T0)


def test_the_deadline_closes_and_scores_what_was_saved(session):
    assessment = AssessmentFactory(questions=5, time_limit_seconds=600, grace_seconds=30)
    attempt = AttemptFactory(assessment=assessment, started_at=T0, answered=True, answered_at=T0 + timedelta(minutes=2))
    save_response(
        session,
        attempt.tenant_id,
        attempt.id,
        1,
        {"option": keyed_option(attempt.questions[0])},
        seq=2,
        now=T0 + timedelta(seconds=620),
    )
    with pytest.raises(DeadlinePassedError):
        save_response(
            session,
            attempt.tenant_id,
            attempt.id,
            1,
            {"option": wrong_option(attempt.questions[0])},
            seq=3,
            now=T0 + timedelta(seconds=631),
        )
    assert attempt.state == "scored" and attempt.close_reason == "deadline" and attempt.passed
    assert attempt.submitted_at == T0 + timedelta(seconds=630)


def test_an_overdue_attempt_is_closed_on_its_next_read(session):
    assessment = AssessmentFactory(questions=1, time_limit_seconds=60)
    attempt = AttemptFactory(assessment=assessment, started_at=T0)
    read = get_attempt(session, assessment.tenant_id, attempt.id, now=T0 + timedelta(seconds=61)).attempt
    assert read.state == "scored" and read.close_reason == "deadline" and read.points_earned == 0


def test_extra_time_is_an_accommodation(session):
    assessment = AssessmentFactory(questions=1, time_limit_seconds=60)
    AccommodationFactory(assessment=assessment, learner_id="learner-1", extra_seconds=60)
    attempt = AttemptFactory(assessment=assessment, learner_id="learner-1", started_at=T0)
    save_response(
        session,
        attempt.tenant_id,
        attempt.id,
        1,
        {"option": keyed_option(attempt.questions[0])},
        seq=1,
        now=T0 + timedelta(seconds=90),
    )
    assert attempt.deadline_at == T0 + timedelta(seconds=120)


def test_max_attempts_with_extra_attempts(session):
    assessment = AssessmentFactory(questions=1, max_attempts=1)
    AttemptFactory(assessment=assessment, learner_id="learner-1", started_at=T0, submit=True)
    with pytest.raises(NoAttemptsLeftError):
        start_attempt(session, assessment.tenant_id, assessment.id, "learner-1", now=T0)
    AccommodationFactory(assessment=assessment, learner_id="learner-1", extra_attempts=1)
    second = start_attempt(session, assessment.tenant_id, assessment.id, "learner-1", now=T0).attempt
    assert second.number == 2


def test_another_tenant_cannot_start_or_read(session):
    assessment = AssessmentFactory(questions=1)
    other = TenantFactory()
    with pytest.raises(NotFoundError):
        start_attempt(session, other.id, assessment.id, "x", now=T0)
    attempt = AttemptFactory(assessment=assessment, started_at=T0)
    with pytest.raises(NotFoundError):
        get_attempt(session, other.id, attempt.id, now=T0)


def test_pool_draws_avoid_items_seen_in_earlier_attempts(session):
    slot = AssessmentSlotFactory(from_pool=True, pool__items=3)
    drawn = []
    for _ in range(3):
        attempt = AttemptFactory(assessment=slot.assessment, learner_id="learner-1", started_at=T0, submit=True)
        drawn.append(attempt.questions[0].version.item_id)
    assert sorted(drawn) == sorted(item.id for item in slot.pool.items)
