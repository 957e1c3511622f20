"""Feedback reaches the learner exactly when the policy of the attempt's revision allows it, and never before."""

import pytest

from itembank.drafts import ItemDraft, OptionDraft
from itembank.models import ItemType
from itembank.revisions import record_revision
from tests.api.helpers import bearer, keyed_and_wrong
from tests.factories import AssessmentFactory, AssessmentSlotFactory, ItemFactory, ItemVersionFactory, TenantFactory

RATIONALES = {"A": "A is right because the lesson says so.", "B": "B confuses the two labs.", "C": "C is a date."}
GENERAL = "Read section 2 again."
SECRETS = {*RATIONALES.values(), GENERAL, "Well done.", "Not this time."}


def _assessment(session, policy):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, feedback_policy=policy, published=False)
    item = ItemFactory(bank__tenant_id=tenant.id, versions=[])
    draft = ItemDraft(
        type=ItemType.SINGLE_CHOICE,
        stem="Which lab?",
        options=tuple(
            OptionDraft(f"Option {label}", label == "A", rationale) for label, rationale in RATIONALES.items()
        ),
        feedback_correct="Well done.",
        feedback_incorrect="Not this time.",
    )
    ItemVersionFactory(item=item, draft=draft, feedback_general=GENERAL)
    AssessmentSlotFactory(assessment=assessment, item=item)
    AssessmentSlotFactory(assessment=assessment)  # a second question, never checked
    record_revision(session, assessment, author="test")
    return tenant, assessment


def _texts(value):
    if isinstance(value, dict):
        return {text for inner in value.values() for text in _texts(inner)}
    if isinstance(value, list):
        return {text for inner in value for text in _texts(inner)}
    return {value} if isinstance(value, str) else set()


def _start_and_answer(client, session, tenant, assessment):
    started = client.post(
        f"/api/v1/assessments/{assessment.id}/attempts", json={"learner_id": "ana"}, headers=bearer(session, tenant)
    ).json
    learner = {"Authorization": f"Bearer {started['learner_token']}"}
    question = next(q for q in started["questions"] if q["stem"] == "Which lab?")
    _keyed, wrong = keyed_and_wrong(session, question)
    url = f"/api/v1/attempts/{started['id']}/questions/{question['position']}"
    client.put(f"{url}/response", json={"response": {"option": wrong}, "seq": 1}, headers=learner)
    assert not _texts(client.get(f"/api/v1/attempts/{started['id']}", headers=learner).json) & SECRETS
    return started, learner, url, question["position"]


def _shown(body, position):
    return next(q for q in body["questions"] if q["position"] == position)["result"]


def test_immediate_shows_the_rationales_and_feedback_of_a_checked_question_only(session, client):
    tenant, assessment = _assessment(session, "immediate")
    _started, learner, url, position = _start_and_answer(client, session, tenant, assessment)
    checked = client.post(f"{url}/check", headers=learner).json
    result = _shown(checked, position)
    assert (result["correct"], result["feedback"], result["general_feedback"]) == (False, "Not this time.", GENERAL)
    assert {option["rationale"] for option in result["options"]} == set(RATIONALES.values())
    assert [option["correct"] for option in result["options"]].count(True) == 1
    others = [q for q in checked["questions"] if q["position"] != position]
    assert all(q["result"] is None for q in others) and not _texts(others) & SECRETS


@pytest.mark.parametrize("policy", ["after_submit", "immediate"])
def test_after_submit_everything_is_shown(session, client, policy):
    tenant, assessment = _assessment(session, policy)
    started, learner, url, position = _start_and_answer(client, session, tenant, assessment)
    if policy == "after_submit":
        assert client.post(f"{url}/check", headers=learner).status_code == 409
        assert not _texts(client.get(f"/api/v1/attempts/{started['id']}", headers=learner).json) & SECRETS
    submitted = client.post(f"/api/v1/attempts/{started['id']}/submit", headers=learner).json
    result = _shown(submitted, position)
    assert result["general_feedback"] == GENERAL and result["feedback"] == "Not this time."
    assert {option["rationale"] for option in result["options"]} == set(RATIONALES.values())
    assert _shown(client.get(f"/api/v1/attempts/{started['id']}", headers=learner).json, position) == result


def test_never_shows_no_key_rationale_or_feedback_even_after_submit(session, client):
    tenant, assessment = _assessment(session, "never")
    started, learner, _url, _position = _start_and_answer(client, session, tenant, assessment)
    submitted = client.post(f"/api/v1/attempts/{started['id']}/submit", headers=learner).json
    assert submitted["state"] == "scored" and all(q["result"] is None for q in submitted["questions"])
    assert not _texts(submitted) & SECRETS
    read = client.get(f"/api/v1/attempts/{started['id']}", headers=bearer(session, tenant)).json
    assert not _texts(read) & SECRETS
