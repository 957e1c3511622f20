"""The shared factory base: flush on create, so ids exist and constraints fire inside the test's transaction.

Factories take their session from `bind`: the `session` fixture (tests/conftest.py) binds the test's session
for the test's length; `with bound(session):` binds another one for a block, e.g. a session that commits.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from factory.alchemy import SQLAlchemyModelFactory
from sqlalchemy.orm import Session

_current: list[Session | None] = [None]


def bind(session: Session | None) -> None:
    _current[0] = session


@contextmanager
def bound(session: Session) -> Iterator[Session]:
    """Factories build in `session` inside the block, and in the session bound before it afterwards."""
    previous = _current[0]
    bind(session)
    try:
        yield session
    finally:
        bind(previous)


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

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        """Flush again after post-generation hooks, so what they added or changed is in the database too."""
        if create and results:
            current_session().flush()
