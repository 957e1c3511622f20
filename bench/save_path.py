"""One save, in process, with no load: the product's WSGI app against the reference bare save, interleaved.

Where a save's time goes when nothing else competes: wall time per save (Python plus waiting on PostgreSQL)
and the worker's CPU time per save (`time.process_time`), for the product (`api.app.create_app()`, whose
saves `api.attempts.save` answers) and for `bench/reference_app.py` (one psycopg upsert and a commit),
called directly as WSGI apps with prebuilt environs: no HTTP server, no load tool. Rounds alternate
product / bare; medians of the rounds.

Needs bench/setup.sh first (database, deliver key). Usage (repo root):
    (source bench/env.sh && .venv/bin/python bench/save_path.py [ROUNDS] [SAVES_PER_ROUND])
"""

from __future__ import annotations

import io
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import reference_app  # noqa: E402

from api.app import create_app  # noqa: E402

ATTEMPTS = 40


def _environ(path: str, body: bytes, token: str | None, method: str = "PUT") -> dict:
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "SERVER_NAME": "bench",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
    }
    if token:
        environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return environ


def _started(app, key: str, assessment_id: int) -> list[tuple[int, str, list[int]]]:
    """Fresh attempts through the product's own start endpoint: (id, learner token, first option per position)."""
    client = app.test_client()
    run = uuid.uuid4().hex[:8]
    attempts = []
    for n in range(ATTEMPTS):
        body = client.post(
            f"/api/v1/assessments/{assessment_id}/attempts",
            json={"learner_id": f"save-path-{run}-{n}"},
            headers={"Authorization": f"Bearer {key}"},
        ).get_json()
        questions = sorted(body["questions"], key=lambda q: q["position"])
        attempts.append((body["id"], body["learner_token"], [q["options"][0]["id"] for q in questions]))
    return attempts


def main(rounds: int, per_round: int) -> None:
    setup = (ROOT / "bench" / "out" / "setup.env").read_text().splitlines()
    settings = dict(line.strip().split("=", 1) for line in setup if "=" in line)
    app = create_app()
    attempts = _started(app, settings["API_KEY"], int(settings["ASSESSMENT_ID"]))
    seq = int(time.time())  # above any seq an earlier run stored, in the reference table too

    def ok(status: str, headers: list) -> None:
        assert status.startswith("200"), status

    def save(index: int, bare: bool) -> None:
        nonlocal seq
        seq += 1
        attempt_id, token, options = attempts[index % len(attempts)]
        position = (index // len(attempts)) % len(options) + 1
        body = json.dumps({"response": {"option": options[position - 1]}, "seq": seq}).encode()
        if bare:
            path = f"/bare/attempts/{attempt_id}/questions/{position}/response"
            b"".join(reference_app.app(_environ(path, body, None), ok))
        else:
            path = f"/api/v1/attempts/{attempt_id}/questions/{position}/response"
            b"".join(app(_environ(path, body, token), ok))

    for index in range(100):  # warm-up: connections, prepared statements, token cache
        save(index, False)
        save(index, True)
    results: dict[str, dict[str, list[float]]] = {arm: {"wall": [], "cpu": []} for arm in ("product", "bare")}
    for _ in range(rounds):
        for arm in ("product", "bare"):
            wall, cpu = time.perf_counter(), time.process_time()
            for index in range(per_round):
                save(index, arm == "bare")
            results[arm]["wall"].append((time.perf_counter() - wall) / per_round * 1e6)
            results[arm]["cpu"].append((time.process_time() - cpu) / per_round * 1e6)
    median = {arm: {k: statistics.median(v) for k, v in r.items()} for arm, r in results.items()}
    for arm, m in median.items():
        print(f"SAVEPATH arm={arm} wall_us={m['wall']:.0f} cpu_us={m['cpu']:.0f} waiting_us={m['wall'] - m['cpu']:.0f}")
    print(
        f"SAVEPATH bare/product wall ratio={median['bare']['wall'] / median['product']['wall']:.2f} "
        f"cpu ratio={median['bare']['cpu'] / median['product']['cpu']:.2f} "
        f"({rounds} rounds x {per_round}, pid {os.getpid()})"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 9, int(sys.argv[2]) if len(sys.argv) > 2 else 300)
