"""Statements per operation on the path production runs, so adding a query to a hot path fails a test.

As SQLAlchemy guards its own hot paths (`assert_sql_count`): the count is of statements the server executes,
counted at the driver (an executemany of N rows is N), and the save's must be one, run in autocommit on
PostgreSQL, so it is one round trip with no BEGIN or COMMIT. To move a count, change it here, on purpose.
"""

from __future__ import annotations

import uuid
from contextlib import contextmanager

from sqlalchemy.orm import Session

from assess.delivery.material import MATERIAL
from itembank.keys import issue_key
from itembank.models import Tenant

# Counted at the driver (tests/production/conftest.py): SQLite's trace includes BEGIN and COMMIT, psycopg
# sends those outside its cursors. Submit's 15 credits are one UPDATE and its analytics changes one INSERT
# per delta table, each of fixed text (`assess.set_based`; they were 15 + 240 row executions); one statement
# is the lock on the learner's attempts that serialises scoring with voiding (`lock_learner_attempts`).
# A new attempt's start (issue 12, was 13 and 29, then 5 and 7): the key, one read of the assessment, its
# fixed slots' delivered versions (their content cached after the warm-up learner) and the learner, the
# attempt, its 15 questions.
# A submit (issue 12, was 12 and 14): the attempt with its revision's rules, the lock, the claim, the questions
# under lock (their content cached), the credits, the outcome, the learner's scored attempts, two delta
# INSERTs, the usage; no ORM load of the attempt.
EXPECTED = {
    "postgresql": {"start": 4, "save": 1, "submit": 10},
    "sqlite": {"start": 6, "save": 3, "submit": 12},
}


@contextmanager
def counted(deployment):
    deployment.statements.seen.clear()
    deployment.statements.counting = True
    try:
        yield deployment.statements.seen
    finally:
        deployment.statements.counting = False


def _learner_flow(deployment, assessment_id):
    client = deployment.app.test_client()
    key = {"Authorization": f"Bearer {deployment.key}"}
    with counted(deployment) as start:
        started = client.post(
            f"/api/v1/assessments/{assessment_id}/attempts", json={"learner_id": f"l-{uuid.uuid4().hex}"}, headers=key
        )
    assert started.status_code == 201, started.json
    start = list(start)
    learner = {"Authorization": f"Bearer {started.json['learner_token']}"}
    saves = []
    for question in started.json["questions"]:
        with counted(deployment) as save:
            saved = client.put(
                f"/api/v1/attempts/{started.json['id']}/questions/{question['position']}/response",
                json={"response": {"option": question["options"][0]["id"]}, "seq": 1},
                headers=learner,
            )
        assert saved.status_code == 200, saved.json
        saves.append(list(save))
    with counted(deployment) as submit:
        submitted = client.post(f"/api/v1/attempts/{started.json['id']}/submit", headers=learner)
    assert submitted.status_code == 200, submitted.json
    return start, saves, list(submit)


def test_statements_per_start_save_and_submit(deployment):
    assessment_id = deployment.assessment(questions=15)
    _learner_flow(deployment, assessment_id)  # warm-up: mapper configuration, first connections
    start, saves, submit = _learner_flow(deployment, assessment_id)
    expected = EXPECTED[deployment.backend]
    print(f"{deployment.backend}: start {len(start)}, saves {sorted({len(s) for s in saves})}, submit {len(submit)}")
    assert len(start) == expected["start"], "\n".join(sql for sql, _ in start)
    written = [sql.split()[2] for sql, _ in start if sql.startswith("INSERT")]
    assert written == ["attempt", "attempt_question"], "one INSERT per table, whatever the number of questions"
    assert {len(save) for save in saves} == {expected["save"]}, saves[0]
    assert len(submit) == expected["submit"], "\n".join(sql for sql, _ in submit)


def test_a_save_is_one_update_in_autocommit_on_postgresql_and_in_a_transaction_on_sqlite(deployment):
    assessment_id = deployment.assessment(questions=3)
    _start, saves, _submit = _learner_flow(deployment, assessment_id)
    for save in saves:
        if deployment.backend == "postgresql":
            [(sql, autocommit)] = save
            assert sql.startswith("UPDATE attempt_question SET") and autocommit
        else:
            assert [sql.split()[0] for sql, _ in save] == ["BEGIN", "UPDATE", "COMMIT"]


def test_a_read_asks_the_clock_once_and_writes_nothing_when_nothing_is_overdue(deployment):
    """Results, lists (whatever state they ask for) and analytics close overdue attempts first: with none
    overdue that is one SELECT (an index of open attempts, tests/integration/test_clock.py), and no write."""
    assessment_id = deployment.assessment(questions=3, time_limit_seconds=600)
    _learner_flow(deployment, assessment_id)  # one scored attempt, and one still open before its deadline:
    client = deployment.app.test_client()
    key = {"Authorization": f"Bearer {deployment.key}"}
    opened = client.post(f"/api/v1/assessments/{assessment_id}/attempts", json={"learner_id": "open"}, headers=key)
    assert opened.status_code == 201
    with Session(deployment.engine) as session:
        _key, analytics = issue_key(session, session.get(Tenant, deployment.tenant_id), ("analytics",), "reads")
        session.commit()
    reads = {
        f"/api/v1/assessments/{assessment_id}/results": key,
        f"/api/v1/assessments/{assessment_id}/results?learner_id=open": key,
        "/api/v1/attempts?state=scored": key,
        "/api/v1/attempts?learner_id=open&state=in_progress": key,
        f"/api/v1/assessments/{assessment_id}/analytics": {"Authorization": f"Bearer {analytics}"},
    }
    for url, headers in reads.items():
        client.get(url, headers=headers)  # warm-up
        with counted(deployment) as seen:
            read = client.get(url, headers=headers)
        assert read.status_code == 200, read.json
        asked = [sql for sql, _ in seen if "closes_at <" in sql]
        assert len(asked) == 1 and asked[0].startswith("SELECT attempt.id FROM attempt"), (url, seen)
        assert not [sql for sql, _ in seen if sql.split()[0] in ("UPDATE", "INSERT", "DELETE")], (url, seen)


def test_a_start_reads_a_versions_content_once_per_process(deployment):
    """The delivered versions' content (`assess.delivery.material`) is read at a worker's first start of them."""
    assessment_id = deployment.assessment(questions=15)
    _learner_flow(deployment, assessment_id)
    MATERIAL.clear()
    cold, _saves, _submit = _learner_flow(deployment, assessment_id)
    warm, _saves, _submit = _learner_flow(deployment, assessment_id)
    assert len(cold) == len(warm) + 2, "\n".join(sql for sql, _ in cold)
    for content in ("FROM option", "item_version.stem"):
        assert [content in sql for sql, _ in cold].count(True) == 1
        assert not [sql for sql, _ in warm if content in sql]
