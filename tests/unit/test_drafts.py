"""Authoring rules on plain drafts: no database needed to know a draft is unfit."""

import pytest

from itembank.drafts import ItemDraft, OptionDraft, check_draft
from itembank.errors import AuthoringError
from itembank.models import ItemType


def _choice(*keyed: bool, texts=None, type_=ItemType.SINGLE_CHOICE) -> ItemDraft:
    texts = texts or [f"option {i}" for i in range(len(keyed))]
    return ItemDraft(
        type=type_, stem="Stem?", options=tuple(OptionDraft(t, k) for t, k in zip(texts, keyed, strict=True))
    )


def test_a_sound_single_choice_passes():
    check_draft(_choice(False, True, False, False))


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (_choice(False, False, False), "options"),
        (_choice(True, True, False), "options"),
        (_choice(True), "options"),
        (_choice(True, False, texts=["same", "same"]), "options.1.text"),
        (_choice(True, False, texts=["a", "  "]), "options.1.text"),
        (ItemDraft(type=ItemType.SINGLE_CHOICE, stem="  ", options=_choice(True, False).options), "stem"),
        (_choice(False, False, type_=ItemType.MULTIPLE_RESPONSE), "options"),
        (_choice(True, False, False, type_=ItemType.TRUE_FALSE), "options"),
        (ItemDraft(type=ItemType.NUMERIC, stem="2+2?", options=_choice(True, False).options), "options"),
    ],
)
def test_broken_drafts_name_the_field(draft, field):
    with pytest.raises(AuthoringError) as raised:
        check_draft(draft)
    assert field in raised.value.fields


def test_equal_content_hashes_equal_and_any_change_does_not():
    base = _choice(True, False)
    assert base.content_hash() == _choice(True, False).content_hash()
    assert base.content_hash() != _choice(False, True).content_hash()
    changed_feedback = ItemDraft(type=base.type, stem=base.stem, options=base.options, feedback_correct="Yes.")
    assert base.content_hash() != changed_feedback.content_hash()
