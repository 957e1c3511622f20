"""Preview as a learner sees it, over HTTP on both databases: the page hands the learner's renderer the delivery
API's own question payload (a draft's too), its Check returns the learner's Check's result for the same answer,
and nothing of it is written: no attempt, no question, whatever is checked."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from assess.analytics.store import StatCell
from assess.models import Attempt, AttemptQuestion
from itembank.models import AssessmentSlot, ItemStatus
from tests.api.helpers import bearer
from tests.factories import AssessmentFactory, ItemFactory, ItemVersionFactory, PoolFactory, TenantFactory
from tests.workspace.helpers import instructor, signed_in

DATA = re.compile(r'<script type="application/json" id="preview-data">(.*?)</script>', re.S)
CSRF = re.compile(r'id="preview-csrf" value="([^"]+)"')


@pytest.fixture
def tenant():
    return TenantFactory()


@pytest.fixture
def assessment(tenant):
    return AssessmentFactory(
        tenant=tenant, questions=2, shuffle_questions=False, shuffle_options=False, feedback_policy="immediate"
    )


@pytest.fixture
def author(client, session, tenant, assessment):
    signed_in(client, instructor(session, tenant))
    return client


def _preview(client, path: str) -> tuple[dict, str]:
    page = client.get(path)
    assert page.status_code == 200, page.get_data(as_text=True)
    text = page.get_data(as_text=True)
    return json.loads(DATA.search(text).group(1)), CSRF.search(text).group(1)


def _written(session) -> tuple[int, ...]:
    """Rows of attempts, their questions and the analytics' cells: what a preview must leave as it found."""
    return tuple(
        session.scalar(select(func.count()).select_from(table)) for table in (Attempt, AttemptQuestion, StatCell)
    )


def test_the_assessment_preview_is_what_a_start_delivers(author, session, client, tenant, assessment):
    data, _csrf = _preview(author, f"/workspace/assessments/{assessment.id}/preview")
    assert data["render"] == "/learn/static/render.js"
    assert _written(session) == (0, 0, 0)
    started = client.post(
        f"/api/v1/assessments/{assessment.id}/attempts",
        json={"learner_id": "ana"},
        headers=bearer(session, tenant),
    )
    assert started.status_code == 201, started.json
    assert data["questions"] == started.json["questions"]


def test_a_drafts_preview_shows_the_draft_as_it_would_be_delivered(author, session, assessment):
    item = assessment.slots[0].item
    draft = ItemVersionFactory(item=item, number=2, status=ItemStatus.DRAFT, stem="<p>A draft stem</p>")
    data, _csrf = _preview(author, f"/workspace/items/{item.id}/versions/2/preview")
    [question] = data["questions"]
    assert question["stem"] == "<p>A draft stem</p>"
    assert question["item"] == {"id": item.id, "ref": item.ref, "version_id": draft.id, "version": 2, "slot": 1}
    assert [option["id"] for option in question["options"]] == [option.id for option in draft.options]
    assert (question["response"], question["checked"], question["result"]) == (None, False, None)
    assert author.get(f"/workspace/items/{item.id}/versions/9/preview").status_code == 404


def test_check_answers_with_the_learners_checks_result_and_writes_nothing(author, session, client, tenant, assessment):
    data, csrf = _preview(author, f"/workspace/assessments/{assessment.id}/preview")
    question = data["questions"][0]
    order = [option["id"] for option in question["options"]]
    keyed = order[0]  # the factory keys option A

    def check(option: int, token: str = csrf):
        return author.post(
            "/workspace/preview/check",
            data={
                "csrf_token": token,
                "version_id": str(question["item"]["version_id"]),
                "option_order": json.dumps(order),
                "response": json.dumps({"option": option}),
            },
        )

    right, wrong = check(keyed), check(order[1])
    assert right.status_code == 200 and wrong.status_code == 200, right.get_data(as_text=True)
    assert _written(session) == (0, 0, 0)
    assert check(keyed, token="forged").status_code == 400  # the CSRF refusal

    # The learner's own Check of the same answers, on a real attempt, returns the same result.
    key = bearer(session, tenant)
    for option, previewed in ((keyed, right.json["result"]), (order[1], wrong.json["result"])):
        started = client.post(
            f"/api/v1/assessments/{assessment.id}/attempts", json={"learner_id": f"l{option}"}, headers=key
        )
        learner = {"Authorization": f"Bearer {started.json['learner_token']}"}
        attempt = started.json["id"]
        saved = client.put(
            f"/api/v1/attempts/{attempt}/questions/1/response",
            json={"response": {"option": option}, "seq": 1},
            headers=learner,
        )
        assert saved.status_code == 200, saved.json
        checked = client.post(f"/api/v1/attempts/{attempt}/questions/1/check", headers=learner)
        assert checked.status_code == 200, checked.json
        assert previewed == checked.json["questions"][0]["result"]
    assert right.json["result"]["correct"] is True and wrong.json["result"]["correct"] is False


def test_check_refuses_an_answer_of_the_wrong_shape_or_another_tenants_version(author, assessment):
    data, csrf = _preview(author, f"/workspace/assessments/{assessment.id}/preview")
    question = data["questions"][0]
    order = json.dumps([option["id"] for option in question["options"]])
    base = {"csrf_token": csrf, "version_id": str(question["item"]["version_id"]), "option_order": order}
    refused = author.post("/workspace/preview/check", data={**base, "response": json.dumps({"text": "x"})})
    assert refused.status_code == 422 and refused.mimetype == "application/problem+json"
    other = ItemFactory(bank__tenant=TenantFactory())
    elsewhere = {**base, "version_id": str(other.versions[0].id), "response": json.dumps({"option": 1})}
    assert author.post("/workspace/preview/check", data=elsewhere).status_code == 404


def test_a_pool_slot_previews_one_of_its_published_items_in_the_slots_order(author, session, assessment):
    pool = PoolFactory(bank=assessment.slots[0].item.bank, items=2)
    assessment.slots.append(AssessmentSlot(position=3, pool=pool))
    session.flush()
    data, _csrf = _preview(author, f"/workspace/assessments/{assessment.id}/preview")
    fixed = [slot.item_id for slot in assessment.slots[:2]]
    assert [question["item"]["id"] for question in data["questions"][:2]] == fixed
    assert data["questions"][2]["item"]["id"] in {item.id for item in pool.items}
    assert [question["position"] for question in data["questions"]] == [1, 2, 3]
    assert _written(session) == (0, 0, 0)
