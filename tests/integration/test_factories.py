"""Every factory builds a valid row on both backends; the rest of the suite leans on them.

What a factory promises is checked in the database itself, read on the session's connection (which never
autoflushes, so a row found there was flushed by the factory), not on the objects it returned: the rows it
builds share one tenant, an assessment with N questions has N slots of published single-choice items with one
key each, and an attempt in each state is in that state, as the delivery services left it.
"""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assess.models import Attempt, AttemptQuestion
from itembank.models import Assessment, AssessmentSlot, Item, ItemVersion, Option, Tenant, pool_item
from tests import factories
from tests.factories.base import current_session

ALL = [name for name in factories.__all__ if name.endswith("Factory")]
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _db(session, statement):
    """A read on the session's connection: what the database holds, with no autoflush first."""
    return session.connection().execute(statement)


def _tenants(session):
    return _db(session, select(func.count()).select_from(Tenant)).scalar_one()


def _attempt_row(session, attempt):
    return _db(session, select(Attempt.__table__).where(Attempt.id == attempt.id)).mappings().one()


def _question_rows(session, attempt):
    table = AttemptQuestion.__table__
    return (
        _db(session, select(table).where(table.c.attempt_id == attempt.id).order_by(table.c.position)).mappings().all()
    )


def _keyed_ids(session, question):
    return set(
        _db(
            session, select(Option.id).where(Option.item_version_id == question["item_version_id"], Option.is_correct)
        ).scalars()
    )


@pytest.mark.parametrize("name", ALL)
def test_factory_builds_a_flushed_row(session, name):
    obj = getattr(factories, name)()
    assert obj.id is not None
    assert obj in session
    table = type(obj).__table__
    assert _db(session, select(table.c.id).where(table.c.id == obj.id)).scalar_one() == obj.id  # flushed


def test_item_factory_gives_one_keyed_version(session):
    item = factories.ItemFactory()
    assert [v.number for v in item.versions] == [1]
    assert [o.label for o in item.latest.keyed_options] == ["A"]
    assert len(item.latest.options) == 4


def test_traits(session):
    assert factories.ItemFactory(retired=True).status == "retired"
    assert factories.ApiKeyFactory(revoked=True).revoked_at is not None
    quiz = factories.AssessmentFactory(lesson_quiz=True)
    assert quiz.kind == "lesson_quiz" and quiz.lesson is not None and quiz.module is quiz.lesson.module
    module_test = factories.AssessmentFactory(module_test=True)
    assert module_test.kind == "module_test" and module_test.module is not None
    assert factories.ItemFactory(in_lesson=True).lesson is not None
    multiple = factories.ItemFactory(multiple_response=True).latest
    assert multiple.type == "multiple_response" and [o.label for o in multiple.keyed_options] == ["A", "B"]


def test_the_rows_a_factory_builds_share_one_tenant(session):
    tenant = factories.TenantFactory()
    before = _tenants(session)
    quiz = factories.AssessmentFactory(tenant=tenant, lesson_quiz=True, questions=2)
    slot = factories.AssessmentSlotFactory(assessment=quiz)
    drawn = factories.AssessmentSlotFactory(assessment=quiz, from_pool=True)
    item = factories.ItemFactory(bank=factories.BankFactory(tenant_id=tenant.id), in_lesson=True)
    assert _tenants(session) == before  # `tenant=` and `tenant_id=` alike build no second tenant
    assert quiz.lesson.module.course.tenant_id == tenant.id
    assert {s.item.bank.tenant_id for s in quiz.slots if s.item} == {tenant.id}
    assert slot.item.bank.tenant_id == drawn.pool.bank.tenant_id == tenant.id
    assert item.lesson.module.course.tenant_id == tenant.id
    factories.AssessmentFactory()
    assert _tenants(session) == before + 1  # without one, a factory makes its own


def test_bound_binds_for_a_block_and_restores_the_session_before(session, connection):
    other = Session(bind=connection, join_transaction_mode="create_savepoint")
    try:
        with factories.bound(other):
            assert factories.TenantFactory() in other
        assert current_session() is session
    finally:
        other.close()


@pytest.mark.parametrize("questions", [1, 15])
def test_an_assessment_with_n_questions_has_n_slots_of_published_items_each_with_one_key(session, questions):
    assessment = factories.AssessmentFactory(questions=questions)
    slots = _db(
        session,
        select(AssessmentSlot.position, AssessmentSlot.pool_id, Item.status, Item.id)
        .join(Item, Item.id == AssessmentSlot.item_id)
        .where(AssessmentSlot.assessment_id == assessment.id)
        .order_by(AssessmentSlot.position),
    ).all()
    assert [(position, pool) for position, pool, _, _ in slots] == [(n, None) for n in range(1, questions + 1)]
    assert {status for _, _, status, _ in slots} == {"published"}
    for *_, item_id in slots:
        [(version_id, kind)] = _db(
            session, select(ItemVersion.id, ItemVersion.type).where(ItemVersion.item_id == item_id)
        ).all()
        options = _db(
            session, select(Option.position, Option.is_correct).where(Option.item_version_id == version_id)
        ).all()
        assert kind == "single_choice"
        assert sorted(options) == [(0, True), (1, False), (2, False), (3, False)]
    assert _db(session, select(Assessment.tenant_id).where(Assessment.id == assessment.id)).scalar_one() == (
        assessment.tenant_id
    )


def test_a_pool_slot_draws_from_its_own_pool(session):
    slot = factories.AssessmentSlotFactory(from_pool=True, pool__items=4)
    assert slot.item_id is None and len(slot.pool.items) == 4
    assert {item.status for item in slot.pool.items} == {"published"}
    pool = factories.PoolFactory(items=2)
    stored = _db(session, select(pool_item.c.item_id).where(pool_item.c.pool_id == pool.id)).scalars()
    assert sorted(stored) == sorted(item.id for item in pool.items)  # flushed after the post-generation hook
    assert factories.PoolFactory().items == []


def test_questions_come_from_one_bank_of_the_assessments_tenant(session):
    bank = factories.BankFactory()
    assessment = factories.AssessmentFactory(tenant_id=bank.tenant_id, questions=2, questions__bank=bank)
    assert {slot.item.bank_id for slot in assessment.slots} == {bank.id}
    assert len({slot.item.bank_id for slot in factories.AssessmentFactory(questions=3).slots}) == 1
    with pytest.raises(ValueError, match="another tenant"):
        factories.AssessmentFactory(questions=1, questions__bank=bank)


def test_an_attempt_in_progress_is_started_with_nothing_saved(session):
    attempt = factories.AttemptFactory(started_at=T0)
    row = _attempt_row(session, attempt)
    assert (row["state"], row["started_at"], row["submitted_at"], row["close_reason"]) == (
        "in_progress",
        T0,
        None,
        None,
    )
    questions = _question_rows(session, attempt)
    assert len(questions) == row["points_possible"] == 3
    assert all(q["response"] is None and q["response_seq"] == 0 and q["credit_num"] is None for q in questions)


@pytest.mark.parametrize("right", [None, 1])
def test_an_answered_attempt_has_every_response_saved_and_is_still_open(session, right):
    attempt = factories.AttemptFactory(answered=True, right=right, started_at=T0, answered_at=T0 + timedelta(minutes=1))
    assert _attempt_row(session, attempt)["state"] == "in_progress"
    questions = _question_rows(session, attempt)
    keyed = [q["response"]["option"] in _keyed_ids(session, q) for q in questions]
    assert keyed == ([True] * 3 if right is None else [True, False, False])
    assert all(q["response_seq"] == 1 and q["answered_at"] == T0 + timedelta(minutes=1) for q in questions)
    assert all(q["checked_at"] is None and q["credit_num"] is None for q in questions)


def test_a_checked_attempt_has_every_question_scored_and_locked_but_is_still_open(session):
    attempt = factories.AttemptFactory(checked=True, right=2, started_at=T0)
    assert _attempt_row(session, attempt)["state"] == "in_progress"
    assert attempt.assessment.feedback_policy == "immediate"
    questions = _question_rows(session, attempt)
    assert [(q["credit_num"], q["credit_den"]) for q in questions] == [(1, 1), (1, 1), (0, 1)]
    assert all(q["checked_at"] == T0 for q in questions)


@pytest.mark.parametrize(("right", "passed"), [(None, True), (2, False)])
def test_a_scored_attempt_is_submitted_with_the_engines_score(session, right, passed):
    submitted = T0 + timedelta(minutes=5)
    attempt = factories.AttemptFactory(scored=True, right=right, started_at=T0, submitted_at=submitted)
    row = _attempt_row(session, attempt)
    assert (row["state"], row["close_reason"], row["submitted_at"]) == ("scored", "submitted", submitted)
    assert (row["earned_num"], row["earned_den"], row["points_possible"], row["passed"]) == (
        3 if right is None else 2,
        1,
        3,
        passed,
    )
    assert all(q["credit_num"] is not None and q["checked_at"] is None for q in _question_rows(session, attempt))


def test_an_attempt_submitted_with_nothing_answered_scores_zero(session):
    attempt = factories.AttemptFactory(submit=True)
    row = _attempt_row(session, attempt)
    assert (row["state"], row["earned_num"], row["passed"]) == ("scored", 0, False)
    assert all(q["response"] is None for q in _question_rows(session, attempt))


def test_an_attempt_closed_by_the_deadline_is_scored_at_its_close(session):
    attempt = factories.AttemptFactory(closed_by_deadline=True, started_at=T0)
    row = _attempt_row(session, attempt)
    closes = T0 + timedelta(minutes=10)
    assert (row["state"], row["close_reason"], row["closes_at"], row["submitted_at"]) == (
        "scored",
        "deadline",
        closes,
        closes,
    )
    assert (row["earned_num"], row["passed"]) == (3, True)


def test_an_attempt_factory_refuses_what_it_cannot_do_for_real(session):
    assessment = factories.AssessmentFactory(questions=2)
    factories.AttemptFactory(assessment=assessment, learner_id="open")
    with pytest.raises(ValueError, match="already has an open attempt"):
        factories.AttemptFactory(assessment=assessment, learner_id="open")
    with pytest.raises(ValueError, match="right"):
        factories.AttemptFactory(assessment=assessment, answers=3)
    with pytest.raises(ValueError, match="no time limit"):
        factories.AttemptFactory(assessment=assessment, closed_by_deadline=True)
    with pytest.raises(TypeError):
        factories.AttemptFactory.build()


def test_an_accommodation_is_what_start_reads(session):
    assessment = factories.AssessmentFactory(questions=1, time_limit_seconds=60)
    factories.AccommodationFactory(assessment=assessment, learner_id="slow", extra_seconds=30)
    attempt = factories.AttemptFactory(assessment=assessment, learner_id="slow", started_at=T0)
    assert _attempt_row(session, attempt)["deadline_at"] == T0 + timedelta(seconds=90)
