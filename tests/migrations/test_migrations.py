"""The migrations and the models describe the same schema, and every migration runs both ways, on both backends."""

import re
from configparser import ConfigParser
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from api.migrations import FILE_TEMPLATE, TRUNCATE_SLUG_LENGTH, alembic_config
from itembank.db import Base
from tests.databases import BACKENDS, throwaway_database

ROOT = Path(__file__).resolve().parents[2]
# 20261123_1554_77a5a6ec727a_analytics_count_tables.py: date, time (UTC, to the minute), revision, slug
FILE_NAME = re.compile(r"^(?P<date>\d{8})_(?P<time>\d{4})_(?P<rev>[0-9a-f]{12})_(?P<slug>\w+)\.py$")


def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def _tables(connection) -> set[str]:
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


@pytest.mark.parametrize("backend", BACKENDS)
def test_upgrade_matches_models_and_downgrade_is_clean(backend, tmp_path):
    with throwaway_database(backend, tmp_path) as database, database.engine.connect() as connection:
        command.upgrade(alembic_config(connection), "head")
        connection.commit()
        assert _tables(connection) == set(Base.metadata.tables)

        diff = compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata)
        assert diff == [], f"models and migrations disagree: {diff}"

        command.downgrade(alembic_config(connection), "base")
        connection.commit()
        assert _tables(connection) == set()


@pytest.mark.parametrize("backend", BACKENDS)
def test_each_step_downgrades_and_upgrades_again(backend, tmp_path):
    """Walk the chain one revision at a time, so a broken downgrade in the middle cannot hide behind `base`."""
    revisions = [script.revision for script in reversed(list(_scripts().walk_revisions()))]
    with throwaway_database(backend, tmp_path) as database, database.engine.connect() as connection:
        for revision in revisions:
            command.upgrade(alembic_config(connection), revision)
            command.downgrade(alembic_config(connection), "-1")
            command.upgrade(alembic_config(connection), revision)
            connection.commit()
        assert _tables(connection) == set(Base.metadata.tables)


def test_revision_files_are_one_line_named_by_date_time_and_revision():
    scripts = _scripts()
    assert len(scripts.get_heads()) == 1, "migrations must form one line"
    for script in scripts.walk_revisions():
        name = Path(script.path).name
        match = FILE_NAME.match(name)
        assert match, f"{name} is not named <yyyymmdd>_<hhmm>_<revision>_<slug>.py"
        assert match["rev"] == script.revision, f"{name} holds revision {script.revision}"


def test_file_names_sort_in_chain_order_from_base_to_head():
    """Two migrations written the same day must still list in the order they run."""
    scripts = _scripts()
    chain = [Path(script.path).name for script in reversed(list(scripts.walk_revisions()))]
    assert sorted(path.name for path in Path(scripts.versions).glob("*.py")) == chain


def test_a_new_revision_is_named_by_the_template(tmp_path):
    """Generate one into a copy of the scripts, so the template (and script.py.mako) are exercised, not read."""
    copy = tmp_path / "migrations"
    copy.mkdir()
    source = Path(_scripts().dir)
    for name in ("env.py", "script.py.mako"):
        (copy / name).write_text((source / name).read_text(encoding="utf-8"), encoding="utf-8")
    (copy / "versions").mkdir()
    config = alembic_config()
    config.set_main_option("script_location", str(copy))
    script = command.revision(config, message="Add a column to the attempt table", rev_id="0123456789ab")
    assert script is not None and not isinstance(script, list)
    name = Path(script.path).name
    match = FILE_NAME.match(name)
    assert match and match["rev"] == "0123456789ab" and match["slug"] == "add_a_column_to_the_attempt_table", name


def test_the_developers_alembic_ini_agrees_with_the_code():
    """`alembic` in a checkout reads alembic.ini; `assess db` builds its config in code: both, one folder."""
    ini = Config(str(ROOT / "alembic.ini"))
    assert Path(ScriptDirectory.from_config(ini).dir).resolve() == Path(_scripts().dir).resolve()
    raw = ConfigParser(interpolation=None)
    raw.read(ROOT / "alembic.ini")
    assert raw["alembic"]["file_template"] == FILE_TEMPLATE.replace("%", "%%")
    assert int(raw["alembic"]["truncate_slug_length"]) == TRUNCATE_SLUG_LENGTH
