"""The guard that keeps published content immutable, whatever code path tries to change it.

Checking at flush rather than in authoring functions means no service, script or shell session can edit a
delivered version in place: the only way to change published content is a new version. A draft (never
delivered) may change freely; a published or retired version may change only its status, and the time and
author of that change.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from itembank.errors import ImmutableVersionError
from itembank.models.assessment import AssessmentRevision
from itembank.models.enums import ItemStatus
from itembank.models.item import ItemVersion, Option

_IMMUTABLE = (ItemVersion, Option)
_WORKFLOW_COLUMNS = frozenset({"status", "updated_at"})


@event.listens_for(Session, "before_flush")
def _refuse_version_edits(session: Session, flush_context: Any, instances: Any) -> None:
    for obj in session.dirty:
        if isinstance(obj, _IMMUTABLE) and not _was_draft(obj) and _changed_columns(obj) - _allowed(obj):
            raise ImmutableVersionError(f"{type(obj).__name__} {obj.id} is immutable; create a new version")
        # A published assessment's revision is never edited either; it goes only with its assessment (a CASCADE).
        if isinstance(obj, AssessmentRevision) and _changed_columns(obj):
            raise ImmutableVersionError(f"{type(obj).__name__} {obj.id} is immutable; create a new version")
    for obj in session.deleted:
        if isinstance(obj, _IMMUTABLE) and not _was_draft(obj) and not _parent_item_deleted(session, obj):
            raise ImmutableVersionError(f"{type(obj).__name__} {obj.id} is immutable; it cannot be deleted")


def _changed_columns(obj: object) -> set[str]:
    state = inspect(obj)
    return {attr.key for attr in state.attrs if attr.key in state.mapper.column_attrs and attr.history.has_changes()}


def _allowed(obj: object) -> frozenset[str]:
    return _WORKFLOW_COLUMNS if isinstance(obj, ItemVersion) else frozenset()


def _was_draft(obj: ItemVersion | Option) -> bool:
    """The version's status as the database has it: a draft being published may still carry its last edit."""
    version = obj if isinstance(obj, ItemVersion) else _version_of(obj)
    if version is None:
        return False
    history = inspect(version).attrs.status.history
    stored = history.deleted[0] if history.deleted else version.status
    return bool(stored == ItemStatus.DRAFT)


def _version_of(option: Option) -> ItemVersion | None:
    """An option removed from its version's list has lost its `version`; the history still has it."""
    history = inspect(option).attrs.version.history
    return option.version or (history.deleted[0] if history.deleted else None)


def _parent_item_deleted(session: Session, obj: ItemVersion | Option) -> bool:
    """Deleting a whole item (an unused draft, a tenant) takes its versions with it; that is allowed."""
    version = obj if isinstance(obj, ItemVersion) else obj.version
    return version in session.deleted and version.item in session.deleted
