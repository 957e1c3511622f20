"""The interchange formats, one entry each: how to recognise a file, read it, and write items in it.

Every reader hands the one import pipeline a `ParsedFile` (`itembank.interchange.importing`) and every writer
takes the items the one export builds (`itembank.interchange.exporting`), so adding a format is adding its
entry here. Detection asks each import format in order, so the more specific ones come first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from itembank.errors import UnreadableFileError
from itembank.interchange.gift import looks_like_gift, read_gift, write_gift
from itembank.interchange.gift.writer import gift_losses
from itembank.interchange.parsed import Dropped, ImportedItem, ParsedAssessment, ParsedFile
from itembank.interchange.qti import looks_like_qti, read_qti, write_qti
from itembank.interchange.yaml_format import looks_like_yaml, read_yaml, write_yaml


@dataclass(frozen=True)
class ImportFormat:
    name: str
    looks_like: Callable[[Path], bool]
    read: Callable[[Path], ParsedFile]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    write: Callable[[Sequence[ImportedItem], ParsedAssessment | None], bytes]
    media_type: str
    extension: str
    """The file name's ending, with its dot."""
    losses: Callable[[ImportedItem], list[Dropped]] = lambda _item: []
    """What of an item the format cannot hold, named for the export's caller."""


def _text(
    writer: Callable[[Sequence[ImportedItem]], str],
) -> Callable[[Sequence[ImportedItem], ParsedAssessment | None], bytes]:
    """A writer of one text file, which has no place for an assessment's structure (its items are written)."""
    return lambda items, _assessment: writer(items).encode("utf-8")


_QTI_PACKAGE = "application/zip"

IMPORT_FORMATS: dict[str, ImportFormat] = {
    "qti": ImportFormat("qti", looks_like_qti, read_qti),
    "yaml": ImportFormat("yaml", looks_like_yaml, read_yaml),
    "gift": ImportFormat("gift", looks_like_gift, read_gift),
}
EXPORT_FORMATS: dict[str, ExportFormat] = {
    "qti3": ExportFormat("qti3", lambda items, test: write_qti(items, "qti30", test), _QTI_PACKAGE, ".zip"),
    "qti22": ExportFormat("qti22", lambda items, test: write_qti(items, "qti22", test), _QTI_PACKAGE, ".zip"),
    "qti21": ExportFormat("qti21", lambda items, test: write_qti(items, "qti21", test), _QTI_PACKAGE, ".zip"),
    "gift": ExportFormat("gift", _text(write_gift), "text/plain; charset=utf-8", ".gift", gift_losses),
    "yaml": ExportFormat("yaml", _text(write_yaml), "application/yaml; charset=utf-8", ".yaml"),
}


def detect_format(path: Path) -> ImportFormat:
    """The format whose reader recognises `path`; none is an `UnreadableFileError` listing the formats tried."""
    for found in IMPORT_FORMATS.values():
        if found.looks_like(path):
            return found
    names = ", ".join(IMPORT_FORMATS)
    message = f"{path.name} is none of the formats we import ({names}); name one with --format if it is"
    raise UnreadableFileError(message, {"file": [message]})


def read_file(path: Path, format_name: str | None = None) -> ParsedFile:
    """The file read by the format named, or by the one detected."""
    if format_name is None:
        return detect_format(path).read(path)
    found = IMPORT_FORMATS.get(format_name)
    if found is None:
        message = f"no import format {format_name!r}; the formats are {', '.join(IMPORT_FORMATS)}"
        raise UnreadableFileError(message, {"format": [message]})
    return found.read(path)
