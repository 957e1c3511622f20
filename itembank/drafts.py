"""What an author submits for an item, before it becomes a version; plain data, checkable without a database."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from itembank.errors import AuthoringError
from itembank.itemtypes import ITEM_TYPES, ItemType


@dataclass(frozen=True)
class OptionDraft:
    text: str
    correct: bool
    rationale: str | None = None


@dataclass(frozen=True)
class ItemDraft:
    """The content of one item version. Equal drafts hash equal, which is what makes loading idempotent."""

    type: ItemType
    stem: str
    options: tuple[OptionDraft, ...] = ()
    points: int = 1
    feedback_correct: str | None = None
    feedback_incorrect: str | None = None
    feedback_general: str | None = None
    spec: dict[str, Any] = field(default_factory=dict)

    def content_hash(self) -> str:
        canonical = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def check_draft(draft: ItemDraft) -> None:
    """Refuse content that could not be delivered or scored fairly, naming every broken field at once.

    The rules common to every item are here; what a type asks of its options and `spec` is its module's
    (`itembank.itemtypes`), so a type's rules are written once.
    """
    problems: dict[str, list[str]] = {}

    def problem(path: str, message: str) -> None:
        problems.setdefault(path, []).append(message)

    if not draft.stem.strip():
        problem("stem", "must not be empty")
    if draft.points < 1:
        problem("points", "must be at least 1")
    item_type = ITEM_TYPES.get(draft.type)
    if item_type is None:
        problem("type", f"no item type {draft.type!r}")
    else:
        for found in (*item_type.option_problems(draft.options), *item_type.spec_problems(draft.spec)):
            problem(found.field, found.message)
    if problems:
        summary = "; ".join(f"{path}: {' '.join(messages)}" for path, messages in problems.items())
        raise AuthoringError(f"the item breaks authoring rules: {summary}", problems)
