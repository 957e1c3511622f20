"""The guard that makes item versions immutable, whatever code path tries to change them.

Checking at flush rather than in authoring functions means no service, script or shell session can edit a
delivered version in place: the only way to change content is a new version.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from itembank.errors import ImmutableVersionError
from itembank.models.assessment import AssessmentRevision
from itembank.models.item import ItemVersion, Option

_IMMUTABLE = (ItemVersion, Option)
# A published assessment's revision is never edited either; it goes only with its assessment (a CASCADE).
_FROZEN = (*_IMMUTABLE, AssessmentRevision)


@event.listens_for(Session, "before_flush")
def _refuse_version_edits(session: Session, flush_context: Any, instances: Any) -> None:
    for obj in session.dirty:
        if isinstance(obj, _FROZEN) and _has_column_changes(obj):
            raise ImmutableVersionError(f"{type(obj).__name__} {obj.id} is immutable; create a new version")
    for obj in session.deleted:
        if isinstance(obj, _IMMUTABLE) and not _parent_item_deleted(session, obj):
            raise ImmutableVersionError(f"{type(obj).__name__} {obj.id} is immutable; it cannot be deleted")


def _has_column_changes(obj: object) -> bool:
    state = inspect(obj)
    return any(attr.history.has_changes() for attr in state.attrs if attr.key in state.mapper.column_attrs)


def _parent_item_deleted(session: Session, obj: ItemVersion | Option) -> bool:
    """Deleting a whole item (an unused draft, a tenant) takes its versions with it; that is allowed."""
    version = obj if isinstance(obj, ItemVersion) else obj.version
    return version in session.deleted and version.item in session.deleted
