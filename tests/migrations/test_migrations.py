"""The migrations and the models describe the same schema, and every migration runs both ways, on both backends."""

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from itembank.db import Base
from tests.databases import BACKENDS, throwaway_database

ROOT = Path(__file__).resolve().parents[2]


def _config(connection) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.attributes["connection"] = connection
    return config


def _tables(connection) -> set[str]:
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


@pytest.mark.parametrize("backend", BACKENDS)
def test_upgrade_matches_models_and_downgrade_is_clean(backend, tmp_path):
    with throwaway_database(backend, tmp_path) as database, database.engine.connect() as connection:
        command.upgrade(_config(connection), "head")
        connection.commit()
        assert _tables(connection) == set(Base.metadata.tables)

        diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata)
        assert diff == [], f"models and migrations disagree: {diff}"

        command.downgrade(_config(connection), "base")
        connection.commit()
        assert _tables(connection) == set()


@pytest.mark.parametrize("backend", BACKENDS)
def test_each_step_downgrades_and_upgrades_again(backend, tmp_path):
    """Walk the chain one revision at a time, so a broken downgrade in the middle cannot hide behind `base`."""
    revisions = [
        script.revision for script in reversed(list(ScriptDirectory.from_config(_config(None)).walk_revisions()))
    ]
    with throwaway_database(backend, tmp_path) as database, database.engine.connect() as connection:
        for revision in revisions:
            command.upgrade(_config(connection), revision)
            command.downgrade(_config(connection), "-1")
            command.upgrade(_config(connection), revision)
            connection.commit()
        assert _tables(connection) == set(Base.metadata.tables)


def test_revision_files_are_dated_and_linear():
    script = ScriptDirectory.from_config(_config(None))
    assert len(script.get_heads()) == 1, "migrations must form one line"
    for path in (ROOT / "migrations" / "versions").glob("*.py"):
        assert path.name[:8].isdigit() and path.name[8] == "_", f"{path.name} lacks the dated prefix"
