"""Pools over HTTP: explicit items or a saved query, drawn from as they stand at each start, in the tenant only."""

from itembank.models import Assessment
from tests.api.helpers import assert_problem, bearer, start_over_http
from tests.factories import BankFactory, ItemFactory, LessonFactory, TenantFactory


def test_an_explicit_pool_is_created_read_listed_and_changed(session, client):
    tenant = TenantFactory()
    bank = BankFactory(tenant_id=tenant.id)
    first, second = ItemFactory.create_batch(2, bank=bank)
    key = bearer(session, tenant, scopes=("author",))
    created = client.post(
        "/api/v1/pools", json={"slug": "l1", "title": "Lesson 1", "item_ids": [first.id]}, headers=key
    )
    assert created.status_code == 201, created.json
    pool = created.json
    assert (pool["bank_id"], pool["kind"], pool["item_ids"], pool["query"]) == (bank.id, "items", [first.id], None)
    changed = client.patch(f"/api/v1/pools/{pool['id']}", json={"item_ids": [second.id, first.id]}, headers=key)
    assert changed.json["item_ids"] == [first.id, second.id]
    assert client.get(f"/api/v1/pools/{pool['id']}", headers=key).json == changed.json
    listed = client.get("/api/v1/pools", headers=key)
    assert [row["id"] for row in listed.json] == [pool["id"]] and "X-Pagination" in listed.headers


def test_a_query_pool_draws_what_matches_at_each_start(session, client):
    tenant = TenantFactory()
    lesson = LessonFactory(module__course__tenant_id=tenant.id)
    bank = BankFactory(tenant_id=tenant.id)
    ItemFactory(bank=bank)  # another lesson's: never drawn
    key = bearer(session, tenant, scopes=("author",))
    pool = client.post(
        "/api/v1/pools", json={"slug": "l1", "title": "Lesson 1", "query": {"lesson_id": lesson.id}}, headers=key
    ).json
    assert (pool["kind"], pool["query"]) == ("query", {"tag": None, "lesson_id": lesson.id, "type": None})
    draft = client.post(
        "/api/v1/assessments", json={"slug": "q", "title": "Q", "slots": [{"pool_id": pool["id"]}]}, headers=key
    ).json
    assert_problem(client.post(f"/api/v1/assessments/{draft['id']}/publish", headers=key), 422, "not-publishable")
    later = ItemFactory(bank=bank, lesson=lesson)  # published after the pool was saved
    assert client.post(f"/api/v1/assessments/{draft['id']}/publish", headers=key).status_code == 200
    started, _learner = start_over_http(client, session, tenant, session.get(Assessment, draft["id"]))
    assert [question["item"]["id"] for question in started["questions"]] == [later.id]


def test_pools_are_the_tenants_and_need_the_author_scope(session, client):
    tenant, other = TenantFactory(), TenantFactory()
    BankFactory(tenant_id=tenant.id)
    their_item = ItemFactory(bank__tenant_id=other.id)
    key = bearer(session, tenant, scopes=("author",))
    assert_problem(client.get("/api/v1/pools", headers=bearer(session, tenant)), 403, "forbidden")
    refused = client.post("/api/v1/pools", json={"slug": "x", "title": "X", "item_ids": [their_item.id]}, headers=key)
    assert set(assert_problem(refused, 422, "authoring-rule")["errors"]) == {"item_ids.0"}
    their_pool = client.post(
        "/api/v1/pools",
        json={"slug": "y", "title": "Y", "item_ids": [their_item.id]},
        headers=bearer(session, other, scopes=("author",)),
    ).json
    assert_problem(client.get(f"/api/v1/pools/{their_pool['id']}", headers=key), 404, "not-found")
    assert_problem(
        client.patch(f"/api/v1/pools/{their_pool['id']}", json={"title": "Z"}, headers=key), 404, "not-found"
    )
    no_criterion = client.post("/api/v1/pools", json={"slug": "z", "title": "Z", "query": {}}, headers=key)
    assert set(assert_problem(no_criterion, 422, "authoring-rule")["errors"]) == {"query"}
