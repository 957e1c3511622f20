"""Reference WSGI app for the delivery benchmark (bench only, never part of the product).

Served by the same gunicorn, with the same worker count, against the same database as the product:

    GET  /noop                                            -> {"ok": true}
    PUT  /bare/attempts/<id>/questions/<position>/response  body {"response": {...}, "seq": n}
         one raw SQL upsert into bench_response plus a commit: no auth, no ORM, no validation.
    PUT  /bare1/attempts/<id>/questions/<position>/response
         the same upsert on an autocommit connection: one round trip, as the product's one-option save.

It sets the floor a save can reach on this machine: HTTP + WSGI + JSON + one round trip + commit.
"""

from __future__ import annotations

import json
import os

import psycopg

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


def app(environ, start_response):
    path = environ.get("PATH_INFO", "")
    method = environ.get("REQUEST_METHOD", "GET")
    if path == "/noop":
        return _reply(start_response, "200 OK", {"ok": True})
    parts = path.strip("/").split("/")
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
