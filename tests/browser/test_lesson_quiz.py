"""A lesson quiz from the start page: Check shows the seed's own feedback for that question at once and locks
it; the start page, a question and the feedback pass axe-core."""

from __future__ import annotations

import pytest

from tests.browser.pages import (
    assert_accessible,
    attempt_id_of,
    current_position,
    screenshot,
    start_from_start_page,
    wait_saved,
)
from tests.content.seed_text import parse_seed, seed_path


@pytest.fixture(scope="module")
def lesson_1_quiz():
    """The seed's Lesson 1 Quiz: its questions by stem, the authority for their feedback."""
    quiz = parse_seed(seed_path()).lesson_quizzes[0]
    assert quiz.title == "Lesson 1 Quiz"
    return {question.stem: question for question in quiz.questions}


def test_the_start_page_lists_the_course_and_starts_a_quiz(page, live_server, axe_source, screenshots):
    page.goto(live_server.url + "/")
    assert page.locator("h2").first.inner_text() == "AI Careers & Research"
    starts = page.get_by_role("button", name="Start").all_inner_texts()
    assert [text.removeprefix("Start").strip() for text in starts] == [
        "Lesson 1 Quiz",
        "Lesson 2 Quiz",
        "Lesson 3 Quiz",
        "Lesson 4 Quiz",
        "Module 1 Test",
    ]
    assert_accessible(page, axe_source, "the start page")
    screenshot(page, screenshots, "start")
    page.get_by_role("button", name="Start Lesson 2 Quiz").click()  # no name yet
    assert page.locator("#name-error").inner_text() == "Type your name to start."
    assert page.evaluate("() => document.activeElement.id") == "name"
    page.get_by_label("Your name").fill("Quiz Taker")
    page.get_by_role("button", name="Start Lesson 2 Quiz").click()
    page.wait_for_selector("fieldset.question")
    assert page.locator("#page-title").inner_text() == "Lesson 2 Quiz"
    assert page.locator("#progress-text").inner_text() == "Question 1 of 5 · 0 answered"


def _check(page, live_server, right: bool):
    position = current_position(page)
    keyed = live_server.keyed_options(attempt_id_of(page))[position]
    inputs = page.locator("fieldset.question input")
    ids = inputs.evaluate_all("e => e.map(i => Number(i.value))")
    option = next(i for i in ids if (i in keyed) == right)
    check = page.get_by_role("button", name="Check answer")
    assert check.is_disabled()  # nothing to check before an answer
    page.locator(f"#question-{position}-option-{option}").check()
    wait_saved(page, position)
    check.click()
    page.wait_for_selector(f"#question-{position}-result")
    return position


def test_check_shows_the_seeds_feedback_for_that_question_and_locks_it(
    page, live_server, lesson_1_quiz, axe_source, screenshots
):
    start_from_start_page(page, live_server, "Checking Learner", "Lesson 1 Quiz")
    assert_accessible(page, axe_source, "a lesson quiz question")
    for right in (False, True):
        stem = page.locator(".question-stem").inner_text()
        seeded = lesson_1_quiz[stem]
        position = _check(page, live_server, right)
        result = page.locator(f"#question-{position}-result")
        assert result.locator(".question-result-heading").inner_text() == ("Correct" if right else "Incorrect")
        expected = seeded.feedback_correct if right else seeded.feedback_incorrect
        assert result.locator(".question-feedback").inner_text() == expected
        assert page.evaluate("() => document.activeElement.id") == f"question-{position}-result"
        inputs = page.locator("fieldset.question input")
        assert all(inputs.nth(n).is_disabled() for n in range(inputs.count()))  # locked, as the course does
        assert page.get_by_role("button", name="Check answer").count() == 0
        assert page.locator(".option-keyed").count() == 1  # the key and each option's rationale, now allowed
        if not right:
            assert_accessible(page, axe_source, "a lesson quiz question's feedback")
            screenshot(page, screenshots, "feedback")
        page.get_by_role("button", name="Next").click()
    # A checked question stays checked after a reload: its feedback comes back with it.
    page.reload()
    page.get_by_role("button", name="Question 1, answered").click()
    assert page.locator(".question-result").count() == 1
