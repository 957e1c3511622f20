"""Reading a tenant's assessments. Every query is scoped by tenant, so another tenant's ids simply do not exist."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from assess.paging import safe_offset
from itembank.errors import NotFoundError
from itembank.models import Assessment, AssessmentSlot


@dataclass(frozen=True)
class AssessmentPage:
    assessments: list[Assessment]
    total: int


def list_assessments(
    session: Session, tenant_id: int, *, kind: str | None = None, offset: int = 0, limit: int = 50
) -> AssessmentPage:
    """Ordered by id, which never changes, so pages stay stable while assessments are added."""
    query = select(Assessment).where(Assessment.tenant_id == tenant_id)
    if kind is not None:
        query = query.where(Assessment.kind == kind)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(Assessment.id).offset(safe_offset(offset)).limit(limit).options(selectinload(Assessment.slots))
    ).all()
    return AssessmentPage(list(rows), total)


def get_assessment(session: Session, tenant_id: int, assessment_id: int) -> Assessment:
    assessment = session.scalar(
        select(Assessment)
        .where(Assessment.tenant_id == tenant_id, Assessment.id == assessment_id)
        .options(selectinload(Assessment.slots).selectinload(AssessmentSlot.item))
    )
    if assessment is None:
        raise NotFoundError(f"no assessment {assessment_id}")
    return assessment


def find_assessment(session: Session, tenant_id: int, reference: str) -> Assessment:
    """By id or by slug, as people type them at a terminal."""
    condition = Assessment.slug == reference
    if reference.isdigit():
        condition = condition | (Assessment.id == int(reference))
    assessment = session.scalar(select(Assessment).where(Assessment.tenant_id == tenant_id, condition))
    if assessment is None:
        raise NotFoundError(f"no assessment '{reference}'")
    return assessment
