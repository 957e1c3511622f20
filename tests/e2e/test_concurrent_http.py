"""Concurrent submits of one attempt over HTTP, against gunicorn on PostgreSQL: one scoring, one result,
and the analytics count the attempt once."""

import threading

from sqlalchemy import func, select

from assess.analytics.store import ROLLUP_CONTEXT, StatCell, stat_cell_delta
from itembank.db import make_engine
from tests.e2e.deployment import call, deployment, stop

RACERS = 8


def test_concurrent_submits_over_http_score_once(tmp_path, monkeypatch):
    with deployment("postgresql", tmp_path, monkeypatch) as deployed:
        base, key = deployed.base, deployed.key
        server = deployed.serve(workers=RACERS)  # one worker per racer, or gunicorn would queue them
        try:
            _status, assessments = call(base, "GET", "/assessments?kind=module_test", key)
            _status, attempt = call(
                base, "POST", f"/assessments/{assessments[0]['id']}/attempts", key, {"learner_id": "racer"}
            )
            token = attempt["learner_token"]
            for question in attempt["questions"][:10]:
                body = {"response": {"option": question["options"][0]["id"]}, "seq": 1}
                call(base, "PUT", f"/attempts/{attempt['id']}/questions/{question['position']}/response", token, body)
            barrier = threading.Barrier(RACERS)
            results, errors = [], []

            def submit():
                try:
                    barrier.wait(timeout=10)
                    results.append(call(base, "POST", f"/attempts/{attempt['id']}/submit", token))
                except Exception as exc:
                    errors.append(exc)

            threads = [threading.Thread(target=submit) for _ in range(RACERS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=30)
        finally:
            stop(server)
        assert not errors, errors
        assert [status for status, _ in results] == [200] * RACERS
        outcomes = {
            (body["submitted_at"], body["result"]["points_earned"], body["result"]["passed"]) for _, body in results
        }
        assert len(outcomes) == 1, outcomes
        engine = make_engine(deployed.database.url)
        try:
            with engine.connect() as connection:
                folded = connection.execute(
                    select(func.coalesce(func.sum(StatCell.count), 0)).where(
                        StatCell.selection == "all",
                        StatCell.slot_position == 1,
                        StatCell.context_id == ROLLUP_CONTEXT,
                    )
                ).scalar_one()
                waiting = connection.execute(  # the deltas not folded yet: all tagged, none a rollup row
                    select(func.coalesce(func.sum(stat_cell_delta.c.count), 0)).where(
                        stat_cell_delta.c.selection == "all", stat_cell_delta.c.slot_position == 1
                    )
                ).scalar_one()
        finally:
            engine.dispose()
        assert folded + waiting == 1  # scored once, so counted once
