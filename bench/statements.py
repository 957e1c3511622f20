"""Count the SQL statements each delivery call issues, in process, against the bench database.

Uses api.app.create_app with the Flask test client, counting at the driver (`tests/production/statements.py`,
as the statement-count tests do): every statement psycopg's cursors send, an executemany of N rows as N, the
save's statement on the driver's cursor included; BEGIN/COMMIT are sent outside the cursors and not counted
(the save runs in autocommit and has none). Usage: statements.py [--show]
Also times start/save/submit (median of N in-process calls) with --time N; used by scale.py.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository root: api, tests

from api.app import create_app
from api.config import Settings
from itembank.db import make_engine, make_sessionmaker
from tests.production.statements import Statements

COUNTER = Statements(counting=True)
STATEMENTS = COUNTER.seen


def build():
    settings = Settings.from_env()
    engine = make_engine(settings.database_url, ping_after_idle=10)
    app = create_app(settings, session_factory=make_sessionmaker(engine))
    return app, app.test_client()


def call(client, method, path, token, body=None):
    STATEMENTS.clear()
    began = time.perf_counter()
    response = client.open(path, method=method, json=body, headers={"Authorization": f"Bearer {token}"})
    elapsed = time.perf_counter() - began
    assert response.status_code < 300, (response.status_code, response.get_data(as_text=True))
    return response.get_json(), len(STATEMENTS), [sql for sql, _autocommit in STATEMENTS], elapsed


def learner_flow(client, assessment_id, key, show=False):
    """One learner: start, save 15, submit. Returns statement counts and timings per operation."""
    counts: dict[str, list[int]] = {"start": [], "save": [], "submit": []}
    times: dict[str, list[float]] = {"start": [], "save": [], "submit": []}
    attempt, n, stmts, t = call(
        client, "POST", f"/api/v1/assessments/{assessment_id}/attempts", key, {"learner_id": f"stmt-{uuid.uuid4().hex}"}
    )
    counts["start"].append(n)
    times["start"].append(t)
    if show:
        print("--- start", n)
        print(summarise(stmts))
    token = attempt["learner_token"]
    for question in attempt["questions"]:
        body = {"response": {"option": question["options"][0]["id"]}, "seq": 1}
        _, n, stmts, t = call(
            client, "PUT", f"/api/v1/attempts/{attempt['id']}/questions/{question['position']}/response", token, body
        )
        counts["save"].append(n)
        times["save"].append(t)
        if show and question["position"] == 1:
            print("--- save (position 1)", n)
            print(summarise(stmts))
    _, n, stmts, t = call(client, "POST", f"/api/v1/attempts/{attempt['id']}/submit", token)
    counts["submit"].append(n)
    times["submit"].append(t)
    if show:
        print("--- submit", n)
        print(summarise(stmts))
    return counts, times


def summarise(stmts):
    c = Counter(" ".join(s.split())[:110] for s in stmts)
    return "\n".join(f"  {k:3d} x {s}" for s, k in c.most_common())


def env():
    with open(os.path.join(os.path.dirname(__file__), "out", "setup.env")) as lines:
        setup = dict(line.strip().split("=", 1) for line in lines)
    return int(setup["ASSESSMENT_ID"]), setup["API_KEY"]


if __name__ == "__main__":
    assessment_id, key = env()
    app, client = build()
    counting = COUNTER.on_psycopg()  # held for the whole run
    counting.__enter__()
    learner_flow(client, assessment_id, key)  # warm-up (mapper configuration, caches)
    counts, _ = learner_flow(client, assessment_id, key, show="--show" in sys.argv)
    print(
        f"STATEMENTS start={counts['start'][0]} save_median={statistics.median(counts['save'])} "
        f"save_min={min(counts['save'])} save_max={max(counts['save'])} submit={counts['submit'][0]}"
    )
