"""After the migrations, the database's CHECK constraints are the models', with the same allowed enum values.

alembic's `compare_metadata` does not look at CHECK constraints, so the migration test beside this one would
pass with a type missing from `ck_item_version_type_valid` (an item of that type could never be saved) or
with a CHECK lost when SQLite's batch mode copied a table. Here the constraints are read back from the
database itself: PostgreSQL's `pg_constraint`, the table SQL in SQLite's `sqlite_master`.
"""

import re

import pytest
from alembic import command
from sqlalchemy import CheckConstraint, text

from api.migrations import alembic_config
from itembank.db import Base
from itembank.itemtypes import ItemType
from tests.databases import BACKENDS, throwaway_database

ENUM_CHECK = re.compile(r"^(\w+) IN \(('[^']*'(?:, '[^']*')*)\)$")
QUOTED = re.compile(r"'([^']*)'")


def _model_checks() -> dict[tuple[str, str], str]:
    """(table, constraint name) -> the CHECK's SQL, for every CHECK constraint in the models."""
    return {
        (table.name, str(constraint.name)): str(constraint.sqltext)
        for table in Base.metadata.tables.values()
        for constraint in table.constraints
        if isinstance(constraint, CheckConstraint)
    }


def _enum_checks() -> dict[tuple[str, str], tuple[str, set[str]]]:
    """(table, constraint name) -> (column, allowed values), for the CHECKs `enum_check` writes (`col IN (...)`)."""
    found = {}
    for where, sql in _model_checks().items():
        if match := ENUM_CHECK.match(sql):
            found[where] = (match.group(1), set(QUOTED.findall(match.group(2))))
    return found


def _postgresql_checks(connection) -> dict[tuple[str, str], str]:
    rows = connection.execute(
        text(
            "SELECT rel.relname, con.conname, pg_get_constraintdef(con.oid) FROM pg_constraint con"
            " JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_namespace ns ON ns.oid = rel.relnamespace"
            " WHERE con.contype = 'c' AND ns.nspname = current_schema()"
        )
    )
    return {(table, name): definition for table, name, definition in rows}


def _sqlite_checks(connection) -> dict[tuple[str, str], str]:
    found = {}
    for table, sql in connection.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'table'")):
        for match in re.finditer(r'CONSTRAINT\s+"?(\w+)"?\s+CHECK\s*\(', sql):
            depth, end = 1, match.end()
            while depth:  # the CHECK's expression runs to its balancing parenthesis
                depth += {"(": 1, ")": -1}.get(sql[end], 0)
                end += 1
            found[table, match.group(1)] = sql[match.end() : end - 1]
    return found


def test_the_enum_checks_are_found():
    """Guards the test below against a pattern that matches nothing (it would then compare nothing)."""
    checks = _enum_checks()
    assert checks["item_version", "ck_item_version_type_valid"] == ("type", set(ItemType))
    assert {table for table, _name in checks} >= {"item", "item_version", "assessment", "attempt", "stat_cell"}


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_database_has_the_models_check_constraints_with_the_same_enum_values(backend, tmp_path):
    with throwaway_database(backend, tmp_path) as database, database.engine.connect() as connection:
        command.upgrade(alembic_config(connection), "head")
        connection.commit()
        in_database = (_postgresql_checks if backend == "postgresql" else _sqlite_checks)(connection)

        assert set(in_database) == set(_model_checks()), "CHECK constraints missing from (or extra in) the database"
        for (table, name), (column, values) in _enum_checks().items():
            definition = in_database[table, name]
            assert re.search(rf"\b{column}\b", definition), f"{table}.{name} checks another column: {definition}"
            assert set(QUOTED.findall(definition)) == values, f"{table}.{name} allows other values: {definition}"
