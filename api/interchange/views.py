"""Importing a file into the tenant's bank and exporting the bank, over HTTP (scope `author`)."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from api.auth import SECURITY, caller, require_scope
from api.blueprint import Blueprint
from api.db import db_session
from api.interchange.downloads import export_download
from api.interchange.schemas import ExportQuerySchema, ImportFileSchema, ImportFormSchema, ImportReportSchema
from api.interchange.uploads import import_upload
from api.routes import API_PREFIX
from assess.interchange import export_file
from itembank.interchange.report import ImportReport

blp = Blueprint("interchange", __name__, url_prefix=API_PREFIX, description="Import and export")
IMPORTS_PATH = f"{API_PREFIX}/imports"


@blp.route("/imports")
class Imports(MethodView):
    @blp.doc(
        security=SECURITY,
        description="Import a GIFT or YAML file (multipart field `file`); the same file again revises its items. "
        "All or nothing unless `partial`: a refused item is a 422 `import-refused` naming each. "
        "The body limit is ASSESS_MAX_IMPORT_BYTES. The report: docs/interchange.md.",
    )
    @require_scope("author")
    @blp.arguments(ImportFormSchema, location="form")
    @blp.arguments(ImportFileSchema, location="files")
    @blp.response(201, ImportReportSchema, description="the file was imported and made at least one new item")
    @blp.alt_response(200, schema=ImportReportSchema, description="the file was imported; it made no new item")
    def post(self, form: dict[str, Any], files: dict[str, Any]) -> tuple[ImportReport, int]:
        report = import_upload(
            db_session(),
            caller().tenant_id,
            files["file"],
            format=form.get("format"),
            partial=form["partially"],
            bank=form.get("bank"),
        )
        return report, 201 if report.count("created") else 200


@blp.route("/exports")
class Exports(MethodView):
    @blp.doc(security=SECURITY, description="The tenant's items, or one assessment's, as a file in `format`.")
    @require_scope("author")
    @blp.arguments(ExportQuerySchema, location="query")
    @blp.response(
        200,
        description="the file, as an attachment",
        content_type="application/octet-stream",
        headers={
            "X-Left-Out": {
                "description": "never-published items left out: their draft breaks an authoring rule",
                "schema": {"type": "integer"},
            },
            "X-Dropped": {
                "description": "constructs the format cannot hold, left out of the items written "
                "(GIFT: a choice item's correct and incorrect feedback)",
                "schema": {"type": "integer"},
            },
        },
    )
    @blp.problems(404)
    def get(self, query: dict[str, Any]) -> Response:
        return export_download(export_file(db_session(), caller().tenant_id, query["format"], query.get("assessment")))
