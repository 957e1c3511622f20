"""The closed list of item types. Its values are stored as text (a CHECK constraint on `item_version.type`).

It lives with the types rather than in `itembank.models`, whose package import pulls in SQLAlchemy, so that
this package stays pure; `itembank.models.enums` re-exports it for everything else.
"""

from enum import StrEnum


class ItemType(StrEnum):
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_RESPONSE = "multiple_response"
    TRUE_FALSE = "true_false"
    NUMERIC = "numeric"
    SHORT_TEXT = "short_text"

    @property
    def label(self) -> str:
        """The type as an author reads it in a message ("a single-choice item needs ..."), not as stored."""
        return _LABELS[self]


_LABELS = {
    ItemType.SINGLE_CHOICE: "single-choice",
    ItemType.MULTIPLE_RESPONSE: "multiple-response",
    ItemType.TRUE_FALSE: "true/false",
    ItemType.NUMERIC: "numeric",
    ItemType.SHORT_TEXT: "short-text",
}
