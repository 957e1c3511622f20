"""Imports and exports over HTTP: a multipart upload answered with the report, refusals as problems, the bank as
a download; scope `author`, in the tenant only, with a body limit of their own."""

from __future__ import annotations

import io

from sqlalchemy import select

from itembank.models import Bank, Item
from tests.api.helpers import assert_problem, bearer
from tests.api.test_response_schemas import assert_as_documented
from tests.factories import TenantFactory

QUIZ = b"""// [id:capital]
Capital of France?{=Paris#Yes. ~Lyon}

// [id:pi]
Pi to two decimals?{#3.14:0.005}

An essay?{}
"""


def _upload(client, headers, content: bytes, name: str = "quiz.gift", **fields):
    data = {"file": (io.BytesIO(content), name), **fields}
    return client.post("/api/v1/imports", data=data, headers=headers, content_type="multipart/form-data")


def test_an_upload_is_imported_and_answered_with_its_report(session, client, app):
    tenant = TenantFactory()
    key = bearer(session, tenant, scopes=("author",))
    created = _upload(client, key, QUIZ)
    assert created.status_code == 201, created.get_data(as_text=True)
    report = assert_as_documented(app, created)
    assert report["counts"] == {"created": 2, "revised": 0, "unchanged": 0, "refused": 0, "skipped": 1}
    assert [(item["ref"], item["outcome"], item["status"]) for item in report["items"]] == [
        ("capital", "created", "published"),
        ("pi", "created", "published"),
    ]
    assert "essay" in report["skipped"][0]["reason"] and report["partial"] is False
    capital = session.get(Item, report["items"][0]["item_id"])
    assert capital.bank.tenant_id == tenant.id and capital.bank.slug == "quiz"

    again = _upload(client, key, QUIZ)
    assert again.status_code == 200 and assert_as_documented(app, again)["counts"]["unchanged"] == 2


def test_a_refused_item_is_a_problem_naming_it_and_nothing_is_written(session, client):
    tenant = TenantFactory()
    key = bearer(session, tenant, scopes=("author",))
    broken = QUIZ + b"\n// [id:twice]\nTwice?{=same ~same}\n"
    body = assert_problem(_upload(client, key, broken), 422, "import-refused")
    assert list(body["errors"]) == ["items.3.options.1.text"]
    assert body["errors"]["items.3.options.1.text"][0].startswith("twice:")
    assert session.scalar(select(Bank).where(Bank.tenant_id == tenant.id)) is None
    assert _upload(client, key, QUIZ, "Единица.gift").json["bank"] == "imported"  # a name with no slug in it
    assert _upload(client, key, QUIZ, "../../Unit 3.gift").json["file"] == "Unit 3.gift"
    partial = _upload(client, key, broken, partial="true")
    assert partial.status_code == 201 and partial.json["counts"]["refused"] == 1


def test_unreadable_and_hostile_files_are_422_problems(session, client):
    key = bearer(session, TenantFactory(), scopes=("author",))
    assert_problem(_upload(client, key, b"\x00\xff\xfe", "notes.bin"), 422, "unreadable-file")
    assert_problem(_upload(client, key, b"\xff\xfe{", "quiz.gift"), 422, "unreadable-file")
    bomb = b'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b]\n'
    body = assert_problem(_upload(client, key, bomb, "bank.yaml"), 422, "authoring-rule")
    assert "aliases" in body["detail"]
    body = assert_problem(_upload(client, key, QUIZ, format="qti9"), 422, "validation-error")
    assert "format" in body["errors"]
    missing = client.post("/api/v1/imports", data={}, headers=key, content_type="multipart/form-data")
    assert "file" in assert_problem(missing, 422, "validation-error")["errors"]


def test_imports_take_the_author_scope_a_multipart_body_and_their_own_size_limit(session, client, app):
    tenant = TenantFactory()
    assert_problem(_upload(client, bearer(session, tenant), QUIZ), 403, "forbidden")
    key = bearer(session, tenant, scopes=("author",))
    as_json = client.post("/api/v1/imports", json={"file": "x"}, headers=key)
    assert_problem(as_json, 415, "unsupported-media-type")
    large = QUIZ + b"// " + b"x" * 100_000 + b"\n"  # above ASSESS_MAX_BODY_BYTES, below the import limit
    assert _upload(client, key, large).status_code == 201
    app.config["ASSESS_SETTINGS"] = type(app.config["ASSESS_SETTINGS"])(
        database_url="unused://", environment="testing", secret_key="s", max_import_bytes=1000
    )
    assert_problem(_upload(client, key, large), 413, "body-too-large")


def test_an_export_is_a_download_of_the_tenants_items(session, client):
    tenant, other = TenantFactory(), TenantFactory()
    key = bearer(session, tenant, scopes=("author",))
    _upload(client, key, QUIZ)
    _upload(client, bearer(session, other, scopes=("author",)), b"// [id:theirs]\nTheirs?{TRUE}\n")
    exported = client.get("/api/v1/exports?format=gift", headers=key)
    assert exported.status_code == 200
    assert exported.headers["Content-Disposition"] == f'attachment; filename="{tenant.slug}-bank.gift"'
    text = exported.get_data(as_text=True)
    assert "// [id:capital]" in text and "// [id:pi]" in text and "theirs" not in text
    assert exported.headers["X-Left-Out"] == "0"
    yaml_text = client.get("/api/v1/exports?format=yaml", headers=key).get_data(as_text=True)
    assert yaml_text.startswith("format: assess.bank/1")
    assert_problem(client.get("/api/v1/exports?format=gift&assessment=nope", headers=key), 404, "not-found")
    assert_problem(client.get("/api/v1/exports?format=docx", headers=key), 422, "validation-error")
    assert_problem(client.get("/api/v1/exports?format=gift", headers=bearer(session, tenant)), 403, "forbidden")


def test_a_qti_package_goes_out_and_comes_back_over_http(session, client):
    tenant, other = TenantFactory(), TenantFactory()
    key = bearer(session, tenant, scopes=("author",))
    _upload(client, key, QUIZ)
    exported = client.get("/api/v1/exports?format=qti3", headers=key)
    assert exported.status_code == 200 and exported.headers["Content-Type"] == "application/zip"
    assert exported.headers["Content-Disposition"] == f'attachment; filename="{tenant.slug}-bank.zip"'
    theirs = bearer(session, other, scopes=("author",))
    imported = _upload(client, theirs, exported.get_data(), "bank.zip")
    assert imported.status_code == 201, imported.json
    assert sorted(item["ref"] for item in imported.json["items"]) == ["capital", "pi"]
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        b'<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="x">&b;</assessmentItem>'
    )
    assert "entit" in assert_problem(_upload(client, theirs, bomb, "bomb.xml"), 422, "unreadable-file")["detail"]
    external = (
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="x">&x;</assessmentItem>'
    )
    problem = assert_problem(_upload(client, theirs, external, "leak.xml"), 422, "unreadable-file")
    assert "root:" not in str(problem)
