"""The authoring lint on planted items: each cue fires on the item written to show it, and not on its repair."""

import pytest

from itembank.cues import ChoiceText, CueKind, cues


def _item(key: str, *distractors: str) -> list[ChoiceText]:
    return [ChoiceText(key, True), *(ChoiceText(text, False) for text in distractors)]


CLEAN = _item("Paris", "Lyon", "Marseille", "Lille")


@pytest.mark.parametrize(
    ("stem", "options", "kind"),
    [
        (
            "Which city?",
            _item("Usually the capital", "Always the largest", "Often the oldest", "Rarely a port"),
            CueKind.ABSOLUTE_WORDS,
        ),
        (
            "Which research lab?",
            _item("A research lab", "A startup hub", "A college campus", "A bank office"),
            CueKind.STEM_ECHO,
        ),
        (
            "Which researchers?",
            _item("The research team", "The sales team", "The legal team", "The board"),
            CueKind.STEM_ECHO,
        ),
        ("Which city?", _item("Paris, the capital of France since 987", "Lyon", "Lille", "Nice"), CueKind.LONGEST_KEY),
        (
            "Who builds?",
            _item(
                "Scientists publish; engineers build", "Engineers publish; scientists build", "Both publish and build"
            ),
            CueKind.REARRANGED_KEY,
        ),
    ],
    ids=["absolute-words", "stem-echo", "stem-echo-inflected", "longest-key", "rearranged-key"],
)
def test_each_cue_fires_on_its_planted_item(stem, options, kind):
    assert [cue.kind for cue in cues(stem, options)] == [kind]


def test_a_clean_item_has_no_cue():
    assert cues("Which city is the capital of France?", CLEAN) == []


def test_an_absolute_word_in_the_key_too_marks_nothing():
    assert cues("Which?", _item("Only the capital", "Only the largest", "Lyon", "Lille")) == []


def test_a_title_is_not_a_claim():
    titles = _item(
        "On the Dangers of Stochastic Parrots", "Attention Is All You Need", "Concrete Problems in AI Safety"
    )
    assert cues("Which paper?", titles) == []


def test_the_stem_word_shared_with_a_distractor_is_no_echo():
    assert cues("Which research lab?", _item("A research lab", "A research group", "Lyon")) == []


def test_an_item_without_exactly_one_key_is_not_judged():
    assert cues("Which?", [ChoiceText("Always", False), ChoiceText("Never", False)]) == []
