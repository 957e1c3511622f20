"""One start, in process, with no load: the product's WSGI app against the reference bare start, interleaved.

Where a start's time goes when nothing else competes: wall time per start (Python plus waiting on PostgreSQL)
and the worker's CPU time per start (`time.process_time`), for the product (`api.app.create_app()`,
`POST /api/v1/assessments/{id}/attempts` with the bench's deliver key) and for `bench/reference_app.py`'s
bare start, called directly as WSGI apps with prebuilt environs: no HTTP server, no load tool. Every start is a
fresh learner (a new attempt, as in the load run). Rounds alternate product / bare; medians of the rounds.
`--profile FILE` instead profiles N product starts with pyinstrument (installed by hand, not a dependency)
and writes its text report to FILE: what each lever of issue 12 was measured with.

Needs bench/setup.sh first (database, deliver key). Usage (repo root):
    (source bench/env.sh && .venv/bin/python bench/start_path.py [ROUNDS] [STARTS_PER_ROUND])
    (source bench/env.sh && .venv/bin/python bench/start_path.py --profile bench/out/start-profile.txt 300)
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

from api.app import create_app  # noqa: E402


def _created(status: str, headers: list) -> None:
    assert status.startswith("201"), status


class Starts:
    def __init__(self) -> None:
        setup = (Path(os.environ.get("BENCH_OUT", ROOT / "bench" / "out")) / "setup.env").read_text().splitlines()
        settings = dict(line.strip().split("=", 1) for line in setup if "=" in line)
        self.key, self.assessment_id = settings["API_KEY"], int(settings["ASSESSMENT_ID"])
        self.app = create_app()
        self.run = f"start-path-{uuid.uuid4().hex[:8]}"
        self.n = 0

    def start(self, bare: bool) -> bytes:
        self.n += 1
        body = json.dumps({"learner_id": f"{self.run}-{self.n}"}).encode()
        if bare:
            environ = _environ(f"/bare/assessments/{self.assessment_id}/attempts", body, None, "POST")
            return b"".join(reference_app.app(environ, _created))
        environ = _environ(f"/api/v1/assessments/{self.assessment_id}/attempts", body, self.key, "POST")
        return b"".join(self.app(environ, _created))


def compare(rounds: int, per_round: int) -> None:
    starts = Starts()
    for _ in range(50):  # warm-up: connections, prepared statements, the reference's material, caches
        starts.start(False)
        starts.start(True)
    results: dict[str, dict[str, list[float]]] = {arm: {"wall": [], "cpu": []} for arm in ("product", "bare")}
    for _ in range(rounds):
        for arm in ("product", "bare"):
            wall, cpu = time.perf_counter(), time.process_time()
            for _ in range(per_round):
                starts.start(arm == "bare")
            results[arm]["wall"].append((time.perf_counter() - wall) / per_round * 1e6)
            results[arm]["cpu"].append((time.process_time() - cpu) / per_round * 1e6)
    median = {arm: {k: statistics.median(v) for k, v in r.items()} for arm, r in results.items()}
    for arm, m in median.items():
        spread = ", ".join(f"{w:.0f}" for w in results[arm]["wall"])
        print(
            f"STARTPATH arm={arm} wall_us={m['wall']:.0f} cpu_us={m['cpu']:.0f} "
            f"waiting_us={m['wall'] - m['cpu']:.0f} (wall per round: {spread})"
        )
    print(
        f"STARTPATH bare/product wall ratio={median['bare']['wall'] / median['product']['wall']:.2f} "
        f"cpu ratio={median['bare']['cpu'] / median['product']['cpu']:.2f} "
        f"({rounds} rounds x {per_round}, pid {os.getpid()}, load {os.getloadavg()[0]:.2f})"
    )


def profile(out: str, count: int) -> None:
    from pyinstrument import Profiler

    starts = Starts()
    for _ in range(50):
        starts.start(False)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(count):
        starts.start(False)
    profiler.stop()
    Path(out).write_text(profiler.output_text(unicode=False, color=False, show_all=False))
    print(f"profile of {count} starts in {out}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--profile":
        profile(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 300)
    else:
        compare(int(sys.argv[1]) if len(sys.argv) > 1 else 7, int(sys.argv[2]) if len(sys.argv) > 2 else 200)
