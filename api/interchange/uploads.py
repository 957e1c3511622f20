"""An uploaded file, put where a format's reader can read it (readers take paths: a QTI package is a zip)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage
from werkzeug.utils import secure_filename

from assess.interchange import import_file
from itembank.interchange.report import ImportReport
from itembank.models import Tenant


def import_upload(
    session: Session, tenant_id: int, upload: FileStorage, *, format: str | None, partial: bool, bank: str | None
) -> ImportReport:
    """Import the upload as `assess bank import` imports a file. It is saved under a safe name that keeps its
    ending (the format is detected by it); the report and the default bank go by the name as sent."""
    sent = (upload.filename or "").replace("\\", "/").rsplit("/", 1)[-1][:200] or "upload"
    suffix = Path(sent).suffix.lower()
    safe = (secure_filename(Path(sent).stem) or "upload") + (
        suffix if re.fullmatch(r"\.[a-z0-9]{1,10}", suffix) else ""
    )
    tenant = session.get_one(Tenant, tenant_id)
    with tempfile.TemporaryDirectory(prefix="assess-import-") as folder:
        path = Path(folder) / safe
        upload.save(path)
        return import_file(
            session,
            tenant,
            path,
            format_name=format,
            file_name=sent,
            bank_slug=bank,
            partial=partial,
            author=f"upload of {sent}",
        )
