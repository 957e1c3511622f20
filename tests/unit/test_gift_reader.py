"""GIFT read as Moodle reads it, on small files of our own modelled on Moodle's: each rule of the format, and
each honest refusal of what our types cannot score as Moodle does."""

from __future__ import annotations

from itembank.interchange.gift import parse_gift, write_gift
from itembank.interchange.gift.reader import parse_questions
from itembank.interchange.parsed import SkippedItem
from itembank.itemtypes import ItemType


def _one(text: str):
    (outcome,) = parse_questions(text)
    return outcome


def test_ids_tags_titles_and_categories_come_from_comments_and_the_category_line() -> None:
    parsed = parse_gift(
        "$CATEGORY: $course$/top/Unit 1\n\n"
        "// [id:u1-q1] [tag:easy] [tag:has\\]bracket]\n"
        "::First::What is 1+1?{=2 ~3}\n\n"
        "::Second::What is 2+2?{=4 ~5}\n\n"
        "$CATEGORY: Unit 2\n\n"
        "What is 3+3?{=6 ~7}\n"
    )
    assert [(item.source_id, item.title, item.tags, item.category) for item in parsed.items] == [
        ("u1-q1", "First", ("easy", "has]bracket"), "$course$/top/Unit 1"),
        ("Second", "Second", (), "$course$/top/Unit 1"),
        ("What is 3+3?", None, (), "Unit 2"),
    ]


def test_escapes_and_new_lines_mean_the_character() -> None:
    item = _one("Which is \\{braced\\}\\: a\\nb?{=\\= equals#it is \\#1 ~\\~ tilde}")
    assert item.draft.stem == "Which is {braced}: a<br>\nb?"
    assert [(option.text, option.rationale) for option in item.draft.options] == [
        ("= equals", "it is #1"),
        ("~ tilde", None),
    ]


def test_formats_become_html_as_moodle_shows_them() -> None:
    assert _one("[plain]1 < 2 & <b>?{TRUE}").draft.stem == "1 &lt; 2 &amp; &lt;b&gt;?"
    assert _one("[html]<p>Is <b>this</b> bold?</p>{TRUE}").draft.stem == "<p>Is <b>this</b> bold?</p>"
    assert _one("[markdown]Is **this** bold?{TRUE}").draft.stem == "<p>Is <strong>this</strong> bold?</p>"
    # answers take the question's format unless they name their own
    item = _one("[markdown]Pick *one*{=**bold** ~[plain]**plain**}")
    assert [option.text for option in item.draft.options] == ["<p><strong>bold</strong></p>", "**plain**"]


def test_true_false_feedback_is_wrong_then_right_as_moodle_reads_it() -> None:
    item = _one("The sun rises in the west.{F#No: it rises in the east.#Right.####Seen from the Earth.}")
    true, false = item.draft.options
    assert (true.correct, true.rationale) == (False, "No: it rises in the east.")
    assert (false.correct, false.rationale) == (True, "Right.")
    assert item.draft.feedback_general == "Seen from the Earth."


def test_the_missing_word_form_leaves_a_blank_where_the_answers_were() -> None:
    assert _one("Grant is {~buried =entombed ~living} in Grant's tomb.").draft.stem == "Grant is _____ in Grant's tomb."


def test_numerical_forms_and_their_feedback() -> None:
    assert _one("Pi?{#3.14159:0.0005}").draft.spec == {"answer": "3.14159", "tolerance": "0.0005"}
    assert _one("Between?{#1.5..2.5}").draft.spec == {"range": ["1.5", "2.5"]}
    assert _one("Exactly?{#-3}").draft.spec == {"answer": "-3"}
    nested = _one("Grant born?{#=1822:0#Exactly. =1822:2#Near enough. ~#Look it up.}")
    assert nested.draft.spec == {"answer": "1822", "tolerance": "2"}  # the exact answer lies within the wider one
    assert nested.draft.feedback_incorrect == "Look it up."
    assert [found.construct for found in nested.dropped] == ["repeated answer"]
    assert "separate ranges" in _one("Either?{#=1 =5}").reason


def test_weights_are_mapped_only_where_our_scoring_gives_the_same_credit() -> None:
    checkboxes = _one("Primes?{~%50%2 ~%50%3 ~%-50%4 ~%-50%6}")
    assert checkboxes.draft.type == ItemType.MULTIPLE_RESPONSE and checkboxes.dropped == ()
    thirds = _one("Continents?{~%33.33333%Asia ~%33.33333%Africa ~%33.33333%Europe ~%-100%Paris}")
    assert [option.correct for option in thirds.draft.options] == [True, True, True, False]
    assert [found.construct for found in thirds.dropped] == ["answer weights"]
    unequal = _one("Rank?{~%70%best ~%30%good ~%-100%bad}")
    assert isinstance(unequal, SkippedItem) and "different shares (70%, 30%)" in unequal.reason
    penalty = _one("Pick{=right ~%-25%wrong ~other}")
    assert penalty.draft.type == ItemType.SINGLE_CHOICE
    assert [found.construct for found in penalty.dropped] == ["negative weight"]
    assert "earns 50%" in _one("Pick{=right ~%50%half}").reason
    assert "earns 50%" in _one("Name?{=Paris =%50%paris france}").reason
    assert "wildcard" in _one("Name?{=Par*}").reason


def test_short_answer_feedback_and_the_catch_all() -> None:
    item = _one("Capital?{=Paris#Yes. =paris city#Yes. =%0%Lyon#That is Lyon. =%0%*#No.}")
    assert item.draft.spec == {"accepted": ["Paris", "paris city"]}
    assert (item.draft.feedback_correct, item.draft.feedback_incorrect) == ("Yes.", "No.")
    assert [found.construct for found in item.dropped] == ["feedback for a wrong answer"]


def test_what_moodle_refuses_or_we_cannot_score_is_skipped_with_the_reason() -> None:
    reasons = [
        outcome.reason
        for outcome in parse_questions(
            "Unclosed {=a ~b\n\nJust text.\n\nWrite an essay.{}\n\nMatch{=a -> 1 =b -> 2}\n\nOnly one?{~a}\n\n"
            "Weight?{~%--5%a =b}\n\nNot a number{#abc}\n"
        )
    ]
    assert [reason.split(";")[0].split(":")[0] for reason in reasons] == [
        "Moodle would refuse it too",
        "a description is text shown between questions, with nothing to answer or score",
        "an essay is marked by hand",
        "a matching question has no counterpart among our item types "
        "(single choice, multiple response, true/false, numeric, short text)",
        "Moodle would refuse it too",
        "Moodle would refuse it too",
        "Moodle would refuse it too",
    ]


def test_a_repeated_id_is_skipped_and_a_repeated_title_numbered() -> None:
    parsed = parse_gift("// [id:a]\nOne?{TRUE}\n\n// [id:a]\nTwo?{TRUE}\n\n::T::Three?{TRUE}\n\n::T::Four?{TRUE}\n")
    assert [item.source_id for item in parsed.items] == ["a", "T", "T (2)"]
    assert [(skipped.source_id, skipped.reason) for skipped in parsed.skipped] == [
        ("a", "an earlier question has the same [id:...]")
    ]


def test_what_gift_cannot_say_survives_on_our_comment_line() -> None:
    text = "// [id:f]\n// assess: points=3 case_sensitive=true whitespace=remove\nFormula of water?{=H2O}\n"
    item = _one(text)
    assert item.draft.points == 3
    assert item.draft.spec == {"accepted": ["H2O"], "case_sensitive": True, "whitespace": "remove"}
    assert parse_gift(write_gift([item])).items[0].draft == item.draft
