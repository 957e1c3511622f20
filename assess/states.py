"""The life of an attempt: open until the learner submits or the server's clock closes it."""

from enum import StrEnum


class AttemptState(StrEnum):
    IN_PROGRESS = "in_progress"
    SCORED = "scored"
    VOIDED = "voided"  # kept for audit; counts for no grade, no attempt limit and no analytics


class CloseReason(StrEnum):
    SUBMITTED = "submitted"
    DEADLINE = "deadline"
