"""The quickstart as a newcomer runs it, and learners taking attempts against it over HTTP.

`Quickstart` does what `python3 dev.py serve` does after installing, in a fresh directory of its own and with
no `ASSESS_*` variable set (so the defaults: development, `sqlite:///assess.db` in that directory):
`assess db upgrade`, `assess bank load <the course>`, `assess serve --port P`, and reads the try-it key the
server prints. `take` runs one learner (start, saves, submit) and records every request; `stored` reads the
SQLite file afterwards and says which acknowledged saves are not there. Only the standard library is used
on the client side, so `bench/quickstart_load.py` and the end-to-end tests share this module.
"""

from __future__ import annotations

import http.client
import itertools
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "itembank" / "content" / "ai-careers" / "module-1.yaml"
ASSESS = Path(sys.executable).parent / "assess"  # the console script installed beside this interpreter
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Request:
    op: str  # start, save, submit, ...
    status: int  # 0: no HTTP answer (refused, reset, timed out)
    seconds: float
    detail: str = ""  # an error's body or exception, for the report


@dataclass
class Record:
    """Every request the learners made, and every save the server acknowledged."""

    requests: list[Request] = field(default_factory=list)
    acknowledged: list[tuple[int, int, int, int]] = field(default_factory=list)  # attempt, position, option, seq
    attempts: list[tuple[int, str]] = field(default_factory=list)  # started: id, learner token
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, request: Request) -> None:
        with self.lock:
            self.requests.append(request)

    def errors(self) -> Counter[int]:
        """Non-2xx answers by status (0 = no answer at all)."""
        return Counter(r.status for r in self.requests if not 200 <= r.status < 300)


def call(port: int, method: str, path: str, token: str, body: object = None, timeout: float = 60) -> tuple[int, object]:
    """One request on a connection of its own, as a browser tab or an LMS worker makes it: (status, JSON body)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        payload = None if body is None else json.dumps(body).encode()
        headers = {"Authorization": f"Bearer {token}"}
        if payload is not None:
            headers["Content-Type"] = "application/json"
        connection.request(method, "/api/v1" + path, body=payload, headers=headers)
        response = connection.getresponse()
        raw = response.read()
        try:
            return response.status, json.loads(raw) if raw else None
        except ValueError:
            return response.status, raw.decode(errors="replace")
    finally:
        connection.close()


def timed(record: Record, op: str, port: int, method: str, path: str, token: str, body: object = None) -> object:
    """The call, recorded; the body if it succeeded, else None."""
    began = time.perf_counter()
    try:
        status, answer = call(port, method, path, token, body)
    except OSError as exc:
        record.add(Request(op, 0, time.perf_counter() - began, repr(exc)))
        return None
    ok = 200 <= status < 300
    record.add(Request(op, status, time.perf_counter() - began, "" if ok else json.dumps(answer)[:300]))
    return answer if ok else None


def take(record: Record, port: int, key: str, assessment_id: int, learner: str, saves: int) -> None:
    """One learner: start, `saves` saves (the questions in order, again with a higher seq once all are answered),
    submit. Stops at the first refused request: what follows would be refused for the same reason."""
    attempt = timed(
        record, "start", port, "POST", f"/assessments/{assessment_id}/attempts", key, {"learner_id": learner}
    )
    if not isinstance(attempt, dict):
        return
    token, questions = attempt["learner_token"], attempt["questions"]
    with record.lock:
        record.attempts.append((attempt["id"], token))
    for n in range(saves):
        question = questions[n % len(questions)]
        option = question["options"][n % len(question["options"])]["id"]
        seq = n // len(questions) + 1
        path = f"/attempts/{attempt['id']}/questions/{question['position']}/response"
        if timed(record, "save", port, "PUT", path, token, {"response": {"option": option}, "seq": seq}) is None:
            return
        with record.lock:
            record.acknowledged.append((attempt["id"], question["position"], option, seq))
    timed(record, "submit", port, "POST", f"/attempts/{attempt['id']}/submit", token)


def read(record: Record, port: int, attempt: tuple[int, str], reads: int) -> None:
    """A learner reading its attempt `reads` times (a reload of the results page)."""
    for _ in range(reads):
        timed(record, "read", port, "GET", f"/attempts/{attempt[0]}", attempt[1])


def together(count: int, work: Callable[[int], object], timeout: float) -> None:
    """Run `work(i)` in `count` threads released at once by a barrier; wait at most `timeout` seconds in all."""
    barrier = threading.Barrier(count)

    def run(i: int) -> None:
        barrier.wait(timeout=30)
        work(i)

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    stuck = sum(thread.is_alive() for thread in threads)
    if stuck:
        raise TimeoutError(f"{stuck} of {count} clients still running after {timeout} s")


@dataclass
class Quickstart:
    """A server started as the README's quickstart starts it, in `directory`."""

    directory: Path
    port: int
    key: str
    process: subprocess.Popen
    log: Path

    @property
    def database(self) -> Path:
        return self.directory / "assess.db"

    def module_test(self) -> int:
        status, assessments = call(self.port, "GET", "/assessments?kind=module_test", self.key)
        assert status == 200 and isinstance(assessments, list), (status, assessments)
        return assessments[0]["id"]

    def missing(self, record: Record) -> list[tuple[int, int, int, int]]:
        """The acknowledged saves the database does not hold (read from the file, not through the server)."""
        connection = sqlite3.connect(self.database)
        try:
            rows = {
                (attempt_id, position): (response, seq)
                for attempt_id, position, response, seq in connection.execute(
                    "SELECT attempt_id, position, response, response_seq FROM attempt_question"
                )
            }
        finally:
            connection.close()
        missing = []
        for attempt_id, position, option, seq in record.acknowledged:
            response, stored_seq = rows.get((attempt_id, position), (None, 0))
            # A later save of the same question may have replaced it (higher seq): stored_seq says which is held.
            if stored_seq < seq or (stored_seq == seq and json.loads(response or "null") != {"option": option}):
                missing.append((attempt_id, position, option, seq))
        return missing

    def scored(self) -> int:
        connection = sqlite3.connect(self.database)
        try:
            return connection.execute("SELECT count(*) FROM attempt WHERE state = 'scored'").fetchone()[0]
        finally:
            connection.close()

    def server_log(self) -> str:
        return self.log.read_text(errors="replace")


def _clean_env() -> dict[str, str]:
    """The newcomer's environment: none of the settings the tests or the bench may have exported."""
    return {name: value for name, value in os.environ.items() if not name.startswith("ASSESS_")}


def prepare(directory: Path) -> dict[str, str]:
    """`assess db upgrade` and `assess bank load` in `directory`, as the quickstart runs them; the environment."""
    directory.mkdir(parents=True, exist_ok=True)
    env = _clean_env()
    for args in (["db", "upgrade"], ["bank", "load", str(COURSE)]):
        subprocess.run([str(ASSESS), *args], cwd=directory, env=env, check=True, capture_output=True)
    return env


def serve(directory: Path, port: int, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    """`assess serve --port P` in `directory` (a process group of its own), once it answers: it and its key.

    Its output is appended to `serve.out` and `serve.log` there, so a restart on the same files keeps both."""
    out, log = directory / "serve.out", directory / "serve.log"
    mark = out.stat().st_size if out.exists() else 0
    with out.open("ab") as stdout, log.open("ab") as stderr:
        process = subprocess.Popen(
            [str(ASSESS), "serve", "--port", str(port)],
            cwd=directory,
            env=env,
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,
        )
    try:
        key = _wait_for_key(out, process, after=mark)
        _wait_for_health(port, process)
    except BaseException:
        kill(process)
        raise
    return process, key


def kill(process: subprocess.Popen) -> None:
    """kill -9 the server's process group: no shutdown, so what was acknowledged must already be durable."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@contextmanager
def quickstart(directory: Path, port: int | None = None) -> Iterator[Quickstart]:
    """Migrate, load the course, serve; kill -9 the server (its process group) when done."""
    env = prepare(directory)
    port = port or free_port()
    process, key = serve(directory, port, env)
    try:
        yield Quickstart(directory, port, key, process, directory / "serve.log")
    finally:
        kill(process)


def _wait_for_key(out: Path, process: subprocess.Popen, timeout: float = 60, after: int = 0) -> str:
    """The key this start printed: read past `after` bytes of the output, which earlier starts wrote."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lines = out.read_bytes()[after:].decode(errors="replace").splitlines()
        for before, line in itertools.pairwise(lines):
            if "development key" in before:
                return line.strip()
        if process.poll() is not None:
            raise RuntimeError(f"assess serve exited with {process.returncode}: {out.read_text()}")
        time.sleep(0.1)
    raise TimeoutError("assess serve printed no try-it key")


def _wait_for_health(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if call(port, "GET", "/health", "", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        if process.poll() is not None:
            raise RuntimeError(f"assess serve exited with {process.returncode}")
        time.sleep(0.1)
    raise TimeoutError("assess serve did not answer its health check")
