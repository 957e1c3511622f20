"""Listing a tenant's attempts for integrations: filtered, paged by id, with each attempt's outcome.

An attempt past its deadline is closed as it is listed, as on any read, so a list never shows as open an
attempt that can no longer take an answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from assess.delivery import close_if_overdue, load_attempt
from assess.models import Attempt
from assess.paging import Page, page_of
from assess.states import AttemptState

SelectT = TypeVar("SelectT", bound=Select)  # any Select, whatever its columns


@dataclass(frozen=True)
class AttemptFilter:
    assessment_id: int | None = None
    learner_id: str | None = None
    context_id: str | None = None
    state: str | None = None


def list_attempts(
    session: Session, tenant_id: int, where: AttemptFilter, *, now: datetime, offset: int = 0, limit: int = 50
) -> Page[Attempt]:
    """Ordered by id, which never changes, so pages stay stable while attempts are added."""
    overdue = select(Attempt.id).where(
        Attempt.tenant_id == tenant_id, Attempt.state == AttemptState.IN_PROGRESS, Attempt.closes_at < now
    )
    for attempt_id in session.scalars(_filtered(overdue, where)).all():
        close_if_overdue(session, load_attempt(session, tenant_id, attempt_id), now=now)
    query = _filtered(select(Attempt).where(Attempt.tenant_id == tenant_id), where)
    return page_of(
        session, query.execution_options(populate_existing=True), order_by=Attempt.id, offset=offset, limit=limit
    )


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
