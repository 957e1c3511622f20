"""Concurrent learners against the quickstart's own server: `assess serve` on a fresh SQLite file.

In a fresh temporary directory, with no ASSESS_* variable set (the newcomer's defaults: development,
`sqlite:///assess.db`), it runs what `python3 dev.py serve` runs after installing (`assess db upgrade`,
`assess bank load` of the course, `assess serve`), reads the printed try-it key, then releases LEARNERS
threads at once, each taking the module test (start, SAVES saves of one-option answers, submit), one HTTP
connection per request, loopback only. Then it kills the server with SIGKILL and reads the SQLite file:
every save answered 200 must be stored, every learner's attempt scored.

    .venv/bin/python bench/quickstart_load.py [--learners 32] [--saves 15] [--reads 0] [--rounds 1] [--timeout 300]

`--reads N` then has every learner read its scored attempt N times, all at once, nothing else running: reads
alone, each in a transaction that begins IMMEDIATE (what that costs them).
Prints requests, non-2xx answers by status (0 = no answer), p50/p99 per operation and overall, and the
check of the database; exits 1 if anything failed. Bounded: LEARNERS x (SAVES + 2) requests per round, and
the round is abandoned (counted as a failure) after --timeout seconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root: tests

from tests.e2e.quickstart import Quickstart, Record, quickstart, read, take, together


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def report(record: Record, walls: dict[str, float]) -> list[str]:
    lines = [f"{'operation':<8} {'requests':>8} {'non-2xx':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}"]
    for op in ("start", "save", "submit", "read", "all"):
        chosen = [r for r in record.requests if op in ("all", r.op)]
        if not chosen:
            continue
        times = [r.seconds * 1000 for r in chosen]
        failed = sum(not 200 <= r.status < 300 for r in chosen)
        lines.append(
            f"{op:<8} {len(chosen):>8} {failed:>8} {percentile(times, 0.5):>8.1f} {percentile(times, 0.99):>8.1f} "
            f"{max(times, default=float('nan')):>8.1f}"
        )
    for phase, seconds in walls.items():
        count = sum((r.op == "read") == (phase == "reads") for r in record.requests)
        lines.append(f"{phase}: {count} requests in {seconds:.2f} s, {count / seconds:.1f} requests/s")
    return lines


def one_round(
    server: Quickstart, learners: int, saves: int, reads: int, timeout: float, tag: str
) -> tuple[bool, Record]:
    assessment_id = server.module_test()
    record = Record()
    walls: dict[str, float] = {}
    try:
        began = time.perf_counter()
        together(
            learners,
            lambda i: take(record, server.port, server.key, assessment_id, f"{tag}-{i}", saves),
            timeout,
        )
        walls["learners"] = time.perf_counter() - began
        if reads:
            attempts, began = list(record.attempts), time.perf_counter()
            together(len(attempts), lambda i: read(record, server.port, attempts[i], reads), timeout)
            walls["reads"] = time.perf_counter() - began
        finished = True
    except TimeoutError as exc:
        print(f"FAILED: {exc}")
        finished = False
    print("\n".join(report(record, walls)))
    errors = record.errors()
    print(f"errors by status: {dict(sorted(errors.items())) or 'none'}")
    for request in [r for r in record.requests if not 200 <= r.status < 300][:5]:
        print(f"  {request.op} {request.status}: {request.detail}")
    expected = learners * (saves + 2 + reads)
    complete = len(record.requests) == expected
    print(f"requests made {len(record.requests)} of {expected}")
    return finished and complete and not errors, record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=32)
    parser.add_argument("--saves", type=int, default=15)
    parser.add_argument("--reads", type=int, default=0, help="reads of the scored attempt per learner, after")
    parser.add_argument("--rounds", type=int, default=1, help="rounds one after the other on the same server")
    parser.add_argument("--timeout", type=float, default=300, help="seconds a round may take")
    args = parser.parse_args()
    if (
        not 1 <= args.learners <= 256
        or not 0 <= args.saves <= 100
        or not 0 <= args.reads <= 100
        or not 1 <= args.rounds <= 10
    ):
        parser.error("bounded: 1-256 learners, 0-100 saves and reads, 1-10 rounds")
    ok = True
    records = []
    with tempfile.TemporaryDirectory(prefix="assess-quickstart-") as directory:
        with quickstart(Path(directory)) as server:
            print(f"assess serve on 127.0.0.1:{server.port}, database {server.database}")
            print(f"{args.learners} learners x (start, {args.saves} saves, submit), {args.rounds} round(s)")
            for n in range(args.rounds):
                print(f"\nround {n + 1}")
                passed, record = one_round(server, args.learners, args.saves, args.reads, args.timeout, f"bench-r{n}")
                ok = ok and passed
                records.append(record)
        # The server was killed with SIGKILL: what follows reads what it made durable.
        acknowledged = sum(len(record.acknowledged) for record in records)
        missing = [save for record in records for save in server.missing(record)]
        submitted = sum(r.op == "submit" and r.status == 200 for record in records for r in record.requests)
        scored = server.scored()
        print(f"\nacknowledged saves {acknowledged}, stored {acknowledged - len(missing)}, missing {len(missing)}")
        print(f"submits answered 200 {submitted}, attempts scored in the database {scored}")
        log = server.server_log()
        tracebacks = log.count("Traceback")
        print(f"server log: {tracebacks} tracebacks, {log.count('database is locked')} 'database is locked'")
        ok = ok and not missing and submitted == scored and not tracebacks
    print("\nOK" if ok else "\nFAILED")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
