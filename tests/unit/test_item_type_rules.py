"""Each type's authoring rules at their edges, through the draft as every write checks it: the field is named,
and the message says the rule and the numbers ("... exactly one correct option; this one has 2")."""

import pytest

from itembank.drafts import ItemDraft, OptionDraft, check_draft
from itembank.errors import AuthoringError
from itembank.itemtypes import AnswerKey, ItemType, score_response, short_text


def _options(count: int, keyed: int) -> tuple[OptionDraft, ...]:
    return tuple(OptionDraft(f"option {index}", index < keyed) for index in range(count))


def _fields(item_type: ItemType, options=(), spec=None) -> dict[str, list[str]]:
    draft = ItemDraft(type=item_type, stem="Stem?", options=tuple(options), spec=spec or {})
    with pytest.raises(AuthoringError) as raised:
        check_draft(draft)
    assert str(raised.value).startswith("the item breaks authoring rules: ")
    return raised.value.fields


def _passes(item_type: ItemType, options=(), spec=None) -> None:
    check_draft(ItemDraft(type=item_type, stem="Stem?", options=tuple(options), spec=spec or {}))


SINGLE, TRUE_FALSE, MULTIPLE = ItemType.SINGLE_CHOICE, ItemType.TRUE_FALSE, ItemType.MULTIPLE_RESPONSE


@pytest.mark.parametrize(
    ("item_type", "options", "message"),
    [
        (SINGLE, _options(4, 2), "a single-choice item needs exactly one correct option; this one has 2"),
        (SINGLE, _options(4, 0), "a single-choice item needs exactly one correct option; this one has 0"),
        (SINGLE, _options(1, 1), "a single-choice item needs between 2 and 26 options; this one has 1"),
        (SINGLE, _options(27, 1), "a single-choice item needs between 2 and 26 options; this one has 27"),
        (SINGLE, (), "a single-choice item needs between 2 and 26 options; this one has 0"),
        (TRUE_FALSE, _options(3, 1), "a true/false item needs exactly 2 options; this one has 3"),
        (TRUE_FALSE, _options(1, 1), "a true/false item needs exactly 2 options; this one has 1"),
        (TRUE_FALSE, _options(2, 2), "a true/false item needs exactly one correct option; this one has 2"),
        (TRUE_FALSE, _options(2, 0), "a true/false item needs exactly one correct option; this one has 0"),
        (MULTIPLE, _options(3, 0), "a multiple-response item needs at least one correct option; this one has 0"),
        (MULTIPLE, _options(1, 1), "a multiple-response item needs between 2 and 26 options; this one has 1"),
        (ItemType.NUMERIC, _options(2, 1), "a numeric item has no options; this one has 2"),
        (ItemType.SHORT_TEXT, _options(1, 1), "a short-text item has no options; this one has 1"),
    ],
)
def test_option_counts_and_keys_are_stated_with_the_numbers(item_type, options, message):
    spec = {"numeric": {"answer": "1"}, "short_text": {"accepted": ["a"]}}.get(item_type, {})
    assert message in _fields(item_type, options, spec)["options"]


@pytest.mark.parametrize(
    ("item_type", "options"),
    [
        (ItemType.SINGLE_CHOICE, _options(2, 1)),
        (ItemType.SINGLE_CHOICE, _options(26, 1)),
        (ItemType.TRUE_FALSE, (OptionDraft("Vrai", False), OptionDraft("Faux", True))),
        (ItemType.MULTIPLE_RESPONSE, _options(2, 1)),
        (ItemType.MULTIPLE_RESPONSE, _options(26, 26)),  # every option keyed: choosing all is the key
    ],
)
def test_the_edges_that_are_allowed(item_type, options):
    _passes(item_type, options)


@pytest.mark.parametrize("item_type", [ItemType.SINGLE_CHOICE, ItemType.TRUE_FALSE, ItemType.MULTIPLE_RESPONSE])
def test_option_texts_must_differ_and_show_something(item_type):
    same = (OptionDraft("Paris", True), OptionDraft(" Paris ", False))
    assert _fields(item_type, same)["options.1.text"] == ["repeats the text of option 0 ('Paris'); options must differ"]
    blank = (OptionDraft("Paris", True), OptionDraft("<p> </p>", False))
    [message] = _fields(item_type, blank)["options.1.text"]
    assert message.startswith("shows no text and no image")
    refused_image = (OptionDraft("Paris", True), OptionDraft("<img src=x onerror=alert(1)>", False))
    [message] = _fields(item_type, refused_image)["options.1.text"]
    assert message == "shows no text and no image once its HTML is read ('<img>')"
    scripted = (OptionDraft("Paris", True), OptionDraft("<script>alert(1)</script>", False))
    assert _fields(item_type, scripted)["options.1.text"] == ["must not be empty"]


def test_an_image_alone_is_content():
    options = (OptionDraft('<img src="https://example.org/a.png" alt="">', True), OptionDraft("b", False))
    _passes(ItemType.SINGLE_CHOICE, options)


@pytest.mark.parametrize("stem", ["", "   ", "<script>x</script>", "<!-- hidden -->"])
def test_an_empty_stem_is_refused(stem):
    draft = ItemDraft(type=ItemType.SINGLE_CHOICE, stem=stem, options=_options(2, 1))
    with pytest.raises(AuthoringError) as raised:
        check_draft(draft)
    assert raised.value.fields == {"stem": ["must not be empty"]}


def test_a_stem_of_markup_alone_is_refused():
    draft = ItemDraft(type=ItemType.SINGLE_CHOICE, stem="<p><b> </b></p>", options=_options(2, 1))
    with pytest.raises(AuthoringError) as raised:
        check_draft(draft)
    [message] = raised.value.fields["stem"]
    assert message == "shows no text and no image once its HTML is read ('<p><b> </b></p>')"


def test_every_broken_rule_is_named_at_once():
    draft = ItemDraft(type=ItemType.SINGLE_CHOICE, stem="", options=_options(30, 3), points=0, spec={"x": 1})
    with pytest.raises(AuthoringError) as raised:
        check_draft(draft)
    assert set(raised.value.fields) == {"stem", "points", "options", "spec.x"}
    assert len(raised.value.fields["options"]) == 2  # the count and the keys


# Short text: what "the same answer" means is the item's, stated in its spec.


@pytest.mark.parametrize(
    ("spec", "typed", "correct"),
    [
        ({"accepted": ["Mila"]}, "  mILA  ", True),  # the defaults: collapse, ignore case, NFC
        ({"accepted": ["Quebec AI Institute"]}, "quebec \t ai\n institute", True),
        ({"accepted": ["Mila"], "case_sensitive": True}, "mila", False),
        ({"accepted": ["Mila"], "case_sensitive": True}, " Mila ", True),
        ({"accepted": ["Straße"]}, "STRASSE", True),  # full case folding
        ({"accepted": ["Straße"], "case_sensitive": True}, "STRASSE", False),
        ({"accepted": ["New York"], "whitespace": "trim"}, " New York ", True),
        ({"accepted": ["New York"], "whitespace": "trim"}, "New  York", False),
        ({"accepted": ["New York"], "whitespace": "exact"}, "New York ", False),
        ({"accepted": ["New York"], "whitespace": "exact"}, "new york", True),
        ({"accepted": ["H2O"], "whitespace": "remove"}, "H 2 O", True),
        ({"accepted": ["Café"]}, "Cafe\u0301", True),  # NFC: composed and decomposed are one letter
        ({"accepted": ["Café"], "normalization": "none"}, "Cafe\u0301", False),
        ({"accepted": ["Café"], "normalization": "none"}, "café", True),
        ({"accepted": ["12"]}, "\uff11\uff12", False),  # full-width digits differ under NFC ...
        ({"accepted": ["12"], "normalization": "NFKC"}, "\uff11\uff12", True),  # ... and not under NFKC
        ({"accepted": ["file"], "normalization": "NFKC"}, "\ufb01le", True),  # the ligature fi
        ({"accepted": ["a b"], "normalization": "NFKC", "whitespace": "exact"}, "a\u3000b", True),
        ({"accepted": ["Ǆ"], "normalization": "NFKC"}, "dž", True),  # folding, then the form again
    ],
)
def test_short_text_rules_per_item(spec, typed, correct):
    assert short_text.spec_problems(spec) == []
    assert score_response(AnswerKey("short_text", spec=spec), {"text": typed}).correct is correct


def test_an_old_short_text_spec_keeps_its_meaning():
    old = {"accepted": ["Mila", "Quebec AI Institute"], "case_sensitive": False}
    assert short_text.spec_problems(old) == []
    for typed, correct in [("mila", True), ("  MILA ", True), ("quebec  ai institute", True), ("Milan", False)]:
        assert score_response(AnswerKey("short_text", spec=old), {"text": typed}).correct is correct


@pytest.mark.parametrize(
    ("spec", "field", "message"),
    [
        ({"accepted": ["Mila", "MILA"]}, "spec.accepted",
         "`spec.accepted` item 1 ('MILA') is the same as item 0 under this item's rules; each accepted answer differs"),
        ({"accepted": ["New York", "New  York"]}, "spec.accepted", "item 1 ('New  York') is the same as item 0"),
        ({"accepted": ["Café", "Cafe\u0301"]}, "spec.accepted", "is the same as item 0"),
        ({"accepted": ["x" * 501]}, "spec.accepted",
         "`spec.accepted` item 0 has 501 characters; a learner can type at most 500, so it could never match"),
        ({"accepted": ["Mila"], "whitespace": "squash"}, "spec.whitespace",
         "`spec.whitespace` must be one of 'collapse', 'trim', 'remove', 'exact', not 'squash'"),
        ({"accepted": ["Mila"], "normalization": "nfc"}, "spec.normalization",
         "`spec.normalization` must be one of 'NFC', 'NFKC', 'none', not 'nfc'"),
        ({"accepted": ["Mila"], "normalization": None}, "spec.normalization", "not None"),
        ({"accepted": ["Mila"], "case_sensitive": 1}, "spec.case_sensitive", "must be true or false, not 1"),
        ({"accepted": ["Mila"], "unicode": "NFC"}, "spec.unicode",
         "a short-text item takes no `spec.unicode` (it takes `spec.accepted`, `spec.case_sensitive`, "
         "`spec.whitespace`, `spec.normalization`)"),
    ],
)  # fmt: skip
def test_unfit_short_text_specs_name_the_field_and_rule(spec, field, message):
    fields = _fields(ItemType.SHORT_TEXT, (), spec)
    assert list(fields) == [field]
    assert any(message in found for found in fields[field]), fields[field]


def test_the_same_texts_are_distinct_answers_when_the_item_says_case_matters():
    _passes(ItemType.SHORT_TEXT, (), {"accepted": ["Mila", "MILA"], "case_sensitive": True})
    _passes(ItemType.SHORT_TEXT, (), {"accepted": ["New York", "New  York"], "whitespace": "exact"})
