"""An integration's incremental gradebook sync over attempts that are started, submitted, closed by the clock
and voided between its runs: each change is read once, none missed, none repeated, in windows that end SETTLE
before now and pages that follow the last row (its time and id), not an offset."""

from datetime import UTC, datetime, timedelta

import pytest

import assess.attempt_list
from assess.attempt_list import AttemptFilter, list_attempts
from assess.delivery import save_response, start_attempt, submit_attempt
from assess.models import Attempt
from assess.voiding import void_attempt
from tests.factories import AssessmentFactory, keyed_option

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
PAGE = 2


@pytest.fixture(autouse=True)
def settle_5s(monkeypatch):
    """The windowing is what these tests check, at a 5 s settle so their clocks stay short (SETTLE is 60 s)."""
    monkeypatch.setattr("assess.attempt_list.SETTLE", timedelta(seconds=5))


def _sync(session, tenant_id, since, now, stamp="updated_since"):
    """One run of the client: every window page after `since`; returns the (id, time) pairs read and the next since."""
    seen, cursor, after, until = [], since, None, None
    while True:
        listed = list_attempts(
            session, tenant_id, AttemptFilter(**{stamp: cursor}, after_id=after, until=until), now=now, limit=PAGE
        )
        until = listed.sync_until
        rows = listed.page.items
        column = "updated_at" if stamp == "updated_since" else "submitted_at"
        seen += [(row.id, getattr(row, column), row.state) for row in rows]
        if len(rows) < PAGE:
            return seen, until
        cursor, after = getattr(rows[-1], column), rows[-1].id


def _start(session, assessment, learner, when):
    return start_attempt(session, assessment.tenant_id, assessment.id, learner, now=when).attempt


def _submit(session, attempt, when):
    question = attempt.questions[0]
    save_response(session, attempt.tenant_id, attempt.id, 1, {"option": keyed_option(question)}, seq=1, now=when)
    submit_attempt(session, attempt.tenant_id, attempt.id, now=when)


def test_a_sync_reads_every_change_once_across_runs(session):
    assessment = AssessmentFactory(questions=1, time_limit_seconds=60, grace_seconds=0)
    tenant = assessment.tenant_id
    since, everything = T0 - timedelta(days=1), []

    attempts = [_start(session, assessment, f"l-{n}", T0 + timedelta(seconds=n)) for n in range(5)]
    seen, since = _sync(session, tenant, since, now=T0 + timedelta(seconds=6))  # the later starts not yet settled
    everything += seen
    assert [row[0] for row in seen] == [attempts[0].id]  # only what is SETTLE old: 5 s before now

    _submit(session, attempts[1], T0 + timedelta(seconds=20))
    void_attempt(session, tenant, attempts[2].id, by="lms", reason="test", now=T0 + timedelta(seconds=21))
    seen, since = _sync(session, tenant, since, now=T0 + timedelta(seconds=40))
    everything += seen

    # attempts 0, 3 and 4 time out at 60-64 s: the next sync closes them (stamped then) and reads them.
    later = T0 + timedelta(seconds=90)
    seen, since = _sync(session, tenant, since, now=later)
    assert since == later - assess.attempt_list.SETTLE
    everything += seen
    seen, since = _sync(session, tenant, since, now=later + timedelta(seconds=30))
    everything += seen

    assert len(everything) == len(set(everything))  # nothing repeated
    states = {}
    for attempt_id, _stamp, state in everything:
        states[attempt_id] = state
    stored = {a.id: a.state for a in session.query(Attempt).filter(Attempt.assessment_id == assessment.id)}
    assert states == stored  # the last state read of each attempt is the one stored
    changes = {(attempt_id, stamp) for attempt_id, stamp, _ in everything}
    # Read as they stood at each run: run 1 the settled start of l-0; run 2 l-1 submitted and l-2 voided (their
    # starts were superseded before they were read) and the starts of l-3 and l-4; run 3 the clock's three closes.
    assert len(changes) == 1 + 4 + 3


def test_a_row_changed_while_a_window_is_paged_is_read_in_the_next_window(session):
    assessment = AssessmentFactory(questions=1)
    attempts = [_start(session, assessment, f"l-{n}", T0) for n in range(2 * PAGE + 1)]
    now = T0 + timedelta(minutes=1)
    first = list_attempts(
        session, assessment.tenant_id, AttemptFilter(updated_since=T0 - timedelta(hours=1)), now=now, limit=PAGE
    )
    read = [row.id for row in first.page.items]
    _submit(session, attempts[0], now)  # moves out of the window being paged (its new stamp is after `until`)
    cursor, after = first.page.items[-1].updated_at, first.page.items[-1].id
    while True:
        page = list_attempts(
            session,
            assessment.tenant_id,
            AttemptFilter(updated_since=cursor, after_id=after, until=first.sync_until),
            now=now,
            limit=PAGE,
        ).page.items
        read += [row.id for row in page]
        if len(page) < PAGE:
            break
        cursor, after = page[-1].updated_at, page[-1].id
    assert sorted(read) == sorted(a.id for a in attempts)  # an offset would have skipped one
    nxt = list_attempts(
        session,
        assessment.tenant_id,
        AttemptFilter(updated_since=first.sync_until),
        now=now + 2 * assess.attempt_list.SETTLE,
    )
    assert [row.id for row in nxt.page.items] == [attempts[0].id]


def test_submitted_since_reads_closes_only_with_deadline_closes_at_their_deadline(session):
    assessment = AssessmentFactory(questions=1, time_limit_seconds=60, grace_seconds=0)
    timed_out = _start(session, assessment, "slow", T0)
    submitted = _start(session, assessment, "quick", T0)
    _submit(session, submitted, T0 + timedelta(seconds=30))
    seen, since = _sync(session, assessment.tenant_id, T0, now=T0 + timedelta(minutes=5), stamp="submitted_since")
    assert {row[0]: row[1] for row in seen} == {
        submitted.id: T0 + timedelta(seconds=30),
        timed_out.id: T0 + timedelta(seconds=60),
    }
    again, _ = _sync(session, assessment.tenant_id, since, now=T0 + timedelta(minutes=6), stamp="submitted_since")
    assert again == []
