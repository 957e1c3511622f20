"""The quickstart's own server (`assess serve` on a fresh SQLite file, the newcomer's defaults) under concurrent
learners: no request is lost to "database is locked", and every acknowledged save is in the file.

The same server and client as `bench/quickstart_load.py` (32 learners x 15 saves there), smaller here.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import pytest

from tests.e2e.quickstart import Quickstart, Record, call, quickstart, take, together


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    with quickstart(tmp_path_factory.mktemp("quickstart")) as started:
        yield started


def _no_tracebacks(server: Quickstart) -> None:
    log = server.server_log()
    assert "Traceback" not in log and "database is locked" not in log, log[-3000:]


def test_sixteen_learners_at_once_lose_nothing(server):
    assessment_id = server.module_test()
    record = Record()
    together(16, lambda i: take(record, server.port, server.key, assessment_id, f"sixteen-{i}", 5), timeout=60)
    assert record.errors() == Counter(), [r for r in record.requests if not 200 <= r.status < 300][:3]
    assert Counter(r.op for r in record.requests) == {"start": 16, "save": 80, "submit": 16}
    assert len(record.acknowledged) == 80 and server.missing(record) == []
    _no_tracebacks(server)


def test_sixteen_concurrent_submits_of_one_attempt_all_answer_the_one_result(server):
    assessment_id = server.module_test()
    _status, started = call(
        server.port, "POST", f"/assessments/{assessment_id}/attempts", server.key, {"learner_id": "racer"}
    )
    token = started["learner_token"]
    for question in started["questions"][:5]:
        body = {"response": {"option": question["options"][0]["id"]}, "seq": 1}
        path = f"/attempts/{started['id']}/questions/{question['position']}/response"
        assert call(server.port, "PUT", path, token, body)[0] == 200
    answers: list[tuple[int, Any]] = []
    lock = threading.Lock()

    def submit(_i: int) -> None:
        answer = call(server.port, "POST", f"/attempts/{started['id']}/submit", token)
        with lock:
            answers.append(answer)

    together(16, submit, timeout=60)
    assert [status for status, _ in answers] == [200] * 16, answers[:3]
    results = {(body["submitted_at"], body["result"]["points_earned"]) for _, body in answers}
    assert len(results) == 1, results
    _no_tracebacks(server)


def test_eight_concurrent_starts_for_one_learner_give_one_attempt(server):
    assessment_id = server.module_test()
    answers: list[tuple[int, Any]] = []
    lock = threading.Lock()

    def start(_i: int) -> None:
        answer = call(
            server.port, "POST", f"/assessments/{assessment_id}/attempts", server.key, {"learner_id": "eight"}
        )
        with lock:
            answers.append(answer)

    together(8, start, timeout=60)
    assert sorted(status for status, _ in answers) == [200] * 7 + [201], answers[:3]
    assert len({body["id"] for _, body in answers}) == 1
    _no_tracebacks(server)
