"""Submits to one assessment share no analytics row, and folds racing them never lose or double count a delta:
on PostgreSQL, every request committing for real from its own thread, as production runs."""

from __future__ import annotations

import threading
import uuid

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from assess.analytics.folding import fold, pending
from assess.analytics.maintain import rebuild
from assess.analytics.reading import AnalyticsQuery, analytics_report
from assess.analytics.store import ROLLUP_CONTEXT, Selection, StatCell
from assess.delivery import submit_attempt
from assess.models import Attempt
from assess.voiding import void_attempt
from itembank.db import utcnow

LEARNERS = 4  # per race round, each with a scored first attempt and a second one in flight


def _answered(deployment, assessment_id, learner_id=None):
    """A started attempt with every question answered (its first option), and its learner's token header."""
    client = deployment.app.test_client()
    started = client.post(
        f"/api/v1/assessments/{assessment_id}/attempts",
        json={"learner_id": learner_id or f"l-{uuid.uuid4().hex}"},
        headers={"Authorization": f"Bearer {deployment.key}"},
    )
    assert started.status_code in (200, 201), started.json
    attempt, learner = started.json, {"Authorization": f"Bearer {started.json['learner_token']}"}
    for question in attempt["questions"]:
        saved = client.put(
            f"/api/v1/attempts/{attempt['id']}/questions/{question['position']}/response",
            json={"response": {"option": question["options"][0]["id"]}, "seq": 1},
            headers=learner,
        )
        assert saved.status_code == 200
    return attempt, learner


def _report_tables(session, tenant_id, assessment_id):
    return {
        selection: analytics_report(
            session, tenant_id, assessment_id, AnalyticsQuery(selection=selection), now=utcnow()
        ).tables
        for selection in Selection
    }


def test_a_submit_does_not_wait_for_another_submit_or_a_fold_of_the_same_assessment(postgresql):
    """Before the deltas, the second submit queued on the rollup rows the first had upserted until it committed
    (here: past its lock_timeout). Now each appends rows of its own, and a fold holds only the cells."""
    assessment_id = postgresql.assessment(questions=3)
    first, second, third = (_answered(postgresql, assessment_id)[0] for _ in range(3))
    with Session(postgresql.engine) as holding, Session(postgresql.engine) as folding:
        submit_attempt(holding, postgresql.tenant_id, first["id"], now=utcnow())  # flushed, its locks held
        assert pending(holding, assessment_id) > 0
        assert fold(folding, assessment_id)  # the deltas committed before: none, but the fold holds its lock
        for attempt in (second, third):
            with Session(postgresql.engine) as other:
                other.execute(text("SET LOCAL lock_timeout = '1s'"))  # a wait on a lock raises, not a clock
                submit_attempt(other, postgresql.tenant_id, attempt["id"], now=utcnow())
                other.commit()
            assert fold(folding, assessment_id) is True  # a fold holds its lock for its transaction: reentrant
        folding.commit()
        holding.commit()
    with Session(postgresql.engine) as session:
        live = _report_tables(session, postgresql.tenant_id, assessment_id)
        assert live[Selection.ALL].slots[0].versions[0].cells  # three attempts counted
        assert sum(live[Selection.ALL].totals.values()) == 3
        rebuild(session, assessment_id)
        assert _report_tables(session, postgresql.tenant_id, assessment_id) == live
        session.rollback()


def test_a_second_fold_skips_while_the_first_holds_the_lock(postgresql):
    assessment_id = postgresql.assessment(questions=2)
    attempt, learner = _answered(postgresql, assessment_id)
    _submit(postgresql, attempt, learner)
    with Session(postgresql.engine) as one, Session(postgresql.engine) as two:
        assert fold(one, assessment_id)
        assert fold(two, assessment_id) is False  # not queued on the first's cell rows: skipped
        assert pending(two, assessment_id) > 0  # and the deltas are still there for it to read
        one.commit()
        two.rollback()
    with Session(postgresql.engine) as session:
        assert pending(session, assessment_id) == 0


def _submit(deployment, attempt, learner):
    answer = deployment.app.test_client().post(f"/api/v1/attempts/{attempt['id']}/submit", headers=learner)
    assert answer.status_code == 200, answer.json


def _void(deployment, attempt):
    answer = deployment.app.test_client().post(
        f"/api/v1/attempts/{attempt['id']}/void",
        json={"reason": "race"},
        headers={"Authorization": f"Bearer {deployment.key}"},
    )
    assert answer.status_code == 200, answer.json


def _fold_until(deployment, assessment_id, done, folds):
    while not done.is_set():
        with Session(deployment.engine) as session:
            folds.append(fold(session, assessment_id))
            session.commit()


def _in_threads(*works):
    """Run each (callable, *args) in its own thread; the first error, re-raised in the test's thread."""
    errors = []

    def run(work, *args):
        try:
            work(*args)
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=work) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]


def test_folds_racing_submits_and_voids_never_lose_or_double_count_a_delta(postgresql):
    """Submits (learners' second attempts) and voids (their first) commit from their own threads while folds
    commit in a loop beside them: a delta committed during a fold must be folded by a later one, exactly once."""
    assessment_id = postgresql.assessment(questions=4, shuffle_questions=False)
    rounds, folds = 5, []
    for round_ in range(rounds):
        seconds, firsts = [], []
        for _ in range(LEARNERS):
            first, learner = _answered(postgresql, assessment_id)
            _submit(postgresql, first, learner)
            firsts.append(first)
            seconds.append(_answered(postgresql, assessment_id, first["learner_id"]))
        done = threading.Event()
        folding = threading.Thread(target=_fold_until, args=(postgresql, assessment_id, done, folds))
        folding.start()
        try:
            _in_threads(
                *((_submit, postgresql, *second) for second in seconds),
                *((_void, postgresql, first) for first in firsts[round_ % 2 :: 2]),
            )
        finally:
            done.set()
            folding.join(timeout=60)
    assert folds.count(True) > rounds  # folds ran while the submits and voids did
    with Session(postgresql.engine) as session:
        live = _report_tables(session, postgresql.tenant_id, assessment_id)
        scored = session.scalar(
            select(func.count()).where(Attempt.assessment_id == assessment_id, Attempt.state == "scored")
        )
        assert sum(live[Selection.ALL].totals.values()) == scored
        assert fold(session, assessment_id) and pending(session, assessment_id) == 0
        folded = session.scalar(
            select(func.sum(StatCell.count)).where(
                StatCell.assessment_id == assessment_id,
                StatCell.selection == "all",
                StatCell.slot_position == 1,
                StatCell.context_id == ROLLUP_CONTEXT,
            )
        )
        assert folded == scored
        assert _report_tables(session, postgresql.tenant_id, assessment_id) == live
        rebuild(session, assessment_id)
        assert _report_tables(session, postgresql.tenant_id, assessment_id) == live
        assert pending(session, assessment_id) == 0  # the rebuild left no delta beside the cells it wrote
        session.rollback()


def test_a_void_appends_deltas_too(postgresql):
    assessment_id = postgresql.assessment(questions=2)
    attempt, learner = _answered(postgresql, assessment_id)
    _submit(postgresql, attempt, learner)
    with Session(postgresql.engine) as session:
        assert fold(session, assessment_id)
        session.commit()
        void_attempt(session, postgresql.tenant_id, attempt["id"], by="test", reason="test", now=utcnow())
        assert pending(session, assessment_id) > 0
        assert sum(_report_tables(session, postgresql.tenant_id, assessment_id)[Selection.ALL].totals.values()) == 0
        session.rollback()
