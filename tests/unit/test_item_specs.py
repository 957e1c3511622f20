"""Each item type's `spec` schema, checked with the draft: a bad spec is refused naming its field, a good one passes.

A spec the scorer cannot use used to load silently and fail later (a 500 at the learner's submit for a numeric
item without an answer) or be misread (`all-or-nothing` scored as partial credit); now authoring refuses it.
"""

import pytest

from itembank.drafts import ItemDraft, OptionDraft, check_draft
from itembank.errors import AuthoringError
from itembank.itemtypes import ITEM_TYPES, ItemType

CHOICES = tuple(OptionDraft(f"option {letter}", letter == "A") for letter in "ABC")
TWO_KEYED = tuple(OptionDraft(f"option {letter}", letter in "AB") for letter in "ABC")
TRUE_FALSE = (OptionDraft("True", True), OptionDraft("False", False))
OPTIONS = {
    ItemType.SINGLE_CHOICE: CHOICES,
    ItemType.TRUE_FALSE: TRUE_FALSE,
    ItemType.MULTIPLE_RESPONSE: TWO_KEYED,
    ItemType.NUMERIC: (),
    ItemType.SHORT_TEXT: (),
}


def _draft(item_type: ItemType, spec) -> ItemDraft:
    return ItemDraft(type=item_type, stem="Stem?", options=OPTIONS[item_type], spec=spec)


def _refusal(item_type: ItemType, spec) -> dict[str, list[str]]:
    with pytest.raises(AuthoringError) as raised:
        check_draft(_draft(item_type, spec))
    return raised.value.fields


GOOD = [
    (ItemType.SINGLE_CHOICE, {}),
    (ItemType.TRUE_FALSE, {}),
    (ItemType.MULTIPLE_RESPONSE, {}),
    (ItemType.MULTIPLE_RESPONSE, {"scoring": "partial"}),
    (ItemType.MULTIPLE_RESPONSE, {"scoring": "all_or_nothing"}),
    (ItemType.NUMERIC, {"answer": "0.3"}),
    (ItemType.NUMERIC, {"answer": "-12.5e3", "tolerance": "0.01"}),
    (ItemType.NUMERIC, {"answer": 42, "tolerance": 0}),
    (ItemType.NUMERIC, {"answer": 0.3, "tolerance": 0.01}),  # YAML numbers load as floats
    (ItemType.NUMERIC, {"answer": "1e30", "tolerance": "0.5"}),
    (ItemType.SHORT_TEXT, {"accepted": ["Mila"]}),
    (ItemType.SHORT_TEXT, {"accepted": ["Mila", "Quebec AI Institute"], "case_sensitive": True}),
]


@pytest.mark.parametrize(("item_type", "spec"), GOOD)
def test_good_specs_are_accepted(item_type, spec):
    check_draft(_draft(item_type, spec))


@pytest.mark.parametrize(
    ("item_type", "spec", "field", "says"),
    [
        (ItemType.NUMERIC, {}, "spec.answer", "a numeric item needs `spec.answer`"),
        (ItemType.NUMERIC, {"tolerance": "0.1"}, "spec.answer", "a numeric item needs `spec.answer`"),
        (ItemType.NUMERIC, {"answer": "NaN"}, "spec.answer", "finite decimal"),
        (ItemType.NUMERIC, {"answer": "Infinity"}, "spec.answer", "finite decimal"),
        (ItemType.NUMERIC, {"answer": float("inf")}, "spec.answer", "finite decimal"),
        (ItemType.NUMERIC, {"answer": "three"}, "spec.answer", "finite decimal"),
        (ItemType.NUMERIC, {"answer": True}, "spec.answer", "finite decimal"),
        (ItemType.NUMERIC, {"answer": None}, "spec.answer", "finite decimal"),
        (ItemType.NUMERIC, {"answer": "1" * 41}, "spec.answer", "at most 40 characters"),
        (ItemType.NUMERIC, {"answer": "1", "tolerance": "-0.1"}, "spec.tolerance", "at least 0"),
        (ItemType.NUMERIC, {"answer": "1", "tolerance": "NaN"}, "spec.tolerance", "finite decimal"),
        (ItemType.NUMERIC, {"answer": "1e50", "tolerance": "1e-60"}, "spec.tolerance", "exactly"),
        (ItemType.NUMERIC, {"answer": "1", "tol": "0.1"}, "spec.tol", "a numeric item takes no `spec.tol`"),
        (ItemType.MULTIPLE_RESPONSE, {"scoring": "all-or-nothing"}, "spec.scoring", "'all-or-nothing'"),
        (ItemType.MULTIPLE_RESPONSE, {"scoring": "all_or_nothing "}, "spec.scoring", "must be one of"),
        (ItemType.MULTIPLE_RESPONSE, {"scoring": True}, "spec.scoring", "'partial', 'all_or_nothing'"),
        (ItemType.MULTIPLE_RESPONSE, {"rule": "partial"}, "spec.rule", "takes no `spec.rule`"),
        (ItemType.SHORT_TEXT, {}, "spec.accepted", "a short-text item needs `spec.accepted`"),
        (ItemType.SHORT_TEXT, {"accepted": []}, "spec.accepted", "non-empty list"),
        (ItemType.SHORT_TEXT, {"accepted": "Mila"}, "spec.accepted", "non-empty list"),
        (ItemType.SHORT_TEXT, {"accepted": ["Mila", ""]}, "spec.accepted", "item 1"),
        (ItemType.SHORT_TEXT, {"accepted": ["Mila", "  "]}, "spec.accepted", "item 1"),
        (ItemType.SHORT_TEXT, {"accepted": ["Mila", 5]}, "spec.accepted", "item 1"),
        (ItemType.SHORT_TEXT, {"accepted": ["Mila"], "case_sensitive": "yes"}, "spec.case_sensitive", "true or false"),
        (ItemType.SHORT_TEXT, {"accepted": ["Mila"], "casesensitive": True}, "spec.casesensitive", "takes no"),
        (ItemType.SINGLE_CHOICE, {"scoring": "partial"}, "spec.scoring", "takes no `spec.scoring` (it takes no spec)"),
        (ItemType.TRUE_FALSE, {"answer": "1"}, "spec.answer", "a true/false item takes no `spec.answer`"),
    ],
)
def test_bad_specs_are_refused_naming_the_field(item_type, spec, field, says):
    fields = _refusal(item_type, spec)
    assert list(fields) == [field], fields
    assert any(says in message for message in fields[field]), fields[field]


def test_every_problem_is_named_at_once():
    fields = _refusal(ItemType.NUMERIC, {"tolerance": "-1", "units": "m"})
    assert set(fields) == {"spec.answer", "spec.tolerance", "spec.units"}


def test_the_unknown_key_message_lists_what_the_type_takes():
    [message] = _refusal(ItemType.NUMERIC, {"answer": "1", "tol": "0.1"})["spec.tol"]
    assert "`spec.answer`, `spec.tolerance`" in message


def test_a_spec_that_is_not_a_mapping_is_refused():
    assert "spec" in _refusal(ItemType.NUMERIC, ["answer", "1"])


def test_every_type_is_covered_by_a_good_spec():
    """So a new type cannot join the registry without a spec this file shows is accepted."""
    assert {item_type for item_type, _spec in GOOD} == set(ITEM_TYPES)
