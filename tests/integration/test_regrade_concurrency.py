"""Regrades with real commits on PostgreSQL: concurrent identical requests regrade once, and a regrade racing
submits of the same learners leaves the count tables equal to a rebuild (and nobody deadlocked)."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assess.delivery import save_response, start_attempt, submit_attempt
from assess.regrade import regrade_item
from assess.regrade.records import Regrade, RegradeQuestion
from itembank.db import Base
from itembank.models import Item
from tests import factories
from tests.databases import throwaway_database
from tests.integration.taking import assert_equal_to_a_rebuild, take
from tests.races import race
from tests.regrading import chose, corrected

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
RACERS = 6


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    with throwaway_database("postgresql", tmp_path_factory.mktemp("regrade-race")) as database:
        Base.metadata.create_all(database.engine)
        yield database.engine


def _miskeyed_and_taken(engine, learners: int, *, open_second: bool):
    """Committed: an assessment whose question 1 is corrected to key B, `learners` scored attempts on version 1
    (every other one chose B there), and, with `open_second`, each learner's second attempt open and answered."""
    with Session(engine, expire_on_commit=False) as session, factories.bound(session):
        assessment = factories.AssessmentFactory(questions=3, shuffle_questions=False, pass_threshold_bp=6000)
        item = assessment.slots[0].item
        for n in range(learners):
            take(session, assessment, f"learner-{n}", chose({1: n % 2, 2: 0, 3: 1}), T0 + timedelta(minutes=n))
        second = []
        if open_second:
            for n in range(learners):
                attempt = start_attempt(session, assessment.tenant_id, assessment.id, f"learner-{n}", now=T0).attempt
                for question in attempt.questions:
                    option = question.version.options[(n + question.position) % 2].id
                    save_response(
                        session, attempt.tenant_id, attempt.id, question.position, {"option": option}, seq=1, now=T0
                    )
                second.append(attempt.id)
        corrected(session, session.get_one(Item, item.id), keyed={1})
        session.commit()
    return assessment, item, second


def test_concurrent_identical_regrades_regrade_once(engine):
    assessment, item, _ = _miskeyed_and_taken(engine, 8, open_second=False)

    def regrade(index):
        with Session(engine, expire_on_commit=False) as session:
            report, created = regrade_item(session, assessment.tenant_id, item.id, 2, by=f"racer {index}", now=T0)
            session.commit()
            return report.id, created, len(report.attempts)

    results = race(regrade, RACERS)
    assert len({regrade_id for regrade_id, _created, _n in results}) == 1, results
    assert sorted(created for _id, created, _n in results) == [False] * (RACERS - 1) + [True]
    assert {n for _id, _created, n in results} == {8}
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Regrade).where(Regrade.item_id == item.id)) == 1
        assert session.scalar(select(func.count()).select_from(RegradeQuestion)) >= 8
        assert_equal_to_a_rebuild(session, session.get_one(type(assessment), assessment.id))


def test_a_regrade_racing_submits_keeps_the_tables_equal_to_a_rebuild(engine):
    assessment, item, second = _miskeyed_and_taken(engine, RACERS - 1, open_second=True)

    def work(index):
        with Session(engine, expire_on_commit=False) as session:
            if index == 0:
                regrade_item(session, assessment.tenant_id, item.id, 2, by="author", now=T0 + timedelta(hours=1))
            else:
                submit_attempt(session, assessment.tenant_id, second[index - 1], now=T0 + timedelta(hours=1))
            session.commit()

    race(work, RACERS)
    with Session(engine) as session:
        assert_equal_to_a_rebuild(session, session.get_one(type(assessment), assessment.id))
