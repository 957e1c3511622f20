"""Reading a tenant's assessments. Every query is scoped by tenant, so another tenant's ids simply do not exist."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from assess.paging import Page, page_of
from assess.queries import tenant_assessment
from itembank.errors import NotFoundError
from itembank.models import Assessment, AssessmentSlot


def list_assessments(
    session: Session, tenant_id: int, *, kind: str | None = None, offset: int = 0, limit: int = 50
) -> Page[Assessment]:
    """Ordered by id, which never changes, so pages stay stable while assessments are added."""
    query = select(Assessment).where(Assessment.tenant_id == tenant_id).options(selectinload(Assessment.slots))
    if kind is not None:
        query = query.where(Assessment.kind == kind)
    return page_of(session, query, order_by=Assessment.id, offset=offset, limit=limit)


def get_assessment(session: Session, tenant_id: int, assessment_id: int) -> Assessment:
    return tenant_assessment(
        session, tenant_id, assessment_id, selectinload(Assessment.slots).selectinload(AssessmentSlot.item)
    )


def find_assessment(session: Session, tenant_id: int, reference: str) -> Assessment:
    """By id or by slug, as people type them at a terminal."""
    condition = Assessment.slug == reference
    if reference.isdigit():
        condition = condition | (Assessment.id == int(reference))
    assessment = session.scalar(select(Assessment).where(Assessment.tenant_id == tenant_id, condition))
    if assessment is None:
        raise NotFoundError(f"no assessment '{reference}'")
    return assessment
