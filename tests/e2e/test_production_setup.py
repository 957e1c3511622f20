"""The production command of the README, `gunicorn -c python:api.gunicorn_conf`: slow clients do not freeze it,
a restart after kill -9 of the master binds at once, and settings it cannot run with stop it with one line."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from tests.e2e.deployment import ROOT, deployment, stop

CONFIG = ("--config", "python:api.gunicorn_conf")


def _health_seconds(base: str) -> float:
    began = time.monotonic()
    with urllib.request.urlopen(f"{base}/health", timeout=5) as response:
        assert response.status == 200
    return time.monotonic() - began


def test_two_clients_sending_half_a_body_do_not_freeze_other_requests(tmp_path, monkeypatch):
    with deployment("sqlite", tmp_path, monkeypatch) as deployed:
        server = deployed.serve(workers=2, args=CONFIG)
        slow = []
        try:
            for _ in range(2):
                client = socket.create_connection(("127.0.0.1", deployed.port))
                client.sendall(
                    b"PUT /api/v1/attempts/1/questions/1/response HTTP/1.1\r\nHost: test\r\n"
                    b"Content-Type: application/json\r\nContent-Length: 200\r\n\r\n"
                    b'{"response": {"opt'  # ... and the rest never comes
                )
                slow.append(client)
            time.sleep(0.5)  # both are inside gunicorn now, reading their bodies
            waits = [_health_seconds(deployed.base) for _ in range(20)]
        finally:
            for client in slow:
                client.close()
            stop(server)
        assert max(waits) < 1, waits  # sync workers: every one of these waited for gunicorn's 30 s timeout


def test_a_restart_after_kill_minus_nine_of_the_master_binds_at_once(tmp_path, monkeypatch):
    with deployment("sqlite", tmp_path, monkeypatch) as deployed:
        first = deployed.serve(workers=2, args=CONFIG)
        os.kill(first.pid, signal.SIGKILL)  # the master only: its workers are orphaned, holding the socket
        first.wait()
        log = tmp_path / "second.log"
        try:
            second = deployed.serve(workers=2, args=CONFIG, log=log)
            try:
                # Once the orphans noticed their parent is gone and left, only the new server answers.
                deadline = time.monotonic() + 10
                while _orphans(first.pid) and time.monotonic() < deadline:
                    time.sleep(0.1)
                assert not _orphans(first.pid), "the orphaned workers did not exit"
                assert _health_seconds(deployed.base) < 1
            finally:
                stop(second)
        finally:
            if _orphans(first.pid):
                os.killpg(first.pid, signal.SIGKILL)
        text = log.read_text()
        assert "Listening at" in text and "Connection in use" not in text, text


def _orphans(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def test_production_refuses_a_short_secret_before_any_worker_starts(tmp_path):
    env = {
        **os.environ,
        "ASSESS_ENV": "production",
        "ASSESS_SECRET_KEY": "x" * 31,
        "ASSESS_DATABASE_URL": f"sqlite:///{tmp_path / 'never.db'}",
    }
    started = subprocess.run(
        [sys.executable, "-m", "gunicorn", *CONFIG, "--bind", "127.0.0.1:0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert started.returncode == 2
    assert "assess: ASSESS_SECRET_KEY must be at least 32 bytes in production" in started.stderr
    assert "Traceback" not in started.stderr and "Booting worker" not in started.stderr
