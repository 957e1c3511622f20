"""Declarative base, engine construction and the one place that knows database quirks.

A MetaData naming convention gives every constraint a stable, predictable name, so alembic migrations
can drop and alter constraints by name on PostgreSQL and in SQLite batch mode alike.
"""

from __future__ import annotations

import math
import sqlite3
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

import psycopg
from sqlalchemy import URL, DateTime, MetaData, Table, create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.exc import TimeoutError as SQLAlchemyTimeoutError
from sqlalchemy.orm import DeclarativeBase, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

DEFAULT_DATABASE_URL = "sqlite:///assess.db"
# How long a SQLite transaction waits to begin while another holds the write lock (and, in the served app,
# for the process's one connection): past it the request is answered 503, retry shortly.
SQLITE_BUSY_TIMEOUT_SECONDS = 15


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC timestamps on every backend.

    SQLite stores no offset, so values come back naive; this type hands every caller an aware UTC value,
    which keeps deadline arithmetic identical on SQLite and PostgreSQL.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    if TYPE_CHECKING:
        # Every model is declared with a __tablename__, so it is mapped to a Table; DeclarativeBase types
        # __table__ as any FromClause (a class may be mapped to a subquery), which update() and insert() refuse.
        __table__: ClassVar[Table]


def make_engine(
    url: str | URL,
    *,
    ping_after_idle: float | None = None,
    connect_timeout: float | None = None,
    statement_timeout: float | None = None,
    queue_sqlite_writers: bool = False,
    sqlite_busy_timeout: float = SQLITE_BUSY_TIMEOUT_SECONDS,
    **kwargs: Any,
) -> Engine:
    """Create an engine with the per-backend settings the schema relies on.

    SQLite enforces foreign keys only when asked on every connection, and pysqlite's own transaction
    handling breaks SAVEPOINT; taking over BEGIN restores both, so tests and services behave as on PostgreSQL.
    Every SQLite transaction begins IMMEDIATE, taking the write lock at its start: a transaction that read
    and then writes cannot wait for the lock it upgrades to (SQLite answers "database is locked" at once,
    whatever the busy timeout), while one that asks at BEGIN is retried by the busy handler until the lock is
    free. Reads would not need the lock in WAL mode, but a transaction cannot know at BEGIN whether it will
    write (the clock closes overdue attempts on reads); measured, reads are no slower for it in the
    quickstart (BENCHMARKS.md). `queue_sqlite_writers` (the served app) keeps one connection per process, so
    a threaded server's requests queue for it in order instead of polling SQLite's lock, which starved some
    of them for seconds under 32 learners. Past `sqlite_busy_timeout` (seconds) waiting for the lock, or for
    that connection, the request fails with an error `unavailable` recognizes.

    `ping_after_idle` (seconds) checks a pooled connection before use only when it sat idle that long:
    a server restart is still caught where it is likely, without `pool_pre_ping`'s extra round trip on
    every request, which on a busy server is a quarter of a save's.

    On PostgreSQL, `connect_timeout` and `statement_timeout` (seconds) bound how long a request waits for a
    database that does not answer: opening a connection, and any one statement (the server cancels it).
    """
    url = make_url(url)
    if url.get_backend_name() == "postgresql":
        kwargs["connect_args"] = _postgresql_timeouts(
            url, kwargs.get("connect_args", {}), connect_timeout, statement_timeout
        )
    elif url.get_backend_name() == "sqlite" and queue_sqlite_writers and url.database not in (None, "", ":memory:"):
        kwargs = {"pool_size": 1, "max_overflow": 0, "pool_timeout": sqlite_busy_timeout, **kwargs}
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine, sqlite_busy_timeout)
    if ping_after_idle is not None:
        _ping_idle_connections(engine, ping_after_idle)
    return engine


def _postgresql_timeouts(
    url: URL, connect_args: dict[str, Any], connect_timeout: float | None, statement_timeout: float | None
) -> dict[str, Any]:
    """libpq's `connect_timeout` (whole seconds, at least 2) and the session's `statement_timeout`, put before
    the `options` the connection would have had (the caller's connect_args, else the URL's), so a
    `-c statement_timeout` given there still wins; a `connect_timeout` given there is left alone."""
    connect_args = dict(connect_args)
    if connect_timeout and "connect_timeout" not in connect_args and "connect_timeout" not in url.query:
        connect_args["connect_timeout"] = max(2, math.ceil(connect_timeout))
    if statement_timeout:
        given = connect_args.get("options", url.query.get("options"))
        ours = f"-c statement_timeout={round(statement_timeout * 1000)}"
        connect_args["options"] = f"{ours} {given}" if isinstance(given, str) and given else ours
    return connect_args


def unavailable(exc: BaseException) -> str | None:
    """Why the database cannot serve this request now (down, restarting, locked, too slow), or None when the
    error is something else: the caller answers "retry shortly" for these, and a bug for the rest."""
    if isinstance(exc, SQLAlchemyTimeoutError):
        return "every database connection is busy"
    if not isinstance(exc, DBAPIError):
        return None
    if exc.connection_invalidated:
        return "the database connection was lost"
    orig = exc.orig
    if isinstance(orig, sqlite3.OperationalError):
        code = getattr(orig, "sqlite_errorcode", None)
        return None if code is None or code & 0xFF not in _SQLITE_UNAVAILABLE else f"SQLite: {orig}"
    if isinstance(orig, psycopg.OperationalError):
        state = orig.sqlstate
        # No sqlstate: the client failed to connect or lost the connection (refused, timed out, closed).
        if state is None or state.startswith("08") or state in _POSTGRESQL_UNAVAILABLE:
            first_line = (str(orig).splitlines() or [type(orig).__name__])[0]
            return f"PostgreSQL {state}: {first_line}" if state else f"PostgreSQL: {first_line}"
    return None


# Busy or locked after the busy timeout; cannot open the file; I/O error; disk full.
_SQLITE_UNAVAILABLE = {
    sqlite3.SQLITE_BUSY,
    sqlite3.SQLITE_LOCKED,
    sqlite3.SQLITE_CANTOPEN,
    sqlite3.SQLITE_IOERR,
    sqlite3.SQLITE_FULL,
}
# Class 08 (connection exception) is matched by prefix. 57P01 admin shutdown (a fast or smart shutdown, a
# terminated backend), 57P02 crash shutdown, 57P03 cannot connect now (starting up, shutting down, in
# recovery), 57014 query canceled (the statement timeout), 53300 too many connections.
_POSTGRESQL_UNAVAILABLE = {"57P01", "57P02", "57P03", "57014", "53300"}


def _ping_idle_connections(engine: Engine, idle_seconds: float) -> None:
    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_connection: Any, connection_record: Any) -> None:
        connection_record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, connection_record: Any, connection_proxy: Any) -> None:
        returned_at = connection_record.info.get("returned_at")
        if returned_at is None or time.monotonic() - returned_at < idle_seconds:
            return
        try:
            cursor = dbapi_connection.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
            dbapi_connection.rollback()
        except Exception as exc:
            # The pool discards this connection and checks out another (SQLAlchemy's documented pattern).
            raise DisconnectionError(f"a pooled connection was dead after {idle_seconds}s idle") from exc


def _configure_sqlite(engine: Engine, busy_timeout: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, connection_record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={round(busy_timeout * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock now, or wait for it here (see make_engine)


def make_sessionmaker(engine: Engine) -> sessionmaker:
    return sessionmaker(bind=engine, expire_on_commit=False)
