"""Authoring assessments over HTTP: drafts, publishing rules, revisions that started attempts never see."""

from tests.api.helpers import answer_over_http, assert_problem, bearer, start_over_http
from tests.factories import AssessmentFactory, ItemFactory, LessonFactory, PoolFactory, TenantFactory

AUTHOR = ("author",)


def _author(session, tenant):
    return bearer(session, tenant, scopes=AUTHOR)


def _create(client, key, **fields):
    body = {"slug": "quiz", "title": "A quiz", **fields}
    return client.post("/api/v1/assessments", json=body, headers=key)


def test_a_draft_is_created_cannot_be_started_and_starts_once_published(session, client):
    tenant = TenantFactory()
    items = ItemFactory.create_batch(2, bank__tenant_id=tenant.id)
    lesson = LessonFactory(module__course__tenant_id=tenant.id)
    key = _author(session, tenant)
    created = _create(
        client,
        key,
        lesson_id=lesson.id,
        pass_percent="66.67",
        time_limit_seconds=600,
        grace_seconds=30,
        max_attempts=2,
        grading_method="last",
        feedback_policy="immediate",
        shuffle_questions=False,
        slots=[{"item_id": items[0].id, "points": 3}, {"item_id": items[1].id}],
    )
    assert created.status_code == 201, created.json
    draft = created.json
    assert (draft["status"], draft["revision"]) == ("draft", 0)
    assert (draft["course_id"], draft["module_id"], draft["lesson_id"]) == (
        lesson.module.course_id,
        lesson.module_id,
        lesson.id,
    )
    assert (draft["pass_percent"], draft["pass_threshold"]) == ("66.67", "6667/10000")
    assert draft["slots"] == [
        {"position": 1, "item_id": items[0].id, "pool_id": None, "points": 3},
        {"position": 2, "item_id": items[1].id, "pool_id": None, "points": None},
    ]
    deliver = bearer(session, tenant)
    start = client.post(f"/api/v1/assessments/{draft['id']}/attempts", json={"learner_id": "ana"}, headers=deliver)
    assert_problem(start, 409, "assessment-not-published")

    edited = client.patch(f"/api/v1/assessments/{draft['id']}", json={"title": "Renamed"}, headers=key)
    assert (edited.status_code, edited.json["title"], edited.json["revision"]) == (200, "Renamed", 0)
    published = client.post(f"/api/v1/assessments/{draft['id']}/publish", headers=key)
    assert (published.status_code, published.json["status"], published.json["revision"]) == (200, "published", 1)
    again = client.post(f"/api/v1/assessments/{draft['id']}/publish", headers=key)
    assert (again.status_code, again.json["revision"]) == (200, 1)

    started = client.post(f"/api/v1/assessments/{draft['id']}/attempts", json={"learner_id": "ana"}, headers=deliver)
    assert started.status_code == 201, started.json
    assert [question["points"] for question in started.json["questions"]] == [3, 1]  # points per slot, else the item's


def test_the_pass_percent_is_an_exact_string(session, client):
    key = _author(session, TenantFactory())
    for refused in ("66.666", "100.01", "-1", "8O", 80, "1e2"):
        problem = assert_problem(_create(client, key, pass_percent=refused), 422, "validation-error")
        assert "pass_percent" in problem["errors"], refused
    assert _create(client, key, pass_percent="100").json["pass_threshold"] == "1"


def test_publishing_counts_draws_from_overlapping_pools_together(session, client):
    tenant = TenantFactory()
    key = _author(session, tenant)
    wide = PoolFactory(bank__tenant_id=tenant.id, items=2)
    narrow = PoolFactory(bank=wide.bank, items=list(wide.items))  # the same two items
    draft = _create(client, key, slots=[{"pool_id": wide.id, "count": 2}, {"pool_id": narrow.id}]).json
    assert [slot["pool_id"] for slot in draft["slots"]] == [wide.id, wide.id, narrow.id]  # each pool alone suffices
    refused = assert_problem(
        client.post(f"/api/v1/assessments/{draft['id']}/publish", headers=key), 422, "not-publishable"
    )
    assert set(refused["errors"]) == {"slots.1", "slots.2", "slots.3"}
    assert "need 3 different published items and can have only 2" in refused["errors"]["slots.3"][0]

    wide.items.append(ItemFactory(bank=wide.bank))
    session.flush()
    assert client.post(f"/api/v1/assessments/{draft['id']}/publish", headers=key).status_code == 200


def test_publishing_names_an_unpublished_item_and_an_empty_assessment(session, client):
    tenant = TenantFactory()
    key = _author(session, tenant)
    retired = ItemFactory(bank__tenant_id=tenant.id, retired=True)
    draft = _create(client, key, slots=[{"item_id": retired.id}]).json
    refused = assert_problem(
        client.post(f"/api/v1/assessments/{draft['id']}/publish", headers=key), 422, "not-publishable"
    )
    assert refused["errors"]["slots.1"][0] == f"item {retired.id} is not published"
    empty = _create(client, key, slug="empty").json
    refused = assert_problem(
        client.post(f"/api/v1/assessments/{empty['id']}/publish", headers=key), 422, "not-publishable"
    )
    assert set(refused["errors"]) == {"slots", "pass_percent"}


def test_a_started_attempt_keeps_its_revision_and_a_new_one_gets_the_next(session, client):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=3, pass_threshold_bp=8000)
    old, old_learner = start_over_http(client, session, tenant, assessment, learner="ana")
    changed = client.patch(
        f"/api/v1/assessments/{assessment.id}",
        json={"pass_percent": "50", "feedback_policy": "never"},
        headers=_author(session, tenant),
    )
    assert (changed.status_code, changed.json["revision"], changed.json["pass_percent"]) == (200, 2, "50")

    answer_over_http(client, session, old, old_learner, right=2)
    scored = client.post(f"/api/v1/attempts/{old['id']}/submit", headers=old_learner).json
    assert (scored["result"]["threshold"], scored["result"]["passed"]) == ("4/5", False)  # 2/3 < 80%: the old rule
    assert scored["feedback_policy"] == "after_submit"
    assert all(question["result"] is not None for question in scored["questions"])

    new, new_learner = start_over_http(client, session, tenant, assessment, learner="bo")
    answer_over_http(client, session, new, new_learner, right=2)
    scored = client.post(f"/api/v1/attempts/{new['id']}/submit", headers=new_learner).json
    assert (scored["result"]["threshold"], scored["result"]["passed"]) == ("1/2", True)
    assert scored["feedback_policy"] == "never"
    assert all(question["result"] is None for question in scored["questions"])
    results = client.get(f"/api/v1/assessments/{assessment.id}/results", headers=bearer(session, tenant)).json
    assert {row["learner_id"]: row["passed"] for row in results} == {"ana": False, "bo": True}


def test_a_change_to_a_published_assessment_must_pass_the_publishing_rules(session, client):
    tenant = TenantFactory()
    assessment = AssessmentFactory(tenant=tenant, questions=1)
    retired = ItemFactory(bank__tenant_id=tenant.id, retired=True)
    refused = client.patch(
        f"/api/v1/assessments/{assessment.id}",
        json={"slots": [{"item_id": retired.id}]},
        headers=_author(session, tenant),
    )
    assert "slots.1" in assert_problem(refused, 422, "not-publishable")["errors"]
    session.expire_all()
    assert assessment.revision_number == 1 and assessment.slots[0].item_id != retired.id


def test_writes_need_the_author_scope_and_stay_in_the_tenant(session, client):
    tenant, other = TenantFactory(), TenantFactory()
    theirs = AssessmentFactory(tenant=other, questions=1)
    their_item = ItemFactory(bank__tenant_id=other.id)
    their_pool = PoolFactory(bank__tenant_id=other.id, items=1)
    assert_problem(_create(client, bearer(session, tenant, scopes=("deliver",))), 403, "forbidden")
    key = _author(session, tenant)
    assert_problem(client.patch(f"/api/v1/assessments/{theirs.id}", json={"title": "x"}, headers=key), 404, "not-found")
    assert_problem(client.post(f"/api/v1/assessments/{theirs.id}/publish", headers=key), 404, "not-found")
    problem = assert_problem(
        _create(client, key, slots=[{"item_id": their_item.id}, {"pool_id": their_pool.id}]), 422, "authoring-rule"
    )
    assert set(problem["errors"]) == {"slots.0.item_id", "slots.1.pool_id"}
    problem = assert_problem(
        _create(client, key, lesson_id=LessonFactory(module__course__tenant_id=other.id).id), 422, "authoring-rule"
    )
    assert set(problem["errors"]) == {"lesson_id"}
