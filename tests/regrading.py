"""Helpers for regrade tests: a version's content as an editable draft, a corrected version, a chooser."""

from __future__ import annotations

from collections.abc import Callable

from assess.models import AttemptQuestion
from itembank.authoring import revise_item
from itembank.drafts import ItemDraft, OptionDraft
from itembank.models import Item, ItemType, ItemVersion


def draft_of(version: ItemVersion, *, keyed: set[int] | None = None, texts: dict[int, str] | None = None) -> ItemDraft:
    """The version's content as a draft, with the options at positions `keyed` keyed instead, texts replaced."""
    return ItemDraft(
        type=ItemType(version.type),
        stem=version.stem,
        options=tuple(
            OptionDraft(
                text=(texts or {}).get(option.position, option.text),
                correct=option.is_correct if keyed is None else option.position in keyed,
                rationale=option.rationale,
            )
            for option in version.options
        ),
        points=version.points,
        feedback_correct=version.feedback_correct,
        feedback_incorrect=version.feedback_incorrect,
        feedback_general=version.feedback_general,
        spec=dict(version.spec),
    )


def corrected(session, item: Item, keyed: set[int]) -> ItemVersion:
    version = revise_item(session, item, draft_of(item.latest, keyed=keyed), author="author")
    assert version is not None
    return version


def chose(positions: dict[int, int]) -> Callable[[AttemptQuestion], int]:
    """A chooser: at question `n` (delivery position) the option at authored position `positions[n]`."""
    return lambda question: question.version.options[positions[question.position]].id


def three_options(version: ItemVersion, *, keyed: int) -> ItemDraft:
    """A single-choice version cut to its first three options: an option set of another shape."""
    return ItemDraft(
        type=ItemType.SINGLE_CHOICE,
        stem=version.stem,
        options=tuple(OptionDraft(text=o.text, correct=o.position == keyed) for o in version.options[:3]),
    )
