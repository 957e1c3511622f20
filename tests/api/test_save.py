"""The save route (`api.attempts.save`), served below Flask for every caller: what it stores, how it refuses
(problem+json through the app's one mapping), and that no save ever reaches a Flask view."""

import json

import pytest
from flask import request

from tests.api.helpers import assert_problem, bearer, send_chunked
from tests.databases import throwaway_database
from tests.factories import (
    AssessmentFactory,
    AssessmentSlotFactory,
    BankFactory,
    ItemFactory,
    ItemVersionFactory,
    TenantFactory,
    multiple_response_draft,
)
from tests.token_spellings import respellings


def _multiple_response_item(bank):
    item = ItemFactory(bank=bank, versions=[])
    ItemVersionFactory(item=item, draft=multiple_response_draft())
    return item


@pytest.fixture
def attempt(session, client, app):
    """A started attempt of a single-choice and a multiple-response question, and what the Flask app saw."""
    tenant = TenantFactory()
    bank = BankFactory(tenant_id=tenant.id)
    assessment = AssessmentFactory(tenant_id=tenant.id, shuffle_questions=False)
    AssessmentSlotFactory(assessment=assessment, item=ItemFactory(bank=bank))
    AssessmentSlotFactory(assessment=assessment, item=_multiple_response_item(bank))
    integration = bearer(session, tenant)
    reached_flask = []
    app.before_request(lambda: reached_flask.append((request.method, request.path)))
    started = client.post(
        f"/api/v1/assessments/{assessment.id}/attempts", json={"learner_id": "learner-1"}, headers=integration
    )
    assert started.status_code == 201, started.json
    reached_flask.clear()
    body = started.json
    return {
        "id": body["id"],
        "options": {q["position"]: [o["id"] for o in q["options"]] for q in body["questions"]},
        "learner": {"Authorization": f"Bearer {body['learner_token']}"},
        "integration": integration,
        "assessment_id": assessment.id,
        "flask": reached_flask,
    }


def _put(client, attempt, position, payload, headers=None, **kwargs):
    return client.put(
        f"/api/v1/attempts/{attempt['id']}/questions/{position}/response",
        headers=attempt["learner"] if headers is None else headers,
        **({"json": payload} if payload is not None else {}),
        **kwargs,
    )


def _stored(client, attempt, position):
    questions = client.get(f"/api/v1/attempts/{attempt['id']}", headers=attempt["learner"]).json["questions"]
    return next(q["response"] for q in questions if q["position"] == position)


def test_a_save_is_stored_and_answered_with_the_saved_question_only(client, app, attempt):
    choice, multiple = attempt["options"][1], attempt["options"][2]
    saved = _put(client, attempt, 1, {"response": {"option": choice[2]}, "seq": 1})
    assert saved.status_code == 200 and saved.mimetype == "application/json"
    assert set(saved.json) == {"attempt_id", "position", "response", "seq", "answered_at"}
    assert (saved.json["attempt_id"], saved.json["position"], saved.json["seq"]) == (attempt["id"], 1, 1)
    assert saved.json["response"] == {"option": choice[2]}
    assert saved.get_data() == (json.dumps(saved.json, separators=(",", ":"), sort_keys=True) + "\n").encode()
    assert int(saved.headers["Content-Length"]) == len(saved.get_data())

    # The integration's key saves through the same route: a repeat of the same save is acknowledged alike.
    repeat = _put(client, attempt, 1, {"response": {"option": choice[2]}, "seq": 1}, headers=attempt["integration"])
    assert repeat.status_code == 200 and repeat.get_data() == saved.get_data()
    changed = _put(client, attempt, 1, {"response": {"option": choice[3]}, "seq": 2})
    assert changed.status_code == 200

    # Any other item type: checked against the question's form, then written by the same UPDATE.
    multiple_saved = _put(client, attempt, 2, {"response": {"options": multiple[:2]}, "seq": 1})
    assert multiple_saved.status_code == 200 and multiple_saved.json["response"] == {"options": multiple[:2]}
    assert _stored(client, attempt, 1) == {"option": choice[3]}
    assert _stored(client, attempt, 2) == {"options": multiple[:2]}
    assert [path for _method, path in attempt["flask"] if path.endswith("/response")] == []


REFUSALS = {
    # name: (position, body or raw bytes, extra request arguments, status, problem type)
    "stale seq": (1, {"response": {"option": "KEEP"}, "seq": 4}, {}, 409, "stale-save"),
    "another question's option": (1, {"response": {"option": "OTHER"}, "seq": 9}, {}, 422, "invalid-response"),
    "an option that does not exist": (1, {"response": {"option": 2**31 - 1}, "seq": 9}, {}, 422, "invalid-response"),
    "an option id no column can hold": (1, {"response": {"option": 10**12}, "seq": 9}, {}, 422, "invalid-response"),
    "a boolean for an option": (1, {"response": {"option": True}, "seq": 9}, {}, 422, "invalid-response"),
    "a choice answer on a multiple-response question": (
        2,
        {"response": {"option": "MINE"}, "seq": 9},
        {},
        422,
        "invalid-response",
    ),
    "a multiple-response answer naming another question's option": (
        2,
        {"response": {"options": ["OTHER"]}, "seq": 9},
        {},
        422,
        "invalid-response",
    ),
    "an unknown field": (1, {"response": {"option": "KEEP"}, "seq": 9, "extra": 1}, {}, 422, "validation-error"),
    "a seq that is not an integer": (1, {"response": {"option": "KEEP"}, "seq": "9"}, {}, 422, "validation-error"),
    "no question at that position": (7, {"response": {"option": "KEEP"}, "seq": 9}, {}, 404, "not-found"),
    "malformed JSON": (
        1,
        b'{"response": {"option": 1}, "seq": ',
        {"content_type": "application/json"},
        422,
        "validation-error",  # webargs reports the body as a field ("_body": "Invalid JSON body.")
    ),
    "not JSON": (1, b"response=1&seq=9", {"content_type": "text/plain"}, 415, "unsupported-media-type"),
    "a body over the limit": (
        1,
        b"{" + b" " * 70_000 + b"}",
        {"content_type": "application/json"},
        413,
        "body-too-large",
    ),
    "no body": (1, b"", {"content_type": "application/json"}, 422, "validation-error"),
    "a JSON array": (1, b"[1, 2]", {"content_type": "application/json"}, 422, "validation-error"),
    # Bodies json.loads would read but webargs refuses (strict UTF-8, no BOM), and one too deep to read.
    "UTF-16": (1, {"response": {"option": "KEEP"}, "seq": 9}, {"encoding": "utf-16"}, 422, "validation-error"),
    "a UTF-8 BOM": (1, {"response": {"option": "KEEP"}, "seq": 9}, {"encoding": "utf-8-sig"}, 422, "validation-error"),
    # Not JSON, though Python's reader takes it (PostgreSQL's json does not): refused when the body is read,
    # whatever the question's type, so it never reaches a statement.
    "NaN in a multiple-response answer": (
        2,
        b'{"response": {"options": [NaN]}, "seq": 9}',
        {"content_type": "application/json"},
        422,
        "validation-error",
    ),
    "Infinity as the option": (
        1,
        b'{"response": {"option": Infinity}, "seq": 9}',
        {"content_type": "application/json"},
        422,
        "validation-error",
    ),
    "-Infinity beside the option": (
        1,
        b'{"response": {"option": 1, "x": -Infinity}, "seq": 9}',
        {"content_type": "application/json"},
        422,
        "validation-error",
    ),
    "1e400 as a value": (
        2,
        b'{"response": {"value": 1e400}, "seq": 9}',
        {"content_type": "application/json"},
        422,
        "validation-error",
    ),
    "nested 5,000 deep": (
        1,
        b'{"response": {"option": ' + b"[" * 5000 + b"]" * 5000 + b'}, "seq": 9}',
        {"content_type": "application/json"},
        422,
        "validation-error",
    ),
}


def _named(value, names):
    """The case's placeholders ("KEEP", "OTHER", "MINE") replaced by this attempt's option ids."""
    if isinstance(value, dict):
        return {key: _named(item, names) for key, item in value.items()}
    if isinstance(value, list):
        return [_named(item, names) for item in value]
    return names.get(value, value) if isinstance(value, str) else value


@pytest.mark.parametrize("case", list(REFUSALS))
def test_every_refusal_is_a_problem_and_stores_nothing(client, app, attempt, case, caplog):
    position, payload, extra, status, kind = REFUSALS[case]
    choice, multiple = attempt["options"][1], attempt["options"][2]
    kept = {1: {"option": choice[0]}, 2: {"options": multiple[:1]}}
    for kept_position, response in kept.items():
        assert _put(client, attempt, kept_position, {"response": response, "seq": 5}).status_code == 200
    names = {"KEEP": choice[0], "OTHER": multiple[3] if position == 1 else choice[3], "MINE": multiple[0]}
    with caplog.at_level("WARNING"):
        if isinstance(payload, dict) and "encoding" in extra:
            data = json.dumps(_named(payload, names)).encode(extra["encoding"])
            answer = _put(client, attempt, position, None, data=data, content_type="application/json")
        elif isinstance(payload, dict):
            answer = _put(client, attempt, position, _named(payload, names), **extra)
        else:
            answer = _put(client, attempt, position, None, data=payload, **extra)

    assert_problem(answer, status, kind)
    assert caplog.records == []  # a refusal is no failure: nothing is logged
    assert attempt["flask"] == []
    assert _stored(client, attempt, 1) == kept[1] and _stored(client, attempt, 2) == kept[2]


def test_callers_other_than_the_attempt_and_its_tenant_are_refused(client, session, app, attempt):
    choice = attempt["options"][1]
    other_tenant = bearer(session, TenantFactory())
    forged = {"Authorization": attempt["learner"]["Authorization"][:-2] + "xx"}
    assert_problem(
        _put(client, attempt, 1, {"response": {"option": choice[0]}, "seq": 1}, forged), 401, "unauthenticated"
    )
    assert_problem(
        _put(client, attempt, 1, {"response": {"option": choice[0]}, "seq": 1}, other_tenant), 404, "not-found"
    )
    assert_problem(_put(client, attempt, 1, {"response": {"option": choice[0]}, "seq": 1}, {}), 401, "unauthenticated")
    key_without_deliver = bearer(session, TenantFactory(), scopes=("analytics",))
    assert_problem(
        _put(client, attempt, 1, {"response": {"option": choice[0]}, "seq": 1}, key_without_deliver), 403, "forbidden"
    )
    # Credentials come first: without them a body that would not validate is still a 401, not a 422.
    assert_problem(_put(client, attempt, 1, {"seq": "x"}, {}), 401, "unauthenticated")
    assert attempt["flask"] == []
    assert _stored(client, attempt, 1) is None


def test_a_learner_token_spelled_another_way_is_refused(client, attempt):
    """The same signed bytes in another spelling (a last character's unused bits set, a stray character): 401 on
    the save and on the Flask routes, whether or not the real token is already remembered."""
    choice = attempt["options"][1]
    token = attempt["learner"]["Authorization"].removeprefix("Bearer ")
    assert _put(client, attempt, 1, {"response": {"option": choice[0]}, "seq": 1}).status_code == 200
    for seq, spelling in enumerate(respellings(token), start=2):
        headers = {"Authorization": f"Bearer {spelling}"}
        assert_problem(
            _put(client, attempt, 1, {"response": {"option": choice[1]}, "seq": seq}, headers), 401, "unauthenticated"
        )
        assert_problem(client.get(f"/api/v1/attempts/{attempt['id']}", headers=headers), 401, "unauthenticated")
    assert _stored(client, attempt, 1) == {"option": choice[0]}


def test_a_learner_token_saves_into_its_own_attempt_only(client, session, app, attempt):
    """Another attempt of the same assessment, and of the same tenant: the token's attempt id must be the path's."""
    other = client.post(
        f"/api/v1/assessments/{attempt['assessment_id']}/attempts",
        json={"learner_id": "learner-2"},
        headers=attempt["integration"],
    ).json
    other_option = other["questions"][0]["options"][0]["id"]
    stolen = client.put(
        f"/api/v1/attempts/{other['id']}/questions/1/response",
        json={"response": {"option": other_option}, "seq": 1},
        headers=attempt["learner"],
    )
    assert_problem(stolen, 404, "not-found")
    mine = {"Authorization": f"Bearer {other['learner_token']}"}
    stored = client.get(f"/api/v1/attempts/{other['id']}", headers=mine).json["questions"][0]["response"]
    assert stored is None


def test_an_expired_token_is_refused_even_once_remembered(client, app, attempt, monkeypatch):
    import api.tokens

    choice = attempt["options"][1]
    assert _put(client, attempt, 1, {"response": {"option": choice[0]}, "seq": 1}).status_code == 200
    assert len(app.extensions["assess.save"].tokens.verified) == 1
    later = api.tokens.time.time() + api.tokens.MAX_AGE_SECONDS + 60
    monkeypatch.setattr(api.tokens.time, "time", lambda: later)
    late = _put(client, attempt, 1, {"response": {"option": choice[1]}, "seq": 2})
    assert_problem(late, 401, "unauthenticated")
    monkeypatch.undo()
    assert _stored(client, attempt, 1) == {"option": choice[0]}


def test_a_save_after_submit_is_refused(client, app, attempt):
    choice = attempt["options"][1]
    assert _put(client, attempt, 1, {"response": {"option": choice[0]}, "seq": 1}).status_code == 200
    assert client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=attempt["learner"]).status_code == 200
    late = _put(client, attempt, 1, {"response": {"option": choice[1]}, "seq": 2})
    assert_problem(late, 409, "attempt-closed")


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_on_a_real_engine_an_acknowledged_save_is_committed_before_the_answer(backend, tmp_path):
    """Outside a test transaction: PostgreSQL takes the one-statement autocommit path, SQLite the transaction."""
    from sqlalchemy import text
    from sqlalchemy.orm import Session

    from api.app import create_app
    from api.config import Settings
    from itembank.db import Base
    from tests import factories

    with throwaway_database(backend, tmp_path) as database:
        Base.metadata.create_all(database.engine)
        with Session(database.engine, expire_on_commit=False) as setup:
            factories.bind(setup)
            try:
                tenant = TenantFactory()
                bank = BankFactory(tenant_id=tenant.id)
                assessment = AssessmentFactory(tenant_id=tenant.id)
                AssessmentSlotFactory(assessment=assessment, item=ItemFactory(bank=bank))
                key = bearer(setup, tenant)
                setup.commit()
            finally:
                factories.bind(None)
        app = create_app(Settings(database_url=database.url, environment="testing", secret_key="s"))
        save = app.extensions["assess.save"]
        assert (save.autocommit is not None) == (backend == "postgresql")
        client = app.test_client()
        body = client.post(
            f"/api/v1/assessments/{assessment.id}/attempts", json={"learner_id": "l-1"}, headers=key
        ).json
        learner = {"Authorization": f"Bearer {body['learner_token']}"}
        options = [option["id"] for option in body["questions"][0]["options"]]
        url = f"/api/v1/attempts/{body['id']}/questions/1/response"

        def stored():
            with database.engine.connect() as other:  # another connection sees only what was committed
                return other.execute(
                    text("SELECT response_seq FROM attempt_question WHERE attempt_id = :a AND position = 1"),
                    {"a": body["id"]},
                ).scalar_one()

        assert client.put(url, json={"response": {"option": options[1]}, "seq": 3}, headers=learner).status_code == 200
        assert stored() == 3
        assert_problem(
            client.put(url, json={"response": {"option": options[2]}, "seq": 2}, headers=learner), 409, "stale-save"
        )
        assert_problem(
            client.put(url, json={"response": {"option": 10**6}, "seq": 4}, headers=learner), 422, "invalid-response"
        )
        assert stored() == 3
        repeat = client.put(url, json={"response": {"option": options[1]}, "seq": 3}, headers=learner)
        assert repeat.status_code == 200 and stored() == 3  # a retried save is acknowledged, not refused
        app.extensions["assess.sessionmaker"].kw["bind"].dispose()
        if save.autocommit is not None:
            save.autocommit.dispose()


def test_an_unexpected_failure_is_a_logged_500_problem_and_stores_nothing(client, app, attempt, monkeypatch, caplog):
    import api.attempts.save

    def broken(*args, **kwargs):
        raise RuntimeError("defect")

    monkeypatch.setattr(api.attempts.save, "save_response", broken)
    choice = attempt["options"][1]
    with caplog.at_level("ERROR"):
        failed = _put(client, attempt, 1, {"response": {"option": choice[1]}, "seq": 1})
    assert_problem(failed, 500, "internal-error")
    assert "RuntimeError: defect" in caplog.text
    monkeypatch.undo()
    assert _stored(client, attempt, 1) is None


def test_other_methods_on_the_save_path_are_405_and_options_lists_put(client, attempt):
    url = f"/api/v1/attempts/{attempt['id']}/questions/1/response"
    for method in ("GET", "POST", "DELETE", "PATCH"):
        refused = client.open(url, method=method, headers=attempt["learner"])
        assert_problem(refused, 405, "method-not-allowed")
        assert "PUT" in refused.headers["Allow"]
    allowed = client.options(url)
    assert allowed.status_code == 200 and allowed.headers["Allow"] == "OPTIONS, PUT"
    assert_problem(client.put("/api/v1/attempts/0/questions/1/response", json={}), 404, "not-found")
    assert_problem(client.put(f"/api/v1/attempts/{attempt['id']}/questions/1/response/x", json={}), 404, "not-found")
    assert attempt["flask"] == [("PUT", f"/api/v1/attempts/{attempt['id']}/questions/1/response/x")]


def test_a_chunked_body_over_the_limit_is_413(app, attempt):
    """A body of unknown length (chunked) is read only up to the limit, then refused as any oversized body."""
    body = b'{"response": {"option": 1}, "seq": 1, "pad": "' + b"x" * 100_000 + b'"}'
    path = f"/api/v1/attempts/{attempt['id']}/questions/1/response"
    status, headers, problem = send_chunked(app, "PUT", path, body, attempt["learner"])
    assert status == 413 and headers["Content-Type"] == "application/problem+json"
    assert problem["type"] == "/problems/body-too-large" and problem["status"] == 413
