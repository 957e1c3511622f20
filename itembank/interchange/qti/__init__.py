"""IMS QTI 2.1, 2.2 and 3.0: items, tests and content packages read into our drafts, and written from them.

The import pipeline calls three functions: `looks_like_qti` (format detection), `read_qti` (a file, a
folder or a zip to a `ParsedFile`) and `write_qti` (items to a content package). docs/interchange-qti.md
says what maps and what is reported.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from itembank.interchange.qti.document import NAMESPACES
from itembank.interchange.qti.package import MANIFEST
from itembank.interchange.qti.reader import read_qti
from itembank.interchange.qti.writer import write_qti

__all__ = ["looks_like_qti", "read_qti", "write_qti"]

_SNIFF_BYTES = 8192


def looks_like_qti(path: Path) -> bool:
    """A folder or zip with a manifest, or an XML file naming a QTI namespace near its start."""
    if path.is_dir():
        return (path / MANIFEST).is_file()
    if not path.is_file():
        return False
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as package:
                return any(name == MANIFEST or name.endswith(f"/{MANIFEST}") for name in package.namelist())
        except zipfile.BadZipFile:
            return False
    with path.open("rb") as file:
        start = file.read(_SNIFF_BYTES)
    return any(namespace.encode() in start for namespace in NAMESPACES)
