"""Every error leaves the API as RFC 9457 application/problem+json, mapped here and nowhere else.

`type` is stable and documented in docs/problems.md; clients branch on it, never on `detail`, which is
for people. Validation problems carry per-field messages under `errors`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, Response, json
from marshmallow import Schema, ValidationError, fields
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from assess.errors import (
    DeadlinePassedError,
    DeliveryError,
    InvalidAccommodationError,
    InvalidRegradeTargetError,
    InvalidResponseError,
    StaleSaveError,
)
from itembank.db import unavailable
from itembank.errors import (
    AuthoringError,
    BankError,
    DuplicateRefError,
    ImmutableVersionError,
    ImportRefusedError,
    InvalidTransitionError,
    NotFoundError,
    StaleItemError,
    UnreadableFileError,
)
from itembank.interchange.report import ImportReport

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "/problems/"

_TYPE_FOR_STATUS = {
    400: "bad-request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    410: "gone",
    412: "precondition-failed",
    413: "body-too-large",
    415: "unsupported-media-type",
    422: "validation-error",
    428: "precondition-required",
    429: "too-many-requests",
    500: "internal-error",
    503: "unavailable",
}


class ProblemSchema(Schema):
    type = fields.String(required=True, metadata={"description": "stable identifier of the kind of problem"})
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True, metadata={"description": "what went wrong, for people"})
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "messages per field path, for validation problems"},
    )


class ApiError(Exception):
    """Raised by views and auth for a problem that is not a bank error: 401, 403, 409 ..."""

    def __init__(
        self, status: int, detail: str, *, kind: str | None = None, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.kind = kind or _TYPE_FOR_STATUS.get(status, "error")
        self.headers = headers or {}


@dataclass(frozen=True)
class Problem:
    """An error as the client receives it, whatever served the request (a Flask view or the save below it)."""

    status: int
    detail: str
    kind: str | None = None
    title: str | None = None
    errors: dict[str, list[str]] | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": PROBLEM_BASE + (self.kind or _TYPE_FOR_STATUS.get(self.status, "error")),
            "title": self.title or _title(self.status),
            "status": self.status,
            "detail": self.detail,
        }
        if self.errors:
            body["errors"] = self.errors
        return body


def problem(
    status: int,
    detail: str,
    *,
    kind: str | None = None,
    title: str | None = None,
    errors: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    return flask_response(Problem(status, detail, kind, title, errors, headers or {}))


def flask_response(found: Problem) -> Response:
    response = Response(json.dumps(found.body()), status=found.status, mimetype=PROBLEM_JSON)
    response.headers.update(found.headers)
    return response


def _title(status: int) -> str:
    return HTTP_STATUS_CODES.get(status, "Error")


def register(app: Flask) -> None:
    for handled in (ApiError, HTTPException, BankError, Exception):
        app.register_error_handler(handled, _respond)


def _respond(exc: Exception) -> Response:
    return flask_response(problem_for(exc))


def problem_for(exc: Exception) -> Problem:
    """The one mapping from an exception to the problem the client gets: every endpoint answers through it."""
    if isinstance(exc, ApiError):
        return Problem(exc.status, exc.detail, kind=exc.kind, headers=exc.headers)
    if isinstance(exc, ValidationError):
        return _invalid(exc.messages)
    if isinstance(exc, HTTPException):
        return _http_exception(exc)
    if isinstance(exc, BankError):
        return _bank_error(exc)
    reason = unavailable(exc)
    if reason is not None:
        # The database cannot serve this request now (down, restarting, locked past the busy timeout, a
        # statement past its timeout): nothing was committed, so the client may simply retry. One line in the
        # log per request, no traceback: an outage is not a bug, and would bury the log in them.
        log.warning("database unavailable, answered 503: %s", reason)
        return Problem(503, "the database is unavailable; retry shortly", headers=_RETRY)
    log.exception("unhandled error", exc_info=exc)
    return Problem(500, "an unexpected error occurred; it has been logged")


_RETRY = {"Retry-After": "1"}


def _invalid(messages: Any) -> Problem:
    return Problem(422, "the request did not validate; see errors for each field", errors=_flatten(messages))


def _http_exception(exc: HTTPException) -> Problem:
    status = exc.code or 500
    data = getattr(exc, "data", None) or {}
    messages = data.get("messages")
    if messages:
        return _invalid(messages)
    detail = data.get("message") or exc.description or _title(status)
    headers = dict(exc.get_headers()) if status == 405 else {}
    headers.pop("Content-Type", None)
    return Problem(status, str(detail), headers=headers)


_DELIVERY_STATUS = {
    DeadlinePassedError: 410,
    InvalidResponseError: 422,
    InvalidAccommodationError: 422,
    InvalidRegradeTargetError: 422,
}


def _bank_error(exc: BankError) -> Problem:
    if isinstance(exc, StaleSaveError):
        return Problem(409, str(exc), kind=exc.kind, headers={"X-Current-Seq": str(exc.current_seq)})
    if isinstance(exc, DeliveryError):
        return Problem(_DELIVERY_STATUS.get(type(exc), 409), str(exc), kind=exc.kind)
    if isinstance(exc, NotFoundError):
        return Problem(404, str(exc))
    if isinstance(exc, StaleItemError):
        return Problem(412, str(exc))
    if isinstance(exc, InvalidTransitionError):
        return Problem(409, str(exc), kind="invalid-transition")
    if isinstance(exc, DuplicateRefError):
        return Problem(409, str(exc), kind="duplicate-ref")
    if isinstance(exc, ImmutableVersionError):
        return Problem(409, str(exc), kind="immutable-version")
    if isinstance(exc, ImportRefusedError):
        return Problem(422, str(exc), kind="import-refused", errors=refused_items(exc.report))
    if isinstance(exc, UnreadableFileError):
        return Problem(422, str(exc), kind="unreadable-file", errors=exc.fields)
    if isinstance(exc, AuthoringError):
        return Problem(422, str(exc), kind=getattr(exc, "kind", "authoring-rule"), errors=exc.fields)
    log.exception("unhandled error", exc_info=exc)
    return Problem(500, "an unexpected error occurred; it has been logged")


def refused_items(report: ImportReport) -> dict[str, list[str]]:
    """A refused import's problems by `items.<position>.<field>` (1-based, in file order), each message naming
    the item's ref, so a client sees every refusal at once."""
    return {
        f"items.{position}.{path}": [f"{item.ref}: {message}" for message in messages]
        for position, item in enumerate(report.items, start=1)
        for path, messages in item.problems.items()
    }


def _flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """webargs nests messages by location and field; clients want one flat map of field path -> messages."""
    if isinstance(messages, dict):
        flat: dict[str, list[str]] = {}
        for key, value in messages.items():
            if not prefix and key in ("json", "query", "path", "headers", "form", "files", "view_args"):
                flat.update(_flatten(value, ""))
                continue
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(messages, list) and all(isinstance(message, str) for message in messages):
        return {prefix or "_body": messages}
    return {prefix or "_body": [str(messages)]}
