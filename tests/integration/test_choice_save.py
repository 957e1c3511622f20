"""The one-option save, checked inside its UPDATE: through SQLAlchemy (`store_choice`) and straight on the driver
(`DriverChoiceSave`, the learner's autosave on PostgreSQL) it must store and refuse exactly alike."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from assess.delivery import DriverChoiceSave, check_question, store_choice, submit_attempt
from assess.models import AttemptQuestion
from itembank.models import FeedbackPolicy
from tests.factories import (
    AssessmentSlotFactory,
    BankFactory,
    ItemFactory,
    ItemVersionFactory,
    multiple_response_draft,
)
from tests.integration.test_delivery import T0, _assessment, _keyed, _start, _wrong

COLUMNS = ("response", "response_seq", "first_answered_at", "answered_at")


def _saves(connection):
    driver = DriverChoiceSave(connection.dialect)

    def through_driver(*args, **kwargs):
        return driver(connection.connection.driver_connection, *args, **kwargs)

    def through_sqlalchemy(*args, **kwargs):
        return store_choice(connection, *args, **kwargs)

    return {"driver": through_driver, "sqlalchemy": through_sqlalchemy}


def _row(session, attempt, position):
    session.expire_all()
    question = session.scalars(
        select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id, AttemptQuestion.position == position)
    ).one()
    return tuple(getattr(question, column) for column in COLUMNS)


@pytest.mark.parametrize("way", ["driver", "sqlalchemy"])
def test_a_choice_save_stores_and_refuses_alike_both_ways(session, connection, way):
    save = _saves(connection)[way]
    attempt = _start(_assessment(questions=2)).attempt
    first, second = attempt.questions
    later = T0 + timedelta(minutes=1)

    saved = save(attempt.tenant_id, attempt.id, 1, _keyed(first), seq=3, now=T0)
    assert (saved.attempt_id, saved.position, saved.response, saved.seq) == (
        attempt.id,
        1,
        {"option": _keyed(first)},
        3,
    )
    assert saved.answered_at == T0 and saved.answered_at.tzinfo is not None
    assert _row(session, attempt, 1) == ({"option": _keyed(first)}, 3, T0, T0)

    changed = save(attempt.tenant_id, attempt.id, 1, _wrong(first), seq=4, now=later)
    assert changed.answered_at == later
    assert _row(session, attempt, 1) == ({"option": _wrong(first)}, 4, T0, later)  # first answer time kept

    refusals = [
        (attempt.tenant_id, attempt.id, 1, _keyed(first), 4),  # stale: not newer than the stored seq
        (attempt.tenant_id, attempt.id, 1, _keyed(second), 9),  # another question's option
        (attempt.tenant_id, attempt.id, 1, 2**31 - 1, 9),  # no such option
        (attempt.tenant_id + 1, attempt.id, 1, _keyed(first), 9),  # another tenant's attempt
        (attempt.tenant_id, attempt.id, 3, _keyed(first), 9),  # no question 3
    ]
    for tenant_id, attempt_id, position, option, seq in refusals:
        assert save(tenant_id, attempt_id, position, option, seq=seq, now=later) is None
    assert _row(session, attempt, 1) == ({"option": _wrong(first)}, 4, T0, later)

    submit_attempt(session, attempt.tenant_id, attempt.id, now=later)
    session.flush()
    assert save(attempt.tenant_id, attempt.id, 2, _keyed(second), seq=1, now=later) is None  # closed
    assert _row(session, attempt, 2)[0] is None


def test_the_driver_save_is_the_same_statement_with_the_same_parameters(connection):
    driver = DriverChoiceSave(connection.dialect)
    assert driver.sql.startswith("UPDATE attempt_question SET response=")
    assert set(driver.processors) >= {"p_now"} and driver.constants == {"state_1": "in_progress"}
    naive = datetime(2026, 11, 23, 9, 0)
    with pytest.raises(ValueError, match="naive"):
        driver(connection.connection.driver_connection, 1, 1, 1, 1, seq=1, now=naive)


@pytest.mark.parametrize("way", ["driver", "sqlalchemy"])
def test_late_locked_and_wrong_type_saves_are_refused_alike_both_ways(session, connection, way):
    save = _saves(connection)[way]
    timed = _start(_assessment(questions=1, time_limit_seconds=60, grace_seconds=10)).attempt
    (question,) = timed.questions
    assert save(timed.tenant_id, timed.id, 1, _keyed(question), seq=1, now=T0 + timedelta(seconds=70)) is not None
    assert save(timed.tenant_id, timed.id, 1, _wrong(question), seq=2, now=T0 + timedelta(seconds=71)) is None

    checked = _start(_assessment(questions=1, feedback_policy=FeedbackPolicy.IMMEDIATE)).attempt
    (question,) = checked.questions
    assert save(checked.tenant_id, checked.id, 1, _wrong(question), seq=1, now=T0) is not None
    check_question(session, checked.tenant_id, checked.id, 1, now=T0)
    session.flush()
    assert save(checked.tenant_id, checked.id, 1, _keyed(question), seq=2, now=T0) is None  # locked once checked

    assessment = _assessment(questions=0)
    item = ItemFactory(bank=BankFactory(tenant_id=assessment.tenant_id), versions=[])
    ItemVersionFactory(item=item, draft=multiple_response_draft())
    AssessmentSlotFactory(assessment=assessment, item=item)
    multiple = _start(assessment).attempt
    own_option = multiple.questions[0].option_order[0]
    assert save(multiple.tenant_id, multiple.id, 1, own_option, seq=1, now=T0) is None  # takes a set of options
    assert _row(session, multiple, 1)[0] is None
