"""The items API: authors create, search, edit under If-Match, read history and diffs, publish and retire;
each key sees only its tenant's items, and only with scope `author`."""

import json

import pytest

from tests.api.helpers import assert_problem, bearer
from tests.factories import ItemFactory, LessonFactory, TagFactory, TenantFactory

ITEMS = "/api/v1/items"


def _body(**changes):
    body = {
        "bank": "algebra",
        "ref": "sum",
        "type": "single_choice",
        "stem": "What is <em>2 + 2</em>?",
        "options": [
            {"text": "3", "correct": False, "rationale": "one short"},
            {"text": "4", "correct": True},
            {"text": "5", "correct": False},
        ],
        "feedback_correct": "Yes.",
        "tags": ["arithmetic"],
    }
    return {**body, **changes}


@pytest.fixture
def tenant():
    return TenantFactory()


@pytest.fixture
def author(session, tenant):
    return bearer(session, tenant, scopes=("author",))


def _create(client, author, **changes):
    created = client.post(ITEMS, json=_body(**changes), headers=author)
    assert created.status_code == 201, created.json
    return created


def _edit(client, author, item_id, etag, body, path=""):
    return client.patch(f"{ITEMS}/{item_id}{path}", json=body, headers={**author, "If-Match": etag})


def _move(client, author, item_id, number, action, etag):
    return client.post(f"{ITEMS}/{item_id}/versions/{number}/{action}", headers={**author, "If-Match": etag})


def test_an_item_is_created_as_a_draft_with_its_author_and_read_back_with_its_etag(client, author):
    created = _create(client, author)
    body = created.json
    assert created.headers["Location"] == f"{ITEMS}/{body['id']}"
    assert created.headers["ETag"] == '"1"' and body["revision"] == 1
    assert body["status"] == "draft" and body["published_version"] is None and body["tags"] == ["arithmetic"]
    version = body["latest_version"]
    assert (version["number"], version["status"], version["author"]) == (1, "draft", "test")
    assert [(o["label"], o["correct"]) for o in version["options"]] == [("A", False), ("B", True), ("C", False)]
    read = client.get(created.headers["Location"], headers=author)
    assert read.status_code == 200 and read.headers["ETag"] == '"1"' and read.json == body


def test_a_ref_is_unique_in_its_bank_and_a_lesson_must_be_the_tenants(client, author):
    _create(client, author)
    assert_problem(client.post(ITEMS, json=_body(), headers=author), 409, "duplicate-ref")
    other_lesson = LessonFactory()
    refused = assert_problem(
        client.post(ITEMS, json=_body(ref="x", lesson_id=other_lesson.id), headers=author), 422, "authoring-rule"
    )
    assert "lesson_id" in refused["errors"]


def test_an_edit_needs_the_current_etag(client, author):
    item = _create(client, author).json
    missing = client.patch(f"{ITEMS}/{item['id']}", json={"stem": "Edited?"}, headers=author)
    assert_problem(missing, 428, "precondition-required")
    assert_problem(_edit(client, author, item["id"], "*", {"stem": "Edited?"}), 428, "precondition-required")
    edited = _edit(client, author, item["id"], '"1"', {"stem": "Edited?"})
    assert edited.status_code == 200 and edited.headers["ETag"] == '"2"'
    stale = _edit(client, author, item["id"], '"1"', {"stem": "Again?"})
    assert_problem(stale, 412, "precondition-failed")
    assert_problem(_edit(client, author, item["id"], 'W/"2"', {"stem": "Again?"}), 412, "precondition-failed")
    assert client.get(f"{ITEMS}/{item['id']}", headers=author).json["latest_version"]["stem"] == "Edited?"


def test_a_draft_is_edited_in_place_and_an_edit_of_a_published_item_makes_a_new_draft(client, author):
    item = _create(client, author).json
    draft = _edit(client, author, item["id"], '"1"', {"stem": "Edited?", "tags": ["a", "b"]}).json
    assert draft["latest_version"]["number"] == 1 and draft["tags"] == ["a", "b"]
    published = _move(client, author, item["id"], 1, "publish", '"2"')
    assert published.status_code == 200, published.json
    assert published.json["status"] == "published" and published.json["published_version"] == 1
    second = _edit(client, author, item["id"], published.headers["ETag"], {"options": _body()["options"][:2]}).json
    assert second["latest_version"]["number"] == 2 and second["latest_version"]["status"] == "draft"
    assert second["published_version"] == 1 and second["status"] == "published"
    history = client.get(f"{ITEMS}/{item['id']}/versions", headers=author)
    assert [(v["number"], v["status"], v["stem"]) for v in history.json] == [
        (1, "published", "Edited?"),
        (2, "draft", "Edited?"),
    ]
    assert json.loads(history.headers["X-Pagination"])["total"] == 2
    assert client.get(f"{ITEMS}/{item['id']}/versions/1", headers=author).json["status"] == "published"
    diff = client.get(f"{ITEMS}/{item['id']}/versions/1/diff/2", headers=author).json
    assert diff == {
        "before": 1,
        "after": 2,
        "changes": [
            {"field": "options.2", "before": {"text": "5", "correct": False, "rationale": None}, "after": None}
        ],
    }


def test_publishing_checks_every_rule_and_names_the_field(client, author):
    two_keys = [{"text": "a", "correct": True}, {"text": "b", "correct": True}]
    item = _create(client, author, options=two_keys).json
    refused = assert_problem(_move(client, author, item["id"], 1, "publish", '"1"'), 422, "authoring-rule")
    assert "options" in refused["errors"] and "exactly one correct option" in " ".join(refused["errors"]["options"])
    read = client.get(f"{ITEMS}/{item['id']}", headers=author)
    assert read.json["status"] == "draft" and read.headers["ETag"] == '"1"'  # the refusal changed nothing


def test_the_workflow_per_version(client, author):
    item = _create(client, author).json
    assert_problem(_move(client, author, item["id"], 1, "retire", '"1"'), 409, "invalid-transition")
    etag = _move(client, author, item["id"], 1, "publish", '"1"').headers["ETag"]
    etag = _edit(client, author, item["id"], etag, {"stem": "v2?"}).headers["ETag"]
    second = _move(client, author, item["id"], 2, "publish", etag)
    assert [v["status"] for v in client.get(f"{ITEMS}/{item['id']}/versions", headers=author).json] == [
        "retired",
        "published",
    ]
    retired = _move(client, author, item["id"], 2, "retire", second.headers["ETag"])
    assert retired.json["status"] == "retired" and retired.json["published_version"] is None
    back = _move(client, author, item["id"], 1, "publish", retired.headers["ETag"])
    assert back.json["published_version"] == 1 and back.json["status"] == "published"
    assert_problem(_move(client, author, item["id"], 3, "publish", back.headers["ETag"]), 404, "not-found")


def test_the_list_searches_by_place_tag_status_type_and_words(client, session, tenant, author):
    lesson = LessonFactory(module__course__tenant=tenant)
    other_lesson = LessonFactory(module=lesson.module)
    first = _create(client, author, ref="a", lesson_id=lesson.id, stem="Who founded Mila?", tags=["people"]).json
    second = _create(
        client,
        author,
        ref="b",
        lesson_id=other_lesson.id,
        type="true_false",
        stem="Is it true?",
        options=[{"text": "True", "correct": True}, {"text": "False (50% of the time)", "correct": False}],
    ).json
    _move(client, author, first["id"], 1, "publish", '"1"')
    ItemFactory()  # another tenant's

    def found(**query):
        listed = client.get(ITEMS, query_string=query, headers=author)
        assert listed.status_code == 200, listed.json
        return [item["ref"] for item in listed.json]

    assert found() == ["a", "b"]
    assert found(course_id=lesson.module.course_id) == ["a", "b"] and found(module_id=lesson.module_id) == ["a", "b"]
    assert found(lesson_id=other_lesson.id) == ["b"]
    assert found(tag="people") == ["a"] and found(tag="nobody") == []
    assert found(status="published") == ["a"] and found(status="draft") == ["b"]
    assert found(type="true_false") == ["b"]
    assert found(q="MILA") == ["a"] and found(q="50%") == ["b"] and found(q="%") == ["b"]
    assert found(bank="algebra") == ["a", "b"] and found(bank="other") == []
    paged = client.get(ITEMS, query_string={"page_size": 1, "page": 2}, headers=author)
    assert [item["id"] for item in paged.json] == [second["id"]]
    assert json.loads(paged.headers["X-Pagination"])["total"] == 2 and 'rel="first"' in paged.headers["Link"]


def _every_endpoint(item_id):
    return [
        ("post", ITEMS, _body(ref="new")),
        ("get", ITEMS, None),
        ("get", f"{ITEMS}/{item_id}", None),
        ("patch", f"{ITEMS}/{item_id}", {"stem": "x"}),
        ("get", f"{ITEMS}/{item_id}/versions", None),
        ("get", f"{ITEMS}/{item_id}/versions/1", None),
        ("get", f"{ITEMS}/{item_id}/versions/1/diff/1", None),
        ("post", f"{ITEMS}/{item_id}/versions/1/publish", None),
        ("post", f"{ITEMS}/{item_id}/versions/1/retire", None),
    ]


def test_every_endpoint_needs_scope_author(client, session, tenant):
    item = ItemFactory(bank__tenant=tenant)
    for scopes in (("deliver",), ("analytics",), ("admin",)):
        headers = {**bearer(session, tenant, scopes=scopes), "If-Match": '"1"'}
        for method, path, body in _every_endpoint(item.id):
            assert_problem(getattr(client, method)(path, json=body, headers=headers), 403, "forbidden")


def test_another_tenants_item_is_not_found_on_every_endpoint(client, session, author):
    theirs = ItemFactory()
    for method, path, body in _every_endpoint(theirs.id)[2:]:
        response = getattr(client, method)(path, json=body, headers={**author, "If-Match": '"1"'})
        assert_problem(response, 404, "not-found")
    assert client.get(ITEMS, headers=author).json == []
    assert theirs.revision == 1 and theirs.latest.stem != "x"


def test_tags_of_the_tenant_are_reused(client, session, tenant, author):
    tag = TagFactory(tenant=tenant, name="arithmetic")
    item = _create(client, author).json
    assert item["tags"] == ["arithmetic"] and session.get(type(tag), tag.id) is tag
