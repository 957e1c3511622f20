"""The bank's pages over HTTP on both databases: an item of each type written through the editor, a validation
message shown beside its field, publishing's rules beside theirs, a concurrent edit refused with words that
say so, the history's diff, and the composer drawing from a pool with the publishing checks shown."""

from __future__ import annotations

import html
import re

import pytest

from itembank.models import Item, ItemStatus
from tests.factories import AssessmentFactory, ItemFactory, PoolFactory, TenantFactory
from tests.workspace.helpers import csrf_of, instructor, post_form, signed_in, text_of

FORMS = {
    "single_choice": {
        "stem": "Which is a prime?",
        "options-0-text": "4",
        "options-1-text": "7",
        "options-1-correct": "on",
        "options-1-rationale": "7 has no divisor but 1 and itself",
    },
    "multiple_response": {
        "stem": "Which are even?",
        "options-0-text": "2",
        "options-0-correct": "on",
        "options-1-text": "3",
        "options-2-text": "4",
        "options-2-correct": "on",
        "spec-scoring": "all_or_nothing",
    },
    "true_false": {
        "stem": "Water boils at 100 °C at sea level.",
        "options-0-text": "True",
        "options-0-correct": "on",
        "options-1-text": "False",
    },
    "numeric": {"stem": "What is 1/8 as a decimal?", "spec-answer": "0.125", "spec-tolerance": "0.001"},
    "short_text": {"stem": "Name the chemical symbol of gold.", "spec-accepted": "Au\nAu (gold)"},
}


@pytest.fixture
def tenant():
    return TenantFactory()


@pytest.fixture
def author(client, session, tenant):
    signed_in(client, instructor(session, tenant))
    return client


def _new(client, item_type: str, fields: dict):
    page = client.get(f"/workspace/items/new?type={item_type}")
    return client.post(
        f"/workspace/items/new?type={item_type}",
        data={"csrf_token": csrf_of(page), "type": item_type, "bank": "main", **fields},
    )


def _form_of(response) -> dict[str, str]:
    """The editor form's hidden fields (the CSRF token, the type, the revision) as the page holds them."""
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', response.get_data(as_text=True)))


def _item_id(response) -> int:
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(re.search(r"/workspace/items/(\d+)", response.headers["Location"]).group(1))


@pytest.mark.parametrize("item_type", sorted(FORMS))
def test_each_type_is_written_corrected_and_published_through_the_editor(author, session, item_type):
    wrong = _new(author, item_type, {"ref": f"{item_type}-1", "points": "0", **FORMS[item_type]})
    assert wrong.status_code == 422
    page = wrong.get_data(as_text=True)
    assert re.search(r'id="points"[^>]*aria-invalid="true"[^>]*aria-describedby="points-errors"', page)
    assert re.search(r'<ul class="field-errors" id="points-errors"><li>Must be greater than or equal to 1', page)
    assert f'value="{item_type}-1"' in page  # what the author typed is kept

    item_id = _item_id(_new(author, item_type, {"ref": f"{item_type}-1", "points": "2", **FORMS[item_type]}))
    item = session.get(Item, item_id)
    assert item.status == ItemStatus.DRAFT and item.latest.points == 2

    published = post_form(
        author,
        f"/workspace/items/{item_id}/versions/1/publish",
        {"revision": str(item.revision)},
        f"/workspace/items/{item_id}",
    )
    assert published.status_code == 303
    session.refresh(item)
    assert item.status == ItemStatus.PUBLISHED
    assert "Published." in text_of(author.get(published.headers["Location"]))


def test_numeric_and_short_text_settings_reach_the_spec(author, session):
    numeric = session.get(Item, _item_id(_new(author, "numeric", {"ref": "n", **FORMS["numeric"]})))
    assert numeric.latest.spec == {"answer": "0.125", "tolerance": "0.001"}
    short = session.get(Item, _item_id(_new(author, "short_text", {"ref": "s", **FORMS["short_text"]})))
    assert short.latest.spec == {"accepted": ["Au", "Au (gold)"]}


def test_publishing_a_broken_item_names_the_rule_beside_the_options(author, session):
    fields = {**FORMS["single_choice"], "options-0-correct": "on"}  # two keyed options
    item_id = _item_id(_new(author, "single_choice", {"ref": "two-keys", **fields}))
    item = session.get(Item, item_id)
    refused = post_form(
        author,
        f"/workspace/items/{item_id}/versions/1/publish",
        {"revision": str(item.revision)},
        f"/workspace/items/{item_id}",
    )
    assert refused.status_code == 422
    assert re.search(
        r'id="options-errors"><li>[^<]*exactly one correct option; this one has 2', refused.get_data(as_text=True)
    )
    session.refresh(item)
    assert item.status == ItemStatus.DRAFT


def test_saving_an_unchanged_form_adds_no_version(author, session, tenant):
    item = ItemFactory(bank__tenant=tenant)
    page = author.get(f"/workspace/items/{item.id}")
    form = dict(re.findall(r'<input id="[^"]+" name="([^"]+)"[^>]*value="([^"]*)"', page.get_data(as_text=True)))
    form.update(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.get_data(as_text=True)))
    form.update(re.findall(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)</textarea>', page.get_data(as_text=True)))
    form = {name: html.unescape(value) for name, value in form.items()}
    for index, option in enumerate(item.latest.options):
        if option.is_correct:
            form[f"options-{index}-correct"] = "on"
    response = author.post(f"/workspace/items/{item.id}", data=form)
    assert response.status_code == 303
    session.refresh(item)
    assert len(item.versions) == 1


def test_a_concurrent_edit_is_refused_with_a_message_and_overwrites_nothing(author, app, session, tenant):
    item_id = _item_id(_new(author, "numeric", {"ref": "speed", **FORMS["numeric"]}))
    opened = author.get(f"/workspace/items/{item_id}")
    revision = re.search(r'name="revision" value="(\d+)"', opened.get_data(as_text=True)).group(1)

    colleague = signed_in(app.test_client(), instructor(session, tenant, email="colleague@example.org"))
    theirs = post_form(
        colleague,
        f"/workspace/items/{item_id}",
        {"type": "numeric", "ref": "speed", "revision": revision, "stem": "Their stem", "spec-answer": "1"},
    )
    assert theirs.status_code == 303

    mine = author.post(
        f"/workspace/items/{item_id}",
        data={
            "csrf_token": csrf_of(opened),
            "type": "numeric",
            "ref": "speed",
            "revision": revision,
            "stem": "My stem",
            "spec-answer": "2",
        },
    )
    assert mine.status_code == 412
    said = text_of(mine)
    assert "Not saved: someone else changed this item" in said
    assert "your changes were not saved, and theirs were not overwritten" in said
    assert "My stem" in mine.get_data(as_text=True)  # the author's text is still in the form
    again = author.post(
        f"/workspace/items/{item_id}", data={**_form_of(mine), "ref": "speed", "stem": "My stem", "spec-answer": "2"}
    )
    assert again.status_code == 412  # the page still holds the revision its author read: no overwrite by a retry
    item = session.get(Item, item_id)
    session.refresh(item)
    assert item.latest.stem == "Their stem"


def test_the_history_shows_each_version_and_the_diff_between_two(author, session, tenant):
    item = ItemFactory(bank__tenant=tenant)
    old_stem = item.latest.stem
    changed = post_form(
        author,
        f"/workspace/items/{item.id}",
        {
            "type": "single_choice",
            "ref": item.ref,
            "revision": str(item.revision),
            "stem": "A clearer stem",
            **{f"options-{i}-text": option.text for i, option in enumerate(item.latest.options)},
            "options-0-correct": "on",
        },
    )
    assert changed.status_code == 303
    history = author.get(f"/workspace/items/{item.id}/history?before=1&after=2")
    said = text_of(history)
    assert "v1 published" in said and "v2 draft" in said
    assert f"stem {old_stem} A clearer stem" in said


def test_the_bank_filters_by_type_and_words(author, tenant):
    _item_id(_new(author, "numeric", {"ref": "decimal-eighth", **FORMS["numeric"]}))
    _item_id(_new(author, "short_text", {"ref": "gold", **FORMS["short_text"]}))
    found = text_of(author.get("/workspace/items?type=numeric"))
    assert "decimal-eighth" in found and "gold" not in found
    assert "1 item" in found
    assert "gold" in text_of(author.get("/workspace/items?q=CHEMICAL"))
    refused = author.get("/workspace/items?type=essay")
    assert refused.status_code == 422 and "Must be one of" in text_of(refused)


def test_the_composer_draws_from_a_pool_and_shows_the_checks(author, session, tenant):
    pool = PoolFactory(bank__tenant=tenant, items=2, title="Lesson 1 pool")
    made = post_form(
        author,
        "/workspace/assessments/new",
        {
            "title": "Quiz one",
            "slug": "quiz-one",
            "kind": "custom",
            "pass_percent": "50",
            "feedback_policy": "after_submit",
            "grading_method": "highest",
            "shuffle_questions": "on",
            "time_limit_seconds": "600",
            "grace_seconds": "30",
            "max_attempts": "2",
            "slots-0-source": f"pool:{pool.id}",
            "slots-0-count": "3",
            "slots-0-points": "",
        },
    )
    assert made.status_code == 303, made.get_data(as_text=True)
    composer = author.get(made.headers["Location"])
    said = text_of(composer)
    assert "Checks before publishing" in said
    assert "need 3 different published items and can have only 2" in said
    assessment_id = int(re.search(r"/assessments/(\d+)", made.headers["Location"]).group(1))
    refused = post_form(author, f"/workspace/assessments/{assessment_id}/publish", {}, made.headers["Location"])
    assert refused.status_code == 422 and "cannot be published as it stands" in text_of(refused)

    form = {
        "title": "Quiz one",
        "slug": "quiz-one",
        "kind": "custom",
        "pass_percent": "50",
        "feedback_policy": "after_submit",
        "grading_method": "highest",
        "time_limit_seconds": "600",
        "grace_seconds": "30",
        "max_attempts": "2",
        "slots-0-source": f"pool:{pool.id}",
        "slots-0-count": "2",
    }
    assert post_form(author, f"/workspace/assessments/{assessment_id}", form).status_code == 303
    assert "Every check passes" in text_of(author.get(f"/workspace/assessments/{assessment_id}"))
    published = post_form(
        author, f"/workspace/assessments/{assessment_id}/publish", {}, f"/workspace/assessments/{assessment_id}"
    )
    assert published.status_code == 303
    from itembank.models import Assessment

    assessment = session.get(Assessment, assessment_id)
    session.refresh(assessment)
    assert assessment.status == "published" and assessment.time_limit_seconds == 600
    assert assessment.shuffle_questions is False and assessment.max_attempts == 2
    assert [slot.pool_id for slot in assessment.slots] == [pool.id, pool.id]


def test_the_composer_shows_a_schema_message_beside_its_field(author):
    refused = post_form(
        author, "/workspace/assessments/new", {"title": "T", "slug": "Not A Slug", "pass_percent": "120"}
    )
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert 'id="slug-errors"' in page and 'id="pass_percent-errors"' in page


def test_pools_are_made_from_a_query(author, session, tenant):
    ItemFactory(bank__tenant=tenant)
    made = post_form(
        author, "/workspace/pools", {"title": "Numbers", "slug": "numbers", "kind": "query", "type": "numeric"}
    )
    assert made.status_code == 303
    assert "Numbers" in text_of(author.get("/workspace/pools"))


def test_analytics_of_a_taken_assessment_show_its_numbers_and_downloads(client, session, tenant):
    from tests.factories import AttemptFactory

    assessment = AssessmentFactory(tenant=tenant, questions=3)
    for learner in range(3):
        AttemptFactory(assessment=assessment, learner_id=f"learner-{learner}", scored=True, right=0)
    signed_in(client, instructor(session, tenant, role="analyst"))
    page = client.get(f"/workspace/assessments/{assessment.id}/analytics")
    assert page.status_code == 200, page.get_data(as_text=True)
    said = text_of(page)
    assert "The test as a whole" in said and "Attempts 3" in said
    hardest = next(slot for slot in assessment.slots if slot.position == 3).item_id  # nobody answers any right
    assert "question 3" in said and "too hard" in said
    assert "option 1" not in said.lower() or "option A" in said  # options by letter and text, never a database id
    assert f'href="/workspace/items/{hardest}/regrade"' in page.get_data(as_text=True)
    csv = client.get(f"/workspace/assessments/{assessment.id}/analytics/questions.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    svg = client.get(f"/workspace/assessments/{assessment.id}/analytics/item-map.svg")
    assert svg.mimetype == "image/svg+xml" and svg.get_data(as_text=True).lstrip().startswith("<svg")
    assert client.get(f"/workspace/assessments/{assessment.id}/analytics/secrets.txt").status_code == 404


def test_the_bank_shows_each_items_latest_statistics_and_flags(author, tenant):
    from tests.factories import AttemptFactory

    assessment = AssessmentFactory(tenant=tenant, questions=2)
    for learner in range(3):
        AttemptFactory(assessment=assessment, learner_id=f"learner-{learner}", scored=True, right=0)
    never = ItemFactory(bank__tenant=tenant, ref="never-answered")
    said = text_of(author.get("/workspace/items"))
    first_ref = assessment.slots[0].item.ref
    assert re.search(rf"{first_ref} .* v1 in {assessment.title}, 3 answered: facility 0%", said)
    assert "too hard" in said  # the flag's reason, in words
    assert re.search(rf"{never.ref} .* not answered yet", said)
