"""Listing a tenant's attempts for integrations: filtered, paged by id, with each attempt's outcome.

Attempts past their deadline are closed before the list is read, as on any read, and whatever state the
list asks for, so a list never shows as open an attempt that can no longer take an answer, and a list of
scored attempts has every attempt the clock has closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from assess.delivery import close_overdue
from assess.models import Attempt
from assess.paging import Page, page_of

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
    # Narrowed only by what cannot change when an attempt closes: the state filter is applied after.
    close_overdue(session, tenant_id, now=now, assessment_id=where.assessment_id, learner_id=where.learner_id)
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
