"""Prove that the reference app's start and submit write what the product's do: run it and read the table.

Against the bench database (run `bench/setup.sh` first; it leaves two scored attempts and their count rows):

    (source bench/env.sh && .venv/bin/python bench/compare_writes.py)

1. Starts one attempt through the product (`POST /api/v1/assessments/{id}/attempts`, in process: the Flask test
   client of `api.app.create_app`) and one through the reference (`POST /bare/assessments/{id}/attempts`,
   `reference_app.app` called as WSGI), and prints both `attempt` rows and their `attempt_question` rows side by
   side, asserting that the same columns are non-null and that the values that do not depend on the moment, the
   learner or the seed are equal.
2. Starts the product's service (`start_attempt`) with the reference's seed, in a transaction rolled back, and
   asserts that it writes the same 15 question rows as the reference did (position, slot, item version, option
   order, points, response seq): the form is the product's, value for value.
3. Answers both attempts alike, through the product's save endpoint (the reference's learner token is the
   product's), then submits each through its own path, and compares the attempt rows and question rows after
   the submit, and the rows each submit appended to `stat_cell_delta` and `stat_time_delta` (every row must be equal:
   the same selections, cohort and day, slots, options, marks, totals and seconds).
4. Prints the response sizes of both starts and both submits.
Exits non-zero on any difference.
"""

from __future__ import annotations

import io
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import psycopg  # noqa: E402
import reference_app  # noqa: E402

from api.app import create_app  # noqa: E402
from api.config import Settings  # noqa: E402
from assess.delivery.start import start_attempt  # noqa: E402
from itembank.db import make_engine, make_sessionmaker  # noqa: E402

DSN = os.environ["BENCH_PG_DSN"]
# Differ by construction: the row's own id, who, when, and the random seed (step 2 covers what the seed fixes).
MAY_DIFFER = {"id", "attempt_id", "learner_id", "seed", "started_at", "updated_at", "submitted_at"}
MOMENTS = {"first_answered_at", "answered_at"}


def setting(name: str) -> str:
    for line in (Path(os.environ.get("BENCH_OUT", ROOT / "bench" / "out")) / "setup.env").read_text().splitlines():
        key, _, value = line.strip().partition("=")
        if key == name:
            return value
    raise SystemExit(f"{name} missing from bench/out/setup.env: run bench/setup.sh")


def call_reference(method: str, path: str, body: dict | None = None) -> tuple[str, bytes]:
    data = b"" if body is None else json.dumps(body).encode()
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "CONTENT_LENGTH": str(len(data)),
        "wsgi.input": io.BytesIO(data),
    }
    seen = {}

    def start_response(status, headers):
        seen["status"] = status

    data = b"".join(reference_app.app(environ, start_response))
    return seen["status"], data


def rows(cur, sql: str, *args) -> list[dict]:
    cur.execute(sql, args)
    names = [d.name for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def counts(cur, table: str, assessment_id: int) -> Counter:
    """Every row of an insert-only delta table, as a multiset of (key..., count): rows have no id to tell them by."""
    keys = {
        "stat_cell_delta": "selection, context_id, day, slot_position, item_version_id, option_id, mark_num,"
        " mark_den, total_num, total_den",
        "stat_time_delta": "selection, context_id, day, slot_position, seconds",
    }[table]
    cur.execute(f"SELECT {keys}, count FROM {table} WHERE assessment_id = %s", (assessment_id,))
    return Counter(cur.fetchall())


def delta(before: Counter, after: Counter) -> Counter:
    """The rows added between the two readings (nothing folds them meanwhile: no report is read here)."""
    assert not before - after, "rows went missing: a fold ran during the comparison"
    return after - before


FAILURES: list[str] = []


def check(ok: bool, what: str) -> None:
    if not ok:
        FAILURES.append(what)
        print(f"  DIFFERENT: {what}")


def side_by_side(title: str, product: dict, reference: dict, seeded: frozenset[str] = frozenset()) -> None:
    """`seeded`: columns the seed fixes (step 2 compares them under one seed)."""
    print(f"--- {title}")
    print(f"  {'column':<18} {'product':<42} {'reference':<42}")
    for name in product:
        p, r = product[name], reference[name]
        free = MAY_DIFFER | MOMENTS | seeded
        mark = "" if p == r else ("  (differs by construction)" if name in free else "  <-- !")
        print(f"  {name:<18} {str(p)[:42]:<42} {str(r)[:42]:<42}{mark}")
        check((p is None) == (r is None), f"{title}: {name} null in one only")
        if name not in free:
            check(p == r, f"{title}: {name} {p!r} != {r!r}")


def compare_questions(title: str, product: list[dict], reference: list[dict]) -> None:
    """By slot (the two forms shuffle differently): null-ness of every column, equality of the slot's values."""
    print(f"--- {title}: {len(product)} product rows, {len(reference)} reference rows")
    check(len(product) == len(reference), f"{title}: row counts")
    by_slot = {row["slot_position"]: row for row in reference}
    order_free = MAY_DIFFER | MOMENTS | {"position", "option_order"}
    for p in product:
        r = by_slot[p["slot_position"]]
        for name in p:
            check((p[name] is None) == (r[name] is None), f"{title} slot {p['slot_position']}: {name} null in one only")
            if name not in order_free:
                check(p[name] == r[name], f"{title} slot {p['slot_position']}: {name} {p[name]!r} != {r[name]!r}")
            if name == "option_order":
                check(sorted(p[name]) == sorted(r[name]), f"{title} slot {p['slot_position']}: option sets")
    nonnull = sorted({name for row in product for name in row if row[name] is not None})
    print(f"  non-null in both, every row: {', '.join(nonnull)}")
    first_p, first_r = product[0], by_slot[product[0]["slot_position"]]
    side_by_side(f"{title}, slot {first_p['slot_position']}", first_p, first_r, frozenset({"position", "option_order"}))


def main() -> None:
    assessment_id, key = int(setting("ASSESSMENT_ID")), setting("API_KEY")
    settings = Settings.from_env()
    engine = make_engine(settings.database_url)
    app = create_app(settings, session_factory=make_sessionmaker(engine))
    client = app.test_client()
    stamp = f"compare-{int(time.time() * 1000)}"
    conn = psycopg.connect(DSN, autocommit=True)
    cur = conn.cursor()

    # 1. start one through each
    started_p = client.post(
        f"/api/v1/assessments/{assessment_id}/attempts",
        json={"learner_id": f"{stamp}-p"},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert started_p.status_code == 201, started_p.get_data(as_text=True)
    status, raw_r = call_reference("POST", f"/bare/assessments/{assessment_id}/attempts", {"learner_id": f"{stamp}-r"})
    assert status.startswith("201"), (status, raw_r)
    body_p, body_r = started_p.get_json(), json.loads(raw_r)
    pid, rid = body_p["id"], body_r["id"]
    attempt_sql = "SELECT * FROM attempt WHERE id = %s"
    questions_sql = "SELECT * FROM attempt_question WHERE attempt_id = %s ORDER BY position"
    side_by_side("attempt after start", rows(cur, attempt_sql, pid)[0], rows(cur, attempt_sql, rid)[0])
    compare_questions("attempt_question after start", rows(cur, questions_sql, pid), rows(cur, questions_sql, rid))
    check(set(body_p) == set(body_r), "start response keys")
    check(
        set(body_p["questions"][0]) == set(body_r["questions"][0])
        and len(body_p["questions"]) == len(body_r["questions"]),
        "start response question keys",
    )

    # 2. the product's service with the reference's seed writes the same form
    seed = rows(cur, attempt_sql, rid)[0]["seed"]
    session = make_sessionmaker(engine)()
    try:
        same_seed = start_attempt(session, 1, assessment_id, f"{stamp}-seed", now=_now(), seed=seed)
        session.flush()
        form_columns = ("position", "slot_position", "item_version_id", "option_order", "points", "response_seq")
        product_form = [tuple(getattr(q, c) for c in form_columns) for q in same_seed.attempt.questions]
        reference_form = [tuple(row[c] for c in form_columns) for row in rows(cur, questions_sql, rid)]
    finally:
        session.rollback()
        session.close()
    print(f"--- the product's start_attempt with the reference's seed {seed}: {', '.join(form_columns)}")
    for p, r in zip(product_form, reference_form, strict=True):
        print(f"  product {p}   reference {r}{'' if p == r else '  <-- !'}")
    check(product_form == reference_form, "the form of the reference's seed")

    # 3. the same answers through the product's save, then each submits its own
    chosen = {}
    for q in body_p["questions"]:  # alternately the first and the last option shown: some right, some wrong
        chosen[q["item"]["slot"]] = q["options"][0 if q["item"]["slot"] % 2 else -1]["id"]
    for body in (body_p, body_r):
        for q in sorted(body["questions"], key=lambda q: q["item"]["slot"]):  # the same answering order
            saved = client.put(
                f"/api/v1/attempts/{body['id']}/questions/{q['position']}/response",
                json={"response": {"option": chosen[q["item"]["slot"]]}, "seq": 1},
                headers={"Authorization": f"Bearer {body['learner_token']}"},
            )
            assert saved.status_code == 200, saved.get_data(as_text=True)
    tables = ("stat_cell_delta", "stat_time_delta")
    before = {t: counts(cur, t, assessment_id) for t in tables}
    submitted_p = client.post(
        f"/api/v1/attempts/{pid}/submit", headers={"Authorization": f"Bearer {body_p['learner_token']}"}
    )
    assert submitted_p.status_code == 200, submitted_p.get_data(as_text=True)
    middle = {t: counts(cur, t, assessment_id) for t in tables}
    status, raw_submit_r = call_reference("POST", f"/bare/attempts/{rid}/submit")
    assert status.startswith("200"), (status, raw_submit_r)
    after = {t: counts(cur, t, assessment_id) for t in tables}
    side_by_side("attempt after submit", rows(cur, attempt_sql, pid)[0], rows(cur, attempt_sql, rid)[0])
    compare_questions("attempt_question after submit", rows(cur, questions_sql, pid), rows(cur, questions_sql, rid))
    for t in tables:
        dp, dr = delta(before[t], middle[t]), delta(middle[t], after[t])
        print(
            f"--- {t}: the product's submit added {sum(dp.values())} rows, the reference's {sum(dr.values())}"
            f" (sum of counts {sum(k[-1] * n for k, n in dp.items())} and {sum(k[-1] * n for k, n in dr.items())});"
            " rows by selection:"
        )
        for selection in ("all", "first", "last", "best"):
            print(
                f"  {selection:<6} product {sum(n for k, n in dp.items() if k[0] == selection):>3}"
                f"   reference {sum(n for k, n in dr.items() if k[0] == selection):>3}"
            )
        check(dp == dr, f"{t}: the rows each submit added")
    body_sp, body_sr = submitted_p.get_json(), json.loads(raw_submit_r)
    check(body_sp["result"] == body_sr["result"], f"submit result {body_sp['result']} != {body_sr['result']}")

    def reviews(body: dict) -> dict:  # each question's review by slot, its options by id (each seed orders its own)
        return {
            q["item"]["slot"]: {**q["result"], "options": sorted(q["result"]["options"], key=lambda o: o["id"])}
            for q in body["questions"]
        }

    check(reviews(body_sp) == reviews(body_sr), "submit: the questions' reviews (key, feedback, rationales) differ")

    # 4. sizes
    print("--- response bytes (the product's test client answers what gunicorn would send)")
    print(f"  start   product {len(started_p.get_data()):>6}   reference {len(raw_r):>6}")
    print(f"  submit  product {len(submitted_p.get_data()):>6}   reference {len(raw_submit_r):>6}")
    if FAILURES:
        print(f"FAIL: {len(FAILURES)} differences")
        raise SystemExit(1)
    print("OK: the same columns written, the same values where they do not depend on id, learner, seed or moment;")
    print("    the same form for the same seed; the same stat_cell_delta and stat_time_delta rows added by each submit")


def _now():
    from datetime import UTC, datetime

    return datetime.now(UTC)


if __name__ == "__main__":
    main()
