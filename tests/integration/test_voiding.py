"""Voided attempts: kept for audit, out of grading, attempt limits and analytics, whose count tables stay equal
to a rebuild from scratch whichever attempt (first, best, last, only, open) is voided."""

from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest

from assess.analytics.store import Selection
from assess.delivery import save_response, start_attempt
from assess.errors import AttemptClosedError, NoAttemptsLeftError
from assess.results import learner_results
from assess.states import AttemptState
from assess.voiding import reset_learner, void_attempt
from itembank.errors import NotFoundError
from tests.factories import AssessmentFactory, keyed_option, wrong_option
from tests.integration.taking import analytics_of, assert_equal_to_a_rebuild, take

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _right(count):
    """A chooser answering the first `count` questions (by position) with the key, the rest wrongly."""
    return lambda question: keyed_option(question) if question.position <= count else wrong_option(question)


def _void(session, attempt, reason="test"):
    return void_attempt(session, attempt.tenant_id, attempt.id, by="lms", reason=reason, now=T0 + timedelta(days=1))


def test_voiding_first_best_last_and_only_attempts_keeps_the_tables_equal_to_a_rebuild(session):
    assessment = AssessmentFactory(questions=3, shuffle_questions=False)
    first, best, last = (
        take(session, assessment, "ana", _right(right), T0 + timedelta(hours=hour))
        for hour, right in ((0, 1), (1, 3), (2, 2))
    )
    only = take(session, assessment, "ben", _right(2), T0)
    take(session, assessment, "cy", _right(0), T0)
    assert_equal_to_a_rebuild(session, assessment)

    for voided in (first, best, only, last):
        before = analytics_of(session, assessment, Selection.ALL).tables
        assert _void(session, voided).state == AttemptState.VOIDED
        assert analytics_of(session, assessment, Selection.ALL).tables != before
        assert_equal_to_a_rebuild(session, assessment)

    ana, ben, cy = learner_results(session, assessment.tenant_id, assessment.id, now=T0 + timedelta(days=2))[0]
    assert (ana.score, ana.attempts_used, ana.graded_attempt_id) == (None, 0, None)
    assert (ben.score, ben.attempts_used) == (None, 0)
    assert (cy.score, cy.attempts_used) == (Fraction(0), 1)


def test_the_grade_follows_the_remaining_attempts(session):
    assessment = AssessmentFactory(questions=4, shuffle_questions=False)
    take(session, assessment, "ana", _right(1), T0)
    best = take(session, assessment, "ana", _right(4), T0 + timedelta(hours=1))
    [ana] = learner_results(session, assessment.tenant_id, assessment.id, now=T0 + timedelta(days=2))[0]
    assert (ana.score, ana.graded_attempt_id, ana.attempts_used) == (Fraction(1), best.id, 2)
    _void(session, best, reason="proctor saw notes")
    [ana] = learner_results(session, assessment.tenant_id, assessment.id, now=T0 + timedelta(days=2))[0]
    assert (ana.score, ana.attempts_used) == (Fraction(1, 4), 1)
    assert (best.voided_by, best.void_reason, best.points_earned) == ("lms", "proctor saw notes", 4)


def test_an_open_attempt_voided_takes_no_more_answers_and_voiding_again_changes_nothing(session):
    assessment = AssessmentFactory(questions=2)
    attempt = start_attempt(session, assessment.tenant_id, assessment.id, "ana", now=T0).attempt
    voided = _void(session, attempt, reason="first")
    with pytest.raises(AttemptClosedError):
        option = keyed_option(attempt.questions[0])
        save_response(session, attempt.tenant_id, attempt.id, 1, {"option": option}, seq=1, now=T0)
    again = _void(session, attempt, reason="second")
    assert (again.void_reason, again.voided_at) == ("first", voided.voided_at)
    with pytest.raises(NotFoundError):
        void_attempt(session, attempt.tenant_id + 1, attempt.id, by="other", reason="x", now=T0)
    assert_equal_to_a_rebuild(session, assessment)


def test_a_reset_gives_the_learner_their_attempts_back(session):
    assessment = AssessmentFactory(questions=2, max_attempts=1)
    take(session, assessment, "ana", _right(1), T0)
    with pytest.raises(NoAttemptsLeftError):
        start_attempt(session, assessment.tenant_id, assessment.id, "ana", now=T0 + timedelta(hours=1))
    voided = reset_learner(session, assessment.tenant_id, assessment.id, "ana", by="lms", reason="retake", now=T0)
    assert [attempt.number for attempt in voided] == [1]
    assert reset_learner(session, assessment.tenant_id, assessment.id, "ana", by="lms", reason="x", now=T0) == []
    again = start_attempt(session, assessment.tenant_id, assessment.id, "ana", now=T0 + timedelta(hours=2))
    assert again.attempt.number == 2 and again.attempt.state == AttemptState.IN_PROGRESS
    with pytest.raises(NotFoundError):
        reset_learner(session, assessment.tenant_id + 1, assessment.id, "ana", by="lms", reason="x", now=T0)
