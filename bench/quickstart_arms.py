"""What BEGIN IMMEDIATE and the one queued connection each do in the quickstart's server (BENCHMARKS.md, issue 11).

Three arms, 3 interleaved rounds, a fresh quickstart (`tests/e2e/quickstart.py`) each: 32 learners x (start,
15 saves, submit) at once, then 32 attempts started one at a time and read 20 times each by 32 clients at once.

    old        BEGIN (deferred), the pool's default size       (before issue 11)
    immediate  BEGIN IMMEDIATE, the pool's default size
    queued     BEGIN IMMEDIATE, one connection per process    (the committed code)

The arms need a temporary two-line patch, not committed (no setting chooses them): in
`itembank/db.py` `_on_begin`, `connection.exec_driver_sql(os.environ.get("X_BEGIN", "BEGIN IMMEDIATE"))`, and in
`api/app.py` `queue_sqlite_writers=os.environ.get("X_QUEUE", "1") == "1"`. Without it every arm runs the
committed code. Usage: .venv/bin/python bench/quickstart_arms.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root: tests

from tests.e2e.quickstart import Quickstart, Record, call, quickstart, read, take, together

ARMS = {"old": ("BEGIN", "0"), "immediate": ("BEGIN IMMEDIATE", "0"), "queued": ("BEGIN IMMEDIATE", "1")}


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def line(name, record, ops, wall):
    chosen = [r for r in record.requests if r.op in ops]
    times = [r.seconds * 1000 for r in chosen]
    errors = dict(Counter(r.status for r in chosen if not 200 <= r.status < 300))
    return (
        f"{name:<10} {'+'.join(ops):<18} n={len(chosen):>4} errors={errors or 0} p50={percentile(times, 0.5):7.1f} "
        f"p99={percentile(times, 0.99):7.1f} max={max(times):7.1f} ms  {len(chosen) / wall:6.1f} req/s"
    )


def learners(name, server: Quickstart, assessment_id):
    record, began = Record(), time.perf_counter()
    together(32, lambda i: take(record, server.port, server.key, assessment_id, f"l{i}", 15), 300)
    wall = time.perf_counter() - began
    missing = len(server.missing(record))
    print(line(name, record, ("start", "save", "submit"), wall), f"acknowledged={len(record.acknowledged)}", end="")
    print(f" missing={missing}", flush=True)


def reads(name, server: Quickstart, assessment_id):
    attempts = []
    for i in range(32):
        _status, attempt = call(
            server.port, "POST", f"/assessments/{assessment_id}/attempts", server.key, {"learner_id": f"r{i}"}
        )
        attempts.append((attempt["id"], attempt["learner_token"]))
    record, began = Record(), time.perf_counter()
    together(32, lambda i: read(record, server.port, attempts[i], 20), 300)
    print(line(name, record, ("read",), time.perf_counter() - began), flush=True)


def main():
    for _round in range(3):
        for name, (begin, queue) in ARMS.items():
            os.environ["X_BEGIN"], os.environ["X_QUEUE"] = begin, queue
            with tempfile.TemporaryDirectory() as directory, quickstart(Path(directory)) as server:
                assessment_id = server.module_test()
                learners(name, server, assessment_id)
                reads(name, server, assessment_id)


if __name__ == "__main__":
    main()
