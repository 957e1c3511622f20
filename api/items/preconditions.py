"""Conditional edits: an item's ETag is its revision, and every edit must name the one it was made from.

`If-Match` is required (428 without it, RFC 6585), and compared strongly (RFC 9110 13.1.1): a weak tag
never matches. Whether it matches is decided by the service's conditional UPDATE, not here, so two edits
naming the same revision cannot both pass.
"""

from __future__ import annotations

from typing import Any

from flask import request
from werkzeug.http import parse_etags

from api.errors import ApiError
from itembank.models import Item

ETAG = {"description": "the item's current revision; send it back in If-Match to edit", "schema": {"type": "string"}}
IF_MATCH: dict[str, Any] = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "description": "the item's ETag, as the last GET, POST or edit of it answered; 428 without it, 412 if stale",
    "schema": {"type": "string"},
}


def etag(item: Item) -> dict[str, str]:
    return {"ETag": f'"{item.revision}"'}


def if_match_revisions() -> frozenset[int]:
    """The revisions the request's If-Match names (maybe none that could match: then the edit is a 412)."""
    header = request.headers.get("If-Match", "").strip()
    tags = parse_etags(header)
    if not header or tags.star_tag:
        raise ApiError(
            428, 'this edit needs If-Match with the item\'s ETag (e.g. If-Match: "3"), so it cannot overwrite another'
        )
    return frozenset(int(tag) for tag in tags.as_set() if tag and tag.isascii() and tag.isdigit())
