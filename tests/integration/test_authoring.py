"""Versions are immutable: edits add versions, and no code path can change a version in place."""

import pytest

from itembank.authoring import create_item, revise_item, set_tags
from itembank.drafts import ItemDraft, OptionDraft
from itembank.errors import ImmutableVersionError
from itembank.models import ItemType
from tests.factories import BankFactory, ItemFactory


def _draft(stem="What is 2 + 2?", key=1) -> ItemDraft:
    return ItemDraft(
        type=ItemType.SINGLE_CHOICE,
        stem=stem,
        options=tuple(OptionDraft(text, index == key) for index, text in enumerate(["3", "4", "5", "22"])),
        feedback_correct="Correct.",
        feedback_incorrect="Add again.",
    )


def test_revision_adds_a_version_only_when_content_changes(session):
    item = create_item(session, BankFactory(), "sum", _draft())
    assert revise_item(session, item, _draft()) is None
    second = revise_item(session, item, _draft(stem="What is two plus two?"))
    assert second is not None and [v.number for v in item.versions] == [1, 2]
    assert item.versions[0].stem == "What is 2 + 2?"
    assert item.latest.stem == "What is two plus two?"


def test_changing_a_version_in_place_is_refused(session):
    version = ItemFactory().latest
    version.stem = "edited in place"
    with pytest.raises(ImmutableVersionError):
        session.flush()


def test_changing_an_option_in_place_is_refused(session):
    option = ItemFactory().latest.options[1]
    option.is_correct = True
    with pytest.raises(ImmutableVersionError):
        session.flush()


def test_deleting_a_version_is_refused_but_deleting_the_item_is_not(session):
    item = ItemFactory()
    session.delete(item.latest)
    with pytest.raises(ImmutableVersionError):
        session.flush()
    session.rollback()
    item = ItemFactory()
    session.delete(item)
    session.flush()


def test_tags_are_shared_per_tenant_and_add_no_version(session):
    bank = BankFactory()
    first = create_item(session, bank, "a", _draft(), tags=["math", "easy"])
    second = create_item(session, bank, "b", _draft(stem="Other?"), tags=["math"])
    assert [t.name for t in first.tags] == ["easy", "math"]
    assert first.tags[1] is second.tags[0]
    set_tags(session, first, ["hard"])
    assert [t.name for t in first.tags] == ["hard"] and len(first.versions) == 1
