"""An integration's ids for its learners and cohorts (`learner_id`, `context_id`): one field with one rule.

Ids are compared as sent, character for character, so two ids that render alike must not both be accepted, and
every database must be able to store the one accepted. An id is 1 to 200 characters, in Unicode normalization
form C, with no white space at either end and none but the space (U+0020) inside, and it holds no character that
cannot be seen or printed:

- the Unicode categories Cc (control, NUL included), Cf (format: the soft hyphen, zero-width and bidirectional
  marks, tags, the Mongolian vowel separator), Co (private use), Cn (unassigned in the server's Unicode version,
  noncharacters included), Cs (surrogates), Zl and Zp (line and paragraph separators);
- white space other than U+0020 (the no-break and ideographic spaces, the en and em spaces, ...);
- the invisible characters of other categories: the combining grapheme joiner U+034F, the variation selectors
  U+FE00-FE0F and U+E0100-E01EF, the Mongolian free variation selectors U+180B-180D and U+180F, the Khmer
  inherent vowels U+17B4-17B5, the Hangul fillers U+115F, U+1160, U+3164 and U+FFA0, and the Braille blank U+2800.

An id that is not already NFC is refused, not normalized: the integration gets back exactly the id it sent, so an
id has one spelling, and the integration is told to send that one rather than finding its learner under another.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from marshmallow import ValidationError, fields, validate

MAX_LENGTH = 200  # the columns are String(200)
REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp"})
INVISIBLE = frozenset(
    map(
        chr,
        [
            0x034F,  # combining grapheme joiner
            0x115F,  # Hangul choseong filler
            0x1160,  # Hangul jungseong filler
            0x17B4,  # Khmer vowel inherent aq
            0x17B5,  # Khmer vowel inherent aa
            0x180B,  # Mongolian free variation selectors one to three
            0x180C,
            0x180D,
            0x180F,  # Mongolian free variation selector four
            0x2800,  # Braille pattern blank
            0x3164,  # Hangul filler
            0xFFA0,  # halfwidth Hangul filler
            *range(0xFE00, 0xFE10),  # variation selectors
            *range(0xE0100, 0xE01F0),  # variation selectors supplement
        ],
    )
)
"""Characters of other categories than the refused ones that render as nothing (most are Unicode's
default-ignorable code points that are not Cf)."""

RULE = (
    f"1 to {MAX_LENGTH} characters, compared exactly as sent, in Unicode normalization form C (refused otherwise, "
    "never normalized); no white space at either end nor other than U+0020 inside; no character of the Unicode "
    "categories Cc, Cf, Co, Cn, Cs, Zl or Zp; no invisible filler (U+034F, variation selectors, Hangul fillers, "
    "U+17B4-17B5, U+180B-180F, U+2800)."
)


def _refused(character: str) -> bool:
    return (
        unicodedata.category(character) in REFUSED_CATEGORIES
        or character in INVISIBLE
        or (character.isspace() and character != " ")
    )


def check_external_id(value: str) -> None:
    """Raise ValidationError, saying which rule, unless `value` is an id as `RULE` describes (its length aside)."""
    if value != value.strip():
        raise ValidationError("must not begin or end with white space")
    found = next((character for character in value if _refused(character)), None)
    if found is not None:
        name = unicodedata.name(found, unicodedata.category(found))
        raise ValidationError(
            f"must not contain U+{ord(found):04X} ({name}): control, format, private-use, unassigned, surrogate, "
            "invisible and white-space characters other than U+0020 are refused"
        )
    if not unicodedata.is_normalized("NFC", value):
        raise ValidationError(
            "must be in Unicode normalization form C (NFC), e.g. 'é' as the one character U+00E9, not 'e' followed "
            "by U+0301: ids are compared as sent, never normalized"
        )


class ExternalId(fields.String):
    """A learner or context id as an integration sends it, checked by `check_external_id`, described by `RULE`."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = dict(kwargs.pop("metadata", {}))
        metadata["description"] = ". ".join(filter(None, [metadata.get("description"), RULE]))
        length = validate.Length(min=1, max=MAX_LENGTH, error=f"must be 1 to {MAX_LENGTH} characters")
        super().__init__(validate=[length, check_external_id], metadata=metadata, **kwargs)


class Text(fields.String):
    """Free text kept with a record (a void's reason): any printable text and line breaks, but no character that
    a database cannot store (NUL, lone surrogates) or a reader cannot see (other control characters)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        for character in text:
            category = unicodedata.category(character)
            if category == "Cs" or (category == "Cc" and character not in "\t\n\r"):
                raise ValidationError(f"must not hold U+{ord(character):04X}: it cannot be stored or seen")
        return text
