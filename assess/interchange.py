"""Importing a file into a tenant's bank and its assessments, and exporting them, in any interchange format.

The items go through the bank's one import (`itembank.interchange.importing`); an assessment the file holds
(a QTI assessmentTest, a course file's quiz) is composed here from the items it imported, since assessments
are the engine's. It is created as a draft assessment to review and publish, or, when the tenant already has
one of that slug, given the file's items in the file's order (a published one gets its next revision, checked
as any change is). An item of the test that was not imported is reported as dropped from the assessment.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.authoring.assessments import SlotSpec, create_assessment, update_assessment
from itembank.errors import AuthoringError, NotFoundError
from itembank.interchange.exporting import exportable, exported_items, tenant_items
from itembank.interchange.formats import EXPORT_FORMATS, read_file
from itembank.interchange.importing import Progress, import_items, slug_of
from itembank.interchange.parsed import Dropped, ParsedAssessment
from itembank.interchange.report import CREATED, REFUSED, UNCHANGED, AssessmentOutcome, ImportReport
from itembank.models import Assessment, AssessmentKind, Item, Tenant


def import_file(
    session: Session,
    tenant: Tenant,
    path: Path,
    *,
    format_name: str | None = None,
    file_name: str | None = None,
    bank_slug: str | None = None,
    partial: bool = False,
    author: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Read `path` (its format detected unless named) and import it; flushes, never commits. Raises
    `UnreadableFileError` / `ContentFileError` for a file no reader takes, `ImportRefusedError` (with the
    report) when, without `partial`, an item is refused."""
    name = file_name or path.name
    parsed = read_file(path, format_name)
    report, written = import_items(
        session, tenant, parsed, file_name=name, bank_slug=bank_slug, author=author, partial=partial, progress=progress
    )
    for found in parsed.assessments:
        report.assessments.append(_compose(session, tenant, found, written, author=author or f"import of {name}"))
    return report


def _compose(
    session: Session, tenant: Tenant, found: ParsedAssessment, written: dict[str, Item], *, author: str
) -> AssessmentOutcome:
    slug = slug_of(found.source_id) or "imported-test"
    items = [written[source_id] for source_id in found.item_source_ids if source_id in written]
    dropped = found.dropped + tuple(
        Dropped("item", f"{source_id!r} was not imported (see the items above)")
        for source_id in found.item_source_ids
        if source_id not in written
    )
    outcome = AssessmentOutcome(found.source_id, slug, REFUSED, items=len(items), dropped=dropped)
    if not items:
        outcome.problems = {"items": ["none of its items was imported"]}
        return outcome
    slots = [SlotSpec(item_id=item.id) for item in items]
    existing = session.scalar(select(Assessment).where(Assessment.tenant_id == tenant.id, Assessment.slug == slug))
    try:
        with session.begin_nested():
            if existing is None:
                fields = {"slug": slug, "kind": AssessmentKind.CUSTOM, "title": found.title or slug, "slots": slots}
                assessment = create_assessment(session, tenant.id, fields)
                outcome.outcome = CREATED
            elif [slot.item_id for slot in existing.slots] == [item.id for item in items]:
                assessment, outcome.outcome = existing, UNCHANGED
            else:
                assessment = update_assessment(session, tenant.id, existing.id, {"slots": slots}, author=author)
                outcome.outcome = "revised"
    except AuthoringError as exc:
        outcome.problems = exc.fields or {"assessment": [str(exc)]}
        return outcome
    outcome.assessment_id = assessment.id
    return outcome


@dataclass(frozen=True)
class ExportedFile:
    content: bytes
    file_name: str
    media_type: str
    items: int
    left_out: tuple[str, ...] = ()
    """Refs of never-published items whose draft breaks an authoring rule: nothing to write of them."""
    dropped: tuple[tuple[str, Dropped], ...] = ()
    """(source id, construct) for what of an exported item the format cannot hold."""


def export_file(session: Session, tenant_id: int, format_name: str, assessment_slug: str | None = None) -> ExportedFile:
    """The tenant's items (or one assessment's fixed items, in slot order) written in `format_name`."""
    writer = EXPORT_FORMATS[format_name]
    tenant = session.get_one(Tenant, tenant_id)
    everything = tenant_items(session, tenant)
    parsed_assessment: ParsedAssessment | None = None
    if assessment_slug is None:
        chosen, stem = everything, f"{tenant.slug}-bank"
    else:
        assessment = session.scalar(
            select(Assessment).where(Assessment.tenant_id == tenant.id, Assessment.slug == assessment_slug)
        )
        if assessment is None:
            raise NotFoundError(f"no assessment '{assessment_slug}'")
        by_id = {item.id: item for item in everything}
        chosen = [by_id[slot.item_id] for slot in assessment.slots if slot.item_id in by_id]
        stem, title = assessment.slug, assessment.title
    kept, left_out = exportable(chosen)
    items = exported_items(kept)
    if assessment_slug is not None:
        parsed_assessment = ParsedAssessment(stem, title, tuple(item.source_id for item in items))
    return ExportedFile(
        writer.write(items, parsed_assessment),
        f"{stem}{writer.extension}",
        writer.media_type,
        len(items),
        tuple(item.ref for item in left_out),
        tuple((item.source_id, lost) for item in items for lost in writer.losses(item)),
    )
