"""The learner's autosave below Flask (`api.autosave`): it answers only stored saves, with the full path's body;
every other request reaches the Flask app as it was sent, and nothing is stored on the way."""

import json

import pytest

from tests.api.helpers import assert_problem, bearer
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
    full_path = app.wsgi_app.full_path

    def recording(environ, start_response):
        reached_flask.append((environ["REQUEST_METHOD"], environ["PATH_INFO"]))
        return full_path(environ, start_response)

    app.wsgi_app.full_path = recording
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


def test_a_learners_save_is_stored_below_flask_with_the_full_paths_answer(client, app, attempt):
    choice, multiple = attempt["options"][1], attempt["options"][2]
    fast = _put(client, attempt, 1, {"response": {"option": choice[2]}, "seq": 1})
    assert fast.status_code == 200 and fast.mimetype == "application/json"
    assert app.wsgi_app.served == 1 and attempt["flask"] == []

    # The same save repeated by the integration's key takes the full Flask path, which acknowledges the repeat
    # with the stored row: the two answers must be the same bytes.
    full = _put(client, attempt, 1, {"response": {"option": choice[2]}, "seq": 1}, headers=attempt["integration"])
    assert full.status_code == 200 and app.wsgi_app.served == 1 and len(attempt["flask"]) == 1
    assert fast.get_data() == full.get_data()
    assert (fast.headers["Content-Type"], fast.headers["Content-Length"]) == (
        full.headers["Content-Type"],
        full.headers["Content-Length"],
    )
    assert fast.json["attempt_id"] == attempt["id"] and fast.json["response"] == {"option": choice[2]}
    changed = _put(client, attempt, 1, {"response": {"option": choice[3]}, "seq": 2})
    assert changed.status_code == 200 and app.wsgi_app.served == 2

    # Any other item type is saved below Flask too, in a transaction that checks it before the commit.
    saved = _put(client, attempt, 2, {"response": {"options": multiple[:2]}, "seq": 1})
    assert saved.status_code == 200 and saved.json["response"] == {"options": multiple[:2]}
    assert app.wsgi_app.served == 3
    assert _stored(client, attempt, 1) == {"option": choice[3]}
    assert _stored(client, attempt, 2) == {"options": multiple[:2]}


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
    # Bodies json.loads would read but webargs refuses (strict UTF-8, no BOM), and one too deep to read.
    "UTF-16": (1, {"response": {"option": "KEEP"}, "seq": 9}, {"encoding": "utf-16"}, 422, "validation-error"),
    "a UTF-8 BOM": (1, {"response": {"option": "KEEP"}, "seq": 9}, {"encoding": "utf-8-sig"}, 422, "validation-error"),
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
def test_every_refusal_is_the_full_paths_to_explain_and_stores_nothing(client, app, attempt, case, caplog):
    position, payload, extra, status, kind = REFUSALS[case]
    choice, multiple = attempt["options"][1], attempt["options"][2]
    kept = {1: {"option": choice[0]}, 2: {"options": multiple[:1]}}
    for kept_position, response in kept.items():
        assert _put(client, attempt, kept_position, {"response": response, "seq": 5}).status_code == 200
    served = app.wsgi_app.served

    names = {"KEEP": choice[0], "OTHER": multiple[3] if position == 1 else choice[3], "MINE": multiple[0]}
    with caplog.at_level("WARNING", logger="api.autosave"):
        if isinstance(payload, dict) and "encoding" in extra:
            data = json.dumps(_named(payload, names)).encode(extra["encoding"])
            answer = _put(client, attempt, position, None, data=data, content_type="application/json")
        elif isinstance(payload, dict):
            answer = _put(client, attempt, position, _named(payload, names), **extra)
        else:
            answer = _put(client, attempt, position, None, data=payload, **extra)

    assert_problem(answer, status, kind)
    assert caplog.records == []  # a refusal is no failure: the fast path logs nothing
    assert app.wsgi_app.served == served and attempt["flask"][-1] == ("PUT", answer.request.path)
    assert _stored(client, attempt, 1) == kept[1] and _stored(client, attempt, 2) == kept[2]


def test_callers_other_than_the_attempts_learner_reach_flask(client, session, app, attempt):
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
    assert app.wsgi_app.served == 0 and len(attempt["flask"]) == 3
    assert _stored(client, attempt, 1) is None


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
    assert app.wsgi_app.served == 0
    mine = {"Authorization": f"Bearer {other['learner_token']}"}
    stored = client.get(f"/api/v1/attempts/{other['id']}", headers=mine).json["questions"][0]["response"]
    assert stored is None


def test_an_expired_token_is_refused_even_once_remembered(client, app, attempt, monkeypatch):
    import api.tokens

    choice = attempt["options"][1]
    assert _put(client, attempt, 1, {"response": {"option": choice[0]}, "seq": 1}).status_code == 200
    assert app.wsgi_app.served == 1 and len(app.wsgi_app.tokens.verified) == 1
    later = api.tokens.time.time() + api.tokens.MAX_AGE_SECONDS + 60
    monkeypatch.setattr(api.tokens.time, "time", lambda: later)
    late = _put(client, attempt, 1, {"response": {"option": choice[1]}, "seq": 2})
    assert_problem(late, 401, "unauthenticated")
    assert app.wsgi_app.served == 1
    monkeypatch.undo()
    assert _stored(client, attempt, 1) == {"option": choice[0]}


def test_a_save_after_submit_is_refused_by_the_full_path(client, app, attempt):
    choice = attempt["options"][1]
    assert _put(client, attempt, 1, {"response": {"option": choice[0]}, "seq": 1}).status_code == 200
    assert client.post(f"/api/v1/attempts/{attempt['id']}/submit", headers=attempt["learner"]).status_code == 200
    late = _put(client, attempt, 1, {"response": {"option": choice[1]}, "seq": 2})
    assert_problem(late, 409, "attempt-closed")
    assert app.wsgi_app.served == 1


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
        assert (app.wsgi_app.autocommit is not None) == (backend == "postgresql")
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
        assert app.wsgi_app.served == 1 and stored() == 3
        assert_problem(
            client.put(url, json={"response": {"option": options[2]}, "seq": 2}, headers=learner), 409, "stale-save"
        )
        assert_problem(
            client.put(url, json={"response": {"option": 10**6}, "seq": 4}, headers=learner), 422, "invalid-response"
        )
        assert app.wsgi_app.served == 1 and stored() == 3
        repeat = client.put(url, json={"response": {"option": options[1]}, "seq": 3}, headers=learner)
        assert repeat.status_code == 200 and stored() == 3  # a retried save is acknowledged, not refused
        app.extensions["assess.sessionmaker"].kw["bind"].dispose()
        if app.wsgi_app.autocommit is not None:
            app.wsgi_app.autocommit.dispose()


def test_an_unexpected_failure_below_flask_is_logged_and_the_full_path_saves(client, app, attempt, monkeypatch, caplog):
    """A defect in the fast path must neither fail a save nor hide: the full path stores it, a warning says so."""
    import api.autosave

    def broken(*args, **kwargs):
        raise RuntimeError("defect")

    monkeypatch.setattr(api.autosave, "store_choice", broken)
    choice = attempt["options"][1]
    with caplog.at_level("WARNING", logger="api.autosave"):
        saved = _put(client, attempt, 1, {"response": {"option": choice[1]}, "seq": 1})
    assert saved.status_code == 200 and app.wsgi_app.served == 0 and len(attempt["flask"]) == 1
    assert "left to the full path" in caplog.text and "RuntimeError: defect" in caplog.text
    assert _stored(client, attempt, 1) == {"option": choice[1]}
