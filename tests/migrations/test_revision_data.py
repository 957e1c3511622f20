"""The revisions migration freezes every assessment delivered so far as its published revision 1, with its
attempts on it, so no existing attempt is left without the rules it is scored and reviewed by."""

import pytest
from alembic import command
from sqlalchemy import text

from api.migrations import alembic_config
from tests.databases import BACKENDS, throwaway_database

BEFORE = "c41f8e2d6a90"
ROWS = [
    "INSERT INTO tenant (id, slug, name, created_at) VALUES (1, 't', 'T', '2026-11-01 00:00:00+00')",
    "INSERT INTO course (id, tenant_id, slug, title, created_at) VALUES (1, 1, 'c', 'C', '2026-11-01 00:00:00+00')",
    "INSERT INTO module (id, course_id, slug, number, title) VALUES (1, 1, 'm', 1, 'M')",
    "INSERT INTO assessment (id, tenant_id, slug, kind, title, module_id, pass_threshold_bp, feedback_policy,"
    " grading_method, shuffle_questions, shuffle_options, time_limit_seconds, grace_seconds, created_at)"
    " VALUES (1, 1, 'a', 'module_test', 'A', 1, 6667, 'never', 'last', false, true, 600, 30,"
    " '2026-11-01 00:00:00+00')",
    "INSERT INTO attempt (id, tenant_id, assessment_id, learner_id, number, seed, state, started_at, updated_at,"
    " points_possible) VALUES (1, 1, 1, 'ana', 1, 1, 'in_progress', '2026-11-02 00:00:00+00',"
    " '2026-11-02 00:00:00+00', 1)",
]


@pytest.mark.parametrize("backend", BACKENDS)
def test_existing_assessments_become_revision_1_with_their_attempts_on_it(backend, tmp_path):
    with throwaway_database(backend, tmp_path) as database, database.engine.connect() as connection:
        command.upgrade(alembic_config(connection), BEFORE)
        for statement in ROWS:
            connection.execute(text(statement))
        connection.commit()
        command.upgrade(alembic_config(connection), "head")
        connection.commit()
        assessment = connection.execute(text("SELECT status, revision_number, course_id FROM assessment")).one()
        assert tuple(assessment) == ("published", 1, 1)
        revision = connection.execute(
            text(
                "SELECT id, number, pass_threshold_bp, feedback_policy, grading_method, time_limit_seconds,"
                " grace_seconds, shuffle_questions FROM assessment_revision"
            )
        ).one()
        assert tuple(revision)[1:] == (1, 6667, "never", "last", 600, 30, False)
        assert connection.execute(text("SELECT revision_id FROM attempt")).scalar_one() == revision.id
        command.downgrade(alembic_config(connection), BEFORE)
        connection.commit()
        assert connection.execute(text("SELECT count(*) FROM attempt")).scalar_one() == 1
