"""Every QTI file in ../shared/interop (IMS's example items, the Onyx editor's 13-item set with its tests in
2.1 and 2.2) either maps with the key, points and feedback a reader of the file sees in it (checked by hand,
written down here), or is skipped with its reason; none is left out of this table."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import pytest

from itembank.errors import InterchangeError
from itembank.interchange.parsed import ImportedItem, ParsedFile
from itembank.interchange.qti import looks_like_qti, read_qti
from itembank.interchange.qti.document import normalise
from itembank.interchange.qti.processing import TEMPLATES, Declaration, MapEntry, Mapping_, run_rules
from itembank.interchange.qti.safe_xml import parse_xml
from itembank.rich_text import plain_text
from tests.shared_data import shared_folder

QTI21 = shared_folder("interop") / "qti21"
ONYX = "interaction_mix_sachsen"


@dataclass(frozen=True)
class Maps:
    type: str
    points: int
    key: tuple[str, ...] = ()
    """The plain texts of the keyed options."""
    spec: dict[str, object] = field(default_factory=dict)
    stem: str = ""
    """Text the stem's plain text contains."""
    correct: str | None = None
    incorrect: str | None = None
    rationale: dict[str, str] = field(default_factory=dict)
    dropped: tuple[str, ...] = ()
    """The constructs reported as dropped, each at least once."""


@dataclass(frozen=True)
class Skips:
    reason: str


@dataclass(frozen=True)
class Refused:
    message: str


ITEMS: dict[str, Maps | Skips | Refused] = {
    "choice.xml": Maps(
        "single_choice",
        1,
        ("You must stay with your luggage at all times.",),
        stem="What does it say?",
        dropped=("image",),
    ),
    "choice_fixed.xml": Maps(
        "single_choice", 1, ("You must stay with your luggage at all times.",), dropped=("image", "fixed choice")
    ),
    "choice_multiple.xml": Maps(
        "multiple_response", 2, ("Hydrogen", "Oxygen"), stem="form water", dropped=("partial credit",)
    ),
    "choice_multiple_chocolade.xml": Skips("2 different sets of choices earn full marks"),
    "feedbackInline.xml": Maps(
        "true_false",
        10,
        ("True",),
        stem="psychoanalytic school",
        rationale={"True": "That's correct", "False": "That's not correct"},
    ),
    "modalFeedback.xml": Maps("true_false", 10, ("True",), correct="correct", incorrect="incorrect"),
    "inline_choice.xml": Maps("single_choice", 1, ("York",), stem="this sun of ____;"),
    "text_entry.xml": Maps(
        "short_text",
        1,
        spec={"accepted": ["York"], "case_sensitive": True},
        stem="this sun of ____;",
        dropped=("partial credit",),
    ),
    "likert.xml": Skips("no scoring"),
    "adaptive.xml": Skips("adaptive"),
    "template.xml": Skips("template"),
    "mc_calc3.xml": Skips("template"),
    "associate.xml": Skips("associateInteraction"),
    "extended_text.xml": Skips("extendedTextInteraction"),
    "gap_match.xml": Skips("gapMatchInteraction"),
    "hottext.xml": Skips("hottextInteraction"),
    "match.xml": Skips("matchInteraction"),
    "order.xml": Skips("orderInteraction"),
    f"{ONYX}/Choicetruefalse_176040516.xml": Maps(
        "true_false",
        1,
        ("Richtig",),
        stem="ehemaligen Deutschen Demokratischen Republik",
        correct="Richtig!Am 7. Oktober 1949",
        incorrect="Leider Falsch!Am 7. Oktober 1949",
    ),
    f"{ONYX}/Choicesingle_853928446.xml": Skips("repeats the text of option 0"),
    f"{ONYX}/Choicemultiple_2014410822.xml": Maps(
        "multiple_response",
        1,
        ("Chemnitz", "Zwickau"),
        spec={"scoring": "all_or_nothing"},
        correct="Richtig!",
        incorrect="Leider Falsch!",
    ),
    f"{ONYX}/Choicemultiple_871212949.xml": Maps(
        "multiple_response",
        3,
        ("Erzgebirge", "Lausitz", "Vogtland"),
        correct="Richtig!",
        incorrect="Leider Falsch!",
        rationale={"Harz": "Die Auswahl Harz war leider falsch", "Alpen": "Die Auswahl Alpen war leider falsch"},
        dropped=("partial credit", "feedback"),
    ),
    f"{ONYX}/Hotspot_278940407.xml": Skips("hotspotInteraction"),
    f"{ONYX}/Hottext_801974120.xml": Skips("hottextInteraction"),
    f"{ONYX}/Matchmultiple_1038910213.xml": Skips("matchInteraction"),
    f"{ONYX}/Matchsingle_143114773.xml": Skips("matchInteraction"),
    f"{ONYX}/Order_913967682.xml": Skips("orderInteraction"),
    f"{ONYX}/TextEntry_883368511.xml": Maps(
        "short_text",
        1,
        spec={"accepted": ["Fichtelberg"]},
        stem="ist der ____ die höchste Erhebung",
        correct="Richtig!Der Fichtelberg",
        incorrect="Leider Falsch!",
    ),
    f"{ONYX}/TextEntrynumeric_2040297025.xml": Skips("asks 2 questions in one item"),
    f"{ONYX}/TextEntrynumeric_770468849.xml": Maps(
        "numeric",
        1,
        spec={"answer": "4.136", "relative_tolerance": "0.050"},
        stem="Einwohner",
        correct="Richtig!Sachsen hat rund 4,1 Million",
        incorrect="Leider Falsch!",
    ),
    f"{ONYX}/TextEntrysubset_806481421.xml": Skips("asks 3 questions in one item"),
    "tests/simple-assessment-result.xml": Refused("results report"),
}
TESTS: dict[str, tuple[str, int, tuple[str, ...]]] = {
    f"{ONYX}/interaction_mix_sachsen.xml": ("InteractionMixSachsen_1901710679", 13, ()),
    f"{ONYX}/interaction_mix_sachsen_2_2.xml": ("InteractionMixSachsen_1901710679", 13, ()),
    "tests/arbitrary_weighting_of_item_outcomes.xml": ("RTEST-04", 7, ("weight", "assessmentSection")),
    "tests/controlling_the_duration_of_an_item_attempt.xml": ("RTEST-09", 6, ("timeLimits",)),
    "tests/feedback_examples_test.xml": ("SPECTATUS-GENERATED-TEST", 6, ("selection", "testFeedback")),
    "tests/items_arranged_into_sections_within_tests.xml": ("RTEST-22", 12, ("assessmentSection", "rubricBlock")),
    "tests/randomizing_the_order_of_items_and_sections.xml": ("RTEST-24", 9, ("ordering",)),
}
ALL = sorted(str(path.relative_to(QTI21)) for path in QTI21.rglob("*.xml"))


def test_every_file_is_in_the_table() -> None:
    assert sorted([*ITEMS, *TESTS]) == ALL


def _one(parsed: ParsedFile) -> ImportedItem:
    assert len(parsed.items) == 1, parsed
    return parsed.items[0]


@pytest.mark.parametrize("name", sorted(ITEMS))
def test_item_file(name: str) -> None:
    expected = ITEMS[name]
    path = QTI21 / name
    assert looks_like_qti(path) is not isinstance(expected, Refused)  # a results report is no QTI to import
    if isinstance(expected, Refused):
        with pytest.raises(InterchangeError, match=expected.message):
            read_qti(path)
        return
    parsed = read_qti(path)
    assert parsed.format == "qti21"
    if isinstance(expected, Skips):
        assert not parsed.items
        [skipped] = parsed.skipped
        assert expected.reason in skipped.reason
        return
    item = _one(parsed)
    draft = item.draft
    assert (draft.type, draft.points) == (expected.type, expected.points)
    assert tuple(plain_text(option.text) for option in draft.options if option.correct) == expected.key
    assert draft.spec == expected.spec
    assert expected.stem in " ".join(plain_text(draft.stem).split())
    for got, want in ((draft.feedback_correct, expected.correct), (draft.feedback_incorrect, expected.incorrect)):
        assert (got is None) == (want is None)
        if want is not None:
            assert got is not None and plain_text(got).startswith(want)
    rationales = {plain_text(o.text): plain_text(o.rationale) for o in draft.options if o.rationale}
    assert {text: rationale[: len(expected.rationale.get(text, ""))] for text, rationale in rationales.items()} == (
        expected.rationale
    )
    assert set(expected.dropped) <= {dropped.construct for dropped in item.dropped}, item.dropped


def test_a_partial_credit_report_says_what_differs() -> None:
    item = _one(read_qti(QTI21 / "choice_multiple.xml"))
    [partial] = [dropped for dropped in item.dropped if dropped.construct == "partial credit"]
    assert "3 of the 64 sets" in partial.reason
    text = _one(read_qti(QTI21 / "text_entry.xml"))
    assert any("'york' (0.5)" in dropped.reason for dropped in text.dropped)


@pytest.mark.parametrize("name", sorted(TESTS))
def test_assessment_test_file(name: str) -> None:
    identifier, count, dropped = TESTS[name]
    parsed = read_qti(QTI21 / name)
    [assessment] = parsed.assessments
    assert assessment.source_id == identifier
    assert len(assessment.item_source_ids) == count
    assert set(dropped) <= {found.construct for found in assessment.dropped}
    assert len(parsed.items) + len(parsed.skipped) == count


def test_the_onyx_test_imports_the_items_it_can_and_names_the_rest() -> None:
    for name in ("interaction_mix_sachsen.xml", "interaction_mix_sachsen_2_2.xml"):
        parsed = read_qti(QTI21 / ONYX / name)
        assert parsed.format == ("qti22" if "2_2" in name else "qti21")
        assert sorted(item.source_id for item in parsed.items) == [
            "Choicemultiple_2014410822",
            "Choicemultiple_871212949",
            "Choicetruefalse_176040516",
            "TextEntry_883368511",
            "TextEntrynumeric_770468849",
        ]
        assert len(parsed.skipped) == 8
        assert parsed.assessments[0].item_source_ids[0] == "Choicetruefalse_176040516"


def test_the_rp_templates_are_what_we_run() -> None:
    """The published template bodies (../shared/interop/rptemplates) score as our built-in copies do."""
    folder = shared_folder("interop") / "rptemplates"
    declarations = {
        "RESPONSE": Declaration(
            "RESPONSE",
            "single",
            "identifier",
            correct="A",
            mapping=Mapping_((MapEntry("A", Fraction(2)), MapEntry("B", Fraction(1, 2)))),
        ),
        "SCORE": Declaration("SCORE", "single", "float"),
    }
    for name in ("match_correct", "map_response"):
        published = parse_xml((folder / f"{name}.xml").read_bytes(), name)
        normalise(published)
        ours = parse_xml(TEMPLATES[name].encode(), name)
        normalise(ours)
        for response in (None, "A", "B", "C"):
            assert (
                run_rules(published, declarations, {"RESPONSE": response}).state["SCORE"]
                == run_rules(ours, declarations, {"RESPONSE": response}).state["SCORE"]
            )
