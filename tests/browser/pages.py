"""What the browser tests do on the learner's pages, as a learner does it: by mouse, or by keyboard alone."""

from __future__ import annotations

import json
from pathlib import Path

from tests.browser.live_site import DESKTOP, PHONE, LiveServer

SERIOUS = ("serious", "critical")
ZOOMED = {"width": DESKTOP["width"] // 2, "height": DESKTOP["height"] // 2}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def attempt_id_of(page) -> int:
    return int(page.locator("#app").get_attribute("data-attempt-id"))


def current_position(page) -> int:
    return int(page.locator("fieldset.question").get_attribute("data-position"))


def wait_saved(page, position: int) -> None:
    page.wait_for_selector(f"#save-state-{position}[data-state='saved']")


def choose(page, server: LiveServer, right: bool) -> int:
    """Click the keyed option of the question shown (or an unkeyed one), wait for its save; its position."""
    position = current_position(page)
    keyed = server.keyed_options(attempt_id_of(page))[position]
    ids = [int(value) for value in page.locator("fieldset.question input").evaluate_all("e => e.map(i => i.value)")]
    option = next(i for i in ids if (i in keyed) == right)
    page.locator(f"#question-{position}-option-{option}").check()
    wait_saved(page, position)
    return position


def answer_all(page, server: LiveServer, right: int) -> None:
    """Answer every question, the first `right` of them with the key, moving on with Next."""
    total = page.locator(".question-nav li").count()
    for index in range(total):
        choose(page, server, right=index < right)
        if index < total - 1:
            page.get_by_role("button", name="Next").click()


def submit(page) -> None:
    page.get_by_role("button", name="Submit…").click()
    page.get_by_role("button", name="Submit answers").click()
    page.wait_for_selector("#outcome")


def focused(page) -> str:
    """The focused element as a test names it: its id, else its text."""
    return page.evaluate("() => { const e = document.activeElement; return e.id || e.textContent.trim() }")


def tab_to(page, wanted, limit: int = 80) -> str:
    """Press Tab until the focused element is `wanted` (a name, or a predicate on the name); that name."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        name = focused(page)
        if wanted(name) if callable(wanted) else name == wanted:
            return name
    raise AssertionError(f"{wanted!r} was not reached by Tab; focus is on {focused(page)!r}")


def assert_accessible(page, axe_source: str, what: str) -> None:
    """axe-core finds no serious or critical violation on the page as it stands."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source)  # through the DevTools protocol: the page's script-src policy does not apply
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    serious = [
        {"id": found["id"], "help": found["help"], "nodes": [node["target"] for node in found["nodes"]][:5]}
        for found in results["violations"]
        if found["impact"] in SERIOUS
    ]
    assert not serious, f"{what}: {json.dumps(serious, indent=1)}"


def screenshot(page, folder: Path, name: str) -> None:
    """The page at desktop and at 360-px phone width, for a reviewer to look at: the screen as the learner
    first sees it, and the full length (`-full`); at the phone's width and at 200% zoom it must fit."""
    page.screenshot(path=str(folder / f"{name}-desktop.png"))
    page.screenshot(path=str(folder / f"{name}-desktop-full.png"), full_page=True)
    page.set_viewport_size(PHONE)
    try:
        page.wait_for_timeout(150)
        page.screenshot(path=str(folder / f"{name}-phone.png"))
        page.screenshot(path=str(folder / f"{name}-phone-full.png"), full_page=True)
        # No sideways scrolling on a phone: the page fits its 360 px.
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"], name
        # 200% zoom of the desktop: half its CSS pixels each way; still no sideways scrolling.
        page.set_viewport_size(ZOOMED)
        page.wait_for_timeout(150)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= ZOOMED["width"], name
    finally:
        page.set_viewport_size(DESKTOP)


def start_from_start_page(page, server: LiveServer, name: str, assessment_title: str) -> None:
    page.goto(server.url + "/")
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name=f"Start {assessment_title}").click()
    page.wait_for_selector("fieldset.question")
