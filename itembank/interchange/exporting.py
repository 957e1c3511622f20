"""The one export: items of the bank as the plain data every format's writer takes (`ImportedItem`).

Each item is taken at the version learners get (its published one; a never-published item at its latest
draft), as the JSON export does, and keeps its ref as its source id, so importing the export into another
tenant, or back, finds the same items. A ref that two banks of the tenant share is written `bank/ref`.
A never-published item whose draft breaks an authoring rule (a numeric draft without its answer) has nothing
a format could say of it: `exportable` leaves it out, and the export names it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from itembank.drafts import check_draft
from itembank.errors import AuthoringError
from itembank.interchange.parsed import ImportedItem
from itembank.models import Bank, Item, ItemVersion, Tenant
from itembank.version_content import draft_of


def tenant_items(session: Session, tenant: Tenant) -> list[Item]:
    """Every item of the tenant, by bank and ref, with what the export reads loaded."""
    return list(
        session.scalars(
            select(Item)
            .join(Bank)
            .where(Bank.tenant_id == tenant.id)
            .order_by(Bank.slug, Item.ref)
            .options(
                selectinload(Item.versions).selectinload(ItemVersion.options),
                selectinload(Item.tags),
                selectinload(Item.bank),
            )
        )
    )


def exportable(items: Sequence[Item]) -> tuple[list[Item], list[Item]]:
    """The items whose exported version passes the authoring rules, and those left out."""
    kept, left_out = [], []
    for item in items:
        try:
            check_draft(draft_of(item.published or item.latest))
        except AuthoringError:
            left_out.append(item)
        else:
            kept.append(item)
    return kept, left_out


def exported_items(items: Sequence[Item]) -> list[ImportedItem]:
    shared = {ref for ref, count in Counter(item.ref for item in items).items() if count > 1}
    return [
        ImportedItem(
            source_id=f"{item.bank.slug}/{item.ref}" if item.ref in shared else item.ref,
            draft=draft_of(item.published or item.latest),
            tags=tuple(tag.name for tag in item.tags),
            source=item.bank.slug,
        )
        for item in items
    ]
