"""No answer lost: a reload keeps every answer, a second device resumes the attempt, and answers given while
the server is down (or a save that failed) are kept in the browser and stored once the server answers again."""

from __future__ import annotations

import json

from tests.browser.pages import attempt_id_of, choose, current_position, start_from_start_page

MODULE_TEST = "Module 1 Test"


def _stored(server, attempt_id: int) -> dict[int, tuple[dict, int]]:
    rows = server.rows(
        "SELECT position, response, response_seq FROM attempt_question WHERE attempt_id = ? AND response IS NOT NULL",
        attempt_id,
    )
    return {position: (json.loads(response), seq) for position, response, seq in rows}


def _checked(page) -> list[int]:
    return page.locator("fieldset.question input:checked").evaluate_all("e => e.map(i => Number(i.value))")


def test_a_reload_mid_test_keeps_every_answer(page, live_server):
    start_from_start_page(page, live_server, "Reloading Learner", MODULE_TEST)
    chosen = {}
    for right in (True, False, True):
        position = choose(page, live_server, right)
        chosen[position] = _checked(page)
        page.get_by_role("button", name="Next").click()
    page.reload()
    page.wait_for_selector("fieldset.question")
    assert page.locator("#progress-text").inner_text() == "Question 4 of 15 · 3 answered"  # where the learner was
    assert "#token" not in page.url  # the token left the address bar; the tab's session storage holds it
    for number, position in enumerate(chosen, start=1):
        page.get_by_role("button", name=f"Question {number}, answered").click()
        assert current_position(page) == position
        assert _checked(page) == chosen[position]


def test_a_second_device_resumes_the_attempt_with_its_answers(browser, page, live_server):
    assessment = live_server.assessment_id("module-1-test")
    started = live_server.start_attempt(assessment, "two-devices")
    page.goto(started["learner_url"])
    page.wait_for_selector("fieldset.question")
    first = choose(page, live_server, right=True)
    answer = _checked(page)
    other = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        phone = other.new_page()
        resumed = live_server.start_attempt(assessment, "two-devices")  # the LMS's link, opened again elsewhere
        assert resumed["id"] == started["id"]
        phone.goto(resumed["learner_url"])
        phone.wait_for_selector("fieldset.question")
        assert phone.locator("#progress-text").inner_text() == "Question 1 of 15 · 1 answered"
        assert current_position(phone) == first and _checked(phone) == answer
        # The phone goes on where the desktop left off; its answer wins over nothing, with a newer seq.
        phone.get_by_role("button", name="Next").click()
        second = choose(phone, live_server, right=False)
    finally:
        other.close()
    page.reload()
    page.get_by_role("button", name="Question 2, answered").click()
    assert current_position(page) == second
    assert set(_stored(live_server, started["id"])) == {first, second}


def test_the_latest_answer_wins_when_two_devices_answer_the_same_question(browser, page, live_server):
    started = live_server.start_attempt(live_server.assessment_id("module-1-test"), "same-question")
    page.goto(started["learner_url"])
    page.wait_for_selector("fieldset.question")
    position = current_position(page)
    options = page.locator("fieldset.question input")
    values = [int(value) for value in options.evaluate_all("e => e.map(i => i.value)")]
    options.nth(0).check()
    page.wait_for_selector(f"#save-state-{position}[data-state='saved']")
    other = browser.new_context()
    try:
        phone = other.new_page()
        phone.goto(started["learner_url"])
        phone.locator("fieldset.question input").nth(1).check()  # seq 2, on the other device
        phone.wait_for_selector(f"#save-state-{position}[data-state='saved']")
    finally:
        other.close()
    # This page still holds seq 1: its next answer, made after the phone's, is refused as stale at seq 2 and
    # sent again above the server's, so it is what is stored.
    options.nth(2).check()
    page.wait_for_selector(f"#save-state-{position}[data-state='saved']")
    assert _stored(live_server, started["id"])[position] == ({"option": values[2]}, 3)


def test_a_save_made_while_the_server_is_down_is_stored_once_it_is_back(page, live_server):
    start_from_start_page(page, live_server, "Offline Learner", MODULE_TEST)
    attempt_id = attempt_id_of(page)
    choose(page, live_server, right=True)
    page.get_by_role("button", name="Next").click()
    position = current_position(page)
    live_server.stop()
    try:
        option = page.locator("fieldset.question input").first
        option.check()
        page.wait_for_selector(f"#save-state-{position}[data-state='retrying']")
        assert page.locator("#connection").is_visible()
        pending = page.evaluate(f"() => JSON.parse(localStorage.getItem('assess.pending.{attempt_id}'))")
        answer = {"option": int(option.get_attribute("value"))}
        assert [(entry["position"], entry["response"], entry["seq"]) for entry in pending] == [(position, answer, 1)]
    finally:
        live_server.start()
    page.wait_for_selector(f"#save-state-{position}[data-state='saved']", timeout=60_000)
    assert _stored(live_server, attempt_id)[position] == ({"option": int(option.get_attribute("value"))}, 1)
    assert page.evaluate(f"() => localStorage.getItem('assess.pending.{attempt_id}')") is None
    assert not page.locator("#connection").is_visible()


def test_an_unsent_answer_is_sent_after_a_reload_in_order_with_its_seq(page, live_server):
    start_from_start_page(page, live_server, "Refused Learner", MODULE_TEST)
    attempt_id = attempt_id_of(page)
    position = current_position(page)
    options = page.locator("fieldset.question input")
    page.route("**/response", lambda route: route.abort())  # the network drops every save
    options.nth(0).check()
    options.nth(1).check()  # a newer answer to the same question: only it is worth sending, with seq 2
    page.wait_for_selector(f"#save-state-{position}[data-state='retrying']")
    assert _stored(live_server, attempt_id) == {}
    page.unroute("**/response")
    page.reload()
    page.wait_for_selector(f"#save-state-{position}[data-state='saved']")
    assert _stored(live_server, attempt_id) == {position: ({"option": int(options.nth(1).get_attribute("value"))}, 2)}
    assert _checked(page) == [int(options.nth(1).get_attribute("value"))]


def test_the_token_stays_out_of_the_servers_log(page, live_server):
    start_from_start_page(page, live_server, "Logged Learner", MODULE_TEST)
    choose(page, live_server, right=True)
    token = page.evaluate(f"() => sessionStorage.getItem('assess.token.{attempt_id_of(page)}')")
    assert token.startswith("lt.")
    log = live_server.log()
    assert f"/learn/attempts/{attempt_id_of(page)}" in log  # the page's own request was logged, without it
    assert token not in log
