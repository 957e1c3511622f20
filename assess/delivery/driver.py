"""A Core statement run on the connection's DB-API cursor: SQL text compiled once per dialect, named parameters.

For the save's one small statement, SQLAlchemy's per-execution work (execution context, result wrapping,
events) costs as much CPU as the driver's own (bench/save_path.py). So the statement is compiled once to its
SQL text (`str(compiled)`), with the dialect's named or pyformat parameters, and each value is converted as
SQLAlchemy converts it, by the public bind and result processors of the types declared beside it. Only public
SQLAlchemy API is used: no compiler internals.

The connection stays SQLAlchemy's: its transaction (or autocommit) is the caller's, the cursor is its
driver connection's, and a driver error comes out as from `Connection.execute` (wrapped, a lost connection
invalidated). Statements counted at the driver (tests/production) see these executions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.expression import Select, Update
from sqlalchemy.types import TypeEngine

NAMED_STYLES = ("named", "pyformat")


@dataclass(frozen=True)
class _Compiled:
    sql: str
    binds: dict[str, Callable[[Any], Any]]
    results: tuple[Callable[[Any], Any] | None, ...]


class DriverStatement:
    """`statement` with the types of its non-integer parameters (`bind_types`); `run` returns one row or None."""

    def __init__(self, statement: Select[Any] | Update, bind_types: Mapping[str, TypeEngine[Any]]) -> None:
        self.statement = statement
        self.bind_types = dict(bind_types)
        self.result_types = tuple(column.type for column in statement.exported_columns)
        self.compiled: dict[type[Dialect], _Compiled] = {}

    def run(self, connection: Connection, parameters: Mapping[str, Any]) -> tuple[Any, ...] | None:
        dialect = connection.dialect
        compiled = self.compiled.get(type(dialect)) or self._compile(dialect)
        values = {name: compiled.binds[name](v) if name in compiled.binds else v for name, v in parameters.items()}
        fairy = connection.connection
        cursor = fairy.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            try:
                cursor.execute(compiled.sql, values)
                row = cursor.fetchone()
            finally:
                cursor.close()
        except dialect.loaded_dbapi.Error as exc:
            # As Connection.execute answers a driver error: wrapped in SQLAlchemy's exception class, and a
            # connection the error broke (a restart, a terminated backend) invalidated, so its pool opens a new
            # one instead of handing the dead one out again.
            lost = dialect.is_disconnect(exc, fairy.dbapi_connection, cursor)
            if lost:
                connection.invalidate(exc)
            raise DBAPIError.instance(
                compiled.sql, values, exc, dialect.loaded_dbapi.Error, connection_invalidated=lost, dialect=dialect
            ) from exc
        if row is None:
            return None
        converted = zip(compiled.results, row, strict=True)
        return tuple(value if convert is None else convert(value) for convert, value in converted)

    def _compile(self, dialect: Dialect) -> _Compiled:
        # The SQL text needs parameters by name; a positional dialect (pysqlite's qmark) compiles as its named twin.
        naming = dialect if dialect.paramstyle in NAMED_STYLES else cast(Any, type(dialect))(paramstyle="named")
        binds: dict[str, Callable[[Any], Any]] = {}
        for name, type_ in self.bind_types.items():
            convert = type_.dialect_impl(dialect).bind_processor(dialect)
            if convert is not None:
                binds[name] = convert
        results = tuple(type_.dialect_impl(dialect).result_processor(dialect, None) for type_ in self.result_types)
        compiled = _Compiled(str(self.statement.compile(dialect=naming)), binds, results)
        self.compiled[type(dialect)] = compiled
        return compiled
