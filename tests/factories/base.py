"""The shared factory base: flush on create, so ids exist and constraints fire inside the test's transaction."""

from __future__ import annotations

from factory.alchemy import SQLAlchemyModelFactory
from sqlalchemy.orm import Session

_current: list[Session | None] = [None]


def bind(session: Session | None) -> None:
    _current[0] = session


def current_session() -> Session:
    session = _current[0]
    if session is None:
        raise RuntimeError("factories need the `session` fixture")
    return session


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = current_session
        sqlalchemy_session_persistence = "flush"
