"""The workflow migration turns today's content (all delivered) into published versions, keeps every option,
and gives each item one published version: its latest, or none for a retired item."""

import pytest
from alembic import command
from sqlalchemy import text

from api.migrations import alembic_config
from tests.databases import BACKENDS, throwaway_database

BEFORE = "c41f8e2d6a90"
NOW = "2026-11-23 09:00:00+00"


def _seed(connection) -> None:
    connection.execute(text(f"INSERT INTO tenant (id, slug, name, created_at) VALUES (1, 't', 'T', '{NOW}')"))
    connection.execute(
        text(f"INSERT INTO bank (id, tenant_id, slug, title, created_at) VALUES (1, 1, 'b', 'B', '{NOW}')")
    )
    for item_id, status, versions in ((1, "published", 2), (2, "retired", 1)):
        connection.execute(
            text(
                "INSERT INTO item (id, bank_id, ref, status, created_at)"
                f" VALUES ({item_id}, 1, 'r{item_id}', '{status}', '{NOW}')"
            )
        )
        for number in range(1, versions + 1):
            version_id = item_id * 10 + number
            connection.execute(
                text(
                    "INSERT INTO item_version (id, item_id, number, type, stem, points, spec, content_hash, created_at)"
                    f" VALUES ({version_id}, {item_id}, {number}, 'single_choice', 'Q?', 1, '{{}}', 'h', '{NOW}')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO option (item_version_id, position, text, is_correct)"
                    f" VALUES ({version_id}, 0, 'a', true), ({version_id}, 1, 'b', false)"
                )
            )


@pytest.mark.parametrize("backend", BACKENDS)
def test_existing_versions_become_published_or_retired_and_keep_their_options(backend, tmp_path):
    with throwaway_database(backend, tmp_path) as database, database.engine.connect() as connection:
        command.upgrade(alembic_config(connection), BEFORE)
        _seed(connection)
        connection.commit()
        command.upgrade(alembic_config(connection), "head")
        connection.commit()
        versions = connection.execute(
            text("SELECT item_id, number, status, author FROM item_version ORDER BY item_id, number")
        ).all()
        assert [tuple(row) for row in versions] == [
            (1, 1, "retired", "course file"),
            (1, 2, "published", "course file"),
            (2, 1, "retired", "course file"),
        ]
        items = connection.execute(text("SELECT id, status, revision FROM item ORDER BY id")).all()
        assert [tuple(row) for row in items] == [(1, "published", 1), (2, "retired", 1)]
        assert connection.scalar(text("SELECT count(*) FROM option")) == 6
