"""One database per backend per run, built from the models; each test runs in a transaction rolled back after it.

Tests that take `session` run twice, on SQLite and on PostgreSQL; the pure core's tests take no database.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker

import assess.analytics.store  # analytics count tables on the metadata
import assess.models  # delivery tables on the metadata
import assess.regrade.records  # noqa: F401  (regrade records on the metadata)
import itembank.models  # noqa: F401  (every table on the metadata)
from api.app import create_app
from api.config import Settings
from itembank.db import Base
from tests import factories
from tests.databases import BACKENDS, Database, throwaway_database


@pytest.fixture(scope="session", params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    with throwaway_database(request.param, tmp_path_factory.mktemp(request.param)) as database:
        Base.metadata.create_all(database.engine)
        yield database


@pytest.fixture
def connection(database: Database) -> Iterator[Connection]:
    with database.engine.connect() as connection:
        transaction = connection.begin()
        try:
            yield connection
        finally:
            transaction.rollback()


@pytest.fixture
def session(connection: Connection) -> Iterator[Session]:
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    factories.bind(session)
    try:
        yield session
    finally:
        factories.bind(None)
        session.close()


@pytest.fixture
def app(connection: Connection, session: Session) -> Flask:
    """The real app, its requests joined to the test's transaction: a request's commit releases a savepoint."""
    settings = Settings(database_url="unused://", environment="testing", secret_key="test-secret")
    return create_app(settings, session_factory=sessionmaker(bind=connection, join_transaction_mode="create_savepoint"))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One Chromium for the whole session's browser tests, the learner's (tests/browser) and the workspace's:
    Playwright's sync API runs one instance per thread, so a second `sync_playwright()` beside a session's
    first is refused. Without the tools it skips naming them (fails under CI=true)."""
    from tests.browser.live_site import CHROMIUM, CHROMIUM_ARGS, require_browser_tools

    require_browser_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()
