"""Voiding an attempt and resetting a learner over HTTP: keys with `deliver` only, an audit record kept."""

from tests.api.helpers import assert_problem, bearer, start_over_http
from tests.factories import AssessmentFactory, TenantFactory


def test_an_integration_voids_an_attempt_and_resets_a_learner(client, session):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=1, max_attempts=1)
    key = bearer(session, tenant)
    body, learner = start_over_http(client, session, tenant, assessment)
    url = f"/api/v1/attempts/{body['id']}/void"

    assert_problem(client.post(url, json={"reason": "x"}, headers=learner), 401, "unauthenticated")
    assert_problem(client.post(url, json={}, headers=key), 422, "validation-error")
    assert_problem(
        client.post(url, json={"reason": "x"}, headers=bearer(session, tenant, ("analytics",))), 403, "forbidden"
    )
    other = bearer(session, TenantFactory())
    assert_problem(client.post(url, json={"reason": "x"}, headers=other), 404, "not-found")

    for unstorable in ("a\u0000b", "a\ud800b", "a\u001bb"):  # NUL (PostgreSQL refuses it), a lone surrogate, ESC
        refused = client.post(url, json={"reason": unstorable}, headers=key)
        assert assert_problem(refused, 422, "validation-error")["errors"].keys() == {"reason"}
    voided = client.post(url, json={"reason": "wrong learner"}, headers=key)
    assert voided.status_code == 200
    assert voided.json["state"] == "voided" and voided.json["void_reason"] == "wrong learner"
    assert voided.json["voided_by"] == "test" and voided.json["voided_at"]
    saved = client.put(
        f"/api/v1/attempts/{body['id']}/questions/1/response",
        json={"response": {"option": body["questions"][0]["options"][0]["id"]}, "seq": 1},
        headers=learner,
    )
    assert_problem(saved, 409, "attempt-closed")
    listed = client.get(f"/api/v1/attempts?assessment_id={assessment.id}&state=voided", headers=key).json
    assert [row["id"] for row in listed] == [body["id"]]

    second, _ = start_over_http(client, session, tenant, assessment)  # the voided one no longer counts
    assert second["number"] == 2
    resets = f"/api/v1/assessments/{assessment.id}/resets"
    reset = client.post(resets, json={"learner_id": "learner-1", "reason": "retake granted"}, headers=key)
    assert reset.status_code == 200
    assert reset.json["learner_id"] == "learner-1" and [a["id"] for a in reset.json["voided"]] == [second["id"]]
    assert_problem(client.post(resets, json={"learner_id": " x", "reason": "r"}, headers=key), 422, "validation-error")
    third, _ = start_over_http(client, session, tenant, assessment)
    assert third["number"] == 3
