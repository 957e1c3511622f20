"""An instructor's first hour in Chromium, by keyboard where it counts: sign in, write an item of each type
(a validation error corrected on the way), publish, build a quiz from a pool, read its analytics after some
attempts, fix a miskey and run the regrade dry run; a concurrent edit refused in words. axe-core finds no
serious or critical violation on any page; every page is photographed into screenshots/workspace/.

The tests run in order and share one live server and one signed-in browser (one per module, to stay fast)."""

from __future__ import annotations

import json
import re
import urllib.request
from dataclasses import dataclass, field
from fractions import Fraction

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assess.models import Attempt
from itembank.keys import issue_key
from itembank.models import Assessment, Item, Lesson, Tenant
from itembank.users import create_user
from tests import factories
from tests.browser.live_site import require_browser_tools
from tests.factories import AttemptFactory, BankFactory, LessonFactory, TenantFactory
from tests.workspace.browser import check_page, live_server

EMAIL, PASSWORD = "ada@example.org", "a long enough password"
TYPES = {
    "single_choice": {"Option A": "4", "Option B": "7"},
    "multiple_response": {"Option A": "2", "Option B": "3", "Option C": "4"},
    "true_false": {},
    "numeric": {"Answer": "0.125", "Tolerance (absolute, ±)": "0.001"},
    "short_text": {"Accepted answers, one a line": "Au"},
}
KEYED = {"single_choice": ["B"], "multiple_response": ["A", "C"], "true_false": ["A"]}
RATIONALE = "7 has no divisor but 1 and itself."
FEEDBACK_RIGHT, FEEDBACK_WRONG = "Yes: a prime.", "Look for a number with no divisor but 1 and itself."
LEARNER = "learner-in-a-browser"


@dataclass
class Site:
    base: str
    session: Session
    tenant: Tenant
    lesson: Lesson
    items: dict[str, int] = field(default_factory=dict)
    assessment_id: int | None = None


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    require_browser_tools()
    with live_server(tmp_path_factory.mktemp("workspace-browser")) as (base, session):
        with factories.bound(session):
            tenant = TenantFactory(slug="default")
            lesson = LessonFactory(module__course__tenant=tenant, title="Careers in AI")
            BankFactory(tenant=tenant, slug="main", title="Main bank")
            create_user(session, tenant, email=EMAIL, password=PASSWORD, role="admin")
            session.commit()
        yield Site(base, session, tenant, lesson)


@pytest.fixture(scope="module")
def page(browser, site):
    context = browser.new_context(base_url=site.base, bypass_csp=True)  # CSP would refuse axe's injected script
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _expect():
    from playwright.sync_api import expect

    return expect


def test_sign_in_by_keyboard(page):
    page.goto("/workspace/items")
    assert "/workspace/sign-in" in page.url
    check_page(page, "sign-in")
    assert page.evaluate("document.activeElement.id") == "email"  # the organisation is filled in already
    page.keyboard.type(EMAIL)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/workspace/items")
    _expect()(page.locator(".who")).to_contain_text(EMAIL)
    check_page(page, "bank-empty")


@pytest.mark.parametrize("item_type", list(TYPES))
def test_an_item_of_each_type_with_a_validation_error_corrected_then_published(page, site, item_type):
    expect = _expect()
    page.goto("/workspace/items/new")
    if item_type == "single_choice":
        check_page(page, "new-item-type")
    page.locator(f"#type-{item_type}").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Ref").fill(f"{item_type}-1")
    page.get_by_label("Question (stem)").fill(f"A {item_type.replace('_', ' ')} question?")
    page.get_by_label("Points").fill("0")
    for label, value in TYPES[item_type].items():
        page.get_by_label(label, exact=True).fill(value)
    for letter in KEYED.get(item_type, []):
        page.locator(f"#options-{'ABC'.index(letter)}-correct").check()
    if item_type == "single_choice":
        page.locator("#options-1-rationale").fill(RATIONALE)
        page.locator("#feedback_correct").fill(FEEDBACK_RIGHT)
        page.locator("#feedback_incorrect").fill(FEEDBACK_WRONG)
    page.get_by_label("Tags").fill("week1")
    page.get_by_label("Lesson").select_option(str(site.lesson.id))
    page.get_by_role("button", name="Save draft").click()

    expect(page.locator("#points-errors")).to_contain_text("greater than or equal to 1")
    expect(page.get_by_label("Points")).to_have_attribute("aria-invalid", "true")
    if item_type == "single_choice":
        check_page(page, "item-validation-error")
    page.get_by_label("Points").fill("1")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".notice")).to_have_text("Saved.")
    site.items[item_type] = int(re.search(r"/items/(\d+)", page.url).group(1))

    publish = page.get_by_role("button", name="Publish version 1")
    publish.focus()
    page.keyboard.press("Enter")  # by keyboard
    expect(page.locator(".notice")).to_have_text("Published.")
    if item_type == "numeric":
        check_page(page, "item-editor-numeric")
    if item_type == "short_text":
        check_page(page, "item-editor-short-text")


def test_an_item_previewed_as_a_learner_sees_it_then_checked(page, site):
    expect = _expect()
    page.goto(f"/workspace/items/{site.items['single_choice']}")
    page.get_by_role("link", name="Preview version 1 as a learner").click()
    question = page.locator("fieldset.question")
    expect(question).to_have_count(1)
    expect(question.locator("legend")).to_contain_text("A single choice question?")
    # the learner's renderer: each option a radio input named by its label
    expect(question.locator("input[type=radio]")).to_have_count(2)
    for text in ("4", "7"):
        expect(page.get_by_label(text, exact=True)).to_have_attribute("type", "radio")
    check = page.get_by_role("button", name="Check answer")
    expect(check).to_be_disabled()  # nothing chosen yet
    check_page(page, "preview-item")

    page.get_by_label("4", exact=True).check()
    check.click()
    result = page.locator(".question-result")
    expect(result.locator(".question-result-heading")).to_have_text("Incorrect")
    expect(result).to_contain_text(FEEDBACK_WRONG)
    expect(page.locator(".option-keyed")).to_contain_text("Correct answer")
    expect(page.locator(".option-keyed")).to_contain_text(RATIONALE)
    expect(question.locator("input[type=radio]").first).to_be_disabled()  # locked, as after a learner's check
    check_page(page, "preview-item-checked-wrong")

    page.get_by_role("button", name="Try again").click()
    page.get_by_label("7", exact=True).check()
    page.get_by_role("button", name="Check answer").click()
    expect(result.locator(".question-result-heading")).to_have_text("Correct")
    expect(result).to_contain_text(FEEDBACK_RIGHT)
    check_page(page, "preview-item-checked")
    assert _attempt_count(site) == 0  # a preview starts no attempt


def _attempt_count(site) -> int:
    count = site.session.scalar(select(func.count(Attempt.id)))
    site.session.rollback()  # SQLite: every transaction here holds the write lock the server needs
    return count


def test_the_bank_lists_them_and_filters_by_type(page):
    expect = _expect()
    page.goto("/workspace/items")
    expect(page.locator(".count")).to_have_text("5 items")
    page.get_by_label("Type").select_option("numeric")
    page.get_by_role("button", name="Find").click()
    expect(page.locator(".count")).to_have_text("1 item")
    check_page(page, "bank")


def test_a_quiz_composed_from_a_pool_and_published_with_its_checks(page, site):
    expect = _expect()
    page.goto("/workspace/pools")
    page.get_by_label("Title").fill("Week 1")
    page.get_by_label("Slug").fill("week-1")
    page.get_by_label("Tag").select_option("week1")
    page.get_by_role("button", name="Make the pool").click()
    expect(page.locator(".notice")).to_have_text("Pool made.")
    check_page(page, "pools")

    page.goto("/workspace/assessments/new")
    page.get_by_label("Title", exact=True).fill("Week 1 quiz")
    page.get_by_label("Slug").fill("week-1-quiz")
    page.get_by_label("Row 1: source").select_option(label="Pool: Week 1")
    page.locator("#slots-0-count").fill("6")
    page.get_by_label("Pass mark, % of the points").fill("60")
    page.get_by_label("Time limit in seconds").fill("900")
    page.get_by_label("Attempts allowed").fill("3")
    page.get_by_role("button", name="Make the draft").click()
    expect(page.locator(".checks")).to_contain_text(
        "the slots at positions 1, 2, 3, 4, 5, 6 (pool 'week-1') need 6 different published items and can have only 5"
    )
    check_page(page, "composer-checks")

    page.locator("#slots-0-count").fill("5")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".checks")).to_contain_text("Every check passes")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".notice")).to_have_text("Published.")
    site.assessment_id = int(re.search(r"/assessments/(\d+)", page.url).group(1))
    check_page(page, "composer-published")
    page.goto("/workspace/assessments")
    check_page(page, "assessments")


def test_the_quiz_previewed_as_a_learner_sees_it(page, site):
    expect = _expect()
    page.goto(f"/workspace/assessments/{site.assessment_id}")
    page.get_by_role("link", name="Preview as a learner").click()
    expect(page.locator("fieldset.question")).to_have_count(5)
    expect(page.locator("fieldset.question .question-number").first).to_have_text("Question 1 of 5 · 1 point")
    types = page.locator("fieldset.question").evaluate_all("fs => fs.map(f => f.dataset.type)")
    assert sorted(types) == sorted(TYPES)
    check_page(page, "preview-assessment")
    assert _attempt_count(site) == 0


def test_the_preview_works_under_the_pages_csp(page, browser, site):
    """The module test's page bypasses the CSP (for axe's injected script); this one keeps it."""
    expect = _expect()
    strict = browser.new_context(base_url=site.base)
    try:
        strict.add_cookies(page.context.cookies())  # the same signed-in session
        other = strict.new_page()
        refused: list[str] = []
        other.on(
            "console", lambda message: refused.append(message.text) if "Content Security" in message.text else None
        )
        response = other.goto(f"/workspace/assessments/{site.assessment_id}/preview")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        expect(other.locator("fieldset.question")).to_have_count(5)
        other.locator("fieldset.question[data-type=true_false] input").first.check()
        other.locator("fieldset.question[data-type=true_false]").locator("xpath=..").get_by_role(
            "button", name="Check answer"
        ).click()
        expect(other.locator(".question-result")).to_have_count(1)
        assert not refused, refused
    finally:
        strict.close()


def test_a_learner_takes_it_in_a_second_browser_context(page, browser, site):
    expect = _expect()
    with factories.bound(site.session):
        _key, plaintext = issue_key(site.session, site.tenant, ("deliver",), "browser test")
        site.session.commit()
    request = urllib.request.Request(
        f"{site.base}/api/v1/assessments/{site.assessment_id}/attempts",
        data=json.dumps({"learner_id": LEARNER}).encode(),
        headers={"Authorization": f"Bearer {plaintext}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request) as response:
        started = json.load(response)
    learner = browser.new_context()
    try:
        taking = learner.new_page()
        taking.set_default_timeout(10_000)
        taking.goto(started["learner_url"])
        for index in range(5):
            question = taking.locator("fieldset.question")
            position = int(question.get_attribute("data-position"))
            kind = question.get_attribute("data-type")
            if kind == "single_choice":
                taking.get_by_label("4", exact=True).check()  # wrong by its key (B, "7") until the key is fixed
            elif kind in ("numeric", "short_text"):
                question.locator("input").fill("1")
                question.locator("input").press("Tab")
            else:
                question.locator("input").first.check()
            taking.wait_for_selector(f"#save-state-{position}[data-state='saved']")
            if index < 4:
                taking.get_by_role("button", name="Next").click()
                taking.wait_for_selector(f"fieldset.question[data-position='{position + 1}']")
        taking.get_by_role("button", name="Submit…").click()
        taking.get_by_role("button", name="Submit answers").click()
        expect(taking.locator("#outcome")).to_be_visible()
    finally:
        learner.close()

    # The instructor sees that attempt in the analytics, the only one so far.
    page.goto(f"/workspace/assessments/{site.assessment_id}/analytics")
    expect(page.locator(".stats dd").first).to_have_text("1")


def test_the_analytics_after_some_attempts(page, site):
    expect = _expect()
    with factories.bound(site.session):
        assessment = site.session.get(Assessment, site.assessment_id)
        for learner in range(4):
            AttemptFactory(assessment=assessment, learner_id=f"learner-{learner}", submit=True)
        site.session.commit()
    page.goto(f"/workspace/assessments/{site.assessment_id}/analytics")
    expect(page.locator(".stats dd").first).to_have_text("5")  # theirs and the learner's in the browser
    expect(page.get_by_role("link", name="questions.csv")).to_be_visible()
    check_page(page, "analytics")


def test_a_miskey_fixed_then_the_regrade_dry_run(page, site):
    expect = _expect()
    item_id = site.items["single_choice"]
    page.goto(f"/workspace/items/{item_id}")
    page.locator("#options-1-correct").uncheck()
    page.locator("#options-0-correct").check()
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".notice")).to_have_text("Saved.")
    page.get_by_role("button", name="Publish version 2").click()
    expect(page.locator(".notice")).to_have_text("Published.")

    page.get_by_role("link", name="Version history").click()
    expect(page.locator("table.diff")).to_contain_text("options.0.correct")
    check_page(page, "history")

    # From the item flagged in the analytics (nobody scored its key), one click to its dry run.
    page.goto(f"/workspace/assessments/{site.assessment_id}/analytics")
    page.locator(f'.flags a[href$="/items/{item_id}/regrade"]').first.click()
    page.get_by_label("To version").select_option("2")
    page.get_by_role("button", name="Run the dry run").click()
    expect(page.get_by_role("heading", name="What would change")).to_be_visible()
    # The learner chose "4", wrong by version 1's key and right by version 2's: one point more.
    row = page.locator("tbody tr", has_text=LEARNER)
    expect(row.locator("td").nth(1)).to_contain_text("fail")
    before, after = (row.locator("td").nth(n).inner_text() for n in (1, 2))
    assert _points(after) == _points(before) + 1, (before, after)


def _points(cell: str) -> Fraction:
    """The points of a dry run's cell ("3/2/5, fail": 3/2 of 5 points), exact."""
    return Fraction(cell.split(",")[0].rsplit("/", 1)[0])
    check_page(page, "regrade-dry-run")


def _tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until `selector` has the focus: it is reachable by keyboard, in the page's order."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"{selector} was not reached in {limit} presses of Tab")


def test_an_item_written_and_published_by_keyboard_alone(page):
    expect = _expect()
    page.goto("/workspace/items")
    _tab_to(page, "a.button")  # New item
    page.keyboard.press("Enter")
    page.wait_for_url("**/items/new")
    _tab_to(page, "#type-single_choice")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # single choice, multiple response, true or false
    assert page.evaluate("document.activeElement.id") == "type-true_false"
    page.keyboard.press("Enter")  # submits the form
    page.wait_for_url("**type=true_false")
    _tab_to(page, "#ref")
    page.keyboard.type("keyboard-tf")
    page.keyboard.press("Tab")
    page.keyboard.type("The keyboard alone is enough to write an item.")
    _tab_to(page, "#options-0-correct")
    page.keyboard.press("Space")
    _tab_to(page, "button[type=submit]:not(.secondary)")
    page.keyboard.press("Enter")
    expect(page.locator(".notice")).to_have_text("Saved.")
    _tab_to(page, ".workflow button")
    page.keyboard.press("Enter")
    expect(page.locator(".notice")).to_have_text("Published.")


def test_a_concurrent_edit_is_refused_with_a_clear_message(page, browser, site):
    expect = _expect()
    item_id = site.items["numeric"]
    page.goto(f"/workspace/items/{item_id}")
    colleague = browser.new_context(base_url=site.base)
    other = colleague.new_page()
    other.goto(f"/workspace/items/{item_id}")
    other.get_by_label("Email").fill(EMAIL)
    other.get_by_label("Password").fill(PASSWORD)
    other.get_by_role("button", name="Sign in").click()
    other.get_by_label("Question (stem)").fill("Their better stem?")
    other.get_by_role("button", name="Save draft").click()
    expect(other.locator(".notice")).to_have_text("Saved.")
    colleague.close()

    page.get_by_label("Question (stem)").fill("My stem?")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("#conflict")).to_contain_text("someone else changed this item")
    expect(page.get_by_label("Question (stem)")).to_have_value("My stem?")
    expect(page.locator("#conflict")).to_be_focused()  # by workspace.js, a module that runs after the styles load
    check_page(page, "item-conflict")
    stem = site.session.scalar(select(Item).where(Item.id == item_id)).latest.stem
    site.session.rollback()  # SQLite: every transaction here holds the write lock the server needs
    assert stem == "Their better stem?"


def test_a_missing_item_is_a_page_that_says_so(page):
    response = page.goto("/workspace/items/999999")
    assert response.status == 404
    _expect()(page.get_by_role("heading", level=1)).to_have_text("Not Found")
    _expect()(page.locator(".problem")).to_contain_text("no item 999999")
    check_page(page, "not-found")
