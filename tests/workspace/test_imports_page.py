"""The Imports page over HTTP on both databases: an upload into the service the API's imports route calls, its
report read on the page (outcomes, statuses, skipped items, links to the editor), a refused file shown with
nothing written, a hostile file's error beside the file field, and the bank downloaded as the API exports it."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from itembank.models import Bank, Item
from tests.factories import BankFactory, TenantFactory
from tests.workspace.helpers import csrf_of, instructor, signed_in, text_of

QUIZ = b"""// [id:capital]
Capital of France?{=Paris#Yes. ~Lyon}

// [id:pi]
Pi to two decimals?{#3.14:0.005}

An essay?{}
"""
BROKEN = QUIZ + b"\n// [id:twice]\nTwice?{=same ~same}\n"
BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    b'<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="x">&b;</assessmentItem>'
)


def _upload(client, content: bytes, name: str = "quiz.gift", token: str | None = None, **fields):
    token = csrf_of(client.get("/workspace/imports")) if token is None else token
    data = {"csrf_token": token, "file": (io.BytesIO(content), name), **fields}
    return client.post("/workspace/imports", data=data, content_type="multipart/form-data")


def _items(session, tenant) -> int:
    return session.scalar(select(func.count(Item.id)).join(Bank).where(Bank.tenant_id == tenant.id))


def test_a_gift_upload_creates_its_items_and_the_same_file_again_leaves_them_unchanged(session, client):
    tenant = TenantFactory()
    signed_in(client, instructor(session, tenant))
    page = client.get("/workspace/imports")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.get_data(as_text=True)
    created = _upload(client, QUIZ)
    assert created.status_code == 201, created.get_data(as_text=True)
    text = text_of(created)
    assert "Imported quiz.gift" in text
    assert "2 created, 0 revised, 0 unchanged, 0 refused, 1 skipped" in text
    assert "essay" in text.lower() and "Skipped" in text
    capital = session.scalar(select(Item).join(Bank).where(Bank.tenant_id == tenant.id, Item.ref == "capital"))
    assert capital is not None and capital.bank.slug == "quiz"
    assert f'href="/workspace/items/{capital.id}"' in created.get_data(as_text=True)
    assert "created published" in text

    again = _upload(client, QUIZ, bank="quiz")
    assert again.status_code == 200
    assert "0 created, 0 revised, 2 unchanged" in text_of(again) and "unchanged published" in text_of(again)
    assert _items(session, tenant) == 2


def test_a_refused_file_shows_its_report_and_writes_nothing_unless_partial(session, client):
    tenant = TenantFactory()
    signed_in(client, instructor(session, tenant))
    refused = _upload(client, BROKEN, new_bank="unit-3")
    assert refused.status_code == 422
    text = text_of(refused)
    assert "Refused: quiz.gift" in text and "Nothing was written." in text
    assert "twice refused single choice options.1.text : repeats the text of option 0" in text
    assert 'href="/workspace/items/' not in refused.get_data(as_text=True)  # nothing to edit: no item exists
    assert _items(session, tenant) == 0
    assert session.scalar(select(Bank).where(Bank.tenant_id == tenant.id)) is None

    partial = _upload(client, BROKEN, new_bank="unit-3", partial="on")
    assert partial.status_code == 201
    assert "2 created, 0 revised, 0 unchanged, 1 refused" in text_of(partial) and "(partial)" in text_of(partial)
    assert {bank.slug for bank in session.scalars(select(Bank).where(Bank.tenant_id == tenant.id))} == {"unit-3"}


def test_a_hostile_or_unreadable_file_is_shown_beside_the_file_field(session, client):
    tenant = TenantFactory()
    signed_in(client, instructor(session, tenant))
    bomb = _upload(client, BOMB, "bomb.xml")
    assert bomb.status_code == 422
    body = bomb.get_data(as_text=True)
    assert 'id="file" name="file"' in body and 'aria-describedby="file-errors"' in body
    errors = body.split('id="file-errors"', 1)[1].split("</ul>", 1)[0]
    assert "entit" in errors
    unknown = _upload(client, b"\x00\xff\xfe", "notes.bin")
    assert unknown.status_code == 422 and 'id="file-errors"' in unknown.get_data(as_text=True)
    wrong_bank = _upload(client, QUIZ, new_bank="Not A Slug")
    assert wrong_bank.status_code == 422 and 'id="bank-errors"' in wrong_bank.get_data(as_text=True)
    nothing = client.post(
        "/workspace/imports",
        data={"csrf_token": csrf_of(client.get("/workspace/imports"))},
        content_type="multipart/form-data",
    )
    assert nothing.status_code == 422 and 'id="file-errors"' in nothing.get_data(as_text=True)
    assert _items(session, tenant) == 0


def test_an_upload_without_its_csrf_token_is_refused_and_nothing_is_written(session, client):
    tenant = TenantFactory()
    signed_in(client, instructor(session, tenant))
    refused = _upload(client, QUIZ, token="")
    assert refused.status_code == 400 and "CSRF" in text_of(refused)
    assert _items(session, tenant) == 0


def test_an_analyst_cannot_import_or_export(session, client):
    tenant = TenantFactory()
    signed_in(client, instructor(session, tenant, role="analyst"))
    assert client.get("/workspace/imports").status_code == 403
    assert client.get("/workspace/imports/export?format=gift").status_code == 403
    assert "Imports" not in text_of(client.get("/workspace/assessments"))


def test_the_page_takes_an_upload_with_the_import_limit_and_other_pages_still_refuse_one(session, client, app):
    signed_in(client, instructor(session, TenantFactory()))
    large = QUIZ + b"// " + b"x" * 100_000 + b"\n"  # above ASSESS_MAX_BODY_BYTES, below the import limit
    assert _upload(client, large).status_code == 201
    token = csrf_of(client.get("/workspace/imports"))
    elsewhere = client.post(
        "/workspace/items/new?type=true_false",
        data={"csrf_token": token, "file": (io.BytesIO(QUIZ), "quiz.gift")},
        content_type="multipart/form-data",
    )
    assert elsewhere.status_code == 415
    as_form = client.post("/workspace/imports", data={"csrf_token": token})
    assert as_form.status_code == 415
    app.config["ASSESS_SETTINGS"] = type(app.config["ASSESS_SETTINGS"])(
        database_url="unused://", environment="testing", secret_key="s", max_import_bytes=1000
    )
    assert _upload(client, large, token=token).status_code == 413


def test_imports_and_exports_stay_in_the_instructors_tenant(session, client):
    tenant, other = TenantFactory(), TenantFactory()
    BankFactory(tenant=other, slug="theirs", title="Their bank")
    signed_in(client, instructor(session, tenant))
    page = client.get("/workspace/imports")
    assert "theirs" not in page.get_data(as_text=True)
    _upload(client, QUIZ, bank="theirs")  # a slug of another tenant's bank names a new bank of this tenant
    assert _items(session, other) == 0 and _items(session, tenant) == 2
    exported = client.get("/workspace/imports/export?format=gift")
    assert exported.status_code == 200
    assert exported.headers["Content-Disposition"] == f'attachment; filename="{tenant.slug}-bank.gift"'
    assert "// [id:capital]" in exported.get_data(as_text=True) and exported.headers["X-Left-Out"] == "0"
    package = client.get("/workspace/imports/export?format=qti3")
    assert package.status_code == 200 and package.headers["Content-Type"] == "application/zip"
    assert client.get("/workspace/imports/export?format=docx").status_code == 422

    client.post("/workspace/sign-out", data={"csrf_token": csrf_of(page)})
    signed_in(client, instructor(session, other))
    theirs = client.get("/workspace/imports/export?format=gift").get_data(as_text=True)
    assert "capital" not in theirs
