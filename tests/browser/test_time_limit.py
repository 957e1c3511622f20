"""A timed attempt: the countdown is the server's, it warns at 5 minutes and at 1, and when the time is up the
page says so and shows the result of what was saved; an attempt opened after its deadline shows as closed."""

from __future__ import annotations

import itertools

import pytest

from tests.browser.pages import attempt_id_of, choose

_SLUGS = itertools.count(1)


@pytest.fixture(scope="module")
def module_items(live_server) -> list[int]:
    test = live_server.api("GET", f"/assessments/{live_server.assessment_id('module-1-test')}")
    return [slot["item_id"] for slot in test["slots"]]


def _timed(live_server, items: list[int], seconds: int) -> int:
    """A published assessment of three of the module test's items, with a time limit and no grace."""
    created = live_server.api(
        "POST",
        "/assessments",
        {
            "slug": f"timed-{seconds}-{next(_SLUGS)}",
            "title": f"Timed check ({seconds} s)",
            "time_limit_seconds": seconds,
            "grace_seconds": 0,
            "shuffle_questions": False,
            "slots": [{"item_id": item} for item in items[:3]],
        },
    )
    live_server.api("POST", f"/assessments/{created['id']}/publish")
    return created["id"]


def test_warnings_at_five_minutes_and_at_one(browser, live_server, module_items):
    from playwright.sync_api import expect

    for seconds, warning in ((301, "5 minutes left."), (61, "1 minute left.")):
        started = live_server.start_attempt(_timed(live_server, module_items, seconds), f"warned-{seconds}")
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(started["learner_url"])
            page.wait_for_selector("#time-warning:visible", timeout=10_000)
            assert page.locator("#time-warning").inner_text().startswith(warning[:-1])
            # announced a moment after it shows (cleared first, so a screen reader reads it again): wait for it
            expect(page.locator("#alert-region")).to_have_text(warning)
            shown = page.locator("#time-left").inner_text()
            minutes, second = (int(part) for part in shown.split(":"))
            # counted from the server's reading: below the limit; the slack is for a slow machine opening the page
            assert seconds - 45 <= minutes * 60 + second <= seconds - 1
        finally:
            context.close()


def test_when_time_runs_out_the_page_shows_the_result_of_what_was_saved(page, live_server, module_items):
    started = live_server.start_attempt(_timed(live_server, module_items, 6), "runs-out")
    page.goto(started["learner_url"])
    page.wait_for_selector("fieldset.question")
    choose(page, live_server, right=True)
    page.wait_for_selector("#outcome", timeout=20_000)
    assert "Time ran out" in page.locator(".result").inner_text()
    assert page.locator(".result-facts").inner_text().startswith("Score\n1 of 3 points")
    assert live_server.rows("SELECT state, close_reason FROM attempt WHERE id = ?", attempt_id_of(page)) == [
        ("scored", "deadline")
    ]


def test_an_attempt_opened_after_its_deadline_shows_as_closed(page, live_server, module_items):
    started = live_server.start_attempt(_timed(live_server, module_items, 1), "too-late")
    page.wait_for_timeout(2_000)
    page.goto(started["learner_url"])
    page.wait_for_selector("#outcome")
    assert page.locator("#outcome").inner_text() == "Not passed"
    assert "Time ran out" in page.locator(".result").inner_text()
    assert page.locator("fieldset.question input:not([disabled])").count() == 0
