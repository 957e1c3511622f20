"""The instructor's preview: an item version, or an assessment's questions, as a learner would be given them,
and a Check of an answer against the version's key, with nothing written (no attempt, no analytics).

The questions come from the start's own assembly (`start.assemble_questions`, the published versions a form
delivers) or, for one version of the editor (a draft included), from that version as a start delivers
content (`material.delivered_version`); the Check scores with the learner's Check's key and scorer
(`closing.answer_key`, `itembank.itemtypes.score_response`). The API dumps both with the learner's payloads.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from assess.delivery.closing import answer_key
from assess.delivery.material import delivered_version
from assess.delivery.save import shape_problem
from assess.delivery.start import StartedQuestion, assemble_questions
from assess.errors import EmptyAssessmentError, InvalidResponseError
from assess.forms import new_seed
from assess.models import AttemptQuestion
from itembank.errors import NotFoundError
from itembank.itemtypes import score_response
from itembank.models import Assessment, Bank, Item, ItemVersion


def preview_version(session: Session, tenant_id: int, item_id: int, number: int) -> StartedQuestion:
    """Version `number` of the tenant's item as question 1 of a form: authored option order, its own points."""
    version = _tenant_version(session, tenant_id, ItemVersion.item_id == item_id, ItemVersion.number == number)
    delivered = delivered_version(version)
    return StartedQuestion(1, 1, delivered, delivered.option_ids, delivered.points)


def preview_assessment(
    session: Session, tenant_id: int, assessment_id: int, *, seed: int | None = None
) -> tuple[StartedQuestion, ...]:
    """One form of the tenant's assessment as it stands in the composer: its slots' draw (a new one per
    preview unless `seed` is given), shuffles and points, of the published versions a start would deliver."""
    assessment = session.scalar(
        select(Assessment)
        .where(Assessment.id == assessment_id, Assessment.tenant_id == tenant_id)
        .options(selectinload(Assessment.slots))
    )
    if assessment is None:
        raise NotFoundError(f"no assessment {assessment_id}")
    slots = sorted(assessment.slots, key=lambda slot: slot.position)
    questions = assemble_questions(
        session,
        new_seed() if seed is None else seed,
        [(slot.position, slot.item_id, slot.pool_id) for slot in slots],
        {slot.position: slot.points for slot in slots},
        shuffle_questions=assessment.shuffle_questions,
        shuffle_options=assessment.shuffle_options,
    )
    if not questions:
        raise EmptyAssessmentError(f"assessment {assessment_id} has no published questions")
    return questions


def preview_check(
    session: Session, tenant_id: int, version_id: int, option_order: list[int], response: dict[str, Any]
) -> AttemptQuestion:
    """The answer scored as the learner's Check scores it, as a question never added to the session (so never
    written), for the API to dump with the learner's result schema."""
    version = _tenant_version(session, tenant_id, ItemVersion.id == version_id)
    known = {option.id for option in version.options}
    if sorted(option_order) != sorted(known):
        raise InvalidResponseError("the preview's options are not this version's")
    problem = shape_problem(version.type, option_order, response)
    if problem is not None:
        raise InvalidResponseError(problem)
    question = AttemptQuestion(version=version, option_order=option_order, response=response)
    question.credit = score_response(answer_key(version), response).credit
    return question


def _tenant_version(session: Session, tenant_id: int, *where: Any) -> ItemVersion:
    version = session.scalar(
        select(ItemVersion)
        .join(Item, Item.id == ItemVersion.item_id)
        .join(Bank, Bank.id == Item.bank_id)
        .where(Bank.tenant_id == tenant_id, *where)
        .options(selectinload(ItemVersion.options))
    )
    if version is None:
        raise NotFoundError("no such item version")
    return version
