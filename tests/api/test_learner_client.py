"""What the learner's page needs of the API and the app: the start's `learner_url` and `title`, the attempt's
clock by the server's time, and the pages' own headers and (in development) the demo start."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from api.app import create_app
from api.config import Settings
from api.tokens import issue_learner_token
from assess.delivery import start_attempt
from assess.models import Attempt
from itembank.db import utcnow
from itembank.interchange.course_file import DEFAULT_TENANT
from tests.api.helpers import assert_problem, bearer, start_over_http
from tests.factories import AssessmentFactory, TenantFactory


def test_a_start_names_the_learners_page_with_the_token_in_its_fragment(client, session):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=2, title="Lesson 3 Quiz")
    started, _ = start_over_http(client, session, tenant, assessment)
    resumed, _ = start_over_http(client, session, tenant, assessment)
    for body in (started, resumed):
        url = urlsplit(body["learner_url"])
        assert (url.scheme, url.netloc, url.path) == ("http", "localhost", f"/learn/attempts/{started['id']}")
        assert url.query == "" and url.fragment == f"token={body['learner_token']}"  # never sent to a server
        assert body["title"] == "Lesson 3 Quiz"
    learner = {"Authorization": f"Bearer {started['learner_token']}"}
    read = client.get(f"/api/v1/attempts/{started['id']}", headers=learner)
    assert read.json["title"] == "Lesson 3 Quiz" and "learner_url" not in read.json


def test_behind_a_proxy_the_learner_url_is_on_the_public_url(connection, session):
    settings = Settings(
        database_url="unused://", environment="testing", secret_key="test-secret", public_url="https://assess.example"
    )
    app = create_app(settings, session_factory=sessionmaker(bind=connection, join_transaction_mode="create_savepoint"))
    tenant = TenantFactory()
    started, _ = start_over_http(app.test_client(), session, tenant, AssessmentFactory(tenant=tenant, questions=1))
    assert started["learner_url"].startswith(f"https://assess.example/learn/attempts/{started['id']}#token=lt.")


def test_the_title_is_the_revisions_the_attempt_started_on(client, session):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=1, title="First title")
    started, learner = start_over_http(client, session, tenant, assessment)
    assessment.title = "Renamed, not yet published"
    session.flush()
    assert client.get(f"/api/v1/attempts/{started['id']}", headers=learner).json["title"] == "First title"


def _learner(app, tenant, attempt):
    with app.app_context():
        return {"Authorization": f"Bearer {issue_learner_token(tenant.id, attempt.id)}"}


def _clock(client, attempt_id, headers):
    response = client.get(f"/api/v1/attempts/{attempt_id}/clock", headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


def test_an_untimed_attempts_clock_has_no_limit(client, session):
    tenant = TenantFactory()
    started, learner = start_over_http(client, session, tenant, AssessmentFactory(tenant=tenant, questions=1))
    clock = _clock(client, started["id"], learner)
    assert clock["attempt_id"] == started["id"] and clock["state"] == "in_progress"
    assert (clock["deadline_at"], clock["closes_at"], clock["remaining_seconds"], clock["closes_in_seconds"]) == (
        None,
        None,
        None,
        None,
    )


def test_a_timed_attempts_clock_counts_down_by_the_servers_time(app, client, session):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=1, time_limit_seconds=600, grace_seconds=30)
    began = utcnow() - timedelta(seconds=100)
    attempt = start_attempt(session, tenant.id, assessment.id, "ana", now=began).attempt
    learner = _learner(app, tenant, attempt)
    clock = _clock(client, attempt.id, learner)
    # 500 s left, less the moment the request took; rounded down to whole seconds, and the close up.
    assert 495 <= clock["remaining_seconds"] <= 499
    assert clock["closes_in_seconds"] in (clock["remaining_seconds"] + 30, clock["remaining_seconds"] + 31)
    assert clock["deadline_at"] == (began + timedelta(seconds=600)).isoformat()


def test_the_clock_closes_an_overdue_attempt_and_says_so(app, client, session):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=2, time_limit_seconds=60, grace_seconds=5)
    attempt = start_attempt(session, tenant.id, assessment.id, "ana", now=utcnow() - timedelta(hours=1)).attempt
    learner = _learner(app, tenant, attempt)
    clock = _clock(client, attempt.id, learner)
    assert (clock["state"], clock["remaining_seconds"], clock["closes_in_seconds"]) == ("scored", 0, 0)
    stored = session.execute(select(Attempt.state, Attempt.close_reason).where(Attempt.id == attempt.id)).one()
    assert tuple(stored) == ("scored", "deadline")


def test_the_clock_is_the_attempts_own(client, session):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=1)
    mine, learner = start_over_http(client, session, tenant, assessment, learner="ana")
    theirs, _ = start_over_http(client, session, tenant, assessment, learner="bo")
    assert_problem(client.get(f"/api/v1/attempts/{theirs['id']}/clock", headers=learner), 404, "not-found")
    assert_problem(client.get(f"/api/v1/attempts/{mine['id']}/clock"), 401, "unauthenticated")
    assert _clock(client, mine["id"], bearer(session, tenant))["attempt_id"] == mine["id"]  # a deliver key too


def test_the_learners_page_keeps_its_token_to_itself(client):
    page = client.get("/learn/attempts/12")
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert 'data-attempt-id="12"' in page.get_data(as_text=True)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in page.headers["Content-Security-Policy"]
    assert page.headers["Cache-Control"] == "no-store"
    for name in ("base.css", "render.js", "attempt.js"):
        asset = client.get(f"/learn/static/{name}")
        assert asset.status_code == 200 and asset.headers["Referrer-Policy"] == "no-referrer"
        asset.close()


def test_outside_development_there_is_no_start_page(client):
    assert_problem(client.get("/"), 404, "not-found")
    assert_problem(client.post("/learn/demo/attempts", json={"assessment_id": 1, "name": "Ada"}), 404, "not-found")


@pytest.fixture
def development(connection) -> Flask:
    settings = Settings(database_url="unused://", environment="development", secret_key="test-secret")
    return create_app(settings, session_factory=sessionmaker(bind=connection, join_transaction_mode="create_savepoint"))


def test_in_development_the_start_page_lists_the_default_tenants_course(development, session):
    tenant = TenantFactory(slug=DEFAULT_TENANT)
    quiz = AssessmentFactory(tenant=tenant, lesson_quiz=True, questions=5, title="Lesson 1 Quiz")
    test = AssessmentFactory(tenant=tenant, module_test=True, questions=3, title="Module 1 Test")
    AssessmentFactory(tenant=tenant, questions=1, title="A draft", published=False)
    AssessmentFactory(tenant=TenantFactory(), questions=1, title="Another tenant's")
    page = development.test_client().get("/")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Referrer-Policy"] == "no-referrer"
    assert f'value="{quiz.id}"' in text and f'value="{test.id}"' in text
    assert "A draft" not in text and "Another tenant" not in text
    assert text.index("Lesson 1 Quiz") < text.index("Module 1 Test")


def test_in_development_a_visitor_starts_and_resumes_by_name(development, session):
    tenant = TenantFactory(slug=DEFAULT_TENANT)
    assessment = AssessmentFactory(tenant=tenant, questions=2)
    client = development.test_client()
    first = client.post("/learn/demo/attempts", json={"assessment_id": assessment.id, "name": "Ada Lovelace"})
    again = client.post("/learn/demo/attempts", json={"assessment_id": assessment.id, "name": "Ada Lovelace"})
    assert first.status_code == again.status_code == 201, first.get_data(as_text=True)
    assert first.json["attempt_id"] == again.json["attempt_id"]
    url = urlsplit(first.json["learner_url"])
    token = url.fragment.removeprefix("token=")
    read = client.get(f"/api/v1/attempts/{first.json['attempt_id']}", headers={"Authorization": f"Bearer {token}"})
    assert read.status_code == 200 and read.json["learner_id"] == "Ada Lovelace"
    refused = client.post("/learn/demo/attempts", json={"assessment_id": assessment.id, "name": " Ada"})
    assert "name" in assert_problem(refused, 422, "validation-error")["errors"]
    other = AssessmentFactory(tenant=TenantFactory(), questions=1)
    missing = client.post("/learn/demo/attempts", json={"assessment_id": other.id, "name": "Ada"})
    assert_problem(missing, 404, "not-found")
