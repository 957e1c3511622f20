"""Our own QTI 3.0 and 2.2 files (tests/unit/data/qti, modelled on the shared interop ones): each maps with the
key, points, spec and feedback written in it, or is skipped naming why; a 3.0 package reads through its
manifest, as a folder and as a zip."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from itembank.interchange.parsed import ImportedItem
from itembank.interchange.qti import looks_like_qti, read_qti
from itembank.rich_text import plain_text

DATA = Path(__file__).parent / "data" / "qti"


def only(name: str) -> ImportedItem:
    parsed = read_qti(DATA / name)
    assert not parsed.skipped, parsed.skipped
    [item] = parsed.items
    return item


def keyed(item: ImportedItem) -> list[str]:
    return [plain_text(option.text) for option in item.draft.options if option.correct]


def constructs(item: ImportedItem) -> set[str]:
    return {dropped.construct for dropped in item.dropped}


def test_qti30_choice_with_inline_and_modal_feedback() -> None:
    item = only("qti30/choice_feedback.xml")
    draft = item.draft
    assert read_qti(DATA / "qti30/choice_feedback.xml").format == "qti30"
    assert (item.source_id, item.title, draft.type, draft.points) == (
        "q30-capital",
        "Capital of Australia",
        "single_choice",
        2,
    )
    assert keyed(item) == ["Canberra"]
    assert draft.stem == "<p>Which city is the <em>capital</em> of Australia?</p>"
    assert [option.rationale for option in draft.options] == [
        "The largest city, not the capital.",
        None,
        "The capital until 1927.",
        None,
    ]
    assert draft.feedback_correct == "<p>Yes: Canberra was built as the capital.</p>"
    assert draft.feedback_incorrect == "<p>It is Canberra.</p>"
    assert constructs(item) == {"fixed choice"}


def test_qti30_multiple_response_whose_mapping_is_right_minus_wrong() -> None:
    item = only("qti30/multiple_mapping.xml")
    assert (item.draft.type, item.draft.points, item.draft.spec) == ("multiple_response", 1, {})
    assert keyed(item) == ["2", "3"]
    assert item.dropped == ()  # the mapping scores every set as our partial credit does


def test_qti30_numeric_tolerance_and_general_feedback() -> None:
    item = only("qti30/numeric_tolerance.xml")
    assert (item.draft.type, item.draft.points) == ("numeric", 3)
    assert item.draft.spec == {"answer": "9.81", "tolerance": "0.05"}
    assert item.draft.stem == "<p>Free-fall acceleration at the Earth's surface: ____ m/s².</p>"
    assert item.draft.feedback_general == "g is about 9.81 m/s²."


def test_qti30_numeric_range_with_a_lower_score_beside_it() -> None:
    item = only("qti30/numeric_range.xml")
    assert item.draft.spec == {"range": ["3.14", "3.15"]}
    [partial] = [dropped for dropped in item.dropped if dropped.construct == "partial credit"]
    assert "(0.5)" in partial.reason


def test_qti30_text_with_two_answers_mathml_media_and_a_stylesheet() -> None:
    item = only("qti30/text_string_match.xml")
    assert item.draft.spec == {"accepted": ["water", "dihydrogen monoxide"]}  # case-insensitive: the default
    assert constructs(item) == {"stylesheet", "MathML", "media object"}
    assert "<math" not in item.draft.stem and "object" not in item.draft.stem


def test_qti30_inline_choice_is_a_single_choice_with_a_gap() -> None:
    item = only("qti30/inline_choice.xml")
    assert (item.draft.type, keyed(item)) == ("single_choice", ["Paris"])
    assert item.draft.stem == "<p>The capital of France is ____.</p>"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("qti30/order.xml", "orderInteraction (putting choices in order) has no counterpart"),
        ("qti30/random.xml", "uses the operator randomInteger"),
        ("qti22/text_entry_pattern.xml", "accepted answers are a pattern (199[0-9])"),
    ],
)
def test_skipped_with_the_reason(name: str, reason: str) -> None:
    parsed = read_qti(DATA / name)
    assert not parsed.items
    [skipped] = parsed.skipped
    assert reason in skipped.reason


def test_qti22_all_or_nothing_by_member_and_container_size() -> None:
    item = only("qti22/choice_multiple_custom.xml")
    assert read_qti(DATA / "qti22/choice_multiple_custom.xml").format == "qti22"
    assert (item.draft.spec, keyed(item)) == ({"scoring": "all_or_nothing"}, ["red", "blue"])
    assert item.draft.feedback_incorrect == "<p>Red, yellow and blue.</p>"


def test_qti22_true_false_with_a_relative_template_uri() -> None:
    item = only("qti22/true_false.xml")
    assert (item.draft.type, keyed(item), item.draft.stem) == ("true_false", ["False"], "The Earth is flat.")


def check_package(path: Path) -> None:
    assert looks_like_qti(path)
    parsed = read_qti(path)
    assert parsed.format == "qti30"
    assert [item.source_id for item in parsed.items] == ["q30-capital", "q30-g"]  # the manifest's order
    assert [item.source for item in parsed.items] == ["items/capital.xml", "items/gravity.xml"]
    assert [skipped.source_id for skipped in parsed.skipped] == ["q30-order"]
    [test] = parsed.assessments
    assert (test.source_id, test.title, test.item_source_ids) == (
        "t30",
        "Mixed 3.0 test",
        ("q30-g", "q30-capital", "q30-order"),
    )
    assert {dropped.construct for dropped in test.dropped} == {"ordering", "timeLimits"}


def test_a_qti30_package_folder() -> None:
    check_package(DATA / "qti30" / "package")


@pytest.mark.parametrize("inside", ["", "exported/"])
def test_a_qti30_package_zip(tmp_path: Path, inside: str) -> None:
    archive = tmp_path / "package.zip"
    with zipfile.ZipFile(archive, "w") as package:
        for file in sorted((DATA / "qti30" / "package").rglob("*.xml")):
            package.write(file, inside + file.relative_to(DATA / "qti30" / "package").as_posix())
    if inside:
        package_path = archive
        assert looks_like_qti(package_path)
        parsed = read_qti(package_path)
        assert [item.source_id for item in parsed.items] == ["q30-capital", "q30-g"]  # the manifest's order
    else:
        check_package(archive)


def test_a_template_the_package_ships_is_run_from_the_package() -> None:
    parsed = read_qti(DATA / "qti30" / "template_package")
    [item] = parsed.items
    assert (item.draft.type, item.draft.points, keyed(item)) == ("single_choice", 4, ["Mars"])
    assert (item.draft.feedback_correct, item.draft.feedback_incorrect) == ("Yes.", "It is Mars.")


def test_the_same_item_alone_names_the_template_it_lacks() -> None:
    parsed = read_qti(DATA / "qti30" / "template_package" / "items" / "planet.xml")
    [skipped] = parsed.skipped
    assert "template 'ours_match_feedback'" in skipped.reason
