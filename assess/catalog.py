"""Reading a tenant's assessments. Every query is scoped by tenant, so another tenant's ids simply do not exist."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from assess.paging import Page, page_of
from assess.queries import tenant_assessment
from itembank.errors import NotFoundError
from itembank.models import Assessment, AssessmentSlot, AssessmentStatus, Course, Tenant


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


def published_by_course(session: Session, tenant_slug: str) -> list[tuple[Course | None, list[Assessment]]]:
    """The tenant's published assessments, grouped by course in load order (the demo start page's list).

    Within a course, lesson quizzes come by lesson number and the module's test after them."""
    query = (
        select(Assessment)
        .join(Tenant, Tenant.id == Assessment.tenant_id)
        .where(Tenant.slug == tenant_slug, Assessment.status == AssessmentStatus.PUBLISHED)
        .options(
            selectinload(Assessment.slots),
            selectinload(Assessment.course),
            selectinload(Assessment.lesson),
            selectinload(Assessment.module),
        )
        .order_by(Assessment.course_id, Assessment.id)
    )
    groups: dict[int | None, tuple[Course | None, list[Assessment]]] = {}
    for assessment in session.scalars(query):
        groups.setdefault(assessment.course_id, (assessment.course, []))[1].append(assessment)
    for _course, assessments in groups.values():
        assessments.sort(key=lambda found: (found.lesson is None, found.lesson.number if found.lesson else 0))
    return list(groups.values())


def tenant_id_of(session: Session, slug: str) -> int | None:
    return session.scalar(select(Tenant.id).where(Tenant.slug == slug))
