"""The server's clock as a service, on both databases: `close_overdue` closes exactly the overdue attempts it is
narrowed to, settles each close as it is made (where the API commits), and asks the database one question,
answered from an index of open attempts only, so that nothing overdue costs next to nothing."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, text

from assess.delivery import close_overdue, on_clock_decision
from assess.delivery.closing import overdue_attempts
from assess.models import Attempt
from assess.states import AttemptState, CloseReason
from itembank.models import Assessment
from tests.factories import AssessmentFactory, AttemptFactory, TenantFactory

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
LATER = T0 + timedelta(hours=1)


def test_close_overdue_closes_the_overdue_attempts_it_is_narrowed_to_and_settles_each(session):
    tenant = TenantFactory()
    timed = AssessmentFactory(tenant=tenant, questions=1, time_limit_seconds=60)
    other = AssessmentFactory(tenant=tenant, questions=1, time_limit_seconds=60)
    overdue = [AttemptFactory(assessment=timed, learner_id=name, started_at=T0) for name in ("ana", "ben")]
    still_open = AttemptFactory(assessment=timed, learner_id="cy", started_at=LATER - timedelta(seconds=30))
    untimed = AttemptFactory(assessment=AssessmentFactory(tenant=tenant, questions=1), learner_id="ana", started_at=T0)
    elsewhere = AttemptFactory(assessment=other, learner_id="ana", started_at=T0)
    settled = []
    on_clock_decision(session, lambda settling: settled.append(sorted(a.id for a in overdue if a.state == "scored")))

    assert close_overdue(session, tenant.id, now=LATER, assessment_id=timed.id) == 2
    assert settled == [[overdue[0].id], [overdue[0].id, overdue[1].id]]  # each close settled as it is made
    assert {(a.state, a.close_reason, a.submitted_at) for a in overdue} == {
        (AttemptState.SCORED, CloseReason.DEADLINE, T0 + timedelta(seconds=60))
    }
    assert {still_open.state, untimed.state, elsewhere.state} == {AttemptState.IN_PROGRESS}
    assert close_overdue(session, tenant.id, now=LATER, learner_id="ben") == 0
    assert close_overdue(session, tenant.id, now=LATER, learner_id="ana") == 1 and elsewhere.state == "scored"
    assert close_overdue(session, TenantFactory().id, now=LATER + timedelta(days=1)) == 0


def _attempts(session, tenant, *, scored: int, open_timed: int, open_untimed: int) -> Assessment:
    """Rows for the planner to weigh (written directly: only their indexed columns matter here)."""
    timed = AssessmentFactory(tenant=tenant, questions=1, time_limit_seconds=60)
    untimed = AssessmentFactory(tenant=tenant, questions=1)
    rows = []
    for number in range(scored):
        rows.append((timed, f"done-{number}", AttemptState.SCORED, T0 + timedelta(seconds=60)))
    for number in range(open_timed):
        rows.append((timed, f"timed-{number}", AttemptState.IN_PROGRESS, LATER + timedelta(minutes=5)))
    for number in range(open_untimed):
        rows.append((untimed, f"untimed-{number}", AttemptState.IN_PROGRESS, None))
    session.execute(
        insert(Attempt),
        [
            {
                "tenant_id": tenant.id,
                "assessment_id": assessment.id,
                "revision_id": assessment.current_revision.id,
                "learner_id": learner,
                "number": 1,
                "seed": 1,
                "state": state,
                "started_at": T0,
                "closes_at": closes_at,
                "points_possible": 1,
            }
            for assessment, learner, state, closes_at in rows
        ],
    )
    if session.bind.dialect.name == "postgresql":
        session.execute(text("ANALYZE attempt"))
    return timed


def _plan(session, query) -> str:
    sql = str(query.compile(dialect=session.bind.dialect, compile_kwargs={"literal_binds": True}))
    if session.bind.dialect.name == "sqlite":
        return " ".join(row[-1] for row in session.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
    # Rows this few are cheapest read whole; a real attempt table is not: which index serves, when one must.
    session.execute(text("SET LOCAL enable_seqscan = off"))
    try:
        return " ".join(row[0] for row in session.execute(text(f"EXPLAIN {sql}")))
    finally:
        session.execute(text("SET LOCAL enable_seqscan = on"))


OPEN_ONLY = ("ix_attempt_overdue", "uq_attempt_one_open")  # the partial indexes that hold open attempts only


@pytest.mark.parametrize("narrowed", [(), ("learner_id",), ("assessment_id",), ("assessment_id", "learner_id")])
def test_the_overdue_query_reads_a_partial_index_of_open_attempts(session, narrowed):
    """Whatever it is narrowed by, the query reads an index of open attempts only, never the attempt table:
    on SQLite the range of open attempts with a deadline passed (`ix_attempt_overdue`), on PostgreSQL that or,
    where its costs say so, the learner's open attempt (`uq_attempt_one_open`)."""
    tenant = TenantFactory()
    timed = _attempts(session, tenant, scored=400, open_timed=40, open_untimed=40)
    where = {"assessment_id": timed.id, "learner_id": "timed-1"}
    plan = _plan(session, overdue_attempts(tenant.id, now=LATER, **{name: where[name] for name in narrowed}))
    assert any(index in plan for index in OPEN_ONLY), plan
    if session.bind.dialect.name == "sqlite" and "assessment_id" not in narrowed:
        assert "ix_attempt_overdue (tenant_id=? AND closes_at<?)" in plan, plan
