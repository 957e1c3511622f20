"""Statements counted where the server receives them: at the driver, below SQLAlchemy, so statements a service
runs on the driver's cursor (`assess.delivery.driver`) count as much as any other. Used by the statement-count
tests and by bench/statements.py."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import psycopg
import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine


@dataclass
class Statements:
    """What the server was sent, counted at the driver: one entry per statement executed (an executemany of N
    rows counts N), with whether it ran in autocommit. SQLite's own trace sees BEGIN and COMMIT too;
    psycopg sends those outside its cursors, so on PostgreSQL the autocommit flag tells them apart."""

    seen: list[tuple[str, bool]] = field(default_factory=list)
    counting: bool = False

    def add(self, statement: str, autocommit: bool, rows: int = 1) -> None:
        if self.counting:
            self.seen.extend([(" ".join(str(statement).split()), autocommit)] * rows)

    def listen(self, engine: Engine) -> None:
        if engine.dialect.name == "sqlite":

            @event.listens_for(engine, "connect")
            def _trace(dbapi_connection, connection_record):
                dbapi_connection.set_trace_callback(lambda statement: self.add(statement, False))

    @contextmanager
    def on_psycopg(self) -> Iterator[None]:
        execute, executemany = psycopg.Cursor.execute, psycopg.Cursor.executemany

        def counted_execute(cursor, query, params=None, **kwargs):
            self.add(query, cursor.connection.autocommit)
            return execute(cursor, query, params, **kwargs)

        def counted_executemany(cursor, query, params_seq, **kwargs):
            params_seq = list(params_seq)
            self.add(query, cursor.connection.autocommit, len(params_seq))
            return executemany(cursor, query, params_seq, **kwargs)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(psycopg.Cursor, "execute", counted_execute)
            patch.setattr(psycopg.Cursor, "executemany", counted_executemany)
            yield
