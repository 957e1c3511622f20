"""Export then import gives the same items: generated items of every type through write_qti (QTI 3.0, 2.2 and
2.1) and read_qti come back as equal drafts, with their identifiers, and no loss reported."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from itembank.drafts import ItemDraft, OptionDraft
from itembank.interchange.parsed import ImportedItem, ParsedAssessment, ParsedFile
from itembank.interchange.qti import read_qti, write_qti
from itembank.models.enums import ItemType
from tests.unit.qti_strategies import items


def round_trip(package: bytes) -> ParsedFile:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "package.zip"
        path.write_bytes(package)
        return read_qti(path)


def check(written: list[ImportedItem], version: str) -> None:
    test = ParsedAssessment("t", "All of them", tuple(item.source_id for item in written))
    parsed = round_trip(write_qti(written, version, test))  # type: ignore[arg-type]
    assert parsed.format == version
    assert parsed.skipped == []
    assert [item.draft for item in parsed.items] == [item.draft for item in written]
    assert [(item.source_id, item.title) for item in parsed.items] == [(i.source_id, i.title) for i in written]
    assert all(item.dropped == () for item in parsed.items), [item.dropped for item in parsed.items]
    assert [(a.source_id, a.title, a.item_source_ids) for a in parsed.assessments] == [
        (test.source_id, test.title, test.item_source_ids)
    ]


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(items)
def test_qti30_round_trip(written: list[ImportedItem]) -> None:
    check(written, "qti30")


@SETTINGS
@given(items)
def test_qti21_round_trip(written: list[ImportedItem]) -> None:
    check(written, "qti21")


@settings(max_examples=15, deadline=None)
@given(items)
def test_qti22_round_trip(written: list[ImportedItem]) -> None:
    check(written, "qti22")


def test_partial_credit_with_points_not_divisible_by_the_keys_stays_exact() -> None:
    """Three keys and two points: 2/3 a key is no decimal, so the rules divide, and the reader's fractions agree."""
    draft = ItemDraft(
        type="multiple_response",  # type: ignore[arg-type]
        stem="Pick",
        options=(OptionDraft("a", True), OptionDraft("b", True), OptionDraft("c", True), OptionDraft("d", False)),
        points=2,
    )
    for version in ("qti30", "qti21"):
        parsed = round_trip(write_qti([ImportedItem("thirds", draft)], version))  # type: ignore[arg-type]
        assert [item.draft for item in parsed.items] == [draft]
        assert parsed.items[0].dropped == ()


def test_identifiers_that_are_no_qti_identifier_are_spelled_as_one() -> None:
    draft = ItemDraft(type="short_text", stem="Say hi", spec={"accepted": ["hi"]})  # type: ignore[arg-type]
    written = [ImportedItem(name, draft) for name in ("two words:x", "two_words_x", "2nd")]
    parsed = round_trip(write_qti(written, "qti30"))
    assert [item.source_id for item in parsed.items] == ["two_words_x", "two_words_x_2", "I_2nd"]


def test_an_assessment_of_items_not_exported_is_refused() -> None:
    draft = ItemDraft(type="short_text", stem="Say hi", spec={"accepted": ["hi"]})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="lists 'missing', which is not exported"):
        write_qti([ImportedItem("hi", draft)], "qti30", ParsedAssessment("t", "T", ("hi", "missing")))


def test_a_range_keeps_its_bounds_spelling_where_the_key_has_the_same_value() -> None:
    """Found by the property test: the key written for a range is its midpoint, which for a range of one value
    equals both bounds, and the bounds' spelling ("0.000") must win over the key's ("0")."""
    for bounds in (["0.000", "0.000"], ["1.50", "2"], ["-3", "-3.0"]):
        draft = ItemDraft(ItemType.NUMERIC, "How much?", spec={"range": bounds})
        check([ImportedItem(source_id="q", draft=draft, title="q")], "qti30")
        check([ImportedItem(source_id="q", draft=draft, title="q")], "qti21")
