"""Listing a tenant's attempts for integrations: filtered, paged by id, with each attempt's outcome; or, for an
incremental gradebook sync, the attempts changed (or submitted) in a window of time.

A sync window is half-open, [since, until), read in (time, id) order, and ends SETTLE before now: a change is
stamped inside its request's transaction and becomes visible at its commit, a moment later, so a window that
ended at now could miss a change stamped just before it and committed just after. Passing each answer's
`until` as the next `since` (and, to page inside a window, the last row's time and id as `since` and
`after_id`, with the same `until`) reads every change once: none missed, none repeated. An attempt the clock
closes is stamped when it is closed (`updated_at`) and counts as submitted at its deadline (`submitted_at`);
the overdue ones are closed before the window is read, so a window never skips one.

Attempts past their deadline are closed before the list is read, as on any read, and whatever state the
list asks for, so a list never shows as open an attempt that can no longer take an answer, and a list of
scored attempts has every attempt the clock has closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from assess.delivery import close_overdue
from assess.models import Attempt
from assess.paging import Page, page_of

SelectT = TypeVar("SelectT", bound=Select)  # any Select, whatever its columns


SETTLE = timedelta(seconds=60)
"""How long before now a sync window ends: longer than any request can hold a stamped change uncommitted. A
request stamps its change when it begins; under gunicorn (`api.gunicorn_conf`) a worker that takes more than 30 s
is restarted and its transaction rolled back, and SQLite's writers wait at most 15 s for the write lock."""


@dataclass(frozen=True)
class AttemptFilter:
    assessment_id: int | None = None
    learner_id: str | None = None
    context_id: str | None = None
    state: str | None = None
    updated_since: datetime | None = None  # a sync window over `updated_at` (every change of outcome)
    submitted_since: datetime | None = None  # a sync window over `submitted_at` (closes only)
    after_id: int | None = None  # with a since: skip rows at exactly `since` up to this id (paging a window)
    until: datetime | None = None  # the window's end; at most, and by default, now - SETTLE


@dataclass(frozen=True)
class AttemptList:
    page: Page[Attempt]
    sync_until: datetime | None  # the end of the sync window read, when one was asked for


def list_attempts(
    session: Session, tenant_id: int, where: AttemptFilter, *, now: datetime, offset: int = 0, limit: int = 50
) -> AttemptList:
    """Ordered by id, which never changes, so pages stay stable while attempts are added; a sync window in
    (time, id) order."""
    # Narrowed only by what cannot change when an attempt closes: the state filter is applied after.
    close_overdue(session, tenant_id, now=now, assessment_id=where.assessment_id, learner_id=where.learner_id)
    query = _filtered(select(Attempt).where(Attempt.tenant_id == tenant_id), where)
    order_by: tuple[Any, ...] = (Attempt.id,)
    since = where.updated_since if where.updated_since is not None else where.submitted_since
    until = None
    if since is not None:
        stamp = Attempt.updated_at if where.updated_since is not None else Attempt.submitted_at
        until = now - SETTLE if where.until is None else min(where.until, now - SETTLE)
        query = query.where(stamp >= since, stamp < until)
        if where.after_id is not None:
            query = query.where(or_(stamp > since, Attempt.id > where.after_id))
        order_by = (stamp, Attempt.id)
    query = query.execution_options(populate_existing=True)
    return AttemptList(page_of(session, query, order_by=order_by, offset=offset, limit=limit), until)


def _filtered(query: SelectT, where: AttemptFilter) -> SelectT:
    """A Select in, the same Select out, narrowed by the filter's fields that are set."""
    if where.assessment_id is not None:
        query = query.where(Attempt.assessment_id == where.assessment_id)
    if where.learner_id is not None:
        query = query.where(Attempt.learner_id == where.learner_id)
    if where.context_id is not None:
        query = query.where(Attempt.context_id == where.context_id)
    if where.state is not None:
        query = query.where(Attempt.state == where.state)
    return query
