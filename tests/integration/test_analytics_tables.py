"""The stored count tables: what submits add equals a rebuild from scratch, and each selection counts the
attempts it says it does (checked against a plain computation over the attempts themselves)."""

import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from sqlalchemy import func, select

from assess.analytics.folding import fold, pending
from assess.analytics.maintain import rebuild
from assess.analytics.reading import AnalyticsQuery, analytics_report
from assess.analytics.store import Selection, StatCell, StatTime
from assess.delivery import save_response, start_attempt, submit_attempt
from assess.models import Attempt
from itembank.db import utcnow
from tests.factories import AssessmentFactory, AssessmentSlotFactory

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _take(session, assessment, learner, rng, when, context):
    attempt = start_attempt(session, assessment.tenant_id, assessment.id, learner, now=when, context_id=context).attempt
    for question in attempt.questions:
        if rng.random() < 0.15:
            continue  # omitted
        option = rng.choice(question.option_order)
        answered = when + timedelta(seconds=rng.randint(5, 90) * question.position)
        save_response(
            session, attempt.tenant_id, attempt.id, question.position, {"option": option}, seq=1, now=answered
        )
    return submit_attempt(session, attempt.tenant_id, attempt.id, now=when + timedelta(minutes=30)).attempt


def _simulate(session, assessment, seed, learners=12, fold_share=0.0):
    """`fold_share`: the chance of a fold after each submit, so deltas meet cells some were folded into."""
    rng = random.Random(seed)
    for index in range(learners):
        for number in range(rng.randint(1, 3)):
            day = T0 + timedelta(days=rng.randint(0, 6), hours=number)
            _take(session, assessment, f"learner-{index}", rng, day, rng.choice([None, "cohort-a", "cohort-b"]))
            if rng.random() < fold_share:
                assert fold(session, assessment.id)


def _reports(session, assessment):
    """What every selection's report reads, unfiltered and for one cohort: the cells and the pending deltas."""
    return [
        analytics_report(
            session, assessment.tenant_id, assessment.id, AnalyticsQuery(selection, context), now=T0
        ).tables
        for selection in Selection
        for context in (None, "cohort-a")
    ]


def _snapshot(session, model, assessment_id):
    columns = [c for c in model.__table__.columns if c.name not in ("id", "count")]
    rows = session.execute(
        select(*columns, func.sum(model.count))
        .where(model.assessment_id == assessment_id)
        .group_by(*columns)
        .having(func.sum(model.count) != 0)
    ).all()
    return sorted(tuple(row) for row in rows)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_what_submits_add_equals_a_rebuild_from_scratch(session, seed):
    assessment = AssessmentFactory(questions=3, shuffle_options=True)
    AssessmentSlotFactory(assessment=assessment, from_pool=True, pool__items=3)  # a draw from three more items
    _simulate(session, assessment, seed, fold_share=0.3)
    assert pending(session, assessment.id) > 0  # the last submits' deltas are still waiting
    reported = _reports(session, assessment)
    assert fold(session, assessment.id) and pending(session, assessment.id) == 0
    assert _reports(session, assessment) == reported  # a fold changes nothing a report reads
    live = (_snapshot(session, StatCell, assessment.id), _snapshot(session, StatTime, assessment.id))
    assert live[0] and live[1]
    read = rebuild(session, assessment.id)
    assert read == session.scalar(select(func.count()).where(Attempt.assessment_id == assessment.id))
    assert (_snapshot(session, StatCell, assessment.id), _snapshot(session, StatTime, assessment.id)) == live
    assert _reports(session, assessment) == reported


def _expected_totals(session, assessment_id, selection, context=None, first_day=None, last_day=None):
    """A plain reading of the rule, over the attempts themselves."""
    attempts = session.scalars(
        select(Attempt).where(Attempt.assessment_id == assessment_id, Attempt.state == "scored")
    ).all()
    by_learner = {}
    for attempt in sorted(attempts, key=lambda a: a.number):
        by_learner.setdefault(attempt.learner_id, []).append(attempt)
    chosen = []
    for own in by_learner.values():
        if selection == Selection.ALL:
            chosen += own
        elif selection == Selection.FIRST:
            chosen.append(own[0])
        elif selection == Selection.LAST:
            chosen.append(own[-1])
        else:
            chosen.append(max(own, key=lambda a: (a.points_earned / a.points_possible, -a.number)))
    kept = [
        a
        for a in chosen
        if (context is None or a.context_id == context)
        and (first_day is None or a.submitted_at.date() >= first_day)
        and (last_day is None or a.submitted_at.date() <= last_day)
    ]
    return Counter(a.points_earned for a in kept)


@pytest.mark.parametrize("selection", list(Selection))
def test_each_selection_counts_the_attempts_it_names(session, selection):
    assessment = AssessmentFactory(questions=3, shuffle_options=True)
    AssessmentSlotFactory(assessment=assessment, from_pool=True, pool__items=3)  # a draw from three more items
    _simulate(session, assessment, seed=7, learners=15)
    report = analytics_report(
        session, assessment.tenant_id, assessment.id, AnalyticsQuery(selection=selection), now=utcnow()
    )
    expected = _expected_totals(session, assessment.id, selection)
    assert Counter(report.tables.totals) == expected
    assert report.report.assessment.attempts == sum(expected.values())
    cohort = analytics_report(
        session,
        assessment.tenant_id,
        assessment.id,
        AnalyticsQuery(selection=selection, context_id="cohort-a", date_from=(T0 + timedelta(days=2)).date()),
        now=utcnow(),
    )
    narrowed = _expected_totals(session, assessment.id, selection, "cohort-a", (T0 + timedelta(days=2)).date())
    assert Counter(cohort.tables.totals) == narrowed


def test_question_times_come_from_the_gaps_between_first_answers(session):
    assessment = AssessmentFactory(questions=3, shuffle_options=True)
    AssessmentSlotFactory(assessment=assessment, from_pool=True, pool__items=3)  # a draw from three more items
    attempt = start_attempt(session, assessment.tenant_id, assessment.id, "timed", now=T0).attempt
    for question, seconds in zip(attempt.questions, [30, 50, 120], strict=False):
        save_response(
            session,
            attempt.tenant_id,
            attempt.id,
            question.position,
            {"option": question.option_order[0]},
            seq=1,
            now=T0 + timedelta(seconds=seconds),
        )
    submit_attempt(session, attempt.tenant_id, attempt.id, now=T0 + timedelta(minutes=5))
    report = analytics_report(session, assessment.tenant_id, assessment.id, now=utcnow())
    by_slot = {time.slot: time for time in report.times}
    positions = {q.position: q.slot_position for q in attempt.questions}
    assert by_slot[positions[1]].median_seconds == 30
    assert by_slot[positions[2]].median_seconds == 20
    assert by_slot[positions[3]].mean_seconds == 70
    assert positions[4] not in by_slot  # never answered: no time
    assert report.report.assessment.attempts == 1 and report.times[0].answered == 1
    assert Fraction(report.report.assessment.mean) == attempt.points_earned
