"""Sample what PostgreSQL's backends wait on while a submit run goes, and say what the submits waited for.

Usage: sample_locks.py SECONDS OUTPUT_JSON   (BENCH_PG_DSN names the database; started beside wrk by
submit_locks.sh). Every 5 ms it reads `pg_stat_activity` of the database's client backends (not its own): the
state, the wait event and the statement. A backend waiting on a lock (`wait_event_type = 'Lock'`: a row lock
is a wait for the holder's transaction id, or for the tuple) is counted under the table its statement writes
or locks: `analytics` when the statement names a count or delta table (stat_cell, stat_time, their deltas),
`attempt` otherwise. A backend `idle in transaction` is a transaction open between two statements: the time
a request's Python spends while it holds its locks. Each count times the interval estimates the total time
spent so; divided by the submits it is the time per submit (the sampling error is a few ms in total).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter

import psycopg

INTERVAL = 0.005
QUERY = (
    "SELECT state, wait_event_type, wait_event, left(query, 200) FROM pg_stat_activity"
    " WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
)
ANALYTICS = ("stat_cell", "stat_time")


def main(seconds: float, output: str) -> None:
    seen: Counter[str] = Counter()
    statements: Counter[str] = Counter()
    samples = 0
    with psycopg.connect(os.environ["BENCH_PG_DSN"], autocommit=True) as conn:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            began = time.monotonic()
            for state, wait_type, wait_event, query in conn.execute(QUERY).fetchall():
                if state == "idle in transaction":
                    seen["idle_in_transaction"] += 1
                elif state == "active" and wait_type == "Lock":
                    table = "analytics" if any(name in query for name in ANALYTICS) else "attempt"
                    seen[f"lock_{table}"] += 1
                    seen[f"lock_{wait_event}"] += 1
                    statements[query[:90]] += 1
                elif state == "active":
                    seen["active"] += 1
            samples += 1
            time.sleep(max(0.0, INTERVAL - (time.monotonic() - began)))
    with open(output, "w") as out:
        json.dump({"samples": samples, "interval": INTERVAL, "seen": seen, "waiting": statements.most_common(5)}, out)


if __name__ == "__main__":
    main(float(sys.argv[1]), sys.argv[2])
