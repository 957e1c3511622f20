"""The save's one write (`store_response`): it stores an answer only when every guard holds, on both databases,
and otherwise stores nothing and says only "not stored" (None); `save_response` then says why."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from assess.delivery import SaveTarget, check_question, save_response, start_attempt, store_response, submit_attempt
from assess.errors import InvalidResponseError, QuestionLockedError
from assess.models import AttemptQuestion
from itembank.models import FeedbackPolicy
from tests.factories import (
    AssessmentFactory,
    AssessmentSlotFactory,
    BankFactory,
    ItemFactory,
    ItemVersionFactory,
    keyed_option,
    multiple_response_draft,
    wrong_option,
)

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
COLUMNS = ("response", "response_seq", "first_answered_at", "answered_at")


def _row(session, attempt, position):
    session.expire_all()
    question = session.scalars(
        select(AttemptQuestion).where(AttemptQuestion.attempt_id == attempt.id, AttemptQuestion.position == position)
    ).one()
    return tuple(getattr(question, column) for column in COLUMNS)


def _start(session, assessment, learner="learner-1"):
    """The learner's new attempt at `assessment`, started at T0."""
    return start_attempt(session, assessment.tenant_id, assessment.id, learner, now=T0).attempt


def _choice(connection, tenant_id, attempt_id, position, option, *, seq, now):
    return store_response(connection, SaveTarget(tenant_id, attempt_id, position, seq, now), {"option": option})


def test_a_choice_save_stores_and_refuses_inside_its_update(session, connection):
    attempt = _start(session, AssessmentFactory(questions=2))
    first, second = attempt.questions
    later = T0 + timedelta(minutes=1)

    saved = _choice(connection, attempt.tenant_id, attempt.id, 1, keyed_option(first), seq=3, now=T0)
    assert (saved.attempt_id, saved.position, saved.response, saved.seq) == (
        attempt.id,
        1,
        {"option": keyed_option(first)},
        3,
    )
    assert saved.answered_at == T0 and saved.answered_at.tzinfo is not None
    assert _row(session, attempt, 1) == ({"option": keyed_option(first)}, 3, T0, T0)

    changed = _choice(connection, attempt.tenant_id, attempt.id, 1, wrong_option(first), seq=4, now=later)
    assert changed.answered_at == later
    assert _row(session, attempt, 1) == ({"option": wrong_option(first)}, 4, T0, later)  # first answer time kept

    refusals = [
        (attempt.tenant_id, attempt.id, 1, keyed_option(first), 4),  # stale: not newer than the stored seq
        (attempt.tenant_id, attempt.id, 1, keyed_option(second), 9),  # another question's option
        (attempt.tenant_id, attempt.id, 1, 2**31 - 1, 9),  # no such option
        (attempt.tenant_id, attempt.id, 1, 10**12, 9),  # an id no INTEGER column holds
        (attempt.tenant_id + 1, attempt.id, 1, keyed_option(first), 9),  # another tenant's attempt
        (attempt.tenant_id, attempt.id, 3, keyed_option(first), 9),  # no question 3
    ]
    for tenant_id, attempt_id, position, option, seq in refusals:
        assert _choice(connection, tenant_id, attempt_id, position, option, seq=seq, now=later) is None
    assert _row(session, attempt, 1) == ({"option": wrong_option(first)}, 4, T0, later)

    submit_attempt(session, attempt.tenant_id, attempt.id, now=later)
    session.flush()
    assert (
        _choice(connection, attempt.tenant_id, attempt.id, 2, keyed_option(second), seq=1, now=later) is None  # closed
    )
    assert _row(session, attempt, 2)[0] is None


def test_late_locked_and_wrong_type_saves_store_nothing(session, connection):
    timed = _start(session, AssessmentFactory(questions=1, time_limit_seconds=60, grace_seconds=10))
    (question,) = timed.questions
    assert _choice(
        connection, timed.tenant_id, timed.id, 1, keyed_option(question), seq=1, now=T0 + timedelta(seconds=70)
    )
    assert (
        _choice(connection, timed.tenant_id, timed.id, 1, wrong_option(question), seq=2, now=T0 + timedelta(seconds=71))
        is None
    )

    checked = _start(session, AssessmentFactory(questions=1, feedback_policy=FeedbackPolicy.IMMEDIATE))
    (question,) = checked.questions
    assert _choice(connection, checked.tenant_id, checked.id, 1, wrong_option(question), seq=1, now=T0) is not None
    check_question(session, checked.tenant_id, checked.id, 1, now=T0)
    session.flush()
    assert _choice(connection, checked.tenant_id, checked.id, 1, keyed_option(question), seq=2, now=T0) is None
    with pytest.raises(QuestionLockedError):
        save_response(session, checked.tenant_id, checked.id, 1, {"option": keyed_option(question)}, seq=2, now=T0)


def _multiple_response_attempt(session):
    assessment = AssessmentFactory(questions=0)
    item = ItemFactory(bank=BankFactory(tenant_id=assessment.tenant_id), versions=[])
    ItemVersionFactory(item=item, draft=multiple_response_draft())
    AssessmentSlotFactory(assessment=assessment, item=item)
    return _start(session, assessment)


def test_any_other_answer_is_checked_against_the_form_before_it_is_written(session, connection):
    attempt = _multiple_response_attempt(session)
    own = attempt.questions[0].option_order
    target = SaveTarget(attempt.tenant_id, attempt.id, 1, 1, T0)
    assert _choice(connection, attempt.tenant_id, attempt.id, 1, own[0], seq=1, now=T0) is None  # takes a set
    for malformed in ({"options": [own[0], own[0]]}, {"options": [10**6]}, {"options": "x"}, {"text": "a"}):
        assert store_response(connection, target, malformed) is None
    assert _row(session, attempt, 1)[0] is None

    saved = store_response(connection, target, {"options": own[:2]})
    assert saved is not None and _row(session, attempt, 1)[:2] == ({"options": own[:2]}, 1)
    with pytest.raises(InvalidResponseError):
        save_response(session, attempt.tenant_id, attempt.id, 1, {"options": [own[0], 10**6]}, seq=2, now=T0)
    assert _row(session, attempt, 1)[:2] == ({"options": own[:2]}, 1)
