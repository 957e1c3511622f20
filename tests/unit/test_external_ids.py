"""The one rule for integrations' learner and context ids: ids that render alike are not both accepted."""

import pytest
from marshmallow import Schema, ValidationError

from api.external_ids import ExternalId


class _Ids(Schema):
    learner_id = ExternalId(required=True)


def _refusal(value: str) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        _Ids().load({"learner_id": value})
    return refused.value.messages["learner_id"]


@pytest.mark.parametrize(
    "value",
    ["learner-1", "x", "x" * 200, "Zoë 学生 🎓 O'Brien", "Jane Doe", "user@example.org", "42", "ǅ", "한글", "عربي"],
)
def test_ordinary_ids_are_accepted_exactly_as_sent(value):
    assert _Ids().load({"learner_id": value}) == {"learner_id": value}


@pytest.mark.parametrize(
    ("character", "why"),
    [
        ("\u0000", "Cc: NUL, which PostgreSQL cannot store in text"),
        ("\u0085", "Cc: next line"),
        ("\u00ad", "Cf: soft hyphen"),
        ("\u200b", "Cf: zero-width space"),
        ("\u202e", "Cf: right-to-left override"),
        ("\u180e", "Cf: Mongolian vowel separator"),
        ("\U000e0041", "Cf: tag latin capital letter A"),
        ("\ufeff", "Cf: zero-width no-break space"),
        ("\ue000", "Co: private use"),
        ("\U000f0000", "Co: supplementary private use"),
        ("\u0378", "Cn: unassigned"),
        ("\uffff", "Cn: noncharacter"),
        ("\ud800", "Cs: a lone surrogate (JSON's \\ud800)"),
        ("\u2028", "Zl: line separator"),
        ("\u2029", "Zp: paragraph separator"),
        ("\u00a0", "white space: no-break space"),
        ("\u3000", "white space: ideographic space"),
        ("\u034f", "Mn: combining grapheme joiner"),
        ("\ufe0f", "Mn: variation selector 16"),
        ("\U000e0100", "Mn: variation selector 17"),
        ("\u180b", "Mn: Mongolian free variation selector"),
        ("\u17b4", "Mn: Khmer inherent vowel"),
        ("\u115f", "Lo: Hangul choseong filler"),
        ("\u1160", "Lo: Hangul jungseong filler"),
        ("\u3164", "Lo: Hangul filler"),
        ("\uffa0", "Lo: halfwidth Hangul filler"),
        ("\u2800", "So: Braille pattern blank"),
    ],
)
def test_invisible_and_unprintable_characters_are_refused_anywhere_and_named(character, why):
    (message,) = _refusal(f"ab{character}cd")
    assert f"U+{ord(character):04X}" in message, why
    assert _refusal(f"{character}ab") and _refusal(f"ab{character}")  # at either end too (white space says so)


def test_an_id_not_in_nfc_is_refused_not_normalized():
    (message,) = _refusal("Zoe\u0308")  # 'e' and a combining diaeresis: renders as the NFC 'Zo\u00eb'
    assert "normalization form C" in message
    assert _Ids().load({"learner_id": "Zo\u00eb"}) == {"learner_id": "Zo\u00eb"}
    (message,) = _refusal("\u212b")  # the angstrom sign, whose NFC is U+00C5
    assert "normalization form C" in message


@pytest.mark.parametrize("value", [" x", "x ", "\tx", "x\n", "\u3000x"])
def test_white_space_at_either_end_is_refused(value):
    assert _refusal(value)


@pytest.mark.parametrize("value", ["", "x" * 201])
def test_ids_are_1_to_200_characters(value):
    assert _refusal(value) == ["must be 1 to 200 characters"]
