"""An uploaded file, put where a format's reader can read it (readers take paths: a QTI package is a zip)."""

from __future__ import annotations

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
    """Import the upload as `assess bank import` imports a file; its name (made safe) is kept, since the format
    is detected by it and the report names it."""
    name = secure_filename(upload.filename or "") or "upload"
    tenant = session.get_one(Tenant, tenant_id)
    with tempfile.TemporaryDirectory(prefix="assess-import-") as folder:
        path = Path(folder) / name
        upload.save(path)
        return import_file(
            session, tenant, path, format_name=format, bank_slug=bank, partial=partial, author=f"upload of {name}"
        )
