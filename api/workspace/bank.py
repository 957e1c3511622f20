"""The bank's pages: browse and search, the item editor (create, save a draft, publish, retire) and the
version history with a diff. Each view reads the form into the API's schema and calls the service the API's
view calls (`itembank.items`, `assess.item_catalog`), so both refuse and accept the same things."""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request, url_for
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from api.auth import caller
from api.db import db_session
from api.errors import ApiError
from api.items.schemas import ItemPatchSchema, ItemQuerySchema, NewItemSchema
from api.workspace.blueprint import blp
from api.workspace.forms import form_problem, load
from api.workspace.item_form import (
    CHOICE_TYPES,
    SPEC_FIELDS,
    TYPE_NAMES,
    blank_values,
    item_body,
    item_values,
    posted_values,
)
from api.workspace.signin import needs
from assess.analytics.item_figures import latest_item_figures
from assess.item_catalog import ItemSearch, bank_outline, search_items, versions_page
from itembank.db import utcnow
from itembank.errors import AuthoringError, BankError, StaleItemError
from itembank.items import add_item, change_status, diff_versions, tenant_item, update_item
from itembank.itemtypes import ItemType
from itembank.models import Item, ItemStatus

PAGE_SIZE = 25
Page = str | tuple[str, int]
STALE = (
    "Someone else changed this item after you opened it (it is now at revision {current}), so your changes "
    "were not saved, and theirs were not overwritten. Your text is still in the form below: open the item "
    "again in a new tab to see their version, then bring your changes over and save."
)


@blp.get("/")
def home() -> Response:
    return redirect(url_for("workspace.bank"))


@blp.get("/items")
@needs("author")
def bank() -> Page:
    query = {key: value for key, value in request.args.items() if value and key != "page"}
    try:
        search = ItemSearch(**load(ItemQuerySchema(), query))
    except ValidationError as exc:
        return _bank_page(ItemSearch(), 1, problem=form_problem(exc)), 422
    page_number = max(1, int(request.args["page"])) if request.args.get("page", "").isdigit() else 1
    return _bank_page(search, page_number)


def _bank_page(search: ItemSearch, page_number: int, problem: Any = None) -> str:
    tenant_id = caller().tenant_id
    page = search_items(db_session(), tenant_id, search, offset=(page_number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    return render_template(
        "bank.html",
        page=page,
        page_number=page_number,
        pages=max(1, -(-page.total // PAGE_SIZE)),
        search=search,
        outline=bank_outline(db_session(), tenant_id),
        figures=latest_item_figures(db_session(), tenant_id, [item.id for item in page.items], now=utcnow()),
        types=TYPE_NAMES,
        statuses=[status.value for status in ItemStatus],
        problem=problem,
    )


@blp.route("/items/new", methods=["GET", "POST"])
@needs("author")
def new_item() -> Page | Response:
    chosen = request.values.get("type", "")
    if chosen not in {item_type.value for item_type in ItemType}:
        return render_template("choose_type.html", types=TYPE_NAMES)
    if request.method == "GET":
        return _editor(None, blank_values(ItemType(chosen)))
    try:
        body = load(NewItemSchema(), {"bank": request.form.get("bank", ""), **item_body(request.form, {})})
        item = add_item(db_session(), caller().tenant_id, author=caller().label or "", now=utcnow(), **body)
    except (ValidationError, AuthoringError, BankError) as exc:
        return _editor(None, posted_values(request.form), problem=form_problem(exc))
    return redirect(url_for("workspace.edit_item", item_id=item.id, saved=1), 303)


@blp.route("/items/<int:item_id>", methods=["GET", "POST"])
@needs("author")
def edit_item(item_id: int) -> Page | Response:
    item = tenant_item(db_session(), caller().tenant_id, item_id)
    if request.method == "GET":
        return _editor(item, item_values(item), notice="Saved." if request.args.get("saved") else None)
    try:
        body = load(ItemPatchSchema(), item_body(request.form, item.latest.spec or {}))
        update_item(
            db_session(),
            caller().tenant_id,
            item_id,
            if_match=_revision(),
            author=caller().label or "",
            now=utcnow(),
            **body,
        )
    except (ValidationError, BankError) as exc:
        return _editor(item, posted_values(request.form), problem=form_problem(exc), stale=_stale(exc))
    return redirect(url_for("workspace.edit_item", item_id=item_id, saved=1), 303)


@blp.post("/items/<int:item_id>/versions/<int:number>/<any(publish, retire):action>")
@needs("author")
def move_version(item_id: int, number: int, action: str) -> Page | Response:
    target = ItemStatus.PUBLISHED if action == "publish" else ItemStatus.RETIRED
    try:
        change_status(db_session(), caller().tenant_id, item_id, number, target, if_match=_revision(), now=utcnow())
    except BankError as exc:
        item = tenant_item(db_session(), caller().tenant_id, item_id)
        return _editor(item, item_values(item), problem=form_problem(exc), stale=_stale(exc))
    done = "Published." if target == ItemStatus.PUBLISHED else "Retired."
    return redirect(url_for("workspace.edit_item", item_id=item_id, moved=done), 303)


@blp.get("/items/<int:item_id>/history")
@needs("author")
def history(item_id: int) -> Page:
    tenant_id = caller().tenant_id
    versions = versions_page(db_session(), tenant_id, item_id, offset=0, limit=1000).items
    numbers = [version.number for version in versions]
    before = _number_arg("before", numbers[-2] if len(numbers) > 1 else numbers[0])
    after = _number_arg("after", numbers[-1])
    diff = diff_versions(db_session(), tenant_id, item_id, before, after)
    return render_template(
        "history.html", item=versions[0].item, versions=versions, diff=diff, before=before, after=after
    )


def _number_arg(name: str, default: int) -> int:
    text = request.args.get(name, "")
    return int(text) if text.isdigit() and len(text) < 10 else default


def _revision() -> frozenset[int]:
    """The If-Match of the form: the revision the author's page was made from (a hidden field)."""
    text = request.form.get("revision", "")
    if not text.isdigit() or len(text) > 12:
        raise ApiError(428, "this form has no item revision, so it cannot be saved without overwriting another")
    return frozenset({int(text)})


def _stale(exc: Exception) -> str | None:
    if isinstance(exc, StaleItemError):
        return STALE.format(current=exc.current_revision)
    return None


def _editor(
    item: Item | None,
    values: dict[str, Any],
    *,
    problem: Any = None,
    stale: str | None = None,
    notice: str | None = None,
) -> Page:
    outline = bank_outline(db_session(), caller().tenant_id)
    page = render_template(
        "item.html",
        item=item,
        values=values,
        outline=outline,
        types=TYPE_NAMES,
        spec_fields=SPEC_FIELDS,
        choice_types=CHOICE_TYPES,
        errors=(problem.errors or {}) if problem is not None else {},
        problem=problem,
        stale=stale,
        # After a conflict the page keeps the revision its author read: saving again is refused again until
        # they have seen the other change (reloaded), so a second click cannot overwrite it.
        revision=request.form.get("revision") if stale else (item.revision if item is not None else None),
        notice=notice or request.args.get("moved"),
    )
    return (page, problem.status) if problem is not None else page
