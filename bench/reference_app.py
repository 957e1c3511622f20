"""Reference WSGI app for the delivery benchmark (bench only, never part of the product).

Served by the same gunicorn, with the same worker count, against the same database as the product:

    GET  /noop                                            -> {"ok": true}
    PUT  /bare/attempts/<id>/questions/<position>/response  body {"response": {...}, "seq": n}
         one raw SQL upsert into bench_response plus a commit: no auth, no ORM, no validation.
    PUT  /bare1/attempts/<id>/questions/<position>/response
         the same upsert on an autocommit connection: one round trip, as the product's one-option save.

    POST /bare/assessments/<id>/attempts                  body {"learner_id": "...", "context_id": null}
         a start: one transaction, two statements (the attempt row, then its 15 question rows in one
         multi-row INSERT), and a response of the product's shape and size.
    POST /bare/attempts/<id>/submit
         a submit: one transaction, the product's writes (claim, credits, the attempt's outcome, the
         analytics delta rows), and a response of the product's shape and size.

It sets the floor a save can reach on this machine: HTTP + WSGI + JSON + one round trip + commit; the start
and submit routes set the floor for those (issue 12). They authenticate nothing (no API key, no learner
token is read: the product's key lookup and token check are not in the floor), validate nothing beyond what
they need to parse, and read the assessment's delivered material (slots, latest versions, options, keys,
feedback) once per worker, at its first request, from the database. What they write is what the product
writes, row for row and column for column: `bench/compare_writes.py` starts and submits one attempt through
each and compares the rows. The values are computed with the product's own pure functions (the form from
`assess.forms`, scoring from `itembank.itemtypes`, the count-table keys from `assess.analytics.maintain.add`),
so the reference cannot write different values; it only skips the ORM, the reads it does not need, and the
serializer.

Limits, checked at load or per request rather than assumed: fixed-item slots only (no pools, so the draw
needs no "seen items" read); no accommodation is read (the bench database has none, so the product's
deadline is the assessment's: `time_limit_seconds` and `grace_seconds`, computed the same way here); the
submit scores a learner's first scored attempt only (the product then adds the attempt to all four
selections, as here) and answers 409 for any other, and 409 for an attempt that is not in progress.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any

import psycopg

from api.tokens import MAX_AGE_SECONDS, PREFIX, learner_serializer
from assess.analytics.cells import ScoredAttempt, ScoredQuestion
from assess.analytics.maintain import add
from assess.analytics.store import Selection
from assess.forms import SlotSource, build_form, new_seed, shuffled_options
from itembank.itemtypes import AnswerKey, score_response

_DSN = os.environ.get("BENCH_PG_DSN", "host=127.0.0.1 port=5432 user=postgres dbname=assess_bench")
_conn: psycopg.Connection | None = None  # one per gunicorn worker (sync workers: one request at a time)
_autocommit: psycopg.Connection | None = None

UPSERT = (
    "INSERT INTO bench_response (attempt_id, position, response, seq) VALUES (%s, %s, %s, %s) "
    "ON CONFLICT (attempt_id, position) DO UPDATE SET response = excluded.response, seq = excluded.seq "
    "WHERE bench_response.seq < excluded.seq"
)


def _connection() -> psycopg.Connection:
    global _conn
    if _conn is None or _conn.closed:
        _conn = psycopg.connect(_DSN)
    return _conn


def _autocommit_connection() -> psycopg.Connection:
    global _autocommit
    if _autocommit is None or _autocommit.closed:
        _autocommit = psycopg.connect(_DSN, autocommit=True)
    return _autocommit


def _reply(start_response, status: str, body: dict) -> list[bytes]:
    data = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


# --- start and submit (issue 12) -------------------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    id: int
    item_id: int
    ref: str
    number: int
    type: str
    stem: str
    points: int
    feedback_correct: str | None
    feedback_incorrect: str | None
    feedback_general: str | None
    options: dict[int, str]  # option id -> text, in authored order (as `ItemVersion.options`)
    review: dict[int, tuple[bool, str | None]]  # option id -> (keyed, rationale): what a scored review shows
    key: AnswerKey


@dataclass(frozen=True)
class Material:
    """What delivering one assessment needs, read once per worker: published versions never change."""

    id: int
    tenant_id: int
    feedback_policy: str
    shuffle_questions: bool
    shuffle_options: bool
    time_limit_seconds: int | None
    grace_seconds: int
    pass_threshold: Fraction
    max_attempts: int | None
    title: str
    sources: list[SlotSource]
    by_item: dict[int, Version]  # latest version of each slot's item
    by_version: dict[int, Version]


_material: dict[int, Material] = {}
_signer = learner_serializer(os.environ.get("ASSESS_SECRET_KEY", "bench-secret-key-of-at-least-32-bytes"))


def load_material(conn: psycopg.Connection, assessment_id: int) -> Material:
    with conn.cursor() as cur:
        cur.execute(
            "SELECT tenant_id, feedback_policy, shuffle_questions, shuffle_options, time_limit_seconds,"
            " grace_seconds, pass_threshold_bp, max_attempts, title FROM assessment WHERE id = %s",
            (assessment_id,),
        )
        row = cur.fetchone()
        if row is None:
            raise LookupError(f"no assessment {assessment_id}")
        tenant_id, policy, shuffle_q, shuffle_o, limit, grace, threshold_bp, max_attempts, title = row
        cur.execute(
            "SELECT position, item_id, pool_id FROM assessment_slot WHERE assessment_id = %s ORDER BY position",
            (assessment_id,),
        )
        slots = cur.fetchall()
        if any(item_id is None for _position, item_id, _pool in slots):
            raise ValueError("the reference delivers fixed-item slots only (no pools)")
        item_ids = [item_id for _position, item_id, _pool in slots]
        cur.execute(
            "SELECT v.id, v.item_id, i.ref, v.number, v.type, v.stem, v.points, v.feedback_correct,"
            " v.feedback_incorrect, v.feedback_general, v.spec FROM item_version v JOIN item i ON i.id = v.item_id"
            " WHERE v.item_id = ANY(%s) AND v.number = (SELECT max(number) FROM item_version l"
            " WHERE l.item_id = v.item_id)",
            (item_ids,),
        )
        versions = cur.fetchall()
        cur.execute(
            "SELECT item_version_id, id, text, is_correct, rationale FROM option WHERE item_version_id = ANY(%s)"
            " ORDER BY item_version_id, position",
            ([v[0] for v in versions],),
        )
        options: dict[int, list[tuple[int, str, bool, str | None]]] = {}
        for version_id, option_id, text, correct, rationale in cur.fetchall():
            options.setdefault(version_id, []).append((option_id, text, correct, rationale))
    conn.rollback()
    by_item = {}
    for vid, item_id, ref, number, type_, stem, points, fb_correct, fb_incorrect, fb_general, spec in versions:
        opts = options.get(vid, [])
        key = AnswerKey(
            type=type_,
            correct_option_ids=frozenset(o for o, _t, c, _r in opts if c),
            option_ids=frozenset(o for o, _t, _c, _r in opts),
            spec=dict(spec or {}),
        )
        by_item[item_id] = Version(
            vid,
            item_id,
            ref,
            number,
            type_,
            stem,
            points,
            fb_correct,
            fb_incorrect,
            fb_general,
            {o: t for o, t, _c, _r in opts},
            {o: (c, r) for o, _t, c, r in opts},
            key,
        )
    return Material(
        assessment_id,
        tenant_id,
        policy,
        shuffle_q,
        shuffle_o,
        limit,
        grace,
        Fraction(threshold_bp, 10000),
        max_attempts,
        title,
        [SlotSource(position, item_id=item_id) for position, item_id, _pool in slots],
        by_item,
        {v.id: v for v in by_item.values()},
    )


def material(conn: psycopg.Connection, assessment_id: int) -> Material:
    found = _material.get(assessment_id)
    if found is None:
        found = _material[assessment_id] = load_material(conn, assessment_id)
    return found


def _origin(environ: dict[str, Any]) -> str:
    return f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', 'localhost')}"


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat()


def _fraction(value: Fraction) -> str:
    return str(value)


# The attempt row as `assess.delivery.start` writes it: the number is the learner's last plus one (the product
# reads it with `attempt_tally` first; here it is a subquery of the same INSERT).
INSERT_ATTEMPT = (
    "INSERT INTO attempt (tenant_id, assessment_id, revision_id, learner_id, context_id, number, seed, state,"
    " started_at, deadline_at, closes_at, updated_at, points_possible)"
    " SELECT %(tenant)s::int, %(assessment)s::int,"
    " (SELECT r.id FROM assessment_revision r JOIN assessment a ON a.id = r.assessment_id"
    " AND r.number = a.revision_number WHERE a.id = %(assessment)s::int),"
    " %(learner)s::varchar, %(context)s::varchar,"
    " coalesce(max(number), 0) + 1, %(seed)s::bigint, 'in_progress', %(now)s::timestamptz,"
    " %(deadline)s::timestamptz, %(closes)s::timestamptz, %(now)s::timestamptz, %(possible)s::int"
    " FROM attempt WHERE assessment_id = %(assessment)s::int AND learner_id = %(learner)s::varchar"
    " RETURNING id, number"
)
_QUESTION_COLUMNS = "(attempt_id, position, slot_position, item_version_id, option_order, points, response_seq)"


def _insert_questions(count: int) -> str:
    rows = ", ".join(["(%s, %s, %s, %s, %s, %s, 0)"] * count)
    return f"INSERT INTO attempt_question {_QUESTION_COLUMNS} VALUES {rows}"


_INSERT_QUESTIONS: dict[int, str] = {}


def bare_start(
    conn: psycopg.Connection, assessment_id: int, body: dict[str, Any], environ: dict[str, Any]
) -> tuple[str, dict]:
    m = material(conn, assessment_id)
    learner_id, context_id = body["learner_id"], body.get("context_id")
    now = datetime.now(UTC)
    seed = new_seed()
    form = build_form(seed, m.sources, shuffle_questions=m.shuffle_questions, seen=set())
    questions = []
    for position, question in enumerate(form.questions, start=1):
        version = m.by_item[question.item_id]
        order = shuffled_options(seed, question.slot_position, list(version.options), shuffle=m.shuffle_options)
        questions.append((position, question.slot_position, version, order))
    deadline = closes = None
    if m.time_limit_seconds is not None:
        deadline = now + timedelta(seconds=m.time_limit_seconds)
        closes = deadline + timedelta(seconds=m.grace_seconds)
    params = {
        "tenant": m.tenant_id,
        "assessment": m.id,
        "learner": learner_id,
        "context": context_id,
        "seed": seed,
        "now": now,
        "deadline": deadline,
        "closes": closes,
        "possible": sum(version.points for _p, _s, version, _o in questions),
    }
    sql = _INSERT_QUESTIONS.get(len(questions)) or _INSERT_QUESTIONS.setdefault(
        len(questions), _insert_questions(len(questions))
    )
    try:
        with conn.cursor() as cur:
            cur.execute(INSERT_ATTEMPT, params)
            attempt_id, number = cur.fetchone()
            values: list[Any] = []
            for position, slot, version, order in questions:
                values += (attempt_id, position, slot, version.id, json.dumps(order), version.points)
            cur.execute(sql, values)
        conn.commit()
    except psycopg.errors.UniqueViolation:
        conn.rollback()  # the learner has an open attempt: the product resumes it, the reference does not
        return "409 Conflict", {"error": "open attempt"}
    token = PREFIX + _signer.dumps({"t": m.tenant_id, "a": attempt_id})
    return "201 Created", {
        "assessment_id": m.id,
        "closes_at": _iso(closes),
        "context_id": context_id,
        "deadline_at": _iso(deadline),
        "feedback_policy": m.feedback_policy,
        "id": attempt_id,
        "learner_id": learner_id,
        "learner_token": token,
        "learner_token_expires_at": _iso(now.replace(microsecond=0) + timedelta(seconds=MAX_AGE_SECONDS)),
        "learner_url": f"{_origin(environ)}/learn/attempts/{attempt_id}#token={token}",
        "number": number,
        "questions": [_question(m, position, slot, version, order) for position, slot, version, order in questions],
        "result": None,
        "started_at": _iso(now),
        "state": "in_progress",
        "submitted_at": None,
        "title": m.title,
    }


def _question(m, position, slot, version, order, response=None, seq=0, result=None) -> dict:
    return {
        "checked": False,
        "item": {
            "id": version.item_id,
            "ref": version.ref,
            "slot": slot,
            "version": version.number,
            "version_id": version.id,
        },
        "options": [{"id": option_id, "text": version.options[option_id]} for option_id in order],
        "points": version.points,
        "position": position,
        "response": response,
        "result": result,
        "seq": seq,
        "stem": version.stem,
        "type": version.type,
    }


# The claim, as `assess.delivery.closing._score` makes it; its RETURNING also reads what the rest needs (the
# product reads the attempt before, with `load_attempt`) and the learner's other scored attempts and used
# attempts (the product's `_learners_scored` and `attempt_usage`), in the statement's snapshot.
CLAIM = (
    "UPDATE attempt a SET state = 'scored', submitted_at = %(now)s, close_reason = 'submitted', updated_at = %(now)s"
    " WHERE a.id = %(id)s AND a.state = 'in_progress'"
    " RETURNING a.assessment_id, a.learner_id, a.context_id, a.number, a.started_at, a.points_possible,"
    " a.deadline_at, a.closes_at,"
    " (SELECT count(*) FROM attempt o WHERE o.assessment_id = a.assessment_id AND o.learner_id = a.learner_id"
    "  AND o.id <> a.id AND o.state = 'scored'),"
    " (SELECT count(*) FROM attempt o WHERE o.assessment_id = a.assessment_id AND o.learner_id = a.learner_id"
    "  AND o.state <> 'voided')"
)
# The answers under row locks, as `_reload_questions` reads them.
LOCK_QUESTIONS = (
    "SELECT id, position, slot_position, item_version_id, option_order, points, response, response_seq,"
    " first_answered_at, checked_at, credit_num, credit_den FROM attempt_question WHERE attempt_id = %s"
    " ORDER BY position FOR UPDATE"
)
# The credits: the product's executemany by primary key, here one statement.
SET_CREDITS = (
    "UPDATE attempt_question q SET credit_num = c.num, credit_den = c.den"
    " FROM unnest(%s::int[], %s::int[], %s::int[]) AS c(id, num, den) WHERE q.id = c.id"
)
# The outcome, as the product's flush writes it after `record_scored`.
SET_OUTCOME = "UPDATE attempt SET earned_num = %s, earned_den = %s, passed = %s WHERE id = %s"
# The count changes, as `assess.analytics.maintain.append` writes them: insert-only delta rows tagged with the
# attempt's cohort and day (a fold adds the rollup rows later, for the product and the reference alike), one
# set-based statement per table, as the product's `assess.set_based.insert_rows`.
INSERT_CELL_DELTAS = (
    "INSERT INTO stat_cell_delta (assessment_id, selection, context_id, day, slot_position, item_version_id,"
    " option_id, mark_num, mark_den, total_num, total_den, count)"
    " SELECT %s, * FROM unnest(%s::varchar[], %s::varchar[], %s::date[], %s::int[], %s::int[], %s::int[],"
    " %s::int[], %s::int[], %s::int[], %s::int[], %s::int[])"
)
INSERT_TIME_DELTAS = (
    "INSERT INTO stat_time_delta (assessment_id, selection, context_id, day, slot_position, seconds, count)"
    " SELECT %s, * FROM unnest(%s::varchar[], %s::varchar[], %s::date[], %s::int[], %s::int[], %s::int[])"
)


def _columns(deltas: Counter) -> list[list[Any]]:
    """The non-zero deltas (as `append` keeps them), one list per column, the count last."""
    rows = [(*key, count) for key, count in deltas.items() if count]
    return [list(column) for column in zip(*rows, strict=True)] if rows else []


def bare_submit(conn: psycopg.Connection, attempt_id: int) -> tuple[str, dict]:
    now = datetime.now(UTC)
    with conn.cursor() as cur:
        cur.execute(CLAIM, {"now": now, "id": attempt_id})
        claimed = cur.fetchone()
        if claimed is None:
            conn.rollback()
            return "409 Conflict", {"error": "not in progress (the reference scores an attempt once)"}
        assessment_id, learner_id, context_id, number, started_at, possible, deadline, closes, earlier, used = claimed
        if earlier:
            conn.rollback()
            return "409 Conflict", {"error": "the reference scores a learner's first scored attempt only"}
        m = material(conn, assessment_id)
        cur.execute(LOCK_QUESTIONS, (attempt_id,))
        rows = cur.fetchall()
        ids, nums, dens, scored, shown = [], [], [], [], []
        earned = Fraction(0)
        for qid, position, slot, vid, order, points, response, seq, first_at, checked_at, c_num, c_den in rows:
            version = m.by_version[vid]
            if checked_at is None:
                credit = score_response(version.key, response).credit
                ids.append(qid)
                nums.append(credit.numerator)
                dens.append(credit.denominator)
            else:
                credit = Fraction(c_num, c_den)
            earned += credit * points
            scored.append(ScoredQuestion(slot, vid, version.type, response, credit * points, first_at))
            feedback = version.feedback_correct if credit == 1 else version.feedback_incorrect
            result = {  # the product's review of a scored question: its key and rationales, in the order shown
                "correct": credit == 1,
                "credit": _fraction(credit),
                "feedback": feedback,
                "general_feedback": version.feedback_general,
                "options": [
                    {"correct": version.review[o][0], "id": o, "rationale": version.review[o][1]} for o in order
                ],
            }
            shown.append(_question(m, position, slot, version, order, response, seq, result))
        if ids:
            cur.execute(SET_CREDITS, (ids, nums, dens))
        passed = earned >= m.pass_threshold * possible
        cur.execute(SET_OUTCOME, (earned.numerator, earned.denominator, passed, attempt_id))
        attempt = ScoredAttempt(
            attempt_id,
            learner_id,
            number,
            context_id,
            started_at,
            now,
            possible,
            earned,
            sorted(scored, key=lambda q: q.slot_position),
        )
        cells: Counter = Counter()
        times: Counter = Counter()
        for selection in (Selection.ALL, Selection.FIRST, Selection.LAST, Selection.BEST):  # a first scored attempt
            add(cells, times, selection, attempt, 1)
        cell_columns, time_columns = _columns(cells), _columns(times)
        if cell_columns:
            cur.execute(INSERT_CELL_DELTAS, (assessment_id, *cell_columns))
        if time_columns:
            cur.execute(INSERT_TIME_DELTAS, (assessment_id, *time_columns))
    conn.commit()
    score = earned / possible if possible else Fraction(0)
    return "200 OK", {
        "assessment_id": assessment_id,
        "closes_at": _iso(closes),
        "context_id": context_id,
        "deadline_at": _iso(deadline),
        "feedback_policy": m.feedback_policy,
        "id": attempt_id,
        "learner_id": learner_id,
        "number": number,
        "questions": shown,
        "result": {
            "attempts_left": None if m.max_attempts is None else max(0, m.max_attempts - used),
            "attempts_used": used,
            "close_reason": "submitted",
            "passed": passed,
            "points_earned": _fraction(earned),
            "points_possible": possible,
            "score": _fraction(score),
            "threshold": _fraction(m.pass_threshold),
        },
        "started_at": _iso(started_at),
        "state": "scored",
        "submitted_at": _iso(now),
        "title": m.title,
    }


def _reply_sorted(start_response, status: str, body: dict) -> list[bytes]:
    """As Flask answers: sorted keys, compact separators."""
    data = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def app(environ, start_response):
    path = environ.get("PATH_INFO", "")
    method = environ.get("REQUEST_METHOD", "GET")
    if path == "/noop":
        return _reply(start_response, "200 OK", {"ok": True})
    parts = path.strip("/").split("/")
    if method == "POST" and len(parts) == 4 and parts[:2] == ["bare", "assessments"] and parts[3] == "attempts":
        length = int(environ.get("CONTENT_LENGTH") or 0)
        status, reply = bare_start(
            _connection(), int(parts[2]), json.loads(environ["wsgi.input"].read(length)), environ
        )
        return _reply_sorted(start_response, status, reply)
    if method == "POST" and len(parts) == 4 and parts[:2] == ["bare", "attempts"] and parts[3] == "submit":
        status, reply = bare_submit(_connection(), int(parts[2]))
        return _reply_sorted(start_response, status, reply)
    # bare/attempts/<id>/questions/<position>/response
    if method == "PUT" and len(parts) == 6 and parts[0] in ("bare", "bare1") and parts[1] == "attempts":
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = json.loads(environ["wsgi.input"].read(length))
        conn = _connection() if parts[0] == "bare" else _autocommit_connection()
        with conn.cursor() as cur:
            cur.execute(UPSERT, (int(parts[2]), int(parts[4]), json.dumps(body["response"]), body["seq"]))
            stored = cur.rowcount
        if not conn.autocommit:
            conn.commit()
        return _reply(start_response, "200 OK", {"stored": stored == 1})
    return _reply(start_response, "404 Not Found", {"error": "not found"})
