"""Regrading an item's finished attempts onto a corrected version, reading a regrade back, and reversing it.

Each service flushes and never commits. Concurrency, in the order the locks are taken:
1. overdue attempts are closed first (`close_overdue`, settled apart from the request), so an attempt the
   clock has finished is regraded with the others, not left behind on the old version;
2. the item's row (`FOR UPDATE`): regrades and reversals of one item take turns, and the second of two
   identical requests finds nothing left to move (it answers with the first one's record, changing nothing);
3. every affected learner's attempts, in id order, in one statement (the rows scoring and voiding lock per
   learner), so a submit or void of the same learner waits for the regrade (or the regrade for it) and the
   analytics selections are decided on committed attempts. The attempts are read again under these locks.
The count tables are then updated in one write per assessment (`assess.regrade.counts`).
SQLite's BEGIN IMMEDIATE serialises every writer already.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session, selectinload

from assess.delivery import close_overdue
from assess.errors import NothingToRegradeError, RegradeSupersededError
from assess.models import Attempt, AttemptQuestion
from assess.regrade.counts import Learner, keep_counts
from assess.regrade.planning import (
    candidates,
    plan,
    report,
    scored_attempts,
    target_version,
    tenant_item,
)
from assess.regrade.records import Regrade, RegradeAttempt, RegradeQuestion
from assess.regrade.report import AttemptChange, QuestionChange, RegradeReport
from assess.states import AttemptState
from itembank.errors import NotFoundError
from itembank.models import ItemVersion


def dry_run(session: Session, tenant_id: int, item_id: int, to_version: int, *, now: datetime) -> RegradeReport:
    """Every attempt a regrade to `to_version` would change, with its score and outcome before and after."""
    close_overdue(session, tenant_id, now=now)
    item = tenant_item(session, tenant_id, item_id)
    target = target_version(item, to_version)
    found = candidates(session, tenant_id, item, target)
    changes = plan(item, target, scored_attempts(session, tenant_id, found.learners))
    return report(session, item, target, changes, found.open_attempts)


def regrade_item(
    session: Session, tenant_id: int, item_id: int, to_version: int, *, by: str, now: datetime
) -> tuple[RegradeReport, bool]:
    """Move every finished attempt on an earlier version of the item to `to_version`, rescored, and record it.

    Returns the report and whether this call made it: repeating a regrade that is done (nothing left to move,
    and a standing regrade to that version) returns that regrade and changes nothing.
    """
    close_overdue(session, tenant_id, now=now)
    item = tenant_item(session, tenant_id, item_id, lock=True)
    target = target_version(item, to_version)
    found = candidates(session, tenant_id, item, target)
    _lock(session, found.learners)
    changes = plan(item, target, scored_attempts(session, tenant_id, found.learners))
    if not changes:
        standing = session.scalar(
            select(Regrade)
            .where(Regrade.item_id == item.id, Regrade.to_version_id == target.id, Regrade.reversed_at.is_(None))
            .options(selectinload(Regrade.attempts).selectinload(RegradeAttempt.questions))
            .order_by(Regrade.id.desc())
            .limit(1)
        )
        if standing is None:
            raise NothingToRegradeError(f"no finished attempt of item {item.id} is on a version before {to_version}")
        return stored_report(session, standing), False
    # The report's grades are worked out before the change, while the other attempts stand as they will.
    done = report(session, item, target, changes, found.open_attempts)
    record = Regrade(
        tenant_id=tenant_id,
        item_id=item.id,
        to_version_id=target.id,
        created_by=by,
        created_at=now,
        open_attempts_kept=found.open_attempts,
        attempts=[_record(change) for change in changes],
    )
    session.add(record)
    keep_counts(session, _learners(changes), lambda: _apply(session, changes, target, now, after=True))
    session.flush()
    return replace(done, record=record), True


def get_regrade(session: Session, tenant_id: int, regrade_id: int) -> RegradeReport:
    return stored_report(session, _tenant_regrade(session, tenant_id, regrade_id))


def reverse_regrade(session: Session, tenant_id: int, regrade_id: int, *, by: str, now: datetime) -> RegradeReport:
    """Put every attempt of the regrade back as it was: version, option order, response, credit, points earned
    and pass outcome. Reversing it again changes nothing; a regrade whose attempts a later regrade moved on is
    refused (reverse the later one first)."""
    found = _tenant_regrade(session, tenant_id, regrade_id)
    tenant_item(session, tenant_id, found.item_id, lock=True)
    regrade = _tenant_regrade(session, tenant_id, regrade_id)  # read again under the item's lock
    if regrade.reversed_at is not None:
        return stored_report(session, regrade)
    changes = _changes_of(session, regrade)
    _lock(session, _learners(changes))
    questions = _questions(session, [q.attempt_question_id for change in changes for q in change.questions])
    for change in changes:
        for question in change.questions:
            current = questions[question.attempt_question_id]
            if (current.item_version_id, current.response, current.credit) != (
                regrade.to_version_id,
                question.response_after,
                question.credit_after,
            ):
                raise RegradeSupersededError(
                    f"attempt {change.attempt_id} has changed since regrade {regrade.id} (a later regrade moved it); "
                    "reverse the later regrade first"
                )
    versions = {
        q.from_version_id: session.get_one(ItemVersion, q.from_version_id) for c in changes for q in c.questions
    }
    scored = [change for change in changes if _is_scored(session, change.attempt_id)]
    keep_counts(session, _learners(scored), lambda: _apply(session, changes, versions, now, after=False))
    regrade.reversed_at, regrade.reversed_by = now, by
    session.flush()
    return stored_report(session, regrade)


def stored_report(session: Session, regrade: Regrade) -> RegradeReport:
    item = tenant_item(session, regrade.tenant_id, regrade.item_id)
    changes = _changes_of(session, regrade)
    done = report(session, item, regrade.to_version, changes, regrade.open_attempts_kept)
    return replace(done, record=regrade)


def _tenant_regrade(session: Session, tenant_id: int, regrade_id: int) -> Regrade:
    regrade = session.scalar(
        select(Regrade)
        .where(Regrade.id == regrade_id, Regrade.tenant_id == tenant_id)
        .options(selectinload(Regrade.attempts).selectinload(RegradeAttempt.questions))
        .execution_options(populate_existing=True)
    )
    if regrade is None:
        raise NotFoundError(f"no regrade {regrade_id}")
    return regrade


def _lock(session: Session, learners: Sequence[Learner]) -> None:
    """Lock every affected learner's attempts, in one statement, in id order: the locks `lock_learner_attempts`
    takes per learner for scoring and voiding, all at once. Each of those takes one learner's locks in id
    order, and two regrades take theirs in id order too, so none can wait on another in a cycle."""
    if learners:
        session.execute(
            select(Attempt.id)
            .where(tuple_(Attempt.assessment_id, Attempt.learner_id).in_([tuple(learner) for learner in learners]))
            .order_by(Attempt.id)
            .with_for_update()
        ).all()


def _learners(changes: Sequence[AttemptChange]) -> list[Learner]:
    return sorted({Learner(change.assessment_id, change.learner_id) for change in changes})


def _is_scored(session: Session, attempt_id: int) -> bool:
    """A voided attempt is out of the analytics: reversing it restores its record, and touches no counts."""
    return session.get_one(Attempt, attempt_id).state == AttemptState.SCORED


def _questions(session: Session, ids: Sequence[int]) -> dict[int, AttemptQuestion]:
    found = session.scalars(
        select(AttemptQuestion).where(AttemptQuestion.id.in_(ids)).execution_options(populate_existing=True)
    )
    return {question.id: question for question in found}


def _apply(
    session: Session,
    changes: Sequence[AttemptChange],
    version: ItemVersion | dict[int, ItemVersion],
    now: datetime,
    *,
    after: bool,
) -> None:
    """Write each change's after state (a regrade) or its before state (a reversal)."""
    questions = _questions(session, [q.attempt_question_id for change in changes for q in change.questions])
    for change in changes:
        for moved in change.questions:
            question = questions[moved.attempt_question_id]
            question.version = version if isinstance(version, ItemVersion) else version[moved.from_version_id]
            question.option_order = moved.option_order_after if after else moved.option_order_before
            question.response = moved.response_after if after else moved.response_before
            question.credit = moved.credit_after if after else moved.credit_before
        attempt = session.get_one(Attempt, change.attempt_id)
        attempt.points_earned = change.points_after if after else change.points_before
        attempt.passed = change.passed_after if after else change.passed_before
        attempt.updated_at = now  # its outcome changed: an integration's sync reads it again
    session.flush()


def _record(change: AttemptChange) -> RegradeAttempt:
    row = RegradeAttempt(
        attempt_id=change.attempt_id,
        passed_before=change.passed_before,
        passed_after=change.passed_after,
        questions=[
            RegradeQuestion(
                attempt_question_id=q.attempt_question_id,
                from_version_id=q.from_version_id,
                option_order_before=q.option_order_before,
                response_before=q.response_before,
                option_order_after=q.option_order_after,
                response_after=q.response_after,
            )
            for q in change.questions
        ],
    )
    row.earned_before, row.earned_after = change.points_before, change.points_after
    for stored, q in zip(row.questions, change.questions, strict=True):
        stored.credit_before, stored.credit_after = q.credit_before, q.credit_after
    return row


def _changes_of(session: Session, regrade: Regrade) -> list[AttemptChange]:
    """The stored record as the changes it made."""
    attempts = {
        attempt.id: attempt
        for attempt in session.scalars(
            select(Attempt)
            .where(Attempt.id.in_([row.attempt_id for row in regrade.attempts]))
            .options(selectinload(Attempt.questions))
        )
    }
    numbers = {
        row.id: row.number
        for row in session.execute(
            select(ItemVersion.id, ItemVersion.number).where(
                ItemVersion.id.in_({q.from_version_id for row in regrade.attempts for q in row.questions})
            )
        )
    }
    changes = []
    for row in regrade.attempts:
        attempt = attempts[row.attempt_id]
        positions = {question.id: question.position for question in attempt.questions}
        assert row.earned_before is not None and row.earned_after is not None
        changes.append(
            AttemptChange(
                attempt_id=attempt.id,
                assessment_id=attempt.assessment_id,
                learner_id=attempt.learner_id,
                number=attempt.number,
                points_possible=attempt.points_possible,
                points_before=row.earned_before,
                passed_before=row.passed_before,
                points_after=row.earned_after,
                passed_after=row.passed_after,
                questions=tuple(_question_of(q, positions, numbers) for q in row.questions),
            )
        )
    return changes


def _question_of(row: RegradeQuestion, positions: dict[int, int], numbers: dict[int, int]) -> QuestionChange:
    assert row.credit_before is not None and row.credit_after is not None
    return QuestionChange(
        attempt_question_id=row.attempt_question_id,
        position=positions[row.attempt_question_id],
        from_version_id=row.from_version_id,
        from_version=numbers[row.from_version_id],
        option_order_before=row.option_order_before,
        response_before=row.response_before,
        credit_before=row.credit_before,
        option_order_after=row.option_order_after,
        response_after=row.response_after,
        credit_after=row.credit_after,
    )


__all__ = ["dry_run", "get_regrade", "regrade_item", "reverse_regrade", "stored_report"]
