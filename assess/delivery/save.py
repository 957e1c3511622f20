"""Saving a learner's answer: the hot path, called on every answer a learner gives or changes.

A save is one guarded UPDATE. Its guards (the attempt is the tenant's, open and before its hard deadline; the
question unscored; the save newer than the stored one) make it safe without reading first, and a one-option
answer is checked inside the same statement (the option must be one of the question's own), so where
autocommit is on (PostgreSQL) the save commits by itself in one round trip. Any other answer is checked
against the question's form first, then written by the same UPDATE. The statements run on the driver's
cursor (`assess.delivery.driver`): for a statement this small, SQLAlchemy's per-execution work costs more
CPU than the driver's own.

When the UPDATE matches nothing, `save_response` reads the attempt to say why, or acknowledges a retry of
the save already stored: refusals are rare, so only they pay for the reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, exists, func, literal_column, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeEngine

from assess.delivery.closing import open_question
from assess.delivery.delivered import load_attempt
from assess.delivery.driver import DriverStatement
from assess.errors import InvalidResponseError, StaleSaveError
from assess.models import Attempt, AttemptQuestion
from assess.states import AttemptState
from itembank.db import UTCDateTime
from itembank.itemtypes import ONE_OPTION_TYPES, AnswerKey, ResponseShapeError, check_response, one_option_answer
from itembank.models import ItemVersion, Option

MAX_ID = 2**31 - 1  # ids are INTEGER columns: a larger option id is no option of any question


@dataclass(frozen=True)
class SaveTarget:
    """Which question a save writes, for which tenant, in the client's order (`seq`), at the server's `now`."""

    tenant_id: int
    attempt_id: int
    position: int
    seq: int
    now: datetime


@dataclass(frozen=True)
class SavedResponse:
    """What a save acknowledges: only the one question it touched, so autosave stays a small request."""

    attempt_id: int
    position: int
    response: dict[str, Any]
    seq: int
    answered_at: datetime


_attempt = Attempt.__table__
_question = AttemptQuestion.__table__
_option = Option.__table__
_version = ItemVersion.__table__
_NOW = bindparam("p_now", type_=UTCDateTime())
_THIS_QUESTION = (_question.c.attempt_id == bindparam("p_attempt_id"), _question.c.position == bindparam("p_position"))
_OPEN_ATTEMPT = exists().where(
    _attempt.c.id == bindparam("p_attempt_id"),
    _attempt.c.tenant_id == bindparam("p_tenant_id"),
    _attempt.c.state == literal_column(f"'{AttemptState.IN_PROGRESS.value}'"),
    or_(_attempt.c.closes_at.is_(None), _attempt.c.closes_at >= _NOW),
)
_GUARDED_UPDATE = (
    update(_question)
    .where(*_THIS_QUESTION, _question.c.response_seq < bindparam("p_seq"), _question.c.credit_num.is_(None))
    .where(_OPEN_ATTEMPT)
    .values(
        response=bindparam("p_response", type_=_question.c.response.type),
        response_seq=bindparam("p_seq"),
        answered_at=_NOW,
        first_answered_at=func.coalesce(_question.c.first_answered_at, _NOW),
    )
    .returning(_question.c.answered_at)
)
_SAVE_CHOICE = _GUARDED_UPDATE.where(
    exists().where(
        _option.c.id == bindparam("p_option"),
        _option.c.item_version_id == _question.c.item_version_id,
        _version.c.id == _question.c.item_version_id,
        # Constants written into the SQL: an IN of bound values would be re-rendered on every execution.
        _version.c.type.in_([literal_column(f"'{item_type}'") for item_type in sorted(ONE_OPTION_TYPES)]),
    )
)
"""A one-option answer, checked by the statement itself, so nothing is left to check after the write."""

_FORM = (
    select(_version.c.type, _question.c.option_order)
    .join_from(_question, _version, _version.c.id == _question.c.item_version_id)
    .where(*_THIS_QUESTION)
    .where(_OPEN_ATTEMPT)
)
"""What any other answer is checked against before it is written: the question's type and the options shown,
both fixed when the attempt started, so no later write can change them between the check and the UPDATE."""


_BIND_TYPES: dict[str, TypeEngine[Any]] = {"p_now": UTCDateTime(), "p_response": _question.c.response.type}
_SAVE_CHOICE_SQL = DriverStatement(_SAVE_CHOICE, _BIND_TYPES)
_FORM_SQL = DriverStatement(_FORM, _BIND_TYPES)
_GUARDED_UPDATE_SQL = DriverStatement(_GUARDED_UPDATE, _BIND_TYPES)


def one_option(response: dict[str, Any]) -> int | None:
    """The option of a one-option answer that an INTEGER column can hold, else None (checked the other way)."""
    option = one_option_answer(response)
    return option if option is not None and 0 < option <= MAX_ID else None


def store_response(connection: Connection, target: SaveTarget, response: dict[str, Any]) -> SavedResponse | None:
    """Write the answer if every guard holds; None when nothing was stored, whatever the reason.

    A question that a concurrent submit or check scores carries a credit, and its row lock makes this UPDATE
    wait for that transaction and then match nothing, so an acknowledged save is never left out of a score.
    """
    parameters = {
        "p_tenant_id": target.tenant_id,
        "p_attempt_id": target.attempt_id,
        "p_position": target.position,
        "p_seq": target.seq,
        "p_now": target.now,
        "p_response": response,
    }
    option = one_option(response)
    if option is not None:
        stored = _SAVE_CHOICE_SQL.run(connection, {**parameters, "p_option": option})
    else:
        form = _FORM_SQL.run(connection, parameters)
        if form is None:
            return None
        item_type, option_order = form
        if shape_problem(item_type, option_order, response) is not None:
            return None
        stored = _GUARDED_UPDATE_SQL.run(connection, parameters)
    if stored is None:
        return None
    (answered_at,) = stored
    return SavedResponse(target.attempt_id, target.position, response, target.seq, answered_at)


def save_response(
    session: Session | Callable[[], Session],
    tenant_id: int,
    attempt_id: int,
    position: int,
    response: dict[str, Any],
    *,
    seq: int,
    now: datetime,
    connection: Connection | None = None,
) -> SavedResponse:
    """Store a response unless a newer one (higher `seq`) is already stored; repeating a save is harmless.

    `connection` is where the write runs (an autocommit connection, for the one-round-trip save), the
    session's own by default; a refusal is explained by reading through the session. `session` may be a
    callable that opens one: a save stored in autocommit then never opens a session at all.
    """
    target = SaveTarget(tenant_id, attempt_id, position, seq, now)
    opened = _opener(session)
    saved = store_response(connection if connection is not None else opened().connection(), target, response)
    return saved if saved is not None else _explain_refusal(opened(), target, response)


def _opener(session: Session | Callable[[], Session]) -> Callable[[], Session]:
    """The session, or the factory's session the first time one is needed (and the same one after)."""
    if isinstance(session, Session):
        return lambda: session
    factory: Callable[[], Session] = session
    opened: list[Session] = []

    def once() -> Session:
        if not opened:
            opened.append(factory())
        return opened[0]

    return once


def _explain_refusal(session: Session, target: SaveTarget, response: dict[str, Any]) -> SavedResponse:
    """The save matched nothing: raise why, or acknowledge a retry of the save that is already stored.

    Past the deadline that closes the attempt, a decision of the clock settled apart from this refusal
    (`on_clock_decision`): the 410 that follows leaves the attempt scored."""
    attempt = load_attempt(session, target.tenant_id, target.attempt_id)
    question = open_question(session, attempt, target.position, target.now)
    if question.response_seq == target.seq and question.response == response and question.answered_at is not None:
        return SavedResponse(target.attempt_id, target.position, response, target.seq, question.answered_at)
    problem = shape_problem(question.version.type, question.option_order, response)
    if problem is not None:
        raise InvalidResponseError(problem)
    raise StaleSaveError(f"a newer response (seq {question.response_seq}) is already saved", question.response_seq)


def shape_problem(item_type: str, option_ids: list[int], response: dict[str, Any]) -> str | None:
    try:
        check_response(AnswerKey(type=item_type, option_ids=frozenset(option_ids)), response)
    except ResponseShapeError as exc:
        return str(exc)
    return None
