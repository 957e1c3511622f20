"""gunicorn with more than one worker and the development defaults (no ASSESS_ENV, no ASSESS_SECRET_KEY), on
SQLite: every worker accepts the learner tokens any other issued (one secret per installation, in a file
beside the database), and concurrent starts and submits across the workers lose nothing to SQLite's lock."""

from __future__ import annotations

import stat
import threading
from collections import Counter
from pathlib import Path

from sqlalchemy.engine import make_url

from tests.e2e.deployment import call, deployment, stop
from tests.e2e.quickstart import Record, take, together
from tests.e2e.quickstart import call as http_call


def test_a_learner_token_issued_by_one_worker_is_accepted_by_the_others(tmp_path, monkeypatch):
    with deployment("sqlite", tmp_path, monkeypatch) as deployed:
        server = deployed.serve(workers=2, env=deployed.development_env())
        try:
            base, key = deployed.base, deployed.key
            _status, assessments = call(base, "GET", "/assessments?kind=module_test", key)
            _status, attempt = call(
                base, "POST", f"/assessments/{assessments[0]['id']}/attempts", key, {"learner_id": "w"}
            )
            statuses: list[int] = []
            lock = threading.Lock()

            def read(_i: int) -> None:
                # 16 at once: both sync workers serve some of them (each serves one request at a time).
                status, _body = http_call(deployed.port, "GET", f"/attempts/{attempt['id']}", attempt["learner_token"])
                with lock:
                    statuses.append(status)

            together(16, read, timeout=60)
        finally:
            stop(server)
        assert statuses == [200] * 16  # before one secret per installation: about half were 401
        secret = Path(make_url(deployed.database.url).database + ".secret")
        assert secret.exists() and stat.S_IMODE(secret.stat().st_mode) == 0o600


def test_two_workers_on_sqlite_serve_concurrent_learners_and_starts(tmp_path, monkeypatch):
    with deployment("sqlite", tmp_path, monkeypatch) as deployed:
        server = deployed.serve(workers=2, env=deployed.development_env())
        try:
            port = deployed.port
            _status, assessments = call(deployed.base, "GET", "/assessments?kind=module_test", deployed.key)
            assessment_id = assessments[0]["id"]
            record = Record()
            together(16, lambda i: take(record, port, deployed.key, assessment_id, f"two-{i}", 3), timeout=60)
            starts: list[int] = []
            lock = threading.Lock()

            def start(_i: int) -> None:
                path = f"/assessments/{assessment_id}/attempts"
                status, _body = http_call(port, "POST", path, deployed.key, {"learner_id": "same"})
                with lock:
                    starts.append(status)

            together(8, start, timeout=60)
        finally:
            stop(server)
        assert record.errors() == Counter() and len(record.requests) == 16 * 5
        assert sorted(starts) == [200] * 7 + [201]
