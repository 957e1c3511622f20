"""Rules every request meets before any view runs, written once for the Flask app and the save below it."""

from __future__ import annotations

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


def check_body(method: str, content_length: int | None, mimetype: str, limit: int) -> None:
    """Refuse oversized and non-JSON bodies before any auth or view work: the client's mistake, said plainly."""
    if content_length and content_length > limit:
        raise ApiError(413, f"request bodies are limited to {limit} bytes")
    if method in JSON_METHODS and content_length and not is_json(mimetype):
        raise ApiError(415, "send the body as application/json")
