"""Items: instructors (scope `author`) create, find, read and edit the bank's items and move their versions
through the workflow. Edits carry If-Match (`api.items.preconditions`); the writes are `itembank.items`'."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask.views import MethodView

from api.auth import SECURITY, caller, require_scope
from api.blueprint import Blueprint
from api.db import db_session
from api.items.preconditions import ETAG, IF_MATCH, etag, if_match_revisions
from api.items.schemas import (
    ItemPatchSchema,
    ItemQuerySchema,
    ItemSchema,
    ItemVersionSchema,
    NewItemSchema,
    VersionDiffSchema,
)
from assess.item_catalog import ItemSearch, search_items, versions_page
from itembank.db import utcnow
from itembank.items import add_item, change_status, diff_versions, item_version, tenant_item, update_item
from itembank.models import Item, ItemStatus, ItemVersion
from itembank.version_content import VersionDiff

blp = Blueprint("items", __name__, url_prefix="/api/v1/items", description="Items (authoring)")
Answer = tuple[Item, int, dict[str, str]]
LOCATION = {"description": "the item's URL", "schema": {"type": "string"}}


def _author() -> str:
    """Who made a change, as the version records it: the key's label."""
    found = caller()
    return found.label or f"API key {found.key_id}"


def _answer(item: Item, status: int = 200) -> Answer:
    return item, status, etag(item)


@blp.route("")
class Items(MethodView):
    @blp.doc(security=SECURITY, description="Create an item; its version 1 is a draft (publish it to deliver it).")
    @require_scope("author")
    @blp.arguments(NewItemSchema)
    @blp.response(201, ItemSchema, headers={"Location": LOCATION, "ETag": ETAG})
    @blp.problems(409)
    def post(self, body: dict[str, Any]) -> Answer:
        item = add_item(db_session(), caller().tenant_id, author=_author(), now=utcnow(), **body)
        item, status, headers = _answer(item, 201)
        return item, status, {**headers, "Location": url_for("items.ItemById", item_id=item.id)}

    @blp.doc(security=SECURITY, description="Find items by where they sit, tag, status, type and words (`q`).")
    @require_scope("author")
    @blp.arguments(ItemQuerySchema, location="query")
    @blp.response(200, ItemSchema(many=True))
    @blp.paginate()
    def get(self, query: dict[str, Any], pagination_parameters: Any) -> list[Item]:
        page = search_items(
            db_session(),
            caller().tenant_id,
            ItemSearch(**query),
            offset=pagination_parameters.first_item,
            limit=pagination_parameters.page_size,
        )
        pagination_parameters.item_count = page.total
        return page.items


@blp.route("/<id:item_id>")
class ItemById(MethodView):
    @blp.doc(security=SECURITY)
    @require_scope("author")
    @blp.response(200, ItemSchema, headers={"ETag": ETAG})
    @blp.problems(404)
    def get(self, item_id: int) -> Answer:
        return _answer(tenant_item(db_session(), caller().tenant_id, item_id))

    @blp.doc(
        security=SECURITY,
        parameters=[IF_MATCH],
        description="Edit an item. Content fields edit its latest version in place while that is a draft, and "
        "otherwise add a new draft version; ref, lesson_id, objective and tags add no version.",
    )
    @require_scope("author")
    @blp.arguments(ItemPatchSchema)
    @blp.response(200, ItemSchema, headers={"ETag": ETAG})
    @blp.problems(404, 409, 412, 428)
    def patch(self, body: dict[str, Any], item_id: int) -> Answer:
        if_match = if_match_revisions()
        item = update_item(
            db_session(), caller().tenant_id, item_id, if_match=if_match, author=_author(), now=utcnow(), **body
        )
        return _answer(item)


@blp.route("/<id:item_id>/versions")
class Versions(MethodView):
    @blp.doc(security=SECURITY, description="The item's history, oldest version first.")
    @require_scope("author")
    @blp.response(200, ItemVersionSchema(many=True))
    @blp.paginate()
    @blp.problems(404)
    def get(self, item_id: int, pagination_parameters: Any) -> list[ItemVersion]:
        page = versions_page(
            db_session(),
            caller().tenant_id,
            item_id,
            offset=pagination_parameters.first_item,
            limit=pagination_parameters.page_size,
        )
        pagination_parameters.item_count = page.total
        return page.items


@blp.route("/<id:item_id>/versions/<id:number>")
class VersionByNumber(MethodView):
    @blp.doc(security=SECURITY)
    @require_scope("author")
    @blp.response(200, ItemVersionSchema)
    @blp.problems(404)
    def get(self, item_id: int, number: int) -> ItemVersion:
        return item_version(db_session(), caller().tenant_id, item_id, number)


@blp.route("/<id:item_id>/versions/<id:before>/diff/<id:after>")
class VersionDiffView(MethodView):
    @blp.doc(security=SECURITY, description="What changed from version `before` to version `after`, by field.")
    @require_scope("author")
    @blp.response(200, VersionDiffSchema)
    @blp.problems(404)
    def get(self, item_id: int, before: int, after: int) -> VersionDiff:
        return diff_versions(db_session(), caller().tenant_id, item_id, before, after)


def _move(item_id: int, number: int, target: ItemStatus) -> Answer:
    if_match = if_match_revisions()
    return _answer(
        change_status(db_session(), caller().tenant_id, item_id, number, target, if_match=if_match, now=utcnow())
    )


@blp.route("/<id:item_id>/versions/<id:number>/publish")
class Publish(MethodView):
    @blp.doc(
        security=SECURITY,
        parameters=[IF_MATCH],
        description="Publish a draft or retired version after checking every authoring rule (422 names each "
        "field and rule); the version published before it is retired. Only the published version is delivered.",
    )
    @require_scope("author")
    @blp.response(200, ItemSchema, headers={"ETag": ETAG})
    @blp.problems(404, 409, 412, 422, 428)
    def post(self, item_id: int, number: int) -> Answer:
        return _move(item_id, number, ItemStatus.PUBLISHED)


@blp.route("/<id:item_id>/versions/<id:number>/retire")
class Retire(MethodView):
    @blp.doc(
        security=SECURITY,
        parameters=[IF_MATCH],
        description="Retire the published version: the item leaves every future form (past attempts and "
        "analytics keep it). Publish a version again to bring it back.",
    )
    @require_scope("author")
    @blp.response(200, ItemSchema, headers={"ETag": ETAG})
    @blp.problems(404, 409, 412, 428)
    def post(self, item_id: int, number: int) -> Answer:
        return _move(item_id, number, ItemStatus.RETIRED)
