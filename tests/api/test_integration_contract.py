"""What an LMS integration needs from the delivery API beyond the attempt itself: where a new attempt lives,
how to page through lists, which bank item each question is, when an attempt closes and when a token expires,
and clear refusals for a start in another context and for extra time that could never apply."""

import re
from datetime import UTC, datetime, timedelta

from api.tokens import MAX_AGE_SECONDS
from assess.attempt_list import SETTLE
from tests.api.helpers import assert_problem, bearer, start_over_http
from tests.factories import AssessmentFactory, TenantFactory


def _start(client, key, assessment, **body):
    return client.post(f"/api/v1/assessments/{assessment.id}/attempts", json=body, headers=key)


def test_a_started_attempt_says_where_it_lives_when_it_closes_and_when_its_token_expires(client, session):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=2, time_limit_seconds=600, grace_seconds=30)
    key = bearer(session, tenant)
    before = datetime.now(UTC).replace(microsecond=0)
    started = _start(client, key, assessment, learner_id="learner-1", context_id="section-a")
    assert started.status_code == 201
    assert started.headers["Location"].endswith(f"/api/v1/attempts/{started.json['id']}")
    assert client.get(started.headers["Location"], headers=key).json["id"] == started.json["id"]

    body = started.json
    deadline, closes = datetime.fromisoformat(body["deadline_at"]), datetime.fromisoformat(body["closes_at"])
    assert closes - deadline == timedelta(seconds=30)
    expires = datetime.fromisoformat(body["learner_token_expires_at"])
    lifetime = timedelta(seconds=MAX_AGE_SECONDS)
    assert before + lifetime <= expires <= datetime.now(UTC) + lifetime
    assert body["context_id"] == "section-a"

    resumed = _start(client, key, assessment, learner_id="learner-1", context_id="section-a")
    assert resumed.status_code == 200 and resumed.headers["Location"] == started.headers["Location"]
    assert "learner_token_expires_at" not in client.get(started.headers["Location"], headers=key).json
    summary = client.get("/api/v1/attempts", headers=key).json[0]
    assert (summary["closes_at"], summary["deadline_at"]) == (body["closes_at"], body["deadline_at"])


def test_each_question_names_its_bank_item_version_and_slot(client, session):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=3)
    body, _learner = start_over_http(client, session, tenant, assessment)
    by_slot = {slot.position: slot.item for slot in assessment.slots}
    for question in body["questions"]:
        item = by_slot[question["item"]["slot"]]
        assert question["item"] == {
            "id": item.id,
            "ref": item.ref,
            "version_id": item.latest.id,
            "version": item.latest.number,
            "slot": question["item"]["slot"],
        }
    assert sorted(question["item"]["slot"] for question in body["questions"]) == [1, 2, 3]


def test_a_start_in_another_context_while_an_attempt_is_open_is_a_conflict(client, session):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=1)
    key = bearer(session, tenant)
    assert _start(client, key, assessment, learner_id="l", context_id="section-a").status_code == 201
    problem = assert_problem(
        _start(client, key, assessment, learner_id="l", context_id="section-b"), 409, "context-conflict"
    )
    assert "section-a" in problem["detail"]
    assert _start(client, key, assessment, learner_id="l").status_code == 200  # no context: the open attempt
    assert _start(client, key, assessment, learner_id="l", context_id="section-a").status_code == 200


def test_extra_time_on_an_untimed_assessment_is_refused(client, session):
    tenant = TenantFactory()
    untimed = AssessmentFactory(tenant=tenant, questions=1)
    key = bearer(session, tenant)
    url = f"/api/v1/assessments/{untimed.id}/accommodations"
    grant = {"learner_id": "l", "extra_seconds": 600, "extra_attempts": 1}
    assert_problem(client.put(url, json=grant, headers=key), 422, "invalid-accommodation")
    assert client.get(url, headers=key).json == []
    assert client.put(url, json={**grant, "extra_seconds": 0}, headers=key).status_code == 200


def test_lists_link_their_pages_and_following_next_visits_every_row_once(client, session):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=1)
    key = bearer(session, tenant)
    ids = {_start(client, key, assessment, learner_id=f"l-{n}").json["id"] for n in range(7)}
    url, seen = f"/api/v1/attempts?assessment_id={assessment.id}&page_size=3", []
    while url:
        page = client.get(url, headers=key)
        assert page.status_code == 200
        seen += [row["id"] for row in page.json]
        links = dict((rel, target) for target, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', page.headers["Link"]))
        assert {"first", "last"} <= set(links) and f"assessment_id={assessment.id}" in links["last"]
        url = links.get("next")
    assert sorted(seen) == sorted(ids) and len(seen) == len(ids)
    assert "Link" not in client.get(f"/api/v1/attempts?assessment_id={10**6}", headers=key).headers


def test_a_sync_window_is_announced_and_its_parameters_validated(client, session, monkeypatch):
    import api.attempts.views

    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=1)
    key = bearer(session, tenant)
    started = _start(client, key, assessment, learner_id="l").json
    later = datetime.now(UTC) + 2 * SETTLE
    monkeypatch.setattr(api.attempts.views, "utcnow", lambda: later)
    since = "2026-01-01T00:00:00+00:00"
    window = client.get("/api/v1/attempts", query_string={"updated_since": since}, headers=key)
    assert window.status_code == 200 and [row["id"] for row in window.json] == [started["id"]]
    until = datetime.fromisoformat(window.headers["X-Sync-Until"])
    assert until == later - SETTLE
    assert window.json[0]["updated_at"] == started["started_at"]
    empty = client.get("/api/v1/attempts", query_string={"updated_since": until.isoformat()}, headers=key)
    assert empty.json == [] and "X-Sync-Until" in empty.headers
    assert "X-Sync-Until" not in client.get("/api/v1/attempts", headers=key).headers

    for bad in (
        {"updated_since": since, "submitted_since": since},
        {"after_id": 3},
        {"until": since},
        {"updated_since": "2026-01-01T00:00:00"},  # no offset: whose time?
        {"updated_since": "0001-01-01T00:00:00+14:00"},  # before year 1 in UTC
    ):
        assert_problem(client.get("/api/v1/attempts", query_string=bad, headers=key), 422, "validation-error")
