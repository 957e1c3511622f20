"""Reading an attempt: what the clock decided is applied first, so no read shows an attempt open past its time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from assess.delivery.closing import close_if_overdue
from assess.delivery.delivered import Delivered, delivered, load_attempt


def get_attempt(session: Session, tenant_id: int, attempt_id: int, *, now: datetime) -> Delivered:
    """Read an attempt of the tenant, closing it first if its deadline has passed."""
    attempt = load_attempt(session, tenant_id, attempt_id)
    close_if_overdue(session, attempt, now=now)
    return delivered(session, attempt)
