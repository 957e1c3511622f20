"""One submit, in process: the product's WSGI app against the reference bare submit, interleaved, CPU and wall.

As `save_path.py` does for the save: both apps called directly as WSGI with prebuilt environs (no HTTP server,
no load tool), so the Python cost of a submit shows apart from the machine's load. The attempts are started
through the reference's bare start (the product's rows: `compare_writes.py`) and answered as
`submit_attempts.py` answers them; each submit is of a fresh attempt. Rounds alternate product / bare; medians.

Needs bench/setup.sh first. Usage (repo root):
    (source bench/env.sh && .venv/bin/python bench/submit_path.py [ROUNDS] [SUBMITS_PER_ROUND])
"""

from __future__ import annotations

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
from save_path import _environ  # noqa: E402
from submit_attempts import ANSWER  # noqa: E402

from api.app import create_app  # noqa: E402
from api.config import Settings  # noqa: E402
from api.tokens import issue_learner_token  # noqa: E402
from itembank.db import make_engine  # noqa: E402


def ok(status: str, headers: list) -> None:
    assert status[:3] in ("200", "201"), status


def main(rounds: int, per_round: int) -> None:
    out = Path(os.environ.get("BENCH_OUT", ROOT / "bench" / "out"))
    settings = dict(line.strip().split("=", 1) for line in (out / "setup.env").read_text().splitlines() if "=" in line)
    app = create_app()
    run = f"submit-path-{uuid.uuid4().hex[:8]}"
    needed = 2 * (rounds + 1) * per_round
    ids = []
    for n in range(needed):
        body = json.dumps({"learner_id": f"{run}-{n}"}).encode()
        path = f"/bare/assessments/{settings['ASSESSMENT_ID']}/attempts"
        ids.append(json.loads(b"".join(reference_app.app(_environ(path, body, None, "POST"), ok)))["id"])
    with make_engine(Settings.from_env().database_url).begin() as conn:
        conn.execute(ANSWER, {"like": f"{run}%"})
    with app.app_context():
        tenant_id = reference_app.material(reference_app._connection(), int(settings["ASSESSMENT_ID"])).tenant_id
        tokens = {attempt_id: issue_learner_token(tenant_id, attempt_id) for attempt_id in ids}
    fresh = iter(ids)

    def submit(bare: bool) -> None:
        attempt_id = next(fresh)
        if bare:
            b"".join(reference_app.app(_environ(f"/bare/attempts/{attempt_id}/submit", b"", None, "POST"), ok))
        else:
            path = f"/api/v1/attempts/{attempt_id}/submit"
            b"".join(app(_environ(path, b"", tokens[attempt_id], "POST"), ok))

    for _ in range(per_round):  # warm-up: connections, prepared statements, mappers
        submit(False)
        submit(True)
    results: dict[str, dict[str, list[float]]] = {arm: {"wall": [], "cpu": []} for arm in ("product", "bare")}
    for _ in range(rounds):
        for arm in ("product", "bare"):
            wall, cpu = time.perf_counter(), time.process_time()
            for _ in range(per_round):
                submit(arm == "bare")
            results[arm]["wall"].append((time.perf_counter() - wall) / per_round * 1e3)
            results[arm]["cpu"].append((time.process_time() - cpu) / per_round * 1e3)
    for arm, r in results.items():
        print(
            f"SUBMITPATH arm={arm} wall_ms={statistics.median(r['wall']):.2f} cpu_ms={statistics.median(r['cpu']):.2f}"
            f" (rounds: cpu {', '.join(f'{v:.2f}' for v in r['cpu'])})"
        )
    cpu = {arm: statistics.median(r["cpu"]) for arm, r in results.items()}
    print(f"SUBMITPATH cpu product/bare={cpu['product'] / cpu['bare']:.2f} ({rounds} rounds x {per_round})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5, int(sys.argv[2]) if len(sys.argv) > 2 else 40)
