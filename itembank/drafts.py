"""What an author submits for an item, before it becomes a version; plain data, checkable without a database."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from itembank.errors import AuthoringError
from itembank.models.enums import ItemType

CHOICE_TYPES = frozenset({ItemType.SINGLE_CHOICE, ItemType.MULTIPLE_RESPONSE, ItemType.TRUE_FALSE})
MAX_OPTIONS = 26  # labels run A..Z


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
    """Refuse content that could not be delivered or scored fairly, naming every broken field at once."""
    problems: dict[str, list[str]] = {}

    def problem(path: str, message: str) -> None:
        problems.setdefault(path, []).append(message)

    if not draft.stem.strip():
        problem("stem", "must not be empty")
    if draft.points < 1:
        problem("points", "must be at least 1")
    if draft.type in CHOICE_TYPES:
        _check_options(draft, problem)
    elif draft.options:
        problem("options", f"a {draft.type} item has no options")
    if problems:
        summary = "; ".join(f"{path}: {' '.join(messages)}" for path, messages in problems.items())
        raise AuthoringError(f"the item breaks authoring rules: {summary}", problems)


def _check_options(draft: ItemDraft, problem: Any) -> None:
    options = draft.options
    if not 2 <= len(options) <= MAX_OPTIONS:
        problem("options", f"needs between 2 and {MAX_OPTIONS} options")
    texts = [option.text.strip() for option in options]
    for index, text in enumerate(texts):
        if not text:
            problem(f"options.{index}.text", "must not be empty")
        elif texts.index(text) != index:
            problem(f"options.{index}.text", "repeats an earlier option")
    keyed = sum(option.correct for option in options)
    if draft.type in (ItemType.SINGLE_CHOICE, ItemType.TRUE_FALSE) and keyed != 1:
        problem("options", f"a {draft.type} item needs exactly one correct option, not {keyed}")
    if draft.type == ItemType.MULTIPLE_RESPONSE and keyed < 1:
        problem("options", "a multiple_response item needs at least one correct option")
    if draft.type == ItemType.TRUE_FALSE and len(options) != 2:
        problem("options", "a true_false item has exactly two options")
