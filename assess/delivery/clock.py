"""The attempt's clock as the learner's page reads it: how long is left by the server's time, never the browser's.

A page polls it, so the common case is one indexed read of the attempt's row; only an attempt found past its
hard deadline is loaded whole, to be closed as every other read closes it (`close_if_overdue`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.delivery.closing import close_if_overdue
from assess.delivery.delivered import load_attempt
from assess.models import Attempt
from assess.states import AttemptState
from itembank.errors import NotFoundError

_SECOND = timedelta(seconds=1)


@dataclass(frozen=True)
class AttemptClock:
    attempt_id: int
    state: str
    now: datetime
    deadline_at: datetime | None
    closes_at: datetime | None

    @property
    def remaining_seconds(self) -> int | None:
        """Whole seconds to the deadline, rounded down (a page never shows more time than there is); 0 once it
        has passed or the attempt is closed; None without a time limit."""
        return _until(self.deadline_at, self)

    @property
    def closes_in_seconds(self) -> int | None:
        """Whole seconds, rounded up, until the server scores the attempt as saved (the deadline plus grace)."""
        if self.closes_at is None:
            return None
        if self.state != AttemptState.IN_PROGRESS or self.now >= self.closes_at:
            return 0
        return -((self.now - self.closes_at) // _SECOND)


def _until(moment: datetime | None, clock: AttemptClock) -> int | None:
    if moment is None:
        return None
    if clock.state != AttemptState.IN_PROGRESS or clock.now >= moment:
        return 0
    return (moment - clock.now) // _SECOND


def read_clock(session: Session, tenant_id: int, attempt_id: int, *, now: datetime) -> AttemptClock:
    """The attempt's state and deadlines at `now`, closing it first if its hard deadline has passed."""
    row = session.execute(
        select(Attempt.state, Attempt.deadline_at, Attempt.closes_at).where(
            Attempt.id == attempt_id, Attempt.tenant_id == tenant_id
        )
    ).one_or_none()
    if row is None:
        raise NotFoundError(f"no attempt {attempt_id}")
    state = row.state
    if state == AttemptState.IN_PROGRESS and row.closes_at is not None and now > row.closes_at:
        attempt = load_attempt(session, tenant_id, attempt_id)
        close_if_overdue(session, attempt, now=now)
        state = attempt.state
    return AttemptClock(attempt_id, state, now, row.deadline_at, row.closes_at)
