"""Small helpers for API tests: issue a real key, read problems, and take attempts over HTTP as an LMS does."""

from __future__ import annotations

import json

from werkzeug.test import EnvironBuilder

from itembank.keys import issue_key
from itembank.models import Assessment, Option, Tenant


def bearer(session, tenant: Tenant, scopes=("deliver",)) -> dict[str, str]:
    _key, plaintext = issue_key(session, tenant, scopes, "test")
    return {"Authorization": f"Bearer {plaintext}"}


def assert_problem(response, status: int, kind: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["type"] == f"/problems/{kind}" and body["status"] == status
    assert body["title"] and body["detail"]
    return body


def start_over_http(client, session, tenant: Tenant, assessment: Assessment, learner="learner-1"):
    """Start (or resume) the learner's attempt with the tenant's key: the body, and the learner's headers."""
    response = client.post(
        f"/api/v1/assessments/{assessment.id}/attempts", json={"learner_id": learner}, headers=bearer(session, tenant)
    )
    assert response.status_code in (200, 201), response.json
    body = response.json
    return body, {"Authorization": f"Bearer {body['learner_token']}"}


def keyed_and_wrong(session, question: dict) -> tuple[int, int]:
    """The keyed option of a delivered question and a wrong one: the test knows the key from the bank; the
    learner payload must not."""
    version = session.get(Option, question["options"][0]["id"]).version
    keyed = next(option.id for option in version.options if option.is_correct)
    wrong = next(option.id for option in version.options if not option.is_correct)
    return keyed, wrong


def answer_over_http(client, session, body: dict, learner: dict[str, str], right: int) -> None:
    """Answer the first `right` questions (in delivery order) with the key and the rest wrongly."""
    for index, question in enumerate(body["questions"]):
        keyed, wrong = keyed_and_wrong(session, question)
        saved = client.put(
            f"/api/v1/attempts/{body['id']}/questions/{question['position']}/response",
            json={"response": {"option": keyed if index < right else wrong}, "seq": 1},
            headers=learner,
        )
        assert saved.status_code == 200, saved.json


def send_chunked(app, method: str, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], dict]:
    """Send `body` as a server hands on a chunked request (no Content-Length, the stream terminated by the server)
    to the whole application, the save route in front of Flask included: the status, headers and JSON body."""
    environ = EnvironBuilder(
        path=path,
        method=method,
        data=body,
        headers={**headers, "Content-Type": "application/json", "Transfer-Encoding": "chunked"},
    ).get_environ()
    del environ["CONTENT_LENGTH"]
    environ["wsgi.input_terminated"] = True
    answered = []
    chunks = app.wsgi_app(environ, lambda status, headers: answered.append((status, dict(headers))))
    ((status, answer_headers),) = answered
    return int(status.split()[0]), answer_headers, json.loads(b"".join(chunks))
