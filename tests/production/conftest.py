"""The app as production runs it: `create_app` on a real engine (PostgreSQL's save in autocommit), its own
committed data in a throwaway database, requests that really commit. No test transaction wraps anything."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from api.app import create_app
from api.config import Settings
from itembank.db import Base
from itembank.keys import issue_key
from tests import factories
from tests.databases import BACKENDS, throwaway_database
from tests.production.statements import Statements


@dataclass
class Deployment:
    backend: str
    app: Flask
    engine: Engine
    key: str
    tenant_id: int
    statements: Statements

    def assessment(self, questions: int = 15, **settings: object) -> int:
        """A committed assessment of `questions` single-choice items, four options each, one keyed."""
        with Session(self.engine, expire_on_commit=False) as session:
            factories.bind(session)
            try:
                bank = factories.BankFactory(tenant_id=self.tenant_id)
                assessment = factories.AssessmentFactory(tenant_id=self.tenant_id, **settings)
                for _ in range(questions):
                    factories.AssessmentSlotFactory(assessment=assessment, item=factories.ItemFactory(bank=bank))
                session.commit()
                return assessment.id
            finally:
                factories.bind(None)


@contextmanager
def deployed(backend: str, tmp: Path, **settings: Any) -> Iterator[Deployment]:
    """The app on a throwaway database of `backend`; `settings` are the app's Settings beyond the URL."""
    with throwaway_database(backend, tmp) as database:
        Base.metadata.create_all(database.engine)
        with Session(database.engine, expire_on_commit=False) as session:
            factories.bind(session)
            try:
                tenant = factories.TenantFactory()
                _key, plaintext = issue_key(session, tenant, ("deliver",), "production tests")
                session.commit()
            finally:
                factories.bind(None)
        app = create_app(
            Settings(**{"database_url": database.url, "environment": "testing", "secret_key": "production", **settings})
        )
        statements = Statements()
        engine = app.extensions["assess.sessionmaker"].kw["bind"]
        statements.listen(engine)
        save = app.extensions["assess.save"]
        if save.autocommit is not None:
            statements.listen(save.autocommit)
        try:
            with statements.on_psycopg():
                yield Deployment(backend, app, database.engine, plaintext, tenant.id, statements)
        finally:
            engine.dispose()
            if save.autocommit is not None:
                save.autocommit.dispose()


@pytest.fixture(scope="module", params=BACKENDS)
def deployment(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    with deployed(request.param, tmp_path_factory.mktemp("production")) as deployment:
        yield deployment


@pytest.fixture(scope="module")
def postgresql(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    """PostgreSQL only: the saves in autocommit that the races below are about."""
    with deployed("postgresql", tmp_path_factory.mktemp("production")) as deployment:
        yield deployment
