"""The one import: what any reader understood of a file (`ParsedFile`) becomes items of a tenant's bank.

Items are written through `itembank.authoring`, like every other way in. An item keeps its source id as its
`ref`, so importing the same file again revises the items it made (a new version only where the content
changed) instead of duplicating them.

Published or draft: an item that was read whole (nothing dropped) and passes every authoring rule is
published, ready to be placed in an assessment, since that is what an instructor moving a bank wants; an item
from which something was dropped (a penalty weight, a media object, per-answer feedback) is imported as a
draft, to be reviewed before learners see it, and the report says what was dropped.

Where: into the bank named after the file (`bank_for`), unless the caller names one.

All or nothing: an item the bank refuses (it breaks an authoring rule, its ref is too long) fails the whole
file, unless `partial` is asked for, where each item is written in its own savepoint and a refused one is
left out. Either way every item is checked, so the report names every refusal at once. Skipped items (what
the reader could not map) never fail a file: they are in the report with their reasons.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from itembank.authoring import create_item, edit_content, get_or_create_bank, revise_item, set_tags
from itembank.db import utcnow
from itembank.drafts import check_draft
from itembank.errors import AuthoringError, BankError, ImportRefusedError
from itembank.interchange.parsed import ImportedItem, ParsedFile
from itembank.interchange.report import CREATED, REFUSED, REVISED, UNCHANGED, ImportReport, ItemOutcome
from itembank.models import Bank, Item, Tenant
from itembank.workflow import claim_revision

DEFAULT_BANK = "imported"
"""The bank of a file whose name gives no slug."""
MAX_REF = 100
MAX_TAG = 100
Progress = Callable[[int, int], None]
"""Called with (items done, items in the file) as the import goes."""


def import_items(
    session: Session,
    tenant: Tenant,
    parsed: ParsedFile,
    *,
    file_name: str,
    bank_slug: str | None = None,
    author: str | None = None,
    partial: bool = False,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> tuple[ImportReport, dict[str, Item]]:
    """Write the parsed items into the tenant's bank `bank_slug` (default: the one named after the file);
    flushes, never commits.

    Returns the report and the items written, by source id (for composing the file's assessments). Without
    `partial`, a refused item raises `ImportRefusedError` carrying the report, after every item was checked:
    the caller rolls back, so nothing of the file stays.
    """
    now = now or utcnow()
    author = author or f"import of {file_name}"
    bank = get_or_create_bank(session, tenant, bank_slug or bank_for(file_name))
    report = ImportReport(
        file=file_name,
        format=parsed.format,
        tenant=tenant.slug,
        bank=bank.slug,
        partial=partial,
        skipped=list(parsed.skipped),
    )
    written: dict[str, Item] = {}
    seen: set[str] = set()
    for done, imported in enumerate(parsed.items, start=1):
        outcome = _outcome(imported)
        problems = _ref_problems(imported, seen) or _draft_problems(imported)
        seen.add(imported.source_id)
        if problems:
            outcome.outcome, outcome.problems = REFUSED, problems
        else:
            try:
                with session.begin_nested():
                    item = _write(session, bank, imported, outcome, author=author, now=now)
            except (AuthoringError, BankError) as exc:
                outcome.outcome = REFUSED
                outcome.problems = getattr(exc, "fields", None) or {"item": [str(exc)]}
            else:
                written[imported.source_id] = item
        report.items.append(outcome)
        if progress:
            progress(done, len(parsed.items))
    if report.refused and not partial:
        report.committed = False
        for outcome in report.items:  # rolled back: what would have been written has no id to point to
            outcome.item_id = outcome.version = outcome.status = None
        raise ImportRefusedError(f"{file_name}: {len(report.refused)} items refused; nothing was imported", report)
    session.flush()
    return report, written


def bank_for(file_name: str) -> str:
    """The bank a file imports into by default: its name's stem as a slug (`Unit 3.gift` -> `unit-3`), so two
    files whose questions share a title (Moodle's `Q1`) do not revise each other's items, and importing the
    same file again finds its own."""
    return slug_of(file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0]) or DEFAULT_BANK


def slug_of(text: str) -> str:
    """`text` as a slug (lowercase letters, digits and hyphens, at most 100): a bank's or an assessment's name
    taken from a file name or a source id. Empty when the text has no letter or digit of ASCII."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:MAX_REF].strip("-")


def _outcome(imported: ImportedItem) -> ItemOutcome:
    return ItemOutcome(
        ref=imported.source_id,
        outcome=REFUSED,
        type=str(imported.draft.type),
        title=imported.title,
        category=imported.category,
        source=imported.source,
        dropped=imported.dropped,
    )


def _ref_problems(imported: ImportedItem, seen: set[str]) -> dict[str, list[str]]:
    ref = imported.source_id
    if not ref.strip():
        return {"ref": ["the item has no identifier in its source"]}
    if len(ref) > MAX_REF:
        return {"ref": [f"its identifier has {len(ref)} characters; an item's ref holds at most {MAX_REF}"]}
    if ref in seen:
        return {"ref": [f"an earlier item of the file has the identifier {ref!r}"]}
    long_tags = [tag for tag in imported.tags if not 1 <= len(tag) <= MAX_TAG]
    if long_tags:
        return {"tags": [f"a tag has 1 to {MAX_TAG} characters; {long_tags[0][:40]!r}... does not"]}
    return {}


def _draft_problems(imported: ImportedItem) -> dict[str, list[str]]:
    try:
        check_draft(imported.draft)
    except AuthoringError as exc:
        return exc.fields or {"item": [str(exc)]}
    return {}


def _write(
    session: Session, bank: Bank, imported: ImportedItem, outcome: ItemOutcome, *, author: str, now: datetime
) -> Item:
    publish = not imported.dropped
    item = session.scalar(select(Item).where(Item.bank_id == bank.id, Item.ref == imported.source_id))
    if item is None:
        item = create_item(
            session,
            bank,
            imported.source_id,
            imported.draft,
            author=author,
            tags=imported.tags,
            publish=publish,
            now=now,
        )
        outcome.outcome = CREATED
    else:
        if publish:
            version = revise_item(session, item, imported.draft, author=author, now=now)
        else:
            version = edit_content(session, item, imported.draft, author=author, now=now)
        outcome.outcome = UNCHANGED if version is None else REVISED
        if set_tags(session, item, imported.tags):
            claim_revision(session, item, None)
    latest = item.latest
    outcome.item_id, outcome.version = item.id, latest.number
    outcome.status = str(latest.status)
    return item
