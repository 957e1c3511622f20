"""The server's clock over HTTP: an attempt past its deadline plus grace is closed by every read that reports it
(results, lists whatever state they ask for, analytics), and what the clock decided stays decided whatever the
request that found it answers (a late save's 410, a late check's 410, a start's 409)."""

from datetime import timedelta

from sqlalchemy import select

from api.tokens import issue_learner_token
from assess.delivery import save_response, start_attempt
from assess.models import Attempt
from itembank.db import utcnow
from tests.api.helpers import assert_problem, bearer
from tests.factories import AssessmentFactory, TenantFactory

LIMIT = 60  # seconds: every attempt here started an hour ago, long past its deadline and grace


def _overdue(session, tenant, assessment, learner="late", right=0):
    """An attempt started an hour ago, its first `right` questions answered with the key, never submitted."""
    began = utcnow() - timedelta(hours=1)
    attempt = start_attempt(session, tenant.id, assessment.id, learner, now=began).attempt
    for question in attempt.questions[:right]:
        keyed = next(option.id for option in question.version.options if option.is_correct)
        save_response(session, tenant.id, attempt.id, question.position, {"option": keyed}, seq=1, now=began)
    session.flush()
    return attempt


def _stored(session, attempt):
    """The attempt's row as committed so far, read past the session's own objects."""
    row = session.execute(
        select(Attempt.state, Attempt.close_reason, Attempt.earned_num).where(Attempt.id == attempt.id)
    ).one()
    return tuple(row)


def _timed(tenant, **settings):
    return AssessmentFactory(tenant=tenant, time_limit_seconds=LIMIT, grace_seconds=5, **settings)


def test_the_first_results_read_grades_an_overdue_attempt(client, session):
    tenant = TenantFactory()
    assessment = _timed(tenant, questions=2)
    attempt = _overdue(session, tenant, assessment, right=2)
    results = client.get(
        f"/api/v1/assessments/{assessment.id}/results?learner_id=late", headers=bearer(session, tenant)
    )
    assert results.status_code == 200, results.json
    [result] = results.json
    assert (result["score"], result["passed"], result["graded_attempt_id"]) == ("1", True, attempt.id)
    assert _stored(session, attempt) == ("scored", "deadline", 2)


def test_a_list_of_scored_attempts_has_the_overdue_ones(client, session):
    tenant = TenantFactory()
    assessment = _timed(tenant, questions=2)
    attempt = _overdue(session, tenant, assessment, right=1)
    key = bearer(session, tenant)
    scored = client.get("/api/v1/attempts?learner_id=late&state=scored", headers=key)
    assert [(row["id"], row["close_reason"], row["points_earned"]) for row in scored.json] == [
        (attempt.id, "deadline", "1")
    ]
    assert client.get("/api/v1/attempts?learner_id=late&state=in_progress", headers=key).json == []


def test_the_state_filter_does_not_hide_an_overdue_attempt_from_the_clock(client, session):
    """Asking for open attempts closes the overdue ones too: none is listed as open past its time."""
    tenant = TenantFactory()
    assessment = _timed(tenant, questions=1)
    attempt = _overdue(session, tenant, assessment)
    key = bearer(session, tenant)
    assert client.get(f"/api/v1/attempts?assessment_id={assessment.id}&state=in_progress", headers=key).json == []
    assert _stored(session, attempt) == ("scored", "deadline", 0)


def test_analytics_count_an_overdue_attempt(client, session):
    tenant = TenantFactory()
    assessment = _timed(tenant, questions=2)
    _overdue(session, tenant, assessment, right=1)
    report = client.get(
        f"/api/v1/assessments/{assessment.id}/analytics", headers=bearer(session, tenant, ("analytics",))
    )
    assert report.status_code == 200, report.json
    assert report.json["test"]["attempts"] == 1 and report.json["test"]["mean"] == "1"


def test_a_late_save_is_gone_and_the_attempt_stays_scored(client, app, session):
    tenant = TenantFactory()
    assessment = _timed(tenant, questions=2)
    attempt = _overdue(session, tenant, assessment, right=1)
    with app.app_context():
        learner = {"Authorization": f"Bearer {issue_learner_token(tenant.id, attempt.id)}"}
    option = attempt.questions[1].option_order[0]
    url = f"/api/v1/attempts/{attempt.id}/questions/2/response"
    late = client.put(url, json={"response": {"option": option}, "seq": 1}, headers=learner)
    assert_problem(late, 410, "deadline-passed")
    assert _stored(session, attempt) == ("scored", "deadline", 1)  # the 410's rollback did not undo the close
    again = client.put(url, json={"response": {"option": option}, "seq": 2}, headers=learner)
    assert_problem(again, 410, "deadline-passed")  # and every later answer is told the same
    read = client.get(f"/api/v1/attempts/{attempt.id}", headers=learner).json
    assert read["state"] == "scored" and read["result"]["close_reason"] == "deadline"


def test_a_late_check_is_gone_and_the_attempt_stays_scored(client, app, session):
    tenant = TenantFactory()
    assessment = _timed(tenant, questions=2, feedback_policy="immediate")
    attempt = _overdue(session, tenant, assessment, right=1)
    with app.app_context():
        learner = {"Authorization": f"Bearer {issue_learner_token(tenant.id, attempt.id)}"}
    assert_problem(
        client.post(f"/api/v1/attempts/{attempt.id}/questions/1/check", headers=learner), 410, "deadline-passed"
    )
    assert _stored(session, attempt) == ("scored", "deadline", 1)


def test_a_start_refused_for_want_of_attempts_leaves_the_expired_last_one_scored(client, session):
    tenant = TenantFactory()
    assessment = _timed(tenant, questions=2, max_attempts=1)
    attempt = _overdue(session, tenant, assessment, right=2)
    key = bearer(session, tenant)
    refused = client.post(f"/api/v1/assessments/{assessment.id}/attempts", json={"learner_id": "late"}, headers=key)
    assert_problem(refused, 409, "no-attempts-left")
    assert _stored(session, attempt) == ("scored", "deadline", 2)
