"""Attempts over HTTP, as an LMS and its learner would use them."""

import pytest

from tests.api.helpers import answer_over_http, assert_problem, bearer, keyed_and_wrong, start_over_http
from tests.factories import AssessmentFactory, TenantFactory

FORBIDDEN_KEYS = {"correct", "is_correct", "answer_key", "rationale", "feedback", "credit"}


def _walk_for_leaks(node, secrets, path="$"):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in FORBIDDEN_KEYS and value is not None:
                pytest.fail(f"{path}.{key} leaks before policy allows: {value!r}")
            if key == "result" and value is not None:
                pytest.fail(f"{path}.result shown before policy allows")
            _walk_for_leaks(value, secrets, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _walk_for_leaks(value, secrets, f"{path}[{index}]")
    elif isinstance(node, str):
        assert node not in secrets, f"{path} carries feedback text"


def test_start_resume_and_one_token_per_attempt(session, client):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=3)
    body, learner = start_over_http(client, session, tenant, assessment)
    again = client.post(
        f"/api/v1/assessments/{assessment.id}/attempts",
        json={"learner_id": "learner-1"},
        headers=bearer(session, tenant),
    )
    assert again.status_code == 200 and again.json["id"] == body["id"]
    assert client.get(f"/api/v1/attempts/{body['id']}", headers=learner).json["questions"] == body["questions"]

    other, _ = start_over_http(client, session, tenant, assessment, learner="learner-2")
    assert_problem(client.get(f"/api/v1/attempts/{other['id']}", headers=learner), 404, "not-found")
    assert_problem(client.post(f"/api/v1/attempts/{other['id']}/submit", headers=learner), 404, "not-found")
    forged = {"Authorization": learner["Authorization"][:-2] + "xx"}
    assert_problem(client.get(f"/api/v1/attempts/{body['id']}", headers=forged), 401, "unauthenticated")


def test_nothing_leaks_before_submit_under_after_submit_policy(session, client):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=5, feedback_policy="after_submit")
    items = [slot.item for slot in assessment.slots]
    secrets = {text for item in items for text in (item.latest.feedback_correct, item.latest.feedback_incorrect)}
    secrets.discard(None)
    body, learner = start_over_http(client, session, tenant, assessment)
    _walk_for_leaks(body, secrets)
    for question in body["questions"]:
        keyed, _ = keyed_and_wrong(session, question)
        saved = client.put(
            f"/api/v1/attempts/{body['id']}/questions/{question['position']}/response",
            json={"response": {"option": keyed}, "seq": 1},
            headers=learner,
        )
        assert saved.status_code == 200
        _walk_for_leaks(saved.json, secrets)
        check = client.post(f"/api/v1/attempts/{body['id']}/questions/{question['position']}/check", headers=learner)
        assert_problem(check, 409, "check-not-allowed")
    _walk_for_leaks(client.get(f"/api/v1/attempts/{body['id']}", headers=learner).json, secrets)
    result = client.post(f"/api/v1/attempts/{body['id']}/submit", headers=learner).json
    assert result["result"]["passed"] is True and result["questions"][0]["result"]["feedback"] in secrets


def test_immediate_policy_reveals_only_the_checked_question(session, client):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=3, feedback_policy="immediate")
    body, learner = start_over_http(client, session, tenant, assessment)
    first = body["questions"][0]
    keyed, _ = keyed_and_wrong(session, first)
    url = f"/api/v1/attempts/{body['id']}/questions/{first['position']}"
    client.put(f"{url}/response", json={"response": {"option": keyed}, "seq": 1}, headers=learner)
    checked = client.post(f"{url}/check", headers=learner).json
    shown = checked["questions"][0]["result"]
    assert {key: shown[key] for key in ("correct", "credit", "feedback")} == {
        "correct": True,
        "credit": "1",
        "feedback": "Correct.",
    }
    assert [option["id"] for option in shown["options"] if option["correct"]] == [keyed]
    assert all(q["result"] is None for q in checked["questions"][1:])
    locked = client.put(f"{url}/response", json={"response": {"option": keyed}, "seq": 2}, headers=learner)
    assert_problem(locked, 409, "question-locked")


def test_the_visibility_rule_is_the_only_way_to_a_question_result(session, client, monkeypatch):
    """With `question_visible` saying no, a checked question and a scored attempt show no result, key or feedback,
    whether the schema dumps them (a check) or the submit's one-pass body writes them."""
    import api.attempts.schemas

    monkeypatch.setattr(api.attempts.schemas, "question_visible", lambda policy, state, checked: False)
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=3, feedback_policy="immediate")
    items = [slot.item for slot in assessment.slots]
    secrets = {text for item in items for text in (item.latest.feedback_correct, item.latest.feedback_incorrect)}
    body, learner = start_over_http(client, session, tenant, assessment)
    answer_over_http(client, session, body, learner, right=3)
    checked = client.post(f"/api/v1/attempts/{body['id']}/questions/1/check", headers=learner)
    assert checked.status_code == 200
    _walk_for_leaks(checked.json, secrets)
    scored = client.post(f"/api/v1/attempts/{body['id']}/submit", headers=learner).json
    assert scored["result"]["passed"] is True
    _walk_for_leaks(scored["questions"], secrets)


def test_never_policy_shows_the_outcome_but_no_per_question_feedback(session, client):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=2, feedback_policy="never")
    body, learner = start_over_http(client, session, tenant, assessment)
    result = client.post(f"/api/v1/attempts/{body['id']}/submit", headers=learner).json
    assert result["result"]["passed"] is False
    assert all(q["result"] is None for q in result["questions"])


@pytest.mark.parametrize(("right", "passed"), [(12, True), (11, False)])
def test_exact_threshold_over_http(session, client, right, passed):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=15)
    body, learner = start_over_http(client, session, tenant, assessment)
    answer_over_http(client, session, body, learner, right)
    first = client.post(f"/api/v1/attempts/{body['id']}/submit", headers=learner).json
    again = client.post(f"/api/v1/attempts/{body['id']}/submit", headers=learner).json
    assert first == again
    assert first["result"]["passed"] is passed and first["result"]["points_earned"] == str(right)
    assert first["result"]["threshold"] == "4/5" and first["result"]["points_possible"] == 15
    assert (first["result"]["attempts_used"], first["result"]["attempts_left"]) == (1, None)
    late = client.put(
        f"/api/v1/attempts/{body['id']}/questions/1/response",
        json={"response": {"option": 1}, "seq": 9},
        headers=learner,
    )
    assert_problem(late, 409, "attempt-closed")


def test_stale_save_is_409_with_the_current_seq(session, client):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=1)
    body, learner = start_over_http(client, session, tenant, assessment)
    keyed, wrong = keyed_and_wrong(session, body["questions"][0])
    url = f"/api/v1/attempts/{body['id']}/questions/1/response"
    assert client.put(url, json={"response": {"option": keyed}, "seq": 3}, headers=learner).status_code == 200
    stale = client.put(url, json={"response": {"option": wrong}, "seq": 2}, headers=learner)
    assert_problem(stale, 409, "stale-save")
    assert stale.headers["X-Current-Seq"] == "3"
    assert client.get(f"/api/v1/attempts/{body['id']}", headers=learner).json["questions"][0]["response"] == {
        "option": keyed
    }


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"learner_id": ""},
        {"learner_id": " padded "},
        {"learner_id": "a\u0000b"},
        {"learner_id": "a\u200bb"},
        {"learner_id": "x" * 201},
        {"learner_id": 5},
        {"learner_id": "ok", "surprise": True},
    ],
)
def test_bad_learner_ids_are_422(session, client, payload):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=1)
    response = client.post(
        f"/api/v1/assessments/{assessment.id}/attempts", json=payload, headers=bearer(session, tenant)
    )
    assert_problem(response, 422, "validation-error")


def test_unicode_learner_ids_are_fine(session, client):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=1)
    body, _ = start_over_http(client, session, tenant, assessment, learner="Zoë 学生 🎓 O'Brien")
    assert body["learner_id"] == "Zoë 学生 🎓 O'Brien"


@pytest.mark.parametrize(
    "payload",
    [{"response": {"option": 1}}, {"seq": 1}, {"response": {"option": 1}, "seq": 0}, {"response": [], "seq": 1}],
)
def test_bad_saves_are_422(session, client, payload):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=1)
    body, learner = start_over_http(client, session, tenant, assessment)
    response = client.put(f"/api/v1/attempts/{body['id']}/questions/1/response", json=payload, headers=learner)
    assert_problem(response, 422, "validation-error")


def test_a_key_without_deliver_cannot_start(session, client):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=1)
    response = client.post(
        f"/api/v1/assessments/{assessment.id}/attempts",
        json={"learner_id": "x"},
        headers=bearer(session, tenant, scopes=("analytics",)),
    )
    assert_problem(response, 403, "forbidden")


def test_results_follow_the_grading_method(session, client):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=5, grading_method="highest", max_attempts=3)
    for right in (2, 4):
        body, learner = start_over_http(client, session, tenant, assessment)
        answer_over_http(client, session, body, learner, right)
        client.post(f"/api/v1/attempts/{body['id']}/submit", headers=learner)
    other_tenant = TenantFactory()
    other_assessment = AssessmentFactory(tenant=other_tenant, questions=1)
    start_over_http(client, session, other_tenant, other_assessment)  # another tenant's learner stays invisible
    results = client.get(f"/api/v1/assessments/{assessment.id}/results", headers=bearer(session, tenant)).json
    assert results == [
        {
            "learner_id": "learner-1",
            "grading_method": "highest",
            "score": "4/5",
            "passed": True,
            "attempts_used": 2,
            "attempts_left": 1,
            "graded_attempt_id": body["id"],
        }
    ]
    one = client.get(f"/api/v1/assessments/{assessment.id}/results?learner_id=nobody", headers=bearer(session, tenant))
    assert one.status_code == 200 and one.json == []


def test_a_body_nested_too_deep_to_read_is_a_422_not_a_500(session, client):
    """A few thousand brackets fit in the size limit and exhaust Python's JSON reader: the client's mistake."""
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=1)
    body = b'{"learner_id": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    response = client.post(
        f"/api/v1/assessments/{assessment.id}/attempts",
        data=body,
        content_type="application/json",
        headers=bearer(session, tenant),
    )
    problem = assert_problem(response, 422, "validation-error")
    assert problem["errors"] == {"_body": ["Invalid JSON body."]}
