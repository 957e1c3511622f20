"""A version's content as a draft, and the field-by-field difference between two drafts.

The diff walks the draft's own fields, so a field added to `ItemDraft` shows in every diff without a change
here. Paths are the ones authoring errors use: `stem`, `options.1.text`, `spec.tolerance`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from itembank.drafts import ItemDraft, OptionDraft
from itembank.itemtypes import ItemType
from itembank.models import ItemVersion


def draft_of(version: ItemVersion) -> ItemDraft:
    return ItemDraft(
        type=ItemType(version.type),
        stem=version.stem,
        options=tuple(
            OptionDraft(text=option.text, correct=option.is_correct, rationale=option.rationale)
            for option in version.options
        ),
        points=version.points,
        feedback_correct=version.feedback_correct,
        feedback_incorrect=version.feedback_incorrect,
        feedback_general=version.feedback_general,
        spec=dict(version.spec),
    )


@dataclass(frozen=True)
class FieldChange:
    """One field that differs: its path, and its value in the older and the newer draft (None: absent)."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class VersionDiff:
    """What changed from version `before` to version `after` (numbers), field by field."""

    before: int
    after: int
    changes: list[FieldChange]


def diff_drafts(before: ItemDraft, after: ItemDraft) -> list[FieldChange]:
    return _diff("", asdict(before), asdict(after))


def _diff(path: str, before: Any, after: Any) -> list[FieldChange]:
    if isinstance(before, dict) and isinstance(after, dict):
        keys = sorted(set(before) | set(after), key=lambda key: (key not in before, str(key)))
        return [change for key in keys for change in _diff(_join(path, key), before.get(key), after.get(key))]
    if isinstance(before, list | tuple) and isinstance(after, list | tuple):
        changes = []
        for index in range(max(len(before), len(after))):
            old = before[index] if index < len(before) else None
            new = after[index] if index < len(after) else None
            if old is None or new is None:  # an option added or removed is one change, the whole option
                changes += [FieldChange(_join(path, index), old, new)] if old != new else []
            else:
                changes += _diff(_join(path, index), old, new)
        return changes
    return [] if before == after and type(before) is type(after) else [FieldChange(path, before, after)]


def _join(path: str, key: object) -> str:
    return f"{path}.{key}" if path else str(key)
