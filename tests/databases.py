"""Throwaway databases on both backends: a SQLite file, or a fresh PostgreSQL schema on the configured server.

A schema per database lets concurrent runs and the migration tests share the one `test` database without
seeing each other's tables.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError

from itembank.db import make_engine

POSTGRES_URL = os.environ.get("ASSESS_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ("sqlite", "postgresql")


@dataclass(frozen=True)
class Database:
    backend: str
    url: str
    engine: Engine
    connect_args: dict[str, str]


def require_postgres() -> None:
    """Under CI a missing server fails the run: a skipped PostgreSQL suite must never pass as green."""
    try:
        engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 5})
        with engine.connect():
            pass
        engine.dispose()
    except OperationalError as exc:
        message = f"PostgreSQL at {make_url(POSTGRES_URL).render_as_string()} is unreachable: {exc.orig}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message + " (set CI=true to make this a failure)")


@contextmanager
def throwaway_database(backend: str, tmp_dir: Path) -> Iterator[Database]:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_dir / f'assess-{uuid.uuid4().hex[:8]}.db'}"
        engine = make_engine(url)
        try:
            yield Database(backend, url, engine, {})
        finally:
            engine.dispose()
        return
    require_postgres()
    schema = f"assess_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    connect_args = {"options": f"-csearch_path={schema}"}
    url = make_url(POSTGRES_URL).update_query_dict(connect_args).render_as_string(hide_password=False)
    engine = make_engine(POSTGRES_URL, connect_args=connect_args)
    try:
        yield Database(backend, url, engine, connect_args)
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
