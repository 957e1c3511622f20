"""The AI Careers module file against its seed: the seed's words verbatim, and options that can be scored fairly.

Stems and feedback are compared with the repaired seed character for character, so a lost character, a
"smart" quote or a question moved to another assessment fails here, not in front of a learner.
"""

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from itembank.cues import ChoiceText, cues
from tests.content.seed_text import SeedAssessment, SeedCourse, parse_seed, repair_mojibake, seed_path

CONTENT_PATH = Path(__file__).resolve().parents[2] / "itembank" / "content" / "ai-careers" / "module-1.yaml"
# UTF-8 em dash, middle dot and multiplication sign as they read after a Windows-1253 decode (beta-euro-quote,
# Beta-dot, Gamma-dash); escaped because the Greek capitals are indistinguishable from Latin letters in review.
GARBLED_EM_DASH = "\u03b2\u20ac\u201d"
GARBLED_MIDDLE_DOT = "\u0392\u00b7"
GARBLED_TIMES = "\u0393\u2014"
EM_DASH, MIDDLE_DOT, TIMES, EN_DASH = "\u2014", "\u00b7", "\u00d7", "\u2013"
# Every garbled dash, curly quote or ellipsis (UTF-8 E2 80 xx) starts with beta-euro, so that prefix is what to ban.
MOJIBAKE = ("\u03b2\u20ac", GARBLED_MIDDLE_DOT, GARBLED_TIMES)
CATCH_ALL = re.compile(r"all of the above|none of the above", re.IGNORECASE)
TAG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def seed() -> SeedCourse:
    return parse_seed(seed_path())


@pytest.fixture(scope="module")
def content() -> dict[str, Any]:
    return yaml.safe_load(CONTENT_PATH.read_text(encoding="utf-8"))


def _questions(content: dict[str, Any]) -> list[dict[str, Any]]:
    return [question for assessment in content["assessments"] for question in assessment["questions"]]


def _seed_texts(assessment: SeedAssessment) -> list[tuple[str, str, str]]:
    return [(q.stem, q.feedback_correct, q.feedback_incorrect) for q in assessment.questions]


def _file_texts(assessment: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(q["stem"], q["feedback"]["correct"], q["feedback"]["incorrect"]) for q in assessment["questions"]]


@pytest.mark.parametrize(
    ("garbled", "repaired"),
    [
        (GARBLED_EM_DASH, EM_DASH),
        (GARBLED_MIDDLE_DOT, MIDDLE_DOT),
        (GARBLED_TIMES, TIMES),
        (EN_DASH, EN_DASH),
        (
            f"2022{EN_DASH}23 {GARBLED_EM_DASH} 25{GARBLED_TIMES} {GARBLED_MIDDLE_DOT} done",
            f"2022{EN_DASH}23 {EM_DASH} 25{TIMES} {MIDDLE_DOT} done",
        ),
        ("plain ASCII stays put", "plain ASCII stays put"),
    ],
    ids=["em-dash", "middle-dot", "times", "en-dash-kept", "mixed-line", "ascii"],
)
def test_repair_mojibake(garbled, repaired):
    assert repair_mojibake(garbled) == repaired


def test_the_seed_reads_as_one_module_of_four_lessons(seed):
    assert seed.title == "AI Careers & Research"
    assert (seed.module_number, seed.module_title) == (1, "The AI Career Landscape")
    assert [lesson.number for lesson in seed.lessons] == [1, 2, 3, 4]
    assert [len(a.questions) for a in seed.assessments] == [5, 5, 5, 5, 15]
    assert seed.lesson_quizzes[3].subtitle == "Policy, Ethics, and AI-Adjacent Roles"
    assert (seed.module_test.stated_question_count, seed.module_test.pass_percent) == (15, 80)


def test_course_and_module_match_the_seed(content, seed):
    assert content["format"] == 1
    assert content["course"]["title"] == seed.title
    assert (content["module"]["number"], content["module"]["title"]) == (seed.module_number, seed.module_title)


def test_lessons_match_the_seed(content, seed):
    in_file = [(lesson["number"], lesson["title"], lesson["subtitle"]) for lesson in content["lessons"]]
    assert in_file == [(lesson.number, lesson.title, lesson.subtitle) for lesson in seed.lessons]
    assert [lesson["slug"] for lesson in content["lessons"]] == [f"lesson-{lesson.number}" for lesson in seed.lessons]


def test_assessments_match_the_seed_in_order(content, seed):
    assessments = content["assessments"]
    assert [(a["title"], a["subtitle"]) for a in assessments] == [(a.title, a.subtitle) for a in seed.assessments]
    assert [a["kind"] for a in assessments] == ["lesson_quiz"] * 4 + ["module_test"]
    quizzes, test = assessments[:4], assessments[4]
    assert [quiz["lesson"] for quiz in quizzes] == [f"lesson-{quiz.lesson_number}" for quiz in seed.lesson_quizzes]
    assert {quiz["feedback"] for quiz in quizzes} == {"immediate"}
    assert test["module"] == content["module"]["slug"]
    assert test["feedback"] == "after_submit"
    assert test["pass_percent"] == seed.module_test.pass_percent == 80


def test_question_counts(content, seed):
    counts = [len(assessment["questions"]) for assessment in content["assessments"]]
    assert counts == [5, 5, 5, 5, 15]
    assert counts[-1] == seed.module_test.stated_question_count
    assert len(_questions(content)) == 35


@pytest.mark.parametrize("position", range(5))
def test_stems_and_feedback_are_the_seed_text(content, seed, position):
    assert _file_texts(content["assessments"][position]) == _seed_texts(seed.assessments[position])


def test_each_question_has_four_distinct_options_and_one_key(content):
    problems = []
    for question in _questions(content):
        options = question["options"]
        texts = [option["text"].strip().casefold() for option in options]
        keyed = [option for option in options if option["correct"] is True]
        if len(options) != 4:
            problems.append(f"{question['id']}: {len(options)} options")
        if len(keyed) != 1 or any(option["correct"] not in (True, False) for option in options):
            problems.append(f"{question['id']}: {len(keyed)} keyed options")
        if len(set(texts)) != len(texts):
            problems.append(f"{question['id']}: repeated option text")
        problems += [f"{question['id']}: catch-all option {t!r}" for t in texts if CATCH_ALL.search(t)]
        problems += [f"{question['id']}: option without rationale" for o in options if not o.get("rationale")]
    assert problems == []


def test_question_ids_are_unique(content):
    ids = [question["id"] for question in _questions(content)]
    assert len(ids) == len(set(ids))


def test_lesson_references_name_existing_lessons(content):
    lessons = {lesson["slug"] for lesson in content["lessons"]}
    for assessment in content["assessments"]:
        if "lesson" in assessment:
            assert assessment["lesson"] in lessons, assessment["slug"]
        for question in assessment["questions"]:
            assert question["lesson"] in lessons, question["id"]
            if assessment["kind"] == "lesson_quiz":
                assert question["lesson"] == assessment["lesson"], question["id"]


def test_tags_are_one_to_three_slugs(content):
    for question in _questions(content):
        assert 1 <= len(question["tags"]) <= 3, question["id"]
        assert all(TAG.match(tag) for tag in question["tags"]), question["id"]


def test_no_mojibake_is_left_in_the_file():
    text = CONTENT_PATH.read_text(encoding="utf-8")
    assert [sequence for sequence in MOJIBAKE if sequence in text] == []
    assert repair_mojibake(text) == text


def test_no_option_gives_its_answer_away(content):
    """The authoring lint finds nothing: no specific determiners only in distractors, no stem echo in the key
    alone, no key that is the longest by far, no distractor that is the key rearranged."""
    found = [
        f"{question['id']}: {cue.kind}: {cue.detail}"
        for question in _questions(content)
        for cue in cues(question["stem"], [ChoiceText(o["text"], o["correct"]) for o in question["options"]])
    ]
    assert found == []


def test_no_distractor_is_a_sibling_questions_key(content):
    """A distractor that is another answer of the same assessment is ruled out by that question."""
    reused = []
    for assessment in content["assessments"]:
        questions = assessment["questions"]
        keys = {o["text"].casefold(): q["id"] for q in questions for o in q["options"] if o["correct"]}
        reused += [
            f"{q['id']}: {o['text']!r} is the key of {keys[o['text'].casefold()]}"
            for q in questions
            for o in q["options"]
            if not o["correct"] and o["text"].casefold() in keys
        ]
    assert reused == []


@pytest.mark.parametrize(
    ("question_id", "cue"),
    [
        # Quebec answers a stem about Montreal by geography alone.
        ("m1-l2-q4", "quebec"),
        # m1-l4-q5's answer (the 2023 review of 50 controversies) and m1-l4-q1's paper (on large language models).
        ("m1-l4-q2", "50 ai ethics"),
        ("m1-l4-q2", "large language models"),
        # m1-l4-q2's stem says Buolamwini founded the League.
        ("m1-l4-q1", "algorithmic justice league"),
    ],
)
def test_options_a_reviewer_found_answered_by_geography_or_a_sibling_stay_fixed(content, question_id, cue):
    (question,) = [q for q in _questions(content) if q["id"] == question_id]
    assert [o["text"] for o in question["options"] if cue in o["text"].casefold()] == []
