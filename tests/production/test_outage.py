"""A database that cannot serve a request (down, starting up, shutting down, hung, locked) is a 503 problem with
Retry-After on every path (health, a Flask route, the save below Flask), logged as one line without a
traceback; never a 500. The timeouts that bound the wait are the app's own (Settings -> make_engine)."""

from __future__ import annotations

import logging
import socket
import sqlite3
import struct
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from api.app import create_app
from api.config import Settings
from api.tokens import issue_learner_token
from itembank.db import make_engine, make_sessionmaker
from tests.databases import POSTGRES_URL
from tests.production.conftest import deployed

LOOPBACK = "127.0.0.1"


def _app_on(port: int, **settings):
    url = make_url(POSTGRES_URL).set(host=LOOPBACK, port=port).render_as_string(hide_password=False)
    return create_app(Settings(database_url=url, environment="testing", secret_key="outage", **settings))


def _requests(app, key: str = "ak_000000000000_not-a-real-key"):
    """Health, a Flask route that reads the database (the key's lookup), and the save route, as a learner (its
    UPDATE in autocommit on the save's own engine) and with a key (through a session)."""
    with app.app_context():
        learner = issue_learner_token(1, 1)
    client = app.test_client()
    save = {"json": {"response": {"option": 1}, "seq": 1}}
    return {
        "health": client.get("/api/v1/health"),
        "flask route": client.get("/api/v1/assessments", headers={"Authorization": f"Bearer {key}"}),
        "save, learner": client.put(
            "/api/v1/attempts/1/questions/1/response", headers={"Authorization": f"Bearer {learner}"}, **save
        ),
        "save, key": client.put(
            "/api/v1/attempts/1/questions/1/response", headers={"Authorization": f"Bearer {key}"}, **save
        ),
    }


def _assert_unavailable(answers, caplog) -> None:
    for name, answer in answers.items():
        assert answer.status_code == 503, (name, answer.status_code, answer.get_data(as_text=True))
        assert answer.mimetype == "application/problem+json", name
        assert answer.json["type"] == "/problems/unavailable" and answer.headers["Retry-After"] == "1", name
    said = [record for record in caplog.records if record.name.startswith(("api", "itembank", "sqlalchemy"))]
    assert [record.levelname for record in said] == ["WARNING"] * len(answers), [r.getMessage() for r in said]
    assert all(record.exc_info is None and "Traceback" not in record.getMessage() for record in said)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def test_nothing_listening_is_a_503_on_every_path(caplog):
    caplog.set_level(logging.WARNING)
    app = _app_on(_free_port())
    _assert_unavailable(_requests(app), caplog)
    assert "Connection refused" in caplog.records[0].getMessage()


@contextmanager
def _refusing_server(sqlstate: str, message: str) -> Iterator[int]:
    """A port that answers every PostgreSQL startup as a server starting up or shutting down does: FATAL."""
    listener = socket.socket()
    listener.bind((LOOPBACK, 0))
    listener.listen(16)

    def answer(connection: socket.socket) -> None:
        with connection:
            while len(head := connection.recv(8, socket.MSG_WAITALL)) == 8:
                length, code = struct.unpack("!ii", head)
                if length > 8:
                    connection.recv(length - 8, socket.MSG_WAITALL)
                if code in (80877103, 80877104):  # SSLRequest, GSSENCRequest: not here
                    connection.sendall(b"N")
                    continue
                fields = b"".join(
                    kind + value.encode() + b"\0"
                    for kind, value in ((b"S", "FATAL"), (b"V", "FATAL"), (b"C", sqlstate), (b"M", message))
                )
                connection.sendall(b"E" + struct.pack("!i", len(fields) + 5) + fields + b"\0")
                return

    def serve() -> None:
        while True:
            try:
                connection, _address = listener.accept()
            except OSError:  # closed: the test is over
                return
            answer(connection)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()


@pytest.mark.parametrize(
    "message", ["the database system is starting up", "the database system is shutting down"], ids=["up", "down"]
)
def test_a_server_starting_up_or_shutting_down_is_a_503(message, caplog):
    caplog.set_level(logging.WARNING)
    with _refusing_server("57P03", message) as port:
        _assert_unavailable(_requests(_app_on(port)), caplog)
    assert message in caplog.records[0].getMessage()


def test_a_database_that_accepts_and_never_answers_is_a_503_within_the_connect_timeout(caplog):
    caplog.set_level(logging.WARNING)
    with socket.socket() as silent:  # the kernel completes the handshake; nobody ever reads or answers
        silent.bind((LOOPBACK, 0))
        silent.listen(16)
        app = _app_on(silent.getsockname()[1], db_connect_timeout=2)
        began = time.monotonic()
        answer = app.test_client().get("/api/v1/health")
        elapsed = time.monotonic() - began
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "1"
    assert 1.5 < elapsed < 6, elapsed  # libpq's connect_timeout, not forever


@pytest.mark.postgres_only
def test_a_statement_past_the_statement_timeout_is_a_503(tmp_path, caplog):
    with deployed("postgresql", tmp_path, db_statement_timeout=0.3) as deployment:
        assessment_id = deployment.assessment(questions=2)
        client = deployment.app.test_client()
        started = client.post(
            f"/api/v1/assessments/{assessment_id}/attempts",
            json={"learner_id": f"hung-{uuid.uuid4().hex}"},
            headers={"Authorization": f"Bearer {deployment.key}"},
        )
        assert started.status_code == 201, started.json
        attempt, learner = started.json, {"Authorization": f"Bearer {started.json['learner_token']}"}
        option = attempt["questions"][0]["options"][0]["id"]
        caplog.set_level(logging.WARNING)
        with deployment.engine.connect() as locker:
            # What a hung database looks like to a request: its statement waits and waits.
            locker.execute(text("LOCK TABLE attempt_question IN ACCESS EXCLUSIVE MODE"))
            began = time.monotonic()
            read = client.get(f"/api/v1/attempts/{attempt['id']}", headers=learner)
            saved = client.put(
                f"/api/v1/attempts/{attempt['id']}/questions/1/response",
                json={"response": {"option": option}, "seq": 1},
                headers=learner,
            )
            elapsed = time.monotonic() - began
            locker.rollback()
        for answer in (read, saved):
            assert answer.status_code == 503 and answer.headers["Retry-After"] == "1", answer.json
            assert answer.json["type"] == "/problems/unavailable"
        assert elapsed < 5, elapsed
        assert all("57014" in record.getMessage() for record in caplog.records if record.name == "api.errors")
        assert not [record for record in caplog.records if record.exc_info]
        again = client.put(
            f"/api/v1/attempts/{attempt['id']}/questions/1/response",
            json={"response": {"option": option}, "seq": 1},
            headers=learner,
        )
        assert again.status_code == 200, again.json  # the lock gone, the same save goes through


def test_sqlite_locked_past_the_busy_timeout_is_a_503(tmp_path, caplog):
    with deployed("sqlite", tmp_path) as deployment:
        assessment_id = deployment.assessment(questions=2)
        url = str(deployment.engine.url)
        # The served app's engine (create_app's), with a busy timeout short enough for a test.
        engine = make_engine(url, queue_sqlite_writers=True, sqlite_busy_timeout=0.2)
        settings = Settings(database_url=url, environment="testing", secret_key="production")
        app = create_app(settings, session_factory=make_sessionmaker(engine))
        try:
            client = app.test_client()
            started = client.post(
                f"/api/v1/assessments/{assessment_id}/attempts",
                json={"learner_id": "locked-out"},
                headers={"Authorization": f"Bearer {deployment.key}"},
            )
            assert started.status_code == 201, started.json
            attempt = started.json
            learner = {"Authorization": f"Bearer {attempt['learner_token']}"}
            option = attempt["questions"][0]["options"][0]["id"]
            caplog.set_level(logging.WARNING)
            writer = sqlite3.connect(make_url(url).database, isolation_level=None)
            try:
                writer.execute("BEGIN IMMEDIATE")  # another process's long write holds the lock
                answers = [
                    client.get("/api/v1/health"),
                    client.get(f"/api/v1/attempts/{attempt['id']}", headers=learner),
                    client.put(
                        f"/api/v1/attempts/{attempt['id']}/questions/1/response",
                        json={"response": {"option": option}, "seq": 1},
                        headers=learner,
                    ),
                ]
            finally:
                writer.rollback()
                writer.close()
            for answer in answers:
                assert answer.status_code == 503 and answer.headers["Retry-After"] == "1", answer.json
            said = [record for record in caplog.records if record.name == "api.errors"]
            assert len(said) == 3 and all("database is locked" in record.getMessage() for record in said)
            assert not [record for record in caplog.records if record.exc_info]
        finally:
            engine.dispose()


@pytest.mark.postgres_only
def test_a_save_connection_the_server_terminated_is_answered_503_once_then_replaced(tmp_path, caplog):
    """A restart or a terminated backend breaks the save's pooled autocommit connection under its raw cursor:
    that save is a 503, and the broken connection is thrown away, so the next save is stored."""
    with deployed("postgresql", tmp_path) as deployment:
        assessment_id = deployment.assessment(questions=2)
        client = deployment.app.test_client()
        started = client.post(
            f"/api/v1/assessments/{assessment_id}/attempts",
            json={"learner_id": f"cut-{uuid.uuid4().hex}"},
            headers={"Authorization": f"Bearer {deployment.key}"},
        )
        attempt, learner = started.json, {"Authorization": f"Bearer {started.json['learner_token']}"}
        option = attempt["questions"][0]["options"][0]["id"]

        def save(seq):
            return client.put(
                f"/api/v1/attempts/{attempt['id']}/questions/1/response",
                json={"response": {"option": option}, "seq": seq},
                headers=learner,
            )

        assert save(1).status_code == 200
        with deployment.app.extensions["assess.save"].autocommit.connect() as pooled:  # the one the save used
            backend = pooled.connection.dbapi_connection.info.backend_pid
        with deployment.engine.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
        caplog.set_level(logging.WARNING)
        cut = save(2)
        assert cut.status_code == 503 and cut.headers["Retry-After"] == "1", cut.json
        assert not [record for record in caplog.records if record.exc_info]
        assert save(2).status_code == 200  # the client's retry, on a new connection


@pytest.mark.postgres_only
def test_the_apps_engines_carry_the_timeouts_and_keep_the_urls_options(tmp_path):
    """Both of the app's engines (its own, and the save's in autocommit) get the statement timeout, and the URL's
    own `options` (here the throwaway schema's search_path) still apply."""
    with deployed("postgresql", tmp_path, db_statement_timeout=7, db_connect_timeout=3) as deployment:
        engines = [deployment.app.extensions["assess.sessionmaker"].kw["bind"]]
        engines.append(deployment.app.extensions["assess.save"].autocommit)
        with deployment.engine.connect() as connection:
            expected_path = connection.execute(text("SHOW search_path")).scalar_one()
        for engine in engines:
            with engine.connect() as connection:
                assert connection.execute(text("SHOW statement_timeout")).scalar_one() == "7s"
                assert connection.execute(text("SHOW search_path")).scalar_one() == expected_path
                assert connection.connection.dbapi_connection.info.get_parameters()["connect_timeout"] == "3"
