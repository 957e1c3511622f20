"""Freezing a published assessment's settings and slots as its next revision: flush, never commit.

One function for every writer (the API's authoring services, the course file loader), so a revision always holds
the same things, and is made only when something differs from the current one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from itembank.models import SETTINGS, Assessment, AssessmentRevision, AssessmentStatus


def record_revision(session: Session, assessment: Assessment, *, author: str | None) -> AssessmentRevision | None:
    """Publish the working copy as the next revision, unless it equals the current one (then None)."""
    settings, slots = _snapshot(assessment)
    current = assessment.current_revision
    if (
        current is not None
        and settings == {name: getattr(current, name) for name in SETTINGS}
        and slots == current.slots
    ):
        return None
    revision = AssessmentRevision(number=assessment.revision_number + 1, slots=slots, created_by=author, **settings)
    assessment.revisions.append(revision)
    assessment.status = AssessmentStatus.PUBLISHED
    assessment.revision_number = revision.number
    session.flush()
    session.expire(assessment, ["current_revision"])
    return revision


def _snapshot(assessment: Assessment) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    settings = {name: getattr(assessment, name) for name in SETTINGS}
    slots = [
        {"position": slot.position, "item_id": slot.item_id, "pool_id": slot.pool_id, "points": slot.points}
        for slot in assessment.slots
    ]
    return settings, slots
