"""One database per backend per run, built from the models; each test runs in a transaction rolled back after it.

Tests that take `session` run twice, on SQLite and on PostgreSQL; the pure core's tests take no database.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

import itembank.models  # noqa: F401  (every table on the metadata)
from itembank.db import Base
from tests import factories
from tests.databases import BACKENDS, Database, throwaway_database


@pytest.fixture(scope="session", params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    with throwaway_database(request.param, tmp_path_factory.mktemp(request.param)) as database:
        Base.metadata.create_all(database.engine)
        yield database


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.engine.connect() as connection:
        transaction = connection.begin()
        session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
        factories.bind(session)
        try:
            yield session
        finally:
            factories.bind(None)
            session.close()
            transaction.rollback()
