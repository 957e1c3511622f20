"""Alembic environment: the models' metadata is the target, the URL comes from the environment.

A caller may hand over an open connection in `config.attributes["connection"]` (`alembic_config(connection)`
in `api/migrations/__init__.py` puts it there); then migrations run inside it, which lets tests migrate a
throwaway schema without touching the URL. `assess db` and the `alembic` command pass none.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Literal

from alembic import context

import assess.analytics.store  # registers the analytics count tables
import assess.models  # registers delivery tables on the metadata
import assess.regrade.records  # noqa: F401  (registers the regrade records)
import itembank.models  # noqa: F401  (registers every table on the metadata)
from itembank.db import DEFAULT_DATABASE_URL, Base, UTCDateTime, make_engine

if TYPE_CHECKING:
    from alembic.autogenerate.api import AutogenContext
    from sqlalchemy.engine import Connection

config = context.config
target_metadata = Base.metadata


def _render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Write our column types as plain SQLAlchemy types, so old migrations never import code that may change."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_item=_render_item,
        render_as_batch=True,  # SQLite can only ALTER through table copies
    )


def run_migrations_offline() -> None:
    context.configure(
        url=os.environ.get("ASSESS_DATABASE_URL", DEFAULT_DATABASE_URL),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _driver(connection: Connection) -> Any:
    """The DB-API connection, outside SQLAlchemy's transaction handling (which would BEGIN first)."""
    return connection.connection.dbapi_connection


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(os.environ.get("ASSESS_DATABASE_URL", DEFAULT_DATABASE_URL))
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A batch migration copies a table and drops the original; with foreign keys on, SQLite's DROP
            # deletes every row that references it (attempt_question with attempt). The pragma only takes
            # effect outside a transaction, so it is set here, and the keys are checked before it is set back.
            _driver(connection).execute("PRAGMA foreign_keys=OFF")
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                dangling = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if dangling:
                    raise RuntimeError(f"the migration left rows whose foreign keys point nowhere: {dangling[:5]}")
        if sqlite:
            _driver(connection).execute("PRAGMA foreign_keys=ON")
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
