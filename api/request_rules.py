"""Rules every request meets before any view runs, written once for the Flask app and the save below it."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from typing import Any

from api.errors import ApiError

JSON_METHODS = frozenset({"POST", "PUT", "PATCH"})
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="assess"'}


def bearer_token(authorization: str) -> str:
    """The token of an `Authorization: Bearer <token>` header; 401 with a challenge for anything else."""
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "send an API key or learner token as 'Authorization: Bearer <token>'", headers=CHALLENGE)
    return token.strip()


def is_json(mimetype: str) -> bool:
    """As werkzeug's `Request.is_json`: application/json or any application/*+json."""
    return mimetype == "application/json" or (mimetype.startswith("application/") and mimetype.endswith("+json"))


FORM = "multipart/form-data"


def is_form(mimetype: str) -> bool:
    """What a browser's form sends: the workspace's pages take these instead of JSON (`api.workspace`)."""
    return mimetype == "application/x-www-form-urlencoded"


def is_upload(mimetype: str) -> bool:
    """A file upload's body: the imports route and the Imports page take it instead of JSON or a form."""
    return mimetype == FORM


def check_body(
    method: str, content_length: int | None, mimetype: str, limit: int, accepted: Callable[[str], bool] = is_json
) -> None:
    """Refuse oversized bodies, and bodies the route does not take (JSON unless `accepted` says otherwise),
    before any auth or view work: the client's mistake, said plainly."""
    if content_length and content_length > limit:
        raise ApiError(413, f"request bodies are limited to {limit} bytes")
    if method in JSON_METHODS and content_length and not accepted(mimetype):
        raise ApiError(415, _unsupported(accepted))


def _unsupported(accepted: Callable[[str], bool]) -> str:
    if accepted is is_upload:
        return f"send the file as {FORM}"
    if accepted is is_form:
        return "send the body as a form (application/x-www-form-urlencoded)"
    return "send the body as application/json"


def read_body(
    environ: Mapping[str, Any], mimetype: str, limit: int, accepted: Callable[[str], bool] = is_json
) -> bytes:
    """The request's body, read once, by this rule on every route, before any auth or view work.

    A body of known length is held to the limit by `check_body` (400 for a Content-Length that is no number).
    A body of unknown length (chunked, the server terminating the stream) is read up to one byte past the limit
    and refused (413) past it, never handed on cut short as if it were whole; not JSON, it is a 415 too. With
    neither a length nor a terminated stream there is no body. `accepted`: the media types taken (JSON but on
    the workspace's pages, which take forms).
    """
    header = environ.get("CONTENT_LENGTH") or "0"
    if not (header.isascii() and header.isdigit()):  # str.isdigit() also takes "²", which int() refuses
        raise ApiError(400, "the Content-Length header is not a number")
    length = int(header) or None
    check_body(environ.get("REQUEST_METHOD", ""), length, mimetype, limit, accepted)
    stream = environ["wsgi.input"]
    if length is not None:
        return bytes(stream.read(length))
    if not environ.get("wsgi.input_terminated") and "chunked" not in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        return b""
    raw = b""
    while len(raw) <= limit:  # a stream may hand on less than asked for (a chunk at a time): read to its end
        more = stream.read(limit + 1 - len(raw))
        if not more:
            break
        raw += more
    if len(raw) > limit:
        raise ApiError(413, f"request bodies are limited to {limit} bytes")
    if raw and not accepted(mimetype):
        raise ApiError(415, _unsupported(accepted))
    return raw


def parse_json_strictly(raw: bytes) -> Any:
    """A JSON body as every route reads it: UTF-8 (no BOM), and JSON only.

    Python's reader also takes NaN, Infinity and -Infinity, and reads a number too large for a float (1e400) as
    infinity; none is JSON, and PostgreSQL's json type refuses them all. They are refused here, as are an integer
    too long for Python to convert and a body nested deeper than the reader can go, each as `json.JSONDecodeError`,
    which webargs (the Flask routes) and the save route both answer as a 422 "Invalid JSON body.". An empty body
    raises it with an empty `doc`, which webargs reads as no body.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise json.JSONDecodeError(f"the body is not UTF-8: {exc.reason}", repr(raw[:40]), exc.start) from None
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError:
        raise
    except (ValueError, RecursionError) as exc:  # from the hooks below, int(), or a nesting too deep
        raise json.JSONDecodeError(f"not JSON: {exc}", text, 0) from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _finite_float(text: str) -> float:
    number = float(text)
    if math.isinf(number):
        raise ValueError(f"{text} is too large for a number")
    return number


_DECODER = json.JSONDecoder(parse_constant=_no_constant, parse_float=_finite_float)
