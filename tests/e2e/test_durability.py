"""Nothing acknowledged is lost: a save answered 2xx survives kill -9 of the server, on both databases."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli import main
from tests.databases import BACKENDS, throwaway_database

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "itembank" / "content" / "ai-careers" / "module-1.yaml"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _call(base, method, path, token, body=None):
    request = urllib.request.Request(
        base + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read())


def _serve(env, port):
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{port}", "api.wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=2).close()
            return server
        except OSError:  # refused, reset, or a worker still booting (timeout)
            time.sleep(0.2)
    os.killpg(server.pid, signal.SIGKILL)
    pytest.fail("the server did not come up")


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_acknowledged_save_survives_kill_minus_nine(backend, tmp_path, monkeypatch):
    with throwaway_database(backend, tmp_path) as database:
        monkeypatch.setenv("ASSESS_DATABASE_URL", database.url)
        monkeypatch.setenv("ASSESS_ENV", "testing")
        runner = CliRunner()
        for args in (["db", "upgrade"], ["bank", "load", str(COURSE)]):
            assert runner.invoke(main, args, catch_exceptions=False).exit_code == 0
        key = runner.invoke(main, ["keys", "create", "--label", "durability"]).output.strip()
        env = {
            **os.environ,
            "ASSESS_ENV": "production",
            "ASSESS_SECRET_KEY": "durable",
            "ASSESS_DATABASE_URL": database.url,
        }
        port = _free_port()
        base = f"http://127.0.0.1:{port}/api/v1"

        server = _serve(env, port)
        try:
            _status, assessments = _call(base, "GET", "/assessments?kind=module_test", key)
            status, attempt = _call(
                base, "POST", f"/assessments/{assessments[0]['id']}/attempts", key, {"learner_id": "l"}
            )
            assert status == 201
            token, question = attempt["learner_token"], attempt["questions"][0]
            option = question["options"][2]["id"]
            status, _ = _call(
                base,
                "PUT",
                f"/attempts/{attempt['id']}/questions/1/response",
                token,
                {"response": {"option": option}, "seq": 1},
            )
            assert status == 200
        finally:
            os.killpg(server.pid, signal.SIGKILL)  # no shutdown, no flush: the acknowledgement must already be durable
            server.wait()

        server = _serve(env, port)
        try:
            _status, again = _call(base, "GET", f"/attempts/{attempt['id']}", token)
        finally:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        assert again["questions"][0]["response"] == {"option": option}
        assert again["questions"][0]["seq"] == 1
        runner.invoke(main, ["db", "downgrade", "base"])
