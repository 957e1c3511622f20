"""An attempt as the caller sees it, loaded whole in a fixed number of statements."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from assess.models import Attempt, AttemptQuestion
from assess.queries import AttemptUsage, attempt_usage
from assess.states import AttemptState
from itembank.errors import NotFoundError
from itembank.models import ItemVersion


@dataclass(frozen=True)
class Delivered:
    """An attempt as a view shows it; `usage` is set once it is scored, for the explicit pass outcome."""

    attempt: Attempt
    usage: AttemptUsage | None = None
    resumed: bool = False


def delivered(session: Session, attempt: Attempt, *, resumed: bool = False) -> Delivered:
    usage = attempt_usage(session, attempt) if attempt.state == AttemptState.SCORED else None
    return Delivered(attempt, usage, resumed)


_WHOLE_FORM = (
    joinedload(Attempt.assessment),
    joinedload(Attempt.revision),  # what the attempt is scored, timed and reviewed by
    selectinload(Attempt.questions).joinedload(AttemptQuestion.version).selectinload(ItemVersion.options),
    selectinload(Attempt.questions).joinedload(AttemptQuestion.version).joinedload(ItemVersion.item),
)


def load_attempt(session: Session, tenant_id: int, attempt_id: int) -> Attempt:
    """The attempt with its form loaded in a fixed number of queries, however many questions it has.

    `populate_existing` because saves write with a bare UPDATE: objects already in the session may be stale.
    """
    query = (
        select(Attempt)
        .where(Attempt.id == attempt_id, Attempt.tenant_id == tenant_id)
        .options(*_WHOLE_FORM)
        .execution_options(populate_existing=True)
    )
    attempt = session.scalar(query)
    if attempt is None:
        raise NotFoundError(f"no attempt {attempt_id}")
    return attempt
