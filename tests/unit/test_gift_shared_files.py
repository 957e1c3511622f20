"""GIFT files none of us wrote (../shared/interop/gift): every question imports with the key, points and feedback
its expected parse gives, or is skipped with a reason, and nothing is dropped without being named.

The 51 files of GIFT-grammar-PEG.js come with the parse that project expects; each question of ours is
compared with it field by field (type, stem, options and their correctness, accepted answers, numeric key,
feedback). Where that grammar and Moodle differ (it gives a weight to `=` answers, counts a description as
a question), Moodle's reading is the one we follow, as docs/interchange-gift.md says.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import markdown
import pytest

from itembank.interchange.gift.reader import parse_questions
from itembank.interchange.parsed import ImportedItem, SkippedItem
from itembank.itemtypes import ItemType
from itembank.rich_text import plain_text
from tests.shared_data import shared_folder

GIFT = shared_folder("interop/gift")
PEG = sorted((GIFT / "gift-pegjs-tests").glob("*.gift"))
UNSUPPORTED = {"Essay", "Description", "Matching"}


def _words(html: str | None) -> str:
    return " ".join(plain_text(html or "").replace("_____", " _____ ").split())


def _expected_text(text: dict | None) -> str:
    if not text:
        return ""
    if text["format"] == "markdown":  # rendered as HTML on import, as Moodle shows it
        return _words(markdown.markdown(text["text"]))
    return _words(text["text"].replace("<br>", " "))


def _weight(choice: dict) -> Decimal:
    if choice["weight"] is not None:
        return Decimal(str(choice["weight"]))
    return Decimal(100) if choice["isCorrect"] else Decimal(0)


def _check_choice(item: ImportedItem, question: dict) -> None:
    choices = question["choices"]
    assert [_words(option.text) for option in item.draft.options] == [_expected_text(c["text"]) for c in choices]
    weights = [_weight(choice) for choice in choices]
    assert [option.correct for option in item.draft.options] == [weight > 0 for weight in weights]
    single = any(choice["isCorrect"] for choice in choices)
    assert item.draft.type == (ItemType.SINGLE_CHOICE if single else ItemType.MULTIPLE_RESPONSE)
    assert [_words(option.rationale) for option in item.draft.options] == [
        _expected_text(choice["feedback"]) for choice in choices
    ]


def _check_true_false(item: ImportedItem, question: dict) -> None:
    assert item.draft.type == ItemType.TRUE_FALSE
    true, false = item.draft.options
    assert (true.text, true.correct, false.text, false.correct) == (
        "True",
        question["isTrue"],
        "False",
        not question["isTrue"],
    )
    # The grammar reads `{T#a#b}` as a for True and b for False; Moodle reads the first as the feedback for the
    # wrong answer and the second for the right one (`split_truefalse_comment`), which swaps them for TRUE.
    first, second = question["trueFeedback"], question["falseFeedback"]
    for_true, for_false = (second, first) if question["isTrue"] else (first, second)
    assert _words(true.rationale) == _expected_text(for_true)
    assert _words(false.rationale) == _expected_text(for_false)


def _check_short(item: ImportedItem, question: dict) -> None:
    assert item.draft.type == ItemType.SHORT_TEXT
    expected = [_expected_text(choice["text"]) for choice in question["choices"] if _weight(choice) == 100]
    assert [" ".join(text.split()) for text in item.draft.spec["accepted"]] == expected
    feedback = {_expected_text(choice["feedback"]) for choice in question["choices"] if _weight(choice) == 100}
    assert _words(item.draft.feedback_correct) in feedback


def _check_numeric(item: ImportedItem, question: dict) -> None:
    assert item.draft.type == ItemType.NUMERIC
    choices = question["choices"]
    if isinstance(choices, dict):
        key = choices
    else:
        (key,) = [choice["text"] for choice in choices if _weight(choice) == 100]
        (feedback,) = [choice["feedback"] for choice in choices if _weight(choice) == 100]
        assert _words(item.draft.feedback_correct) == _expected_text(feedback)
    spec = item.draft.spec
    if key["type"] == "high-low":
        assert [Decimal(end) for end in spec["range"]] == [
            Decimal(str(key["numberLow"])),
            Decimal(str(key["numberHigh"])),
        ]
    else:
        assert Decimal(spec["answer"]) == Decimal(str(key["number"]))
        assert Decimal(spec.get("tolerance", 0)) == Decimal(str(key.get("range", 0)))


CHECKS = {"MC": _check_choice, "TF": _check_true_false, "Short": _check_short, "Numerical": _check_numeric}


@pytest.mark.parametrize("path", PEG, ids=[path.stem for path in PEG])
def test_each_question_matches_its_expected_parse_or_is_skipped_with_a_reason(path: Path) -> None:
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    outcomes = parse_questions(path.read_text(encoding="utf-8"), path.name)
    questions = [question for question in expected if question["type"] != "Category"]
    assert len(outcomes) == len(questions)
    categories = [question["title"] for question in expected if question["type"] == "Category"]
    for outcome, question in zip(outcomes, questions, strict=True):
        assert outcome.source_id == (question["id"] or outcome.source_id)
        if isinstance(outcome, SkippedItem):
            assert question["type"] in UNSUPPORTED or outcome.reason.startswith(
                ("an answer earns", "the wrong answer", "4 answers are fully correct")
            ), outcome
            assert outcome.reason and outcome.source
            continue
        assert question["type"] in CHECKS, outcome
        assert outcome.draft.points == 1
        assert _words(outcome.draft.stem) == _expected_text(question["stem"])
        assert outcome.title == question["title"]
        assert list(outcome.tags) == (question["tags"] or [])
        assert _words(outcome.draft.feedback_general) == _expected_text(question["globalFeedback"])
        CHECKS[question["type"]](outcome, question)
        for dropped in outcome.dropped:
            assert dropped.construct and dropped.reason
    for category in categories:
        assert category is None or any(getattr(outcome, "category", None) for outcome in outcomes) or not outcomes


MOODLE = sorted((GIFT / "moodle").glob("*.txt"))


@pytest.mark.parametrize("path", MOODLE, ids=[path.name for path in MOODLE])
def test_moodles_own_files_import_or_say_why(path: Path) -> None:
    outcomes = parse_questions(path.read_text(encoding="utf-8"), path.name)
    assert outcomes
    for outcome in outcomes:
        if isinstance(outcome, SkippedItem):
            assert outcome.reason
        else:
            assert outcome.draft.stem


def test_moodles_example_file_reads_as_moodle_reads_it() -> None:
    """Moodle's examples.txt, by hand: the partial-credit, negative-weight and escaped questions."""
    outcomes = {o.source_id: o for o in parse_questions((GIFT / "moodle" / "examples.txt").read_text(encoding="utf-8"))}
    grant = outcomes["When was Ulysses S. Grant born?"]
    assert grant.draft.spec == {"answer": "1822", "tolerance": "1"}
    assert "earns 50% of the mark" in outcomes["Difficult question."].reason
    two = outcomes["What two people are entombed in Grant's tomb?"]
    assert two.draft.type == ItemType.MULTIPLE_RESPONSE
    assert [o.correct for o in two.draft.options] == [False, True, True, False]
    assert [d.construct for d in two.dropped] == ["answer weights"]  # Moodle's 0% wrong answers cost nothing
    exact = outcomes["What two people are entombed in Grant's tomb? (2)"]
    assert exact.dropped == ()  # -50% for each wrong answer of two correct is right minus wrong exactly
    control = outcomes["GIFT Control Characters"]
    assert [o.text for o in control.draft.options] == ["~", "=", "#", "{", "}", "\\"]
    assert [o.correct for o in control.draft.options] == [False] * 5 + [True]
