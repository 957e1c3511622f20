"""The item-type registry: it covers `ItemType` exactly, each entry keeps the contract, and the package is pure."""

import inspect
import subprocess
import sys
import typing

import pytest

from itembank.itemtypes import ITEM_TYPES, ONE_OPTION_TYPES, ItemType, ItemTypeModule, item_type_module
from itembank.itemtypes.base import ResponseShapeError

CONTRACT_METHODS = [
    name for name, member in vars(ItemTypeModule).items() if inspect.isfunction(member) and not name.startswith("_")
]


def test_the_registry_covers_the_enum_exactly():
    assert set(ITEM_TYPES) == set(ItemType)


def test_the_contract_has_the_members_the_code_relies_on():
    """Guards the signature test below against a Protocol that lost its methods (it would check nothing)."""
    assert set(CONTRACT_METHODS) == {
        "option_problems",
        "spec_problems",
        "check",
        "score",
        "chosen_options",
        "map_options",
    }


@pytest.mark.parametrize("item_type", list(ItemType))
def test_each_entry_satisfies_the_protocol(item_type):
    module = ITEM_TYPES[item_type]
    assert isinstance(module, ItemTypeModule)
    assert module.TYPE is item_type, "a module registered under another type names the wrong type in its messages"
    assert type(module.ONE_OPTION) is bool


@pytest.mark.parametrize("item_type", list(ItemType))
@pytest.mark.parametrize("name", CONTRACT_METHODS)
def test_each_entry_has_the_protocols_signatures(item_type, name):
    """isinstance only sees that the names exist; the parameters and their types must be the Protocol's too."""
    wanted = getattr(ItemTypeModule, name)
    found = getattr(ITEM_TYPES[item_type], name)
    wanted_parameters = list(inspect.signature(wanted).parameters)[1:]  # without self
    assert list(inspect.signature(found).parameters) == wanted_parameters
    assert typing.get_type_hints(found) == typing.get_type_hints(wanted)


def test_one_option_types_are_derived_from_the_modules():
    assert {item_type for item_type, module in ITEM_TYPES.items() if module.ONE_OPTION} == ONE_OPTION_TYPES
    # What delivery's one-statement save and the distractor analysis have always covered:
    assert {"single_choice", "true_false"} == ONE_OPTION_TYPES


def test_a_stored_type_name_finds_its_module_and_an_unknown_one_is_refused():
    assert item_type_module("numeric") is ITEM_TYPES[ItemType.NUMERIC]
    with pytest.raises(ResponseShapeError, match="essay"):
        item_type_module("essay")


@pytest.mark.parametrize(
    ("item_type", "response", "chosen"),
    [
        (ItemType.SINGLE_CHOICE, {"option": 7}, {7}),
        (ItemType.SINGLE_CHOICE, {"option": True}, set()),
        (ItemType.SINGLE_CHOICE, {"option": "7"}, set()),
        (ItemType.TRUE_FALSE, {"option": 3}, {3}),
        (ItemType.MULTIPLE_RESPONSE, {"options": [3, 1]}, {1, 3}),
        (ItemType.MULTIPLE_RESPONSE, {"options": "1,3"}, set()),
        (ItemType.NUMERIC, {"value": "3"}, set()),
        (ItemType.SHORT_TEXT, {"text": "3"}, set()),
    ],
)
def test_chosen_options(item_type, response, chosen):
    assert ITEM_TYPES[item_type].chosen_options(response) == chosen


def test_the_package_imports_nothing_impure():
    """import-linter follows import statements, not the package `__init__` each one runs; a fresh interpreter does."""
    code = (
        "import sys, itembank.itemtypes\n"
        "print(sorted(m for m in ('sqlalchemy', 'flask', 'marshmallow', 'yaml', 'itembank.models', 'assess', 'api')"
        " if m in sys.modules))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert found.strip() == "[]"


@pytest.mark.parametrize("item_type", sorted(ONE_OPTION_TYPES))
def test_one_option_answers_are_the_shape_every_one_option_type_accepts(item_type):
    """Delivery saves what `one_option_answer` names with its check in the UPDATE: every one-option type must
    accept exactly that shape, and a response it names nothing in must not be one any such type accepts."""
    from itembank.itemtypes import AnswerKey, one_option_answer

    module = ITEM_TYPES[item_type]
    key = AnswerKey(type=item_type, correct_option_ids=frozenset({7}), option_ids=frozenset({7, 8}))
    assert one_option_answer({"option": 8}) == 8
    module.check(key, {"option": 8})
    for response in ({"option": True}, {"option": "8"}, {"option": 8, "x": 1}, {"options": [8]}, {}):
        assert one_option_answer(response) is None
        with pytest.raises(ResponseShapeError):
            module.check(key, response)


@pytest.mark.parametrize(
    ("item_type", "response", "mapped"),
    [
        (ItemType.SINGLE_CHOICE, {"option": 7}, {"option": 17}),
        (ItemType.TRUE_FALSE, {"option": 3}, {"option": 13}),
        (ItemType.MULTIPLE_RESPONSE, {"options": [3, 7]}, {"options": [13, 17]}),
        (ItemType.MULTIPLE_RESPONSE, {"options": []}, {"options": []}),
        (ItemType.NUMERIC, {"value": "3.50"}, {"value": "3.50"}),
        (ItemType.SHORT_TEXT, {"text": " Mila "}, {"text": " Mila "}),
    ],
)
def test_map_options_moves_an_answer_onto_another_versions_option_ids(item_type, response, mapped):
    before = dict(response)
    assert ITEM_TYPES[item_type].map_options(response, {3: 13, 7: 17}) == mapped
    assert response == before  # the stored response is not changed in place
