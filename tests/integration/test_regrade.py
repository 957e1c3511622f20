"""Regrading finished attempts onto a corrected item version: the dry run, the regrade, its record and its
reversal, on both databases, with the analytics count tables equal to a rebuild after each step."""

from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest

from assess.delivery import save_response, start_attempt, submit_attempt
from assess.errors import (
    InvalidRegradeTargetError,
    NothingToRegradeError,
    RegradeIncompatibleError,
    RegradeSupersededError,
)
from assess.regrade import dry_run, get_regrade, regrade_item, reverse_regrade
from assess.results import learner_results
from assess.voiding import void_attempt
from itembank.authoring import edit_content, revise_item
from itembank.errors import NotFoundError
from itembank.models import GradingMethod, ItemStatus
from tests.factories import AssessmentFactory, AssessmentSlotFactory, ItemFactory
from tests.integration.taking import assert_equal_to_a_rebuild, tables, take
from tests.regrading import chose, corrected, draft_of, three_options

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
LATER = T0 + timedelta(days=1)


@pytest.fixture
def miskeyed(session):
    """Three questions, A keyed; question 1's true answer is B. Four learners took it."""
    assessment = AssessmentFactory(questions=3, shuffle_questions=False, pass_threshold_bp=6000)
    item = assessment.slots[0].item
    attempts = {
        # learner: answers at questions 1, 2, 3 (authored positions: 0 = A, 1 = B)
        "ana": take(session, assessment, "ana", chose({1: 1, 2: 0, 3: 1}), T0),  # 1 -> 2: fail -> pass
        "ben": take(session, assessment, "ben", chose({1: 0, 2: 0, 3: 1}), T0),  # 2 -> 1: pass -> fail
        "cy": take(session, assessment, "cy", chose({1: 2, 2: 0, 3: 0}), T0),  # 2 -> 2: pass, pass
    }
    attempts["ana2"] = take(session, assessment, "ana", chose({1: 0, 2: 1, 3: 1}), T0 + timedelta(hours=1))
    return assessment, item, attempts


def test_a_dry_run_lists_each_attempt_before_and_after_and_writes_nothing(session, miskeyed):
    assessment, item, attempts = miskeyed
    v2 = corrected(session, item, keyed={1})
    before = tables(session, assessment)
    report = dry_run(session, assessment.tenant_id, item.id, 2, now=LATER)
    assert report.dry_run and report.id is None and report.to_version_id == v2.id
    rows = {
        (a.learner_id, a.number): (a.points_before, a.points_after, a.passed_before, a.passed_after)
        for a in report.attempts
    }
    assert rows == {
        ("ana", 1): (1, 2, False, True),
        ("ben", 1): (2, 1, True, False),
        ("cy", 1): (2, 2, True, True),
        ("ana", 2): (1, 0, False, False),
    }
    totals = report.totals
    assert (totals.attempts, totals.scores_changed, totals.outcomes_changed) == (4, 3, 2)
    assert (totals.now_passing, totals.now_failing) == (1, 1)
    grades = {g.learner_id: (g.score_before, g.score_after, g.passed_after) for g in report.grades}
    assert grades["ana"] == (Fraction(1, 3), Fraction(2, 3), True)  # highest: attempt 1 now has 2 of 3
    assert tables(session, assessment) == before
    assert {q.item_version_id for a in attempts.values() for q in a.questions if q.version.item_id == item.id} == {
        item.versions[0].id
    }


def test_a_regrade_moves_rescores_records_and_keeps_the_analytics_equal_to_a_rebuild(session, miskeyed):
    assessment, item, attempts = miskeyed
    v2 = corrected(session, item, keyed={1})
    planned = dry_run(session, assessment.tenant_id, item.id, 2, now=LATER)
    done, created = regrade_item(session, assessment.tenant_id, item.id, 2, by="author key", now=LATER)
    assert created and not done.dry_run and done.created_by == "author key" and done.created_at == LATER
    assert [(a.attempt_id, a.points_after) for a in done.attempts] == [
        (a.attempt_id, a.points_after) for a in planned.attempts
    ]
    ana = attempts["ana"]
    session.refresh(ana)
    question = ana.questions[0]
    assert question.version is v2 and question.credit == 1
    assert question.response == {"option": v2.options[1].id}
    assert sorted(question.option_order) == sorted(option.id for option in v2.options)
    assert (ana.points_earned, ana.passed, ana.updated_at) == (2, True, LATER)
    assert_equal_to_a_rebuild(session, assessment)
    results = {r.learner_id: r for r in learner_results(session, assessment.tenant_id, assessment.id, now=LATER)[0]}
    assert (results["ana"].score, results["ana"].passed) == (Fraction(2, 3), True)
    assert (results["ben"].score, results["ben"].passed) == (Fraction(1, 3), False)
    again = get_regrade(session, assessment.tenant_id, done.id)
    assert again.attempts == done.attempts and again.totals == done.totals


def test_repeating_a_regrade_changes_nothing_and_answers_with_the_first(session, miskeyed):
    assessment, item, _attempts = miskeyed
    corrected(session, item, keyed={1})
    first, _ = regrade_item(session, assessment.tenant_id, item.id, 2, by="a", now=LATER)
    live = tables(session, assessment)
    repeat, created = regrade_item(session, assessment.tenant_id, item.id, 2, by="b", now=LATER + timedelta(hours=1))
    assert not created and repeat.id == first.id and repeat.created_by == "a"
    assert tables(session, assessment) == live
    assert dry_run(session, assessment.tenant_id, item.id, 2, now=LATER).attempts == []


def test_a_reversal_restores_every_attempt_exactly_and_the_analytics(session, miskeyed):
    assessment, item, attempts = miskeyed
    stored = {
        name: (
            a.points_earned,
            a.passed,
            [(q.item_version_id, q.option_order, q.response, q.credit) for q in a.questions],
        )
        for name, a in attempts.items()
    }
    original = tables(session, assessment)
    corrected(session, item, keyed={1})
    done, _ = regrade_item(session, assessment.tenant_id, item.id, 2, by="a", now=LATER)
    reversed_ = reverse_regrade(session, assessment.tenant_id, done.id, by="b", now=LATER + timedelta(hours=1))
    assert (reversed_.reversed_by, reversed_.reversed_at) == ("b", LATER + timedelta(hours=1))
    for name, attempt in attempts.items():
        session.refresh(attempt)
        for question in attempt.questions:
            session.refresh(question)
        assert (
            attempt.points_earned,
            attempt.passed,
            [(q.item_version_id, q.option_order, q.response, q.credit) for q in attempt.questions],
        ) == stored[name]
    assert tables(session, assessment) == original
    assert_equal_to_a_rebuild(session, assessment)
    again = reverse_regrade(session, assessment.tenant_id, done.id, by="c", now=LATER + timedelta(hours=2))
    assert again.reversed_by == "b"
    # Reversed, the attempts are on version 1 again: a new regrade may move them.
    assert len(dry_run(session, assessment.tenant_id, item.id, 2, now=LATER).attempts) == 4


def test_open_attempts_keep_their_version_and_are_counted(session, miskeyed):
    assessment, item, _attempts = miskeyed
    open_attempt = start_attempt(session, assessment.tenant_id, assessment.id, "dee", now=T0).attempt
    corrected(session, item, keyed={1})
    done, _ = regrade_item(session, assessment.tenant_id, item.id, 2, by="a", now=LATER)
    assert done.open_attempts_kept == 1 and open_attempt.id not in {a.attempt_id for a in done.attempts}
    session.refresh(open_attempt)
    assert open_attempt.questions[0].version is item.versions[0]
    # Finished later, it is on version 1 and scored there; a second regrade moves it.
    first = open_attempt.questions[0]
    save_response(
        session, assessment.tenant_id, open_attempt.id, 1, {"option": first.version.options[1].id}, seq=1, now=LATER
    )
    submit_attempt(session, assessment.tenant_id, open_attempt.id, now=LATER)
    second, created = regrade_item(session, assessment.tenant_id, item.id, 2, by="a", now=LATER)
    assert created and [a.attempt_id for a in second.attempts] == [open_attempt.id]
    assert second.attempts[0].questions[0].credit_after == 1
    assert_equal_to_a_rebuild(session, assessment)


def test_a_later_regrade_must_be_reversed_first(session, miskeyed):
    assessment, item, _attempts = miskeyed
    corrected(session, item, keyed={1})
    first, _ = regrade_item(session, assessment.tenant_id, item.id, 2, by="a", now=LATER)
    corrected(session, item, keyed={2})
    second, _ = regrade_item(session, assessment.tenant_id, item.id, 3, by="a", now=LATER)
    with pytest.raises(RegradeSupersededError):
        reverse_regrade(session, assessment.tenant_id, first.id, by="a", now=LATER)
    reverse_regrade(session, assessment.tenant_id, second.id, by="a", now=LATER)
    reverse_regrade(session, assessment.tenant_id, first.id, by="a", now=LATER)
    assert_equal_to_a_rebuild(session, assessment)


def test_a_voided_attempt_is_left_alone(session, miskeyed):
    assessment, item, attempts = miskeyed
    void_attempt(session, assessment.tenant_id, attempts["ben"].id, by="lms", reason="x", now=T0)
    corrected(session, item, keyed={1})
    done, _ = regrade_item(session, assessment.tenant_id, item.id, 2, by="a", now=LATER)
    assert attempts["ben"].id not in {a.attempt_id for a in done.attempts}
    assert_equal_to_a_rebuild(session, assessment)


def test_the_grading_method_decides_which_attempt_the_grade_follows(session, miskeyed):
    assessment, item, _attempts = miskeyed
    assessment.grading_method = GradingMethod.LAST
    corrected(session, item, keyed={1})
    report = dry_run(session, assessment.tenant_id, item.id, 2, now=LATER)
    grades = {g.learner_id: (g.score_before, g.score_after) for g in report.grades}
    assert grades["ana"] == (Fraction(1, 3), Fraction(0))  # the last attempt chose A on question 1


def test_a_changed_option_set_is_refused_and_other_types_carry_over(session):
    assessment = AssessmentFactory(questions=1, shuffle_questions=False)
    item = assessment.slots[0].item
    take(session, assessment, "ana", chose({1: 1}), T0)
    revise_item(session, item, three_options(item.latest, keyed=1), author="author")
    with pytest.raises(RegradeIncompatibleError, match="4 options and version 2 has 3"):
        dry_run(session, assessment.tenant_id, item.id, 2, now=LATER)
    with pytest.raises(RegradeIncompatibleError):
        regrade_item(session, assessment.tenant_id, item.id, 2, by="a", now=LATER)


def test_a_multiple_response_answer_maps_each_option(session):
    assessment = AssessmentFactory(shuffle_questions=False)
    item = ItemFactory(bank__tenant_id=assessment.tenant_id, multiple_response=True)
    AssessmentSlotFactory(assessment=assessment, item=item)
    attempt = start_attempt(session, assessment.tenant_id, assessment.id, "ana", now=T0).attempt
    options = attempt.questions[0].version.options
    chosen = [options[0].id, options[2].id]
    save_response(session, assessment.tenant_id, attempt.id, 1, {"options": chosen}, seq=1, now=T0)
    submit_attempt(session, assessment.tenant_id, attempt.id, now=T0)
    keyed = {o.position for o in options if o.is_correct} | {2}
    corrected(session, item, keyed=keyed)
    done, _ = regrade_item(session, assessment.tenant_id, item.id, 2, by="a", now=LATER)
    (change,) = done.attempts[0].questions
    v2 = item.latest
    assert change.response_after == {"options": [v2.options[0].id, v2.options[2].id]}
    assert change.credit_after >= change.credit_before
    assert_equal_to_a_rebuild(session, assessment)


def test_targets_and_tenants(session, miskeyed):
    assessment, item, _attempts = miskeyed
    with pytest.raises(InvalidRegradeTargetError):
        dry_run(session, assessment.tenant_id, item.id, 2, now=LATER)
    with pytest.raises(NothingToRegradeError):
        regrade_item(session, assessment.tenant_id, item.id, 1, by="a", now=LATER)
    corrected(session, item, keyed={1})
    with pytest.raises(NotFoundError):
        dry_run(session, assessment.tenant_id + 1, item.id, 2, now=LATER)
    done, _ = regrade_item(session, assessment.tenant_id, item.id, 2, by="a", now=LATER)
    with pytest.raises(NotFoundError):
        get_regrade(session, assessment.tenant_id + 1, done.id)
    with pytest.raises(NotFoundError):
        reverse_regrade(session, assessment.tenant_id + 1, done.id, by="x", now=LATER)


def test_a_draft_version_is_no_target(session, miskeyed):
    """Attempts move only onto content a learner could be delivered: a draft may still change."""
    assessment, item, _attempts = miskeyed
    edit_content(session, item, draft_of(item.latest, keyed={1}), author="author")
    assert item.latest.status == ItemStatus.DRAFT
    with pytest.raises(InvalidRegradeTargetError, match="draft"):
        dry_run(session, assessment.tenant_id, item.id, item.latest.number, now=LATER)
