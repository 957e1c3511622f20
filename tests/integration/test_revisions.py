"""After a start, an attempt reads its own revision: a later revision changes new attempts only."""

from datetime import UTC, datetime, timedelta

import pytest

from assess.accommodations import set_accommodation
from assess.authoring.assessments import SlotSpec, publish_assessment, update_assessment
from assess.delivery import check_question, save_response, start_attempt
from assess.errors import AssessmentNotPublishedError, CheckNotAllowedError
from tests.factories import AssessmentFactory, ItemFactory
from tests.factories.delivery import keyed_option

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_a_moved_deadline_is_computed_from_the_attempts_own_time_limit_and_grace(session):
    assessment = AssessmentFactory(questions=2, time_limit_seconds=600, grace_seconds=30)
    attempt = start_attempt(session, assessment.tenant_id, assessment.id, "ana", now=T0).attempt
    update_assessment(
        session, assessment.tenant_id, assessment.id, {"time_limit_seconds": 1200, "grace_seconds": 0}, author="t"
    )
    set_accommodation(session, assessment.tenant_id, assessment.id, "ana", extra_seconds=60, extra_attempts=0, now=T0)
    assert attempt.deadline_at == T0 + timedelta(seconds=660)
    assert attempt.closes_at == T0 + timedelta(seconds=690)
    later = start_attempt(session, assessment.tenant_id, assessment.id, "bo", now=T0).attempt
    assert later.closes_at == T0 + timedelta(seconds=1200)
    assert (attempt.revision.number, later.revision.number) == (1, 2)


def test_a_check_follows_the_policy_the_attempt_started_with(session):
    assessment = AssessmentFactory(questions=2, feedback_policy="immediate")
    tenant_id = assessment.tenant_id
    old = start_attempt(session, tenant_id, assessment.id, "ana", now=T0).attempt
    update_assessment(session, tenant_id, assessment.id, {"feedback_policy": "after_submit"}, author="t")
    new = start_attempt(session, tenant_id, assessment.id, "bo", now=T0).attempt
    for attempt in (old, new):
        question = attempt.questions[0]
        save_response(
            session, tenant_id, attempt.id, question.position, {"option": keyed_option(question)}, seq=1, now=T0
        )
    assert check_question(session, tenant_id, old.id, old.questions[0].position, now=T0).attempt.questions[0].checked_at
    with pytest.raises(CheckNotAllowedError):
        check_question(session, tenant_id, new.id, new.questions[0].position, now=T0)


def test_a_draft_is_refused_at_start_and_its_revision_is_frozen_at_publish(session):
    draft = AssessmentFactory(published=False)
    item = ItemFactory(bank__tenant_id=draft.tenant_id)
    update_assessment(session, draft.tenant_id, draft.id, {"slots": [SlotSpec(item_id=item.id, points=4)]}, author="t")
    with pytest.raises(AssessmentNotPublishedError):
        start_attempt(session, draft.tenant_id, draft.id, "ana", now=T0)
    publish_assessment(session, draft.tenant_id, draft.id, author="Our LMS")
    revision = draft.current_revision
    assert (revision.number, revision.created_by, revision.pass_threshold_bp) == (1, "Our LMS", draft.pass_threshold_bp)
    assert revision.slots == [{"position": 1, "item_id": item.id, "pool_id": None, "points": 4}]
    assert start_attempt(session, draft.tenant_id, draft.id, "ana", now=T0).attempt.points_possible == 4
