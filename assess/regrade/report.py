"""What a regrade changes, as a dry run shows it and as the stored record reads back: per question, per
attempt, per learner's grade, and the totals an author decides on."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Any

from assess.regrade.records import Regrade


@dataclass(frozen=True)
class QuestionChange:
    attempt_question_id: int
    position: int
    from_version_id: int
    from_version: int
    option_order_before: list[int]
    response_before: dict[str, Any] | None
    credit_before: Fraction
    option_order_after: list[int]
    response_after: dict[str, Any] | None
    credit_after: Fraction


@dataclass(frozen=True)
class AttemptChange:
    attempt_id: int
    assessment_id: int
    learner_id: str
    number: int
    points_possible: int
    points_before: Fraction
    passed_before: bool
    points_after: Fraction
    passed_after: bool
    questions: tuple[QuestionChange, ...]

    @property
    def score_before(self) -> Fraction:
        return self.points_before / self.points_possible

    @property
    def score_after(self) -> Fraction:
        return self.points_after / self.points_possible

    @property
    def changes_outcome(self) -> bool:
        return self.passed_before != self.passed_after


@dataclass(frozen=True)
class GradeChange:
    """A learner's result at one assessment under its grading method, before and after (None: no grade)."""

    assessment_id: int
    learner_id: str
    grading_method: str
    score_before: Fraction | None
    passed_before: bool | None
    score_after: Fraction | None
    passed_after: bool | None

    @property
    def changes_outcome(self) -> bool:
        return self.passed_before != self.passed_after


@dataclass(frozen=True)
class Totals:
    attempts: int
    scores_changed: int
    outcomes_changed: int
    now_passing: int
    now_failing: int
    grades_changed: int
    grade_outcomes_changed: int


@dataclass(frozen=True)
class RegradeReport:
    """A dry run (`record` None) or a stored regrade: the item, the target version and every change."""

    item_id: int
    item_ref: str
    to_version: int
    to_version_id: int
    attempts: Sequence[AttemptChange]
    grades: Sequence[GradeChange]
    open_attempts_kept: int
    record: Regrade | None = None

    @property
    def dry_run(self) -> bool:
        return self.record is None

    @property
    def id(self) -> int | None:
        return None if self.record is None else self.record.id

    @property
    def created_by(self) -> str | None:
        return None if self.record is None else self.record.created_by

    @property
    def created_at(self) -> datetime | None:
        return None if self.record is None else self.record.created_at

    @property
    def reversed_by(self) -> str | None:
        return None if self.record is None else self.record.reversed_by

    @property
    def reversed_at(self) -> datetime | None:
        return None if self.record is None else self.record.reversed_at

    @property
    def totals(self) -> Totals:
        return Totals(
            attempts=len(self.attempts),
            scores_changed=sum(a.points_before != a.points_after for a in self.attempts),
            outcomes_changed=sum(a.changes_outcome for a in self.attempts),
            now_passing=sum(a.passed_after and not a.passed_before for a in self.attempts),
            now_failing=sum(a.passed_before and not a.passed_after for a in self.attempts),
            grades_changed=sum(g.score_before != g.score_after for g in self.grades),
            grade_outcomes_changed=sum(g.changes_outcome for g in self.grades),
        )
