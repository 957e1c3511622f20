"""One scored attempt as the cells it adds to the count tables, and the seconds it spent on each question.

Kept free of the database so the live path (at submit) and the rebuild (from stored attempts) cannot
disagree: both describe an attempt with `ScoredAttempt` and call `attempt_cells`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from assess.analytics.store import NO_CONTEXT, NO_OPTION
from itembank.itemtypes import ITEM_TYPES, ONE_OPTION_TYPES, ItemType

CellKey = tuple[int, int, int, int, int, int, int]
"""(slot_position, item_version_id, option_id, mark_num, mark_den, total_num, total_den)"""


@dataclass(frozen=True)
class ScoredQuestion:
    slot_position: int
    item_version_id: int
    item_type: str
    response: dict[str, Any] | None
    mark: Fraction
    first_answered_at: datetime | None


@dataclass(frozen=True)
class ScoredAttempt:
    attempt_id: int
    learner_id: str
    number: int
    context_id: str | None
    started_at: datetime
    submitted_at: datetime
    points_possible: int
    total: Fraction
    questions: Sequence[ScoredQuestion]

    @property
    def score(self) -> Fraction:
        return self.total / self.points_possible if self.points_possible else Fraction(0)

    @property
    def day(self) -> date:
        return self.submitted_at.date()

    @property
    def context(self) -> str:
        return self.context_id if self.context_id is not None else NO_CONTEXT


def chosen_option(item_type: str, response: dict[str, Any] | None) -> int:
    """The option a one-option item's response chose; distractor analysis is defined for those only."""
    if response is None or item_type not in ONE_OPTION_TYPES:
        return NO_OPTION
    chosen = ITEM_TYPES[ItemType(item_type)].chosen_options(response)
    return next(iter(chosen)) if len(chosen) == 1 else NO_OPTION


def attempt_cells(attempt: ScoredAttempt) -> list[CellKey]:
    total = attempt.total
    return [
        (
            question.slot_position,
            question.item_version_id,
            chosen_option(question.item_type, question.response),
            question.mark.numerator,
            question.mark.denominator,
            total.numerator,
            total.denominator,
        )
        for question in attempt.questions
    ]


def seconds_on_questions(attempt: ScoredAttempt) -> list[tuple[int, int]]:
    """(slot, whole seconds) for each answered question: from the previous first answer (or the start) to its own.

    The server sees saves, not screens, so "time on a question" is the gap before its first answer, in the
    order the learner answered. Unanswered questions have no time.
    """
    answered = sorted(
        (q for q in attempt.questions if q.first_answered_at is not None),
        key=lambda q: (q.first_answered_at, q.slot_position),
    )
    result = []
    previous = attempt.started_at
    for question in answered:
        assert question.first_answered_at is not None
        result.append((question.slot_position, max(0, int((question.first_answered_at - previous).total_seconds()))))
        previous = max(previous, question.first_answered_at)
    return result
