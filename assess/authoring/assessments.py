"""Assessments through the API: create a draft, change it, publish it; then every change is a new revision.

A draft is edited in place and cannot be started. Publishing checks the rules (`publishing`) and freezes the
settings and slots as revision 1. A change to a published assessment must pass the same rules and becomes the
next revision at once: new attempts start on it, attempts already started keep theirs (`Attempt.revision`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from assess.authoring.publishing import publish_problems
from assess.queries import tenant_assessment
from itembank.errors import AuthoringError
from itembank.models import (
    SETTINGS,
    Assessment,
    AssessmentSlot,
    AssessmentStatus,
    Bank,
    Course,
    Item,
    Lesson,
    Module,
    Pool,
)
from itembank.revisions import record_revision

PLACEMENT = ("course_id", "module_id", "lesson_id")


@dataclass(frozen=True)
class SlotSpec:
    """`count` slots in a row: each the fixed item, or each one draw from the pool; `points` None: the item's."""

    item_id: int | None = None
    pool_id: int | None = None
    count: int = 1
    points: int | None = None


def authored_assessment(session: Session, tenant_id: int, assessment_id: int) -> Assessment:
    """The tenant's assessment with what authoring reads: its slots, their pools, its revisions."""
    return tenant_assessment(
        session,
        tenant_id,
        assessment_id,
        selectinload(Assessment.slots).joinedload(AssessmentSlot.pool),
        selectinload(Assessment.revisions),
        joinedload(Assessment.current_revision),
    )


def create_assessment(session: Session, tenant_id: int, fields: Mapping[str, Any]) -> Assessment:
    """A draft: `fields` are the slug, kind, title and any settings, placement (`PLACEMENT`) and slots."""
    assessment = Assessment(tenant_id=tenant_id, status=AssessmentStatus.DRAFT, revision_number=0, slots=[])
    session.add(assessment)
    return _apply(session, assessment, fields, author=None)


def update_assessment(
    session: Session, tenant_id: int, assessment_id: int, changes: Mapping[str, Any], *, author: str | None
) -> Assessment:
    """Change a draft in place; a published assessment gets a new revision, checked as a publish is."""
    return _apply(session, authored_assessment(session, tenant_id, assessment_id), changes, author=author)


def publish_assessment(session: Session, tenant_id: int, assessment_id: int, *, author: str | None) -> Assessment:
    """Publish a draft as revision 1. Publishing a published assessment changes nothing (a retry is harmless)."""
    assessment = authored_assessment(session, tenant_id, assessment_id)
    if assessment.status == AssessmentStatus.PUBLISHED:
        return assessment
    _refuse_problems(session, assessment)
    record_revision(session, assessment, author=author)
    return assessment


def _apply(session: Session, assessment: Assessment, changes: Mapping[str, Any], *, author: str | None) -> Assessment:
    problems: dict[str, list[str]] = {}
    with session.no_autoflush:  # a new assessment is flushed whole, once its fields are set
        if "slug" in changes and changes["slug"] != assessment.slug:
            _check_slug(session, assessment, changes["slug"], problems)
        for name in ("slug", "kind", "subtitle", *SETTINGS):
            if name in changes:
                setattr(assessment, name, changes[name])
        if any(name in changes for name in PLACEMENT):
            _place(session, assessment, {name: changes.get(name) for name in PLACEMENT}, problems)
        if "slots" in changes:
            _set_slots(session, assessment, changes["slots"], problems)
    if problems:
        raise AuthoringError("the assessment breaks authoring rules", problems)
    session.flush()
    if assessment.status == AssessmentStatus.PUBLISHED:
        _refuse_problems(session, assessment)
        record_revision(session, assessment, author=author)
    return assessment


def _check_slug(session: Session, assessment: Assessment, slug: str, problems: dict[str, list[str]]) -> None:
    taken = session.scalar(
        select(Assessment.id).where(Assessment.tenant_id == assessment.tenant_id, Assessment.slug == slug)
    )
    if taken is not None:
        problems["slug"] = [f"assessment {taken} already has the slug {slug!r}"]


def _place(
    session: Session, assessment: Assessment, given: dict[str, int | None], problems: dict[str, list[str]]
) -> None:
    """Set the course, module and lesson together; the parents of the most specific one given are filled in."""
    lesson = module = course = None
    if given["lesson_id"] is not None:
        lesson = _tenant_row(session, Lesson, given["lesson_id"], assessment.tenant_id)
        if lesson is None:
            problems["lesson_id"] = [f"no lesson {given['lesson_id']}"]
            return
        module = lesson.module
    if given["module_id"] is not None:
        found = _tenant_row(session, Module, given["module_id"], assessment.tenant_id)
        if found is None or (module is not None and found.id != module.id):
            problems["module_id"] = [f"no module {given['module_id']}" if found is None else "is not the lesson's"]
            return
        module = found
    if module is not None:
        course = module.course
    if given["course_id"] is not None:
        found_course = session.scalar(
            select(Course).where(Course.id == given["course_id"], Course.tenant_id == assessment.tenant_id)
        )
        if found_course is None or (course is not None and found_course.id != course.id):
            message = f"no course {given['course_id']}" if found_course is None else "is not the module's"
            problems["course_id"] = [message]
            return
        course = found_course
    assessment.course, assessment.module, assessment.lesson = course, module, lesson


def _tenant_row(session: Session, model: type[Lesson] | type[Module], row_id: int, tenant_id: int) -> Any:
    query = select(model).where(model.id == row_id)
    query = (query.join(Module) if model is Lesson else query).join(Course).where(Course.tenant_id == tenant_id)
    return session.scalar(query)


def _set_slots(
    session: Session, assessment: Assessment, specs: Sequence[SlotSpec], problems: dict[str, list[str]]
) -> None:
    """Replace the slots: each spec becomes `count` slots in a row, positions 1, 2, ... in the order given."""
    items = _tenant_ids(session, Item, [spec.item_id for spec in specs], assessment.tenant_id)
    pools = {
        pool.id: pool
        for pool in session.scalars(
            select(Pool)
            .join(Bank)
            .where(Pool.id.in_([s.pool_id for s in specs]), Bank.tenant_id == assessment.tenant_id)
        )
    }
    for index, spec in enumerate(specs):
        if (spec.item_id is None) == (spec.pool_id is None):
            problems[f"slots.{index}"] = ["give an item_id or a pool_id, not both"]
        elif spec.item_id is not None and spec.item_id not in items:
            problems[f"slots.{index}.item_id"] = [f"no item {spec.item_id}"]
        elif spec.pool_id is not None and spec.pool_id not in pools:
            problems[f"slots.{index}.pool_id"] = [f"no pool {spec.pool_id}"]
    if problems:
        return
    assessment.slots.clear()
    session.flush()  # the old positions go before the new ones take them (a unique constraint)
    for spec in specs:
        for _ in range(spec.count):
            assessment.slots.append(
                AssessmentSlot(
                    position=len(assessment.slots) + 1,
                    item_id=spec.item_id,
                    pool=None if spec.pool_id is None else pools[spec.pool_id],
                    points=spec.points,
                )
            )


def _tenant_ids(session: Session, model: type[Item], ids: Sequence[int | None], tenant_id: int) -> set[int]:
    wanted = [row_id for row_id in ids if row_id is not None]
    return set(session.scalars(select(model.id).join(Bank).where(model.id.in_(wanted), Bank.tenant_id == tenant_id)))


def _refuse_problems(session: Session, assessment: Assessment) -> None:
    problems = publish_problems(session, assessment)
    if problems:
        raise PublishRuleError("the assessment cannot be published as it stands", problems)


class PublishRuleError(AuthoringError):
    """A publish, or a change to a published assessment, that breaks a publishing rule."""

    kind = "not-publishable"
