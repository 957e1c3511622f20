"""Loading a course content file into a tenant's bank, idempotently.

Loading the same file twice changes nothing; a changed stem, option or feedback adds a new item version,
published (the file is the authored source), and the old one is retired but stays for the attempts that
used it. The file writes the bank through the same functions as the REST API (`itembank.authoring`).
Items dropped from the file leave its assessments but stay in the bank, because past attempts and
analytics refer to them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from marshmallow import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from itembank.authoring import create_item, get_or_create_bank, get_or_create_tenant, revise_item, set_tags
from itembank.drafts import ItemDraft, OptionDraft
from itembank.errors import AuthoringError, ContentFileError
from itembank.interchange.course_schema import CourseFileSchema
from itembank.models import (
    Assessment,
    AssessmentSlot,
    Bank,
    Course,
    Item,
    ItemType,
    Lesson,
    Module,
    Tenant,
)
from itembank.models.assessment import BASIS_POINTS
from itembank.revisions import record_revision
from itembank.workflow import claim_revision

DEFAULT_TENANT = "default"
DEFAULT_AUTHOR = "course file"
Progress = Callable[[str], None]


@dataclass
class LoadReport:
    """What a load did, so the CLI can say it and tests can assert that a second load did nothing."""

    items_created: list[str] = field(default_factory=list)
    items_revised: list[str] = field(default_factory=list)
    items_unchanged: list[str] = field(default_factory=list)
    assessments_created: list[str] = field(default_factory=list)
    assessments_updated: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.items_created or self.items_revised or self.assessments_created or self.assessments_updated)


def read_course_file(path: Path) -> dict[str, Any]:
    """Parse and validate a content file; errors name the file and every offending field path."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ContentFileError(f"{path}: cannot read: {exc}") from exc
    if not isinstance(raw, Mapping):
        raise ContentFileError(f"{path}: expected a mapping at the top level")
    try:
        return CourseFileSchema().load(raw)
    except ValidationError as exc:
        fields = flatten_messages(exc.messages)
        summary = "; ".join(f"{key}: {' '.join(msgs)}" for key, msgs in sorted(fields.items()))
        raise ContentFileError(f"{path}: {summary}", fields) from exc


def count_questions(content: Mapping[str, Any]) -> int:
    return sum(len(assessment["questions"]) for assessment in content["assessments"])


def load_course(
    session: Session,
    content: Mapping[str, Any],
    *,
    tenant_slug: str = DEFAULT_TENANT,
    author: str = DEFAULT_AUTHOR,
    progress: Progress | None = None,
) -> LoadReport:
    """Bring the tenant's bank in line with validated content; flushes, never commits. `author` is recorded on
    every version the load writes (the CLI names the file)."""
    report = LoadReport()
    tenant = get_or_create_tenant(session, tenant_slug)
    course = _upsert_course(session, tenant, content["course"])
    module = _upsert_module(session, course, content["module"])
    lessons = {data["slug"]: _upsert_lesson(session, module, data) for data in content["lessons"]}
    bank = get_or_create_bank(session, tenant, course.slug, course.title)
    for data in content["assessments"]:
        items = []
        for question in data["questions"]:
            items.append(_sync_item(session, bank, question, lessons, report, author))
            if progress:
                progress(question["id"])
        _sync_assessment(session, tenant, module, lessons, data, items, report)
    session.flush()
    return report


def _upsert_course(session: Session, tenant: Tenant, data: Mapping[str, Any]) -> Course:
    course = session.scalar(select(Course).where(Course.tenant_id == tenant.id, Course.slug == data["slug"]))
    if course is None:
        course = Course(tenant_id=tenant.id, slug=data["slug"], title=data["title"])
        session.add(course)
    _assign(course, title=data["title"])
    session.flush()
    return course


def _upsert_module(session: Session, course: Course, data: Mapping[str, Any]) -> Module:
    module = session.scalar(select(Module).where(Module.course_id == course.id, Module.slug == data["slug"]))
    if module is None:
        module = Module(course_id=course.id, slug=data["slug"], number=data["number"], title=data["title"])
        session.add(module)
    _assign(module, number=data["number"], title=data["title"])
    session.flush()
    return module


def _upsert_lesson(session: Session, module: Module, data: Mapping[str, Any]) -> Lesson:
    lesson = session.scalar(select(Lesson).where(Lesson.module_id == module.id, Lesson.slug == data["slug"]))
    if lesson is None:
        lesson = Lesson(module_id=module.id, slug=data["slug"], number=data["number"], title=data["title"])
        session.add(lesson)
    _assign(lesson, number=data["number"], title=data["title"], subtitle=data["subtitle"])
    session.flush()
    return lesson


def question_draft(question: Mapping[str, Any]) -> ItemDraft:
    """The draft a validated question of a content file (or of a bank file) describes."""
    feedback = question["feedback"]
    return ItemDraft(
        type=ItemType(question["type"]),
        stem=question["stem"],
        options=tuple(
            OptionDraft(text=option["text"], correct=option["correct"], rationale=option["rationale"])
            for option in question["options"]
        ),
        points=question["points"],
        feedback_correct=feedback.get("correct"),
        feedback_incorrect=feedback.get("incorrect"),
        feedback_general=feedback.get("general"),
        spec=dict(question["spec"]),
    )


def _sync_item(
    session: Session,
    bank: Bank,
    question: Mapping[str, Any],
    lessons: Mapping[str, Lesson],
    report: LoadReport,
    author: str,
) -> Item:
    ref = question["id"]
    draft = question_draft(question)
    lesson = lessons.get(question["lesson"]) if question["lesson"] else None
    item = session.scalar(select(Item).where(Item.bank_id == bank.id, Item.ref == ref))
    try:  # authoring checks the draft before writing anything; its errors are named by file position here
        if item is None:
            item = create_item(
                session,
                bank,
                ref,
                draft,
                author=author,
                lesson=lesson,
                objective=question["objective"],
                tags=question["tags"],
                publish=True,
            )
            report.items_created.append(ref)
            return item
        revised = revise_item(session, item, draft, author=author)
        (report.items_revised if revised else report.items_unchanged).append(ref)
    except AuthoringError as exc:
        fields = {f"question {ref}.{path}": messages for path, messages in exc.fields.items()}
        raise ContentFileError(f"question {ref}: {exc}", fields) from exc
    described = _assign(item, lesson=lesson, objective=question["objective"])
    if set_tags(session, item, question["tags"]) or described:
        claim_revision(session, item, None)  # an ETag read before this load no longer names the item
    return item


def _sync_assessment(
    session: Session,
    tenant: Tenant,
    module: Module,
    lessons: Mapping[str, Lesson],
    data: Mapping[str, Any],
    items: list[Item],
    report: LoadReport,
) -> Assessment:
    assessment = session.scalar(
        select(Assessment).where(Assessment.tenant_id == tenant.id, Assessment.slug == data["slug"])
    )
    created = assessment is None
    if assessment is None:
        assessment = Assessment(tenant_id=tenant.id, slug=data["slug"])
        session.add(assessment)
    changed = _assign(
        assessment,
        kind=data["kind"],
        title=data["title"],
        subtitle=data["subtitle"],
        course=module.course,
        module=module,
        lesson=lessons[data["lesson"]] if data["lesson"] else None,
        pass_threshold_bp=int(data["pass_percent"] * BASIS_POINTS / 100),
        feedback_policy=data["feedback"],
        grading_method=data["grading"],
        shuffle_questions=data["shuffle_questions"],
        shuffle_options=data["shuffle_options"],
        time_limit_seconds=data["time_limit_seconds"],
        grace_seconds=data["grace_seconds"],
        max_attempts=data["max_attempts"],
    )
    if [slot.item_id for slot in assessment.slots] != [item.id for item in items]:
        assessment.slots.clear()
        session.flush()
        assessment.slots.extend(
            AssessmentSlot(position=position, item_id=item.id) for position, item in enumerate(items, start=1)
        )
        changed = True
    session.flush()
    # The file is the published course: an edit is the assessment's next revision, which new attempts start on.
    record_revision(session, assessment, author="course file")
    if created:
        report.assessments_created.append(assessment.slug)
    elif changed:
        report.assessments_updated.append(assessment.slug)
    return assessment


def _assign(obj: object, **values: Any) -> bool:
    """Set only what differs, so an unchanged load leaves the session clean and the database untouched."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def flatten_messages(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    if isinstance(messages, Mapping):
        flat: dict[str, list[str]] = {}
        for key, value in messages.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            flat.update(flatten_messages(value, path))
        return flat
    if isinstance(messages, list) and all(isinstance(message, str) for message in messages):
        return {prefix or "_schema": list(messages)}
    return {prefix or "_schema": [str(messages)]}
