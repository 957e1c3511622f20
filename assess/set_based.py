"""Many rows written as one statement of fixed text, whatever their number: insert, or update by key.

An executemany is one server execution per row (a submit's 15 credits and its analytics rows were 255 of
them); a multi-row VALUES is one statement, but of a new text for every row count, so never prepared and
re-parsed each time. Here the rows travel as parameters of a statement whose text depends only on the table
and the columns: on PostgreSQL one array per column, `unnest`ed (psycopg prepares the statement once it has
been run a few times); on SQLite the rows as one JSON array, read with `json_each`.

Values go through each column type's bind processor first, so they are stored exactly as the ORM stores them
(on SQLite a date is its ISO text, and a unique key over it matches rows the ORM wrote).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Table, TextClause, text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

Row = Sequence[Any]


def insert_rows(session: Session, table: Table, columns: tuple[str, ...], rows: Sequence[Row]) -> None:
    """INSERT `rows` (values in the order of `columns`) into `table`, as one statement."""
    if rows:
        dialect = session.get_bind().dialect
        statement, parameters = _prepared(dialect, table, columns)
        session.execute(statement, parameters(rows))


def update_rows(session: Session, table: Table, key: str, columns: tuple[str, ...], rows: Sequence[Row]) -> None:
    """UPDATE `table` SET `columns` to each row's values WHERE `key` is the row's first value, as one statement."""
    if rows:
        dialect = session.get_bind().dialect
        statement, parameters = _prepared(dialect, table, (key, *columns), update_key=key)
        session.execute(statement, parameters(rows))


@lru_cache(maxsize=32)  # per dialect (one per engine): bounded
def _prepared(
    dialect: Dialect, table: Table, columns: tuple[str, ...], update_key: str | None = None
) -> tuple[TextClause, Callable[[Sequence[Row]], dict[str, Any]]]:
    """The statement's text and how the rows become its parameters, made once per dialect, table and columns."""
    types = [table.c[name].type for name in columns]
    convert = [type_.dialect_impl(dialect).bind_processor(dialect) for type_ in types]
    if dialect.name == "postgresql":
        arrays = ", ".join(f"CAST(:c{i} AS {type_.compile(dialect=dialect)}[])" for i, type_ in enumerate(types))
        source = f"unnest({arrays}) AS v({', '.join(columns)})"
        values = [f"v.{name}" for name in columns]

        def parameters(rows: Sequence[Row]) -> dict[str, Any]:
            by_column = zip(*rows, strict=True)
            return {
                f"c{i}": list(column) if fn is None else [fn(value) for value in column]
                for i, (fn, column) in enumerate(zip(convert, by_column, strict=True))
            }

    else:
        source = "json_each(:rows) AS v"
        values = [f"json_extract(v.value, '$[{i}]')" for i in range(len(columns))]

        def parameters(rows: Sequence[Row]) -> dict[str, Any]:
            converted = [
                [value if fn is None else fn(value) for fn, value in zip(convert, row, strict=True)] for row in rows
            ]
            return {"rows": json.dumps(converted)}

    if update_key is None:
        sql = f"INSERT INTO {table.name} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {source}"
    else:
        assignments = ", ".join(f"{name} = {value}" for name, value in zip(columns[1:], values[1:], strict=True))
        sql = f"UPDATE {table.name} SET {assignments} FROM {source} WHERE {table.name}.{update_key} = {values[0]}"
    return text(sql), parameters
