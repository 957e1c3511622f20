"""Reading a posted form as the API reads its JSON: into the API's own schemas, so a page and the API refuse the
same things with the same words, each message kept with the field path it concerns."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema

from api.errors import Problem, problem_for


def load(schema: Schema, body: dict[str, Any]) -> Any:
    """`schema.load(body)`; a ValidationError is the caller's to show (`form_problem`)."""
    return schema.load(body)


def form_problem(exc: Exception) -> Problem:
    """The problem the API would answer for `exc`: status, detail and messages by field path."""
    return problem_for(exc)


def whole_number(text: str | None) -> int | str | None:
    """A number field's text as an int when it is one; anything else is passed on for the schema to refuse."""
    if text is None or not text.strip():
        return None
    stripped = text.strip()
    return int(stripped) if stripped.isascii() and stripped.lstrip("-").isdigit() and len(stripped) < 12 else stripped


def optional_text(text: str | None) -> str | None:
    return text if text is not None and text.strip() else None
