"""Start and submit cost with the Module 1 bank (35 items) vs. +100,000 items in another bank of the tenant.

In process (create_app + test client, against the bench database): median of N learner flows
(start, 15 saves, submit) before and after bulk-inserting 100,000 published single-choice items
(item + item_version + 4 options each) into a bank `bench-bulk`, then ANALYZE. Usage: scale.py [N]
"""

from __future__ import annotations

import statistics
import sys
import time

import psycopg
from statements import build, env, learner_flow

BULK = 100_000


def measure(client, assessment_id, key, n):
    times = {"start": [], "save": [], "submit": []}
    counts = {"start": [], "save": [], "submit": []}
    for _ in range(n):
        c, t = learner_flow(client, assessment_id, key)
        for op in times:
            times[op] += t[op]
            counts[op] += c[op]
    return (
        {op: statistics.median(v) * 1000 for op, v in times.items()},
        {op: statistics.median(v) for op, v in counts.items()},
    )


def bulk_insert(dsn):
    began = time.perf_counter()
    with psycopg.connect(dsn) as conn:
        bank = conn.execute(
            "INSERT INTO bank (tenant_id, slug, title, created_at) "
            "SELECT tenant_id, 'bench-bulk', 'Bench bulk items', now() FROM assessment WHERE slug = 'module-1-test' "
            "RETURNING id"
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO item (bank_id, ref, status, created_at) "
            "SELECT %s, 'bulk-' || g, 'published', now() FROM generate_series(1, %s) g",
            (bank, BULK),
        )
        conn.execute(
            "INSERT INTO item_version (item_id, number, type, stem, points, spec, content_hash, created_at) "
            "SELECT id, 1, 'single_choice', 'Bulk question ' || ref || '?', 1, '{}', md5(ref) || md5(ref), now() "
            "FROM item WHERE bank_id = %s",
            (bank,),
        )
        conn.execute(
            "INSERT INTO option (item_version_id, position, text, is_correct) "
            "SELECT v.id, p, 'Option ' || p, p = 0 FROM item_version v JOIN item i ON i.id = v.item_id, "
            "generate_series(0, 3) p WHERE i.bank_id = %s",
            (bank,),
        )
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("ANALYZE")
        total = conn.execute("SELECT count(*) FROM item").fetchone()[0]
    return total, time.perf_counter() - began


if __name__ == "__main__":
    import os

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    assessment_id, key = env()
    app, client = build()
    learner_flow(client, assessment_id, key)  # warm-up
    with psycopg.connect(os.environ["BENCH_PG_DSN"]) as conn:
        before_items = conn.execute("SELECT count(*) FROM item").fetchone()[0]
    small, small_counts = measure(client, assessment_id, key, n)
    total, secs = bulk_insert(os.environ["BENCH_PG_DSN"])
    learner_flow(client, assessment_id, key)  # warm-up after the insert
    large, large_counts = measure(client, assessment_id, key, n)
    print(f"# items before: {before_items}, after: {total} (bulk insert + ANALYZE {secs:.1f}s); N={n} flows each")
    for op in ("start", "save", "submit"):
        print(
            f"SCALE op={op} small_ms={small[op]:.1f} large_ms={large[op]:.1f} ratio={large[op] / small[op]:.2f} "
            f"statements_small={small_counts[op]} statements_large={large_counts[op]}"
        )
