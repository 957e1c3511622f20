"""Working out a regrade without writing anything: which finished attempts are on an earlier version of the
item, and what each question, attempt and learner's grade would become on the new one (the dry run, and the
plan a regrade then carries out under its locks).

Only scored attempts move. An attempt in progress keeps the version it was started on: its learner is
looking at that version's options, and a question changing under them mid-attempt (its wording, which
option is keyed, its option ids that a save names) would confuse the learner and could refuse their next
save. It is counted in the report (`open_attempts_kept`); once it is finished, a new regrade moves it too.
Voided attempts count for nothing and stay as they were, for audit.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session, joinedload, selectinload

from assess.delivery import answer_key
from assess.errors import InvalidRegradeTargetError, RegradeIncompatibleError
from assess.models import Attempt, AttemptQuestion
from assess.regrade.counts import Learner
from assess.regrade.mapping import VersionShape, option_mapping
from assess.regrade.report import AttemptChange, GradeChange, QuestionChange, RegradeReport
from assess.results import grade
from assess.states import AttemptState
from itembank.errors import NotFoundError
from itembank.itemtypes import ResponseShapeError, item_type_module, score_response
from itembank.models import Assessment, Bank, Item, ItemStatus, ItemVersion


def tenant_item(session: Session, tenant_id: int, item_id: int, *, lock: bool = False) -> Item:
    """The tenant's item, or NotFoundError (a 404). `lock`: its row, which serialises regrades of the item."""
    query = select(Item).join(Bank).where(Item.id == item_id, Bank.tenant_id == tenant_id)
    if lock:
        query = query.with_for_update(of=Item)
    item = session.scalar(query.execution_options(populate_existing=True))
    if item is None:
        raise NotFoundError(f"no item {item_id}")
    return item


def find_item(session: Session, tenant_id: int, reference: str) -> Item:
    """By id or by the author's ref (`m1-test-q1`), as people type them at a terminal; a ref found in two of the
    tenant's banks is ambiguous, and refused (use the id)."""
    condition = Item.ref == reference
    if reference.isdigit():
        condition = condition | (Item.id == int(reference))
    found = session.scalars(select(Item).join(Bank).where(Bank.tenant_id == tenant_id, condition)).all()
    if len(found) != 1:
        raise NotFoundError(f"no item '{reference}'" if not found else f"'{reference}' names {len(found)} items")
    return found[0]


def target_version(item: Item, number: int) -> ItemVersion:
    found = next((version for version in item.versions if version.number == number), None)
    if found is None:
        raise InvalidRegradeTargetError(f"item {item.id} has no version {number} (its latest is {item.latest.number})")
    if found.status != ItemStatus.PUBLISHED:
        # Attempts move only onto content learners could be delivered: a draft may still change, a retired
        # version was taken out of delivery.
        raise InvalidRegradeTargetError(f"version {number} of item {item.id} is {found.status}; publish it first")
    return found


@dataclass(frozen=True)
class Candidates:
    """The learners whose attempts are on an earlier version, and how many such attempts are still open."""

    learners: list[Learner]
    open_attempts: int


def candidates(session: Session, tenant_id: int, item: Item, target: ItemVersion) -> Candidates:
    rows = session.execute(
        select(Attempt.assessment_id, Attempt.learner_id, Attempt.state, func.count(func.distinct(Attempt.id)))
        .join(AttemptQuestion, AttemptQuestion.attempt_id == Attempt.id)
        .join(ItemVersion, ItemVersion.id == AttemptQuestion.item_version_id)
        .where(
            ItemVersion.item_id == item.id,
            ItemVersion.number < target.number,
            Attempt.tenant_id == tenant_id,
            Attempt.state != AttemptState.VOIDED,
        )
        .group_by(Attempt.assessment_id, Attempt.learner_id, Attempt.state)
    ).all()
    learners = sorted({Learner(row.assessment_id, row.learner_id) for row in rows if row.state == AttemptState.SCORED})
    return Candidates(learners, sum(row[3] for row in rows if row.state == AttemptState.IN_PROGRESS))


def scored_attempts(session: Session, tenant_id: int, learners: Collection[Learner]) -> list[Attempt]:
    """The learners' scored attempts with their forms, read afresh (under the locks a regrade holds)."""
    if not learners:
        return []
    return list(
        session.scalars(
            select(Attempt)
            .where(
                Attempt.tenant_id == tenant_id,
                tuple_(Attempt.assessment_id, Attempt.learner_id).in_([tuple(learner) for learner in learners]),
                Attempt.state == AttemptState.SCORED,
            )
            .options(
                joinedload(Attempt.assessment),
                selectinload(Attempt.questions).joinedload(AttemptQuestion.version).selectinload(ItemVersion.options),
            )
            .order_by(Attempt.id)
            .execution_options(populate_existing=True)
        )
    )


def plan(item: Item, target: ItemVersion, attempts: Iterable[Attempt]) -> list[AttemptChange]:
    """Each attempt with a question on an earlier version of `item`, rescored on `target`."""
    changes = []
    for attempt in attempts:
        questions = tuple(
            _question_change(question, target)
            for question in attempt.questions
            if question.version.item_id == item.id and question.version.number < target.number
        )
        if questions:
            changes.append(_attempt_change(attempt, questions))
    return changes


def _question_change(question: AttemptQuestion, target: ItemVersion) -> QuestionChange:
    old = question.version
    mapping = option_mapping(_shape(old), _shape(target))
    response = None
    if question.response is not None:
        response = item_type_module(old.type).map_options(question.response, mapping)
    try:
        credit = score_response(answer_key(target), response).credit
    except ResponseShapeError as exc:
        raise RegradeIncompatibleError(
            f"attempt {question.attempt_id}, question {question.position}: the answer does not fit version "
            f"{target.number}: {exc}"
        ) from exc
    return QuestionChange(
        attempt_question_id=question.id,
        position=question.position,
        from_version_id=old.id,
        from_version=old.number,
        option_order_before=list(question.option_order),
        response_before=question.response,
        credit_before=question.credit or Fraction(0),
        option_order_after=[mapping[option_id] for option_id in question.option_order],
        response_after=response,
        credit_after=credit,
    )


def _shape(version: ItemVersion) -> VersionShape:
    return VersionShape(version.number, version.type, [option.id for option in version.options])


def _attempt_change(attempt: Attempt, questions: tuple[QuestionChange, ...]) -> AttemptChange:
    """The question keeps the points it was delivered with: a regrade corrects credit, not the weighting."""
    points = {question.id: question.points for question in attempt.questions}
    before = attempt.points_earned or Fraction(0)
    after = before + sum(
        ((change.credit_after - change.credit_before) * points[change.attempt_question_id] for change in questions),
        Fraction(0),
    )
    return AttemptChange(
        attempt_id=attempt.id,
        assessment_id=attempt.assessment_id,
        learner_id=attempt.learner_id,
        number=attempt.number,
        points_possible=attempt.points_possible,
        points_before=before,
        passed_before=bool(attempt.passed),
        points_after=after,
        passed_after=passes(attempt.assessment, after, attempt.points_possible),
        questions=questions,
    )


def passes(assessment: Assessment, earned: Fraction, points_possible: int) -> bool:
    """The pass rule scoring applies at submit (`assess.delivery.closing`), on exact fractions."""
    return earned >= assessment.pass_threshold * points_possible


def grade_changes(session: Session, changes: Sequence[AttemptChange]) -> list[GradeChange]:
    """Each affected learner's grade under the assessment's grading method, with these attempts' scores as they
    were before and as they are after; the learner's other attempts count as they stand."""
    learners = sorted({Learner(change.assessment_id, change.learner_id) for change in changes})
    if not learners:
        return []
    changed = {change.attempt_id: change for change in changes}
    attempts = session.execute(
        select(Attempt.id, Attempt.assessment_id, Attempt.learner_id, Attempt.earned_num, Attempt.earned_den)
        .add_columns(Attempt.points_possible)
        .where(
            tuple_(Attempt.assessment_id, Attempt.learner_id).in_([tuple(learner) for learner in learners]),
            Attempt.state == AttemptState.SCORED,
        )
        .order_by(Attempt.number)
    ).all()
    assessments: Mapping[int, Assessment] = {
        assessment.id: assessment
        for assessment in session.scalars(
            select(Assessment).where(Assessment.id.in_({learner.assessment_id for learner in learners}))
        )
    }
    current = {row.id: Fraction(row.earned_num, row.earned_den) / row.points_possible for row in attempts}
    found = []
    for learner in learners:
        own = [row.id for row in attempts if Learner(row.assessment_id, row.learner_id) == learner]
        assessment = assessments[learner.assessment_id]
        before = _grade(
            assessment, [(id_, changed[id_].score_before if id_ in changed else current[id_]) for id_ in own]
        )
        after = _grade(assessment, [(id_, changed[id_].score_after if id_ in changed else current[id_]) for id_ in own])
        found.append(GradeChange(learner.assessment_id, learner.learner_id, assessment.grading_method, *before, *after))
    return found


def _grade(assessment: Assessment, scores: list[tuple[int, Fraction]]) -> tuple[Fraction | None, bool | None]:
    """As the results report it (`assess.results`): the grading method's score, passed at the threshold."""
    score, _graded = grade(assessment.grading_method, scores)
    return score, None if score is None else score >= assessment.pass_threshold


def report(
    session: Session, item: Item, target: ItemVersion, changes: Sequence[AttemptChange], open_attempts: int
) -> RegradeReport:
    return RegradeReport(
        item_id=item.id,
        item_ref=item.ref,
        to_version=target.number,
        to_version_id=target.id,
        attempts=changes,
        grades=grade_changes(session, changes),
        open_attempts_kept=open_attempts,
    )
