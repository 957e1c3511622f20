"""A deployment to test from outside, for the end-to-end tests: a migrated database with the AI Careers course
loaded and a deliver key, served by gunicorn in a process group of its own that a test may kill."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from api.cli import main
from tests.databases import Database, throwaway_database

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "itembank" / "content" / "ai-careers" / "module-1.yaml"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(base, method, path, token, body=None):
    """One JSON request with a bearer token: (status, parsed body); an error status raises HTTPError."""
    request = urllib.request.Request(
        base + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read())


def _serve(env, port, workers=2, args=(), log=None):
    stderr = subprocess.DEVNULL if log is None else open(log, "ab")  # noqa: SIM115  (the server's, closed below)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            *args,
            "api.wsgi:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        start_new_session=True,
    )
    if log is not None:
        stderr.close()  # the child holds its own copy
    # A wait, not a timing: on a shared 2-core machine eight workers can take half a minute to import the app.
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=2).close()
            return server
        except OSError:  # refused, reset, or a worker still booting (timeout)
            time.sleep(0.2)
    os.killpg(server.pid, signal.SIGKILL)
    pytest.fail("the server did not come up")


@dataclass
class Deployment:
    """A migrated database with the course loaded and a deliver key, and how to serve it with gunicorn."""

    database: Database
    key: str
    env: dict[str, str]
    port: int

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    def serve(
        self,
        workers: int = 2,
        args: tuple[str, ...] = (),
        env: dict[str, str] | None = None,
        log: Path | None = None,
    ) -> subprocess.Popen:
        """gunicorn (its sync workers unless `args` say otherwise) on the deployment, with `env` if given, its
        log appended to `log` if given."""
        return _serve(self.env if env is None else env, self.port, workers, args, log)

    def development_env(self) -> dict[str, str]:
        """The environment of a newcomer's gunicorn: no ASSESS_ENV (development) and no ASSESS_SECRET_KEY."""
        return {name: value for name, value in self.env.items() if name not in ("ASSESS_ENV", "ASSESS_SECRET_KEY")}


@contextmanager
def deployment(backend, tmp_path, monkeypatch) -> Iterator[Deployment]:
    """A throwaway database on `backend`, migrated and loaded by the `assess` command; downgraded afterwards."""
    with throwaway_database(backend, tmp_path) as database:
        monkeypatch.setenv("ASSESS_DATABASE_URL", database.url)
        monkeypatch.setenv("ASSESS_ENV", "testing")
        runner = CliRunner()
        for args in (["db", "upgrade"], ["bank", "load", str(COURSE)]):
            assert runner.invoke(main, args, catch_exceptions=False).exit_code == 0
        key = runner.invoke(main, ["keys", "create", "--label", "e2e"]).output.strip()
        env = {
            **os.environ,
            "ASSESS_ENV": "production",
            "ASSESS_SECRET_KEY": "e2e-secret-key-of-at-least-32-bytes",
            "ASSESS_DATABASE_URL": database.url,
        }
        yield Deployment(database, key, env, _free_port())
        runner.invoke(main, ["db", "downgrade", "base"])


def stop(server: subprocess.Popen) -> None:
    """Kill -9 the server's whole process group and wait for it."""
    os.killpg(server.pid, signal.SIGKILL)  # no shutdown, no flush: what was acknowledged must already be durable
    server.wait()
