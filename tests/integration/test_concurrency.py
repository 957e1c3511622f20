"""Races with real commits on PostgreSQL: submits score once, starts open one attempt, saves are never lost.

These tests commit from several connections at once, which the savepoint-per-test harness cannot show, so
each builds its own committed data in a throwaway schema.
"""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import assess.models  # noqa: F401
from assess.delivery import check_question, get_attempt, save_response, start_attempt, submit_attempt
from assess.errors import AttemptClosedError, QuestionLockedError, StaleSaveError
from assess.models import Attempt
from itembank.db import Base
from tests import factories
from tests.databases import throwaway_database
from tests.races import race

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
RACERS = 8


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    with throwaway_database("postgresql", tmp_path_factory.mktemp("race")) as database:
        Base.metadata.create_all(database.engine)
        yield database.engine


def test_concurrent_submits_score_once(engine):
    with Session(engine, expire_on_commit=False) as session, factories.bound(session):
        attempt = factories.AttemptFactory(assessment__questions=5, learner_id="racer", started_at=T0, answers=4)
        session.commit()
    tenant_id, attempt_id = attempt.tenant_id, attempt.id

    def submit(index):
        with Session(engine, expire_on_commit=False) as session:
            now = T0 + timedelta(seconds=index + 1)
            attempt = submit_attempt(session, tenant_id, attempt_id, now=now).attempt
            session.commit()
            return attempt.submitted_at, attempt.earned_num, attempt.earned_den, attempt.passed

    results = race(submit, RACERS)
    assert len(set(results)) == 1, results  # every racer reports the one scoring
    submitted_at, earned_num, earned_den, passed = results[0]
    assert (earned_num, earned_den, passed) == (4, 1, True)
    assert T0 < submitted_at <= T0 + timedelta(seconds=RACERS)


def test_concurrent_starts_open_one_attempt(engine):
    with Session(engine, expire_on_commit=False) as session, factories.bound(session):
        assessment = factories.AssessmentFactory(questions=5)
        session.commit()
    tenant_id, assessment_id = assessment.tenant_id, assessment.id

    def start(index):
        with Session(engine, expire_on_commit=False) as session:
            started = start_attempt(session, tenant_id, assessment_id, "twin", now=T0)
            session.commit()
            return started.attempt.id

    assert len(set(race(start, RACERS))) == 1
    with Session(engine) as session:
        count = session.scalar(select(func.count()).where(Attempt.assessment_id == assessment_id))
    assert count == 1


@pytest.mark.parametrize("round_", range(5))  # a race shows itself only sometimes: run it several times
@pytest.mark.parametrize("closer", ["submit", "check"])
def test_a_save_racing_a_submit_or_check_is_either_scored_or_refused(engine, closer, round_):
    """Every save acknowledged without error must be in what was scored; none may slip in after the scoring."""
    with Session(engine, expire_on_commit=False) as session, factories.bound(session):
        attempt = factories.AttemptFactory(
            assessment__questions=RACERS - 1,
            assessment__feedback_policy="immediate" if closer == "check" else "after_submit",
            learner_id=f"saver-{closer}",
            started_at=T0,
            # The check needs an answer to score, whatever the race does: a wrong one to question 1.
            answers=1 if closer == "check" else 0,
            right=0,
        )
        options = {q.position: (factories.keyed_option(q), factories.wrong_option(q)) for q in attempt.questions}
        session.commit()
    tenant_id, attempt_id = attempt.tenant_id, attempt.id

    def work(index):
        with Session(engine, expire_on_commit=False) as session:
            if index == 0:
                if closer == "submit":
                    submit_attempt(session, tenant_id, attempt_id, now=T0)
                else:
                    check_question(session, tenant_id, attempt_id, 1, now=T0)
                session.commit()
                return None
            # Submit: each saver owns a question. Check: all race on question 1, right and wrong answers mixed.
            position = index if closer == "submit" else 1
            option = options[position][0 if closer == "submit" or index % 2 else 1]
            try:
                save_response(session, tenant_id, attempt_id, position, {"option": option}, seq=index + 1, now=T0)
                session.commit()
                return position, index + 1
            except (AttemptClosedError, QuestionLockedError, StaleSaveError):
                return None

    acknowledged = [outcome for outcome in race(work, RACERS) if outcome is not None]
    with Session(engine) as session:
        attempt = get_attempt(session, tenant_id, attempt_id, now=T0).attempt
        questions = {q.position: q for q in attempt.questions}
        if closer == "submit":
            assert attempt.state == "scored"
            for position, question in questions.items():
                saved = any(p == position for p, _ in acknowledged)
                assert question.credit == (1 if saved else 0), (position, acknowledged)
            assert attempt.points_earned == len(acknowledged)
        else:
            question = questions[1]
            assert question.checked_at is not None
            assert question.response_seq == max([1] + [seq for _, seq in acknowledged]), acknowledged
            assert question.credit == (1 if question.response == {"option": options[1][0]} else 0)
