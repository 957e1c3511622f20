"""An instructor's first hour in Chromium, by keyboard where it counts: sign in, write an item of each type
(a validation error corrected on the way), publish, build a quiz from a pool, read its analytics after some
attempts, fix a miskey and run the regrade dry run; a concurrent edit refused in words. axe-core finds no
serious or critical violation on any page; every page is photographed into screenshots/workspace/.

The tests run in order and share one live server and one signed-in browser (one per module, to stay fast)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from itembank.models import Assessment, Item, Lesson, Tenant
from itembank.users import create_user
from tests import factories
from tests.factories import AttemptFactory, BankFactory, LessonFactory, TenantFactory
from tests.workspace.browser import check_page, live_server, require_browser

EMAIL, PASSWORD = "ada@example.org", "a long enough password"
TYPES = {
    "single_choice": {"Option A": "4", "Option B": "7"},
    "multiple_response": {"Option A": "2", "Option B": "3", "Option C": "4"},
    "true_false": {},
    "numeric": {"Answer": "0.125", "Tolerance (absolute, ±)": "0.001"},
    "short_text": {"Accepted answers, one a line": "Au"},
}
KEYED = {"single_choice": ["B"], "multiple_response": ["A", "C"], "true_false": ["A"]}


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
    require_browser()
    with live_server(tmp_path_factory.mktemp("workspace-browser")) as (base, session):
        with factories.bound(session):
            tenant = TenantFactory(slug="default")
            lesson = LessonFactory(module__course__tenant=tenant, title="Careers in AI")
            BankFactory(tenant=tenant, slug="main", title="Main bank")
            create_user(session, tenant, email=EMAIL, password=PASSWORD, role="admin")
            session.commit()
        yield Site(base, session, tenant, lesson)


@pytest.fixture(scope="module")
def browser(site, chromium):
    return chromium


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


def test_the_analytics_after_some_attempts(page, site):
    expect = _expect()
    with factories.bound(site.session):
        assessment = site.session.get(Assessment, site.assessment_id)
        for learner in range(4):
            AttemptFactory(assessment=assessment, learner_id=f"learner-{learner}", submit=True)
        site.session.commit()
    page.goto(f"/workspace/assessments/{site.assessment_id}/analytics")
    expect(page.locator(".stats dd").first).to_have_text("4")
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

    page.goto(f"/workspace/items/{item_id}/regrade")
    page.get_by_label("To version").select_option("2")
    page.get_by_role("button", name="Run the dry run").click()
    expect(page.get_by_role("heading", name="What would change")).to_be_visible()
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
    assert page.evaluate("document.activeElement.id") == "conflict"
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
