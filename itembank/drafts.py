"""What an author submits for an item, before it becomes a version; plain data, checkable without a database.

Every way into the bank (the course file, the REST API) builds these, so their text is sanitized here, as
they are made: a draft never holds HTML `itembank.rich_text` would not store, its content hash is the hash of
the text that is stored, and no caller can write unsanitized text by forgetting a step.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from itembank.errors import AuthoringError
from itembank.itemtypes import ITEM_TYPES, ItemType
from itembank.rich_text import sanitize_optional, shows_nothing

OPTION_HTML_FIELDS = ("text", "rationale")
ITEM_HTML_FIELDS = ("stem", "feedback_correct", "feedback_incorrect", "feedback_general")
"""The fields that hold HTML (`itembank.rich_text`); every other text of a draft (the spec's) is plain text."""


def _sanitize_fields(draft: object, names: tuple[str, ...]) -> None:
    for name in names:
        object.__setattr__(draft, name, sanitize_optional(getattr(draft, name)))


@dataclass(frozen=True)
class OptionDraft:
    text: str
    correct: bool
    rationale: str | None = None

    def __post_init__(self) -> None:
        _sanitize_fields(self, OPTION_HTML_FIELDS)


@dataclass(frozen=True)
class ItemDraft:
    """The content of one item version. Equal drafts hash equal, which is what makes loading idempotent.

    The stem and feedback are sanitized when the draft is made (the options' texts and rationales, when each
    `OptionDraft` is), so two drafts whose texts sanitize alike are equal and hash alike.
    """

    type: ItemType
    stem: str
    options: tuple[OptionDraft, ...] = ()
    points: int = 1
    feedback_correct: str | None = None
    feedback_incorrect: str | None = None
    feedback_general: str | None = None
    spec: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _sanitize_fields(self, ITEM_HTML_FIELDS)

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
    elif shows_nothing(draft.stem):
        problem("stem", f"shows no text and no image once its HTML is read ({draft.stem!r})")
    for index, option in enumerate(draft.options):
        if option.text.strip() and shows_nothing(option.text):  # an empty text is its type's problem
            problem(f"options.{index}.text", f"shows no text and no image once its HTML is read ({option.text!r})")
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
