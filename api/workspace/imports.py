"""The Imports page: a file uploaded through the API's own form schemas into the service the API's imports route
calls (`api.interchange.uploads.import_upload`), its report shown; and the bank downloaded as the API exports it."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from marshmallow import ValidationError
from werkzeug.wrappers import Response

from api.auth import caller
from api.db import db_session
from api.errors import Problem
from api.interchange.downloads import export_download
from api.interchange.schemas import ExportQuerySchema, ImportFileSchema, ImportFormSchema
from api.interchange.uploads import import_upload
from api.workspace.blueprint import blp
from api.workspace.forms import form_problem, load, optional_text
from api.workspace.signin import needs
from assess.interchange import export_file
from assess.item_catalog import bank_outline
from itembank.errors import BankError, ImportRefusedError
from itembank.interchange.formats import EXPORT_FORMATS, IMPORT_FORMATS
from itembank.interchange.report import ImportReport

Page = str | tuple[str, int]
EXPORT_LABELS = {
    "qti3": "QTI 3.0 package",
    "qti22": "QTI 2.2 package",
    "qti21": "QTI 2.1 package",
    "gift": "GIFT (Moodle)",
    "yaml": "Assess YAML",
}
FIELDS = frozenset({"file", "format", "bank", "partial"})


@blp.route("/imports", methods=["GET", "POST"])
@needs("author")
def imports() -> Page:
    report: ImportReport | None = None
    problem: Problem | None = None
    if request.method == "POST":
        try:
            report = _import()
        except ImportRefusedError as exc:
            db_session().rollback()  # now, not after the page (422 would): the banks listed are the ones that stand
            report, problem = exc.report, form_problem(exc)
        except (ValidationError, BankError) as exc:
            problem = form_problem(exc)
    page = _page(report, problem)
    if problem is not None:
        return page, problem.status
    return page, 201 if report is not None and report.count("created") else 200


def _import() -> ImportReport:
    """The form read as the API reads its multipart body; a new bank's name wins over the bank chosen."""
    fields: dict[str, Any] = {key: value for key, value in request.form.items() if key in ("format", "partial")}
    if not fields.get("format"):
        fields.pop("format", None)  # "detect it", as the API's absent field
    bank = optional_text(request.form.get("new_bank")) or optional_text(request.form.get("bank"))
    if bank is not None:
        fields["bank"] = bank.strip()
    form = load(ImportFormSchema(), fields)
    sent = request.files.get("file")
    files = load(ImportFileSchema(), {"file": sent} if sent is not None and sent.filename else {})
    return import_upload(
        db_session(),
        caller().tenant_id,
        files["file"],
        format=form.get("format"),
        partial=form["partially"],
        bank=form.get("bank"),
    )


def _page(report: ImportReport | None, problem: Problem | None) -> str:
    return render_template(
        "imports.html",
        report=report,
        problem=problem,
        errors=_field_errors(report, problem),
        banks=bank_outline(db_session(), caller().tenant_id).banks,
        import_formats=sorted(IMPORT_FORMATS),
        export_formats=[(name, EXPORT_LABELS.get(name, name)) for name in EXPORT_FORMATS],
        form=request.form,
    )


def _field_errors(report: ImportReport | None, problem: Problem | None) -> dict[str, list[str]]:
    """Each message beside the field it concerns; a file no reader takes (no field named) beside the file's."""
    if problem is None or report is not None:  # a refused import: its messages are the report's, item by item
        return {}
    errors = dict(problem.errors or {})
    if not errors.keys() & FIELDS:
        errors["file"] = [problem.detail]
    return errors


@blp.get("/imports/export")
@needs("author")
def export() -> Response:
    query = load(ExportQuerySchema(), {key: value for key, value in request.args.items() if value})
    return export_download(export_file(db_session(), caller().tenant_id, query["format"], query.get("assessment")))
