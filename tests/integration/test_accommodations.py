"""Accommodations that follow the learner, on both databases: a tenant-wide time multiplier and extra attempts,
an assessment's own multiplier replacing it there, open attempts moved at once, attempts left counting both."""

from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from sqlalchemy import event

from assess.accommodations import set_accommodation, set_learner_accommodation
from assess.delivery import get_attempt, start_attempt, submit_attempt
from assess.errors import InvalidAccommodationError, NoAttemptsLeftError
from assess.queries import effective_accommodations
from assess.results import learner_results
from tests.factories import (
    AccommodationFactory,
    AssessmentFactory,
    AttemptFactory,
    LearnerAccommodationFactory,
    TenantFactory,
)

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _start(session, assessment, learner, now=T0):
    return start_attempt(session, assessment.tenant_id, assessment.id, learner, now=now).attempt


def _reread(session, attempt, now):
    return get_attempt(session, attempt.tenant_id, attempt.id, now=now).attempt


def test_a_tenant_wide_multiplier_applies_at_every_timed_assessment_of_the_tenant_only(session):
    tenant = TenantFactory()
    ten_minutes = AssessmentFactory(tenant=tenant, questions=1, time_limit_seconds=600, grace_seconds=30)
    odd = AssessmentFactory(tenant=tenant, questions=1, time_limit_seconds=601)
    untimed = AssessmentFactory(tenant=tenant, questions=1)
    LearnerAccommodationFactory(tenant=tenant, learner_id="ana", time_multiplier=Fraction(3, 2))

    first = _start(session, ten_minutes, "ana")
    assert (first.deadline_at, first.closes_at) == (T0 + timedelta(seconds=900), T0 + timedelta(seconds=930))
    assert _start(session, odd, "ana").deadline_at == T0 + timedelta(seconds=902)  # 901.5, rounded up
    assert _start(session, untimed, "ana").deadline_at is None
    assert _start(session, ten_minutes, "ben").deadline_at == T0 + timedelta(seconds=600)

    other = AssessmentFactory(questions=1, time_limit_seconds=600)  # another tenant, a learner of the same id
    assert _start(session, other, "ana").deadline_at == T0 + timedelta(seconds=600)


def test_an_assessments_own_multiplier_replaces_the_tenant_wide_one_and_its_extra_seconds_are_added(session):
    tenant = TenantFactory()
    own, seconds_only, taken_off = (
        AssessmentFactory(tenant=tenant, questions=1, time_limit_seconds=600) for _ in range(3)
    )
    LearnerAccommodationFactory(tenant=tenant, learner_id="ana", time_multiplier=Fraction(3, 2))
    AccommodationFactory(assessment=own, learner_id="ana", time_multiplier=Fraction(2), extra_seconds=30)
    AccommodationFactory(assessment=seconds_only, learner_id="ana", extra_seconds=60)
    AccommodationFactory(assessment=taken_off, learner_id="ana", time_multiplier=Fraction(1))

    assert _start(session, own, "ana").deadline_at == T0 + timedelta(seconds=600 * 2 + 30)
    assert _start(session, seconds_only, "ana").deadline_at == T0 + timedelta(seconds=900 + 60)
    assert _start(session, taken_off, "ana").deadline_at == T0 + timedelta(seconds=600)


def test_setting_the_tenant_wide_multiplier_moves_every_open_attempt_and_closes_an_overdue_one(session):
    tenant = TenantFactory()
    long = AssessmentFactory(tenant=tenant, questions=1, time_limit_seconds=600, grace_seconds=10)
    short = AssessmentFactory(tenant=tenant, questions=1, time_limit_seconds=60)
    untimed = AssessmentFactory(tenant=tenant, questions=1)
    running = AttemptFactory(assessment=long, learner_id="ana", started_at=T0)
    overdue = AttemptFactory(assessment=short, learner_id="ana", started_at=T0, answered=True)
    open_untimed = AttemptFactory(assessment=untimed, learner_id="ana", started_at=T0)
    someone_else = AttemptFactory(assessment=long, learner_id="ben", started_at=T0)

    now = T0 + timedelta(seconds=120)
    granted = set_learner_accommodation(
        session, tenant.id, "ana", time_multiplier=Fraction(2), extra_attempts=0, now=now
    )
    assert granted.time_multiplier == Fraction(2) and granted.tenant_id == tenant.id

    moved = _reread(session, running, now)
    assert (moved.deadline_at, moved.closes_at) == (T0 + timedelta(seconds=1200), T0 + timedelta(seconds=1210))
    closed = _reread(session, overdue, now)  # its time had run out: closed as of its deadline, not given more
    assert (closed.state, closed.close_reason, closed.submitted_at) == (
        "scored",
        "deadline",
        T0 + timedelta(seconds=60),
    )
    assert closed.deadline_at == T0 + timedelta(seconds=60) and closed.passed
    assert _reread(session, open_untimed, now).deadline_at is None
    assert _reread(session, someone_else, now).deadline_at == T0 + timedelta(seconds=600)
    assert _reread(session, running, T0 + timedelta(seconds=1000)).state == "in_progress"  # 600s alone: overdue

    set_learner_accommodation(session, tenant.id, "ana", time_multiplier=Fraction(1), extra_attempts=0, now=now)
    assert _reread(session, running, now).deadline_at == T0 + timedelta(seconds=600)  # replaced, not added


def test_an_open_attempt_with_its_assessments_own_multiplier_keeps_it_when_the_tenant_wide_one_changes(session):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=1, time_limit_seconds=600)
    attempt = AttemptFactory(assessment=assessment, learner_id="ana", started_at=T0)
    now = T0 + timedelta(seconds=60)
    set_accommodation(
        session,
        tenant.id,
        assessment.id,
        "ana",
        extra_seconds=15,
        extra_attempts=0,
        time_multiplier=Fraction(5, 4),
        now=now,
    )
    assert _reread(session, attempt, now).deadline_at == T0 + timedelta(seconds=750 + 15)
    set_learner_accommodation(session, tenant.id, "ana", time_multiplier=Fraction(3), extra_attempts=0, now=now)
    assert _reread(session, attempt, now).deadline_at == T0 + timedelta(seconds=750 + 15)
    set_accommodation(session, tenant.id, assessment.id, "ana", extra_seconds=15, extra_attempts=0, now=now)
    assert _reread(session, attempt, now).deadline_at == T0 + timedelta(seconds=1800 + 15)  # the tenant-wide 3


def test_attempts_left_count_the_tenant_wide_extra_attempts_with_the_assessments_own(session):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=1, max_attempts=1)
    LearnerAccommodationFactory(tenant=tenant, learner_id="ana", extra_attempts=1)
    AccommodationFactory(assessment=assessment, learner_id="ana", extra_attempts=1)
    for left in (2, 1, 0):
        attempt = _start(session, assessment, "ana")
        usage = submit_attempt(session, tenant.id, attempt.id, now=T0).usage
        assert usage is not None and (usage.used, usage.left) == (3 - left, left)
        [result], _total = learner_results(session, tenant.id, assessment.id, now=T0, learner_id="ana")
        assert (result.attempts_used, result.attempts_left) == (3 - left, left)
    with pytest.raises(NoAttemptsLeftError):
        _start(session, assessment, "ana")

    ben = AttemptFactory(assessment=assessment, learner_id="ben", submit=True)
    [result], _total = learner_results(session, tenant.id, assessment.id, now=T0, learner_id="ben")
    assert result.attempts_left == 0
    with pytest.raises(NoAttemptsLeftError):
        _start(session, assessment, "ben")
    set_learner_accommodation(session, tenant.id, "ben", time_multiplier=Fraction(1), extra_attempts=1, now=T0)
    assert _start(session, assessment, "ben").number == ben.number + 1


def test_both_kinds_for_a_page_of_learners_are_read_in_one_statement(session):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=1, time_limit_seconds=60)
    LearnerAccommodationFactory(tenant=tenant, learner_id="ana", time_multiplier=Fraction(3, 2), extra_attempts=2)
    LearnerAccommodationFactory(tenant=tenant, learner_id="ben", time_multiplier=Fraction(2))
    AccommodationFactory(assessment=assessment, learner_id="ben", extra_seconds=5, extra_attempts=1)
    AccommodationFactory(assessment=assessment, learner_id="cy", time_multiplier=Fraction(4, 3))
    LearnerAccommodationFactory(learner_id="ana", time_multiplier=Fraction(5))  # another tenant's "ana"
    session.flush()
    statements = []
    connection = session.connection()
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(connection, "before_cursor_execute", listener)
    try:
        found = effective_accommodations(session, tenant.id, assessment.id, ["ana", "ben", "cy", "dee"])
    finally:
        event.remove(connection, "before_cursor_execute", listener)
    assert len(statements) == 1, statements
    assert {learner: (a.time_multiplier, a.extra_seconds, a.extra_attempts) for learner, a in found.items()} == {
        "ana": (Fraction(3, 2), 0, 2),
        "ben": (Fraction(2), 5, 1),
        "cy": (Fraction(4, 3), 0, 0),
    }


def test_a_multiplier_below_one_or_on_an_untimed_assessment_is_refused(session):
    tenant = TenantFactory()
    untimed = AssessmentFactory(tenant=tenant, questions=1)
    with pytest.raises(InvalidAccommodationError, match="at least 1"):
        set_learner_accommodation(session, tenant.id, "ana", time_multiplier=Fraction(9, 10), extra_attempts=0, now=T0)
    with pytest.raises(InvalidAccommodationError, match="no time limit"):
        set_accommodation(
            session,
            tenant.id,
            untimed.id,
            "ana",
            extra_seconds=0,
            extra_attempts=0,
            time_multiplier=Fraction(3, 2),
            now=T0,
        )
    # A multiplier of 1 there changes nothing, so it is stored (it takes a tenant-wide one off that assessment).
    kept = set_accommodation(
        session, tenant.id, untimed.id, "ana", extra_seconds=0, extra_attempts=1, time_multiplier=Fraction(1), now=T0
    )
    assert kept.time_multiplier == 1
    # The tenant-wide multiplier is for every assessment, so an untimed one simply has no limit to multiply.
    AttemptFactory(assessment=untimed, learner_id="ana", started_at=T0)
    set_learner_accommodation(session, tenant.id, "ana", time_multiplier=Fraction(2), extra_attempts=0, now=T0)
