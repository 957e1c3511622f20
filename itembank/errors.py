"""The bank's errors: no HTTP here; api/errors.py maps each to a problem type in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from itembank.interchange.report import ImportReport


class BankError(Exception):
    """Base of every error the bank raises on purpose."""


class ImmutableVersionError(BankError):
    """A flush tried to change or delete an item version or its options; edits must add a new version."""


class AuthoringError(BankError):
    """Content breaks an authoring rule; `fields` maps a dotted field path to its messages."""

    def __init__(self, message: str, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.fields = fields or {}


class ContentFileError(AuthoringError):
    """A content file is malformed; the message names the file and the field path."""


class NotFoundError(BankError):
    """The thing does not exist in the caller's tenant (which, to the caller, is the same thing)."""


class StaleItemError(BankError):
    """An edit named a revision of the item (its ETag) that is no longer current: someone else changed it."""

    def __init__(self, message: str, current_revision: int | None) -> None:
        super().__init__(message)
        self.current_revision = current_revision


class InvalidTransitionError(BankError):
    """A version cannot move to the asked status from its own (a draft cannot be retired, ...)."""


class DuplicateRefError(BankError):
    """Another item of the bank already has this ref."""


class UnreadableFileError(AuthoringError):
    """A file given to import is not one any format reads, or is hostile (an XML entity bomb ...);
    `fields` names what is wrong, under `file`."""


class ImportRefusedError(BankError):
    """An import without `partial` met an item the bank refuses, so nothing of the file was written;
    `report` says which items and why (the caller rolls the transaction back)."""

    def __init__(self, message: str, report: ImportReport) -> None:
        super().__init__(message)
        self.report = report


class InterchangeError(UnreadableFileError):
    """A file brought to import cannot be read at all (hostile or malformed XML, a package member outside the
    package, no item in it); `source` names the file or package member. An item that is read but cannot be
    mapped is not this error: the reader reports it as skipped, with its reason."""

    def __init__(self, message: str, source: str | None = None) -> None:
        whole = message if source is None else f"{source}: {message}"
        super().__init__(whole, {"file": [whole]})
        self.source = source
