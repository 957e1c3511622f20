"""Races with real commits on PostgreSQL: concurrent submits score once, concurrent starts open one attempt.

These tests commit from several connections at once, which the savepoint-per-test harness cannot show, so
each builds its own committed data in a throwaway schema.
"""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import assess.models  # noqa: F401
from assess.delivery import get_attempt, save_response, start_attempt, submit_attempt
from assess.models import Attempt
from itembank.db import Base
from tests import factories
from tests.databases import throwaway_database

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
RACERS = 8


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    with throwaway_database("postgresql", tmp_path_factory.mktemp("race")) as database:
        Base.metadata.create_all(database.engine)
        yield database.engine


def _committed_assessment(engine, questions=5):
    with Session(engine, expire_on_commit=False) as session:
        factories.bind(session)
        try:
            tenant = factories.TenantFactory()
            bank = factories.BankFactory(tenant_id=tenant.id)
            assessment = factories.AssessmentFactory(tenant_id=tenant.id)
            for _ in range(questions):
                factories.AssessmentSlotFactory(assessment=assessment, item=factories.ItemFactory(bank=bank))
            session.commit()
            return tenant.id, assessment.id
        finally:
            factories.bind(None)


def _race(work):
    barrier = threading.Barrier(RACERS)
    results, errors = [None] * RACERS, []

    def run(index):
        try:
            barrier.wait(timeout=10)
            results[index] = work(index)
        except Exception as exc:
            errors.append((index, exc))

    threads = [threading.Thread(target=run, args=(index,)) for index in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return results


def test_concurrent_submits_score_once(engine):
    tenant_id, assessment_id = _committed_assessment(engine)
    with Session(engine, expire_on_commit=False) as session:
        attempt = start_attempt(session, tenant_id, assessment_id, "racer", now=T0).attempt
        for question in attempt.questions[:4]:
            keyed = next(o.id for o in question.version.options if o.is_correct)
            save_response(session, attempt, question.position, {"option": keyed}, seq=1, now=T0)
        session.commit()
        attempt_id = attempt.id

    def submit(index):
        with Session(engine, expire_on_commit=False) as session:
            now = T0 + timedelta(seconds=index + 1)
            attempt = submit_attempt(session, get_attempt(session, tenant_id, attempt_id, now=now), now=now)
            session.commit()
            return attempt.submitted_at, attempt.earned_num, attempt.earned_den, attempt.passed

    results = _race(submit)
    assert len(set(results)) == 1, results  # every racer reports the one scoring
    submitted_at, earned_num, earned_den, passed = results[0]
    assert (earned_num, earned_den, passed) == (4, 1, True)
    assert T0 < submitted_at <= T0 + timedelta(seconds=RACERS)


def test_concurrent_starts_open_one_attempt(engine):
    tenant_id, assessment_id = _committed_assessment(engine)

    def start(index):
        with Session(engine, expire_on_commit=False) as session:
            started = start_attempt(session, tenant_id, assessment_id, "twin", now=T0)
            session.commit()
            return started.attempt.id

    assert len(set(_race(start))) == 1
    with Session(engine) as session:
        count = session.scalar(select(func.count()).where(Attempt.assessment_id == assessment_id))
    assert count == 1
