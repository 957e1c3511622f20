"""assessment_revision: a published assessment's settings and slots per change; attempt.revision_id; assessment
status, revision_number and course_id; assessment_slot.points; saved-query pools

Revision ID: 7b2e9c4d1f03
Revises: 5e7d1f0a3b62
Create Date: 2026-12-01 13:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7b2e9c4d1f03"
down_revision: str | None = "5e7d1f0a3b62"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SETTINGS = (
    "title",
    "pass_threshold_bp",
    "feedback_policy",
    "grading_method",
    "shuffle_questions",
    "shuffle_options",
    "time_limit_seconds",
    "grace_seconds",
    "max_attempts",
)
REVISION_COMMENT = "the current revision, which new attempts start on; 0 until first published"
ATTEMPT_REVISION_COMMENT = "the assessment's revision at start: its threshold, time limit and feedback policy hold here"
QUERY_CHECK = "NOT is_query OR query_tag IS NOT NULL OR query_lesson_id IS NOT NULL OR query_type IS NOT NULL"


def _settings_checks(table: str) -> list[sa.CheckConstraint]:
    return [
        sa.CheckConstraint(
            "feedback_policy IN ('immediate', 'after_submit', 'never')", name=op.f(f"ck_{table}_feedback_policy_valid")
        ),
        sa.CheckConstraint(
            "grading_method IN ('highest', 'first', 'last', 'average')", name=op.f(f"ck_{table}_grading_method_valid")
        ),
        sa.CheckConstraint("pass_threshold_bp BETWEEN 0 AND 10000", name=op.f(f"ck_{table}_pass_threshold_range")),
        sa.CheckConstraint("max_attempts IS NULL OR max_attempts > 0", name=op.f(f"ck_{table}_max_attempts_positive")),
        sa.CheckConstraint(
            "time_limit_seconds IS NULL OR time_limit_seconds > 0", name=op.f(f"ck_{table}_time_limit_positive")
        ),
        sa.CheckConstraint("grace_seconds >= 0", name=op.f(f"ck_{table}_grace_non_negative")),
    ]


def upgrade() -> None:
    # SQLite alters a table by copying it and dropping the original, and a DROP with foreign keys enforced
    # deletes the rows that reference it (ON DELETE CASCADE): the slots, attempts and revisions of every
    # assessment. Enforcement is off while the tables are copied (a PRAGMA that only applies between
    # transactions), and on again after. On PostgreSQL the copies are real ALTERs and nothing is dropped.
    before = _sqlite_foreign_keys("OFF")
    try:
        _upgrade()
    finally:
        _sqlite_foreign_keys(before)


def _sqlite_foreign_keys(state: str) -> str:
    """Between two transactions of the driver's connection: the steps before this one are committed (with
    their version stamps), and the next begins as the engine begins every SQLite transaction. Returns the
    state it replaced, which is restored after (`assess db upgrade` runs every migration with the keys off)."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return state
    cursor = bind.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    cursor.execute("PRAGMA foreign_keys")
    enforced = cursor.fetchone()
    before = "ON" if enforced and enforced[0] else "OFF"
    for statement in ("COMMIT", f"PRAGMA foreign_keys={state}", "BEGIN IMMEDIATE"):
        cursor.execute(statement)
    cursor.close()
    return before


def _upgrade() -> None:
    op.create_table(
        "assessment_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False, comment="1 at the first publish, then one more per change"),
        sa.Column(
            "slots", sa.JSON(), nullable=False, comment="the slots as published: position, item_id or pool_id, points"
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=True, comment="who made it: the API key's label"),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column(
            "pass_threshold_bp",
            sa.Integer(),
            nullable=False,
            comment="pass threshold in basis points of the points possible: 8000 = 80.00%",
        ),
        sa.Column("feedback_policy", sa.String(length=24), nullable=False),
        sa.Column("grading_method", sa.String(length=24), nullable=False),
        sa.Column("shuffle_questions", sa.Boolean(), nullable=False),
        sa.Column("shuffle_options", sa.Boolean(), nullable=False),
        sa.Column("time_limit_seconds", sa.Integer(), nullable=True),
        sa.Column("grace_seconds", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=True),
        *_settings_checks("assessment_revision"),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_assessment_revision_assessment_id_assessment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_revision")),
        sa.UniqueConstraint("assessment_id", "number", name=op.f("uq_assessment_revision_assessment_id_number")),
    )
    with op.batch_alter_table("assessment") as batch:
        batch.add_column(sa.Column("status", sa.String(length=24), nullable=True))
        batch.add_column(sa.Column("revision_number", sa.Integer(), nullable=True, comment=REVISION_COMMENT))
        batch.add_column(sa.Column("course_id", sa.Integer(), nullable=True))
    with op.batch_alter_table("assessment_slot") as batch:
        batch.add_column(
            sa.Column("points", sa.Integer(), nullable=True, comment="the question's points here; null: the item's own")
        )
        batch.create_check_constraint(
            op.f("ck_assessment_slot_points_positive"), sa.text("points IS NULL OR points > 0")
        )
    with op.batch_alter_table("attempt") as batch:
        batch.add_column(sa.Column("revision_id", sa.Integer(), nullable=True, comment=ATTEMPT_REVISION_COMMENT))
    _freeze_existing_assessments()
    with op.batch_alter_table("assessment") as batch:
        batch.alter_column("status", existing_type=sa.String(length=24), nullable=False)
        batch.alter_column(
            "revision_number", existing_type=sa.Integer(), nullable=False, existing_comment=REVISION_COMMENT
        )
        batch.create_check_constraint(op.f("ck_assessment_status_valid"), sa.text("status IN ('draft', 'published')"))
        batch.create_foreign_key(
            op.f("fk_assessment_course_id_course"), "course", ["course_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_index(op.f("ix_assessment_course_id"), ["course_id"])
    with op.batch_alter_table("attempt") as batch:
        batch.alter_column(
            "revision_id", existing_type=sa.Integer(), nullable=False, existing_comment=ATTEMPT_REVISION_COMMENT
        )
        batch.create_foreign_key(
            op.f("fk_attempt_revision_id_assessment_revision"),
            "assessment_revision",
            ["revision_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch.create_index(op.f("ix_attempt_revision_id"), ["revision_id"])
    with op.batch_alter_table("pool") as batch:
        batch.add_column(
            sa.Column(
                "is_query",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
                comment="a saved query, not explicit items",
            )
        )
        batch.add_column(
            sa.Column("query_tag", sa.String(length=100), nullable=True, comment="query: items with this tag")
        )
        batch.add_column(
            sa.Column("query_lesson_id", sa.Integer(), nullable=True, comment="query: items of this lesson")
        )
        batch.add_column(
            sa.Column("query_type", sa.String(length=24), nullable=True, comment="query: items of this type")
        )
        batch.create_foreign_key(
            op.f("fk_pool_query_lesson_id_lesson"), "lesson", ["query_lesson_id"], ["id"], ondelete="RESTRICT"
        )
        batch.create_check_constraint(op.f("ck_pool_query_has_criterion"), sa.text(QUERY_CHECK))
    with op.batch_alter_table("pool") as batch:
        batch.alter_column("is_query", existing_type=sa.Boolean(), server_default=None, existing_nullable=False)


def _freeze_existing_assessments() -> None:
    """Every assessment so far was delivered as it stood: it is published, as revision 1, with its attempts on it."""
    connection = op.get_bind()
    metadata = sa.MetaData()
    assessment = sa.Table("assessment", metadata, autoload_with=connection)
    slot = sa.Table("assessment_slot", metadata, autoload_with=connection)
    revision_table = sa.Table("assessment_revision", metadata, autoload_with=connection)
    module = sa.Table("module", metadata, autoload_with=connection)
    for row in connection.execute(sa.select(assessment)).mappings().all():
        slots = [
            {"position": s.position, "item_id": s.item_id, "pool_id": s.pool_id, "points": None}
            for s in connection.execute(
                sa.select(slot).where(slot.c.assessment_id == row["id"]).order_by(slot.c.position)
            )
        ]
        connection.execute(
            revision_table.insert().values(
                assessment_id=row["id"],
                number=1,
                slots=slots,
                created_at=row["created_at"],
                created_by=None,
                **{name: row[name] for name in SETTINGS},
            )
        )
    connection.execute(
        assessment.update().values(
            status="published",
            revision_number=1,
            course_id=sa.select(module.c.course_id).where(module.c.id == assessment.c.module_id).scalar_subquery(),
        )
    )
    op.execute(
        "UPDATE attempt SET revision_id = (SELECT r.id FROM assessment_revision r"
        " WHERE r.assessment_id = attempt.assessment_id AND r.number = 1)"
    )


def downgrade() -> None:
    before = _sqlite_foreign_keys("OFF")  # as in `upgrade`: copying a table must not delete what references it
    try:
        _downgrade()
    finally:
        _sqlite_foreign_keys(before)


def _downgrade() -> None:
    with op.batch_alter_table("pool") as batch:
        batch.drop_constraint(op.f("ck_pool_query_has_criterion"), type_="check")
        batch.drop_constraint(op.f("fk_pool_query_lesson_id_lesson"), type_="foreignkey")
        batch.drop_column("query_type")
        batch.drop_column("query_lesson_id")
        batch.drop_column("query_tag")
        batch.drop_column("is_query")
    with op.batch_alter_table("attempt") as batch:
        batch.drop_index(op.f("ix_attempt_revision_id"))
        batch.drop_constraint(op.f("fk_attempt_revision_id_assessment_revision"), type_="foreignkey")
        batch.drop_column("revision_id")
    with op.batch_alter_table("assessment_slot") as batch:
        batch.drop_constraint(op.f("ck_assessment_slot_points_positive"), type_="check")
        batch.drop_column("points")
    with op.batch_alter_table("assessment") as batch:
        batch.drop_index(op.f("ix_assessment_course_id"))
        batch.drop_constraint(op.f("fk_assessment_course_id_course"), type_="foreignkey")
        batch.drop_constraint(op.f("ck_assessment_status_valid"), type_="check")
        batch.drop_column("course_id")
        batch.drop_column("revision_number")
        batch.drop_column("status")
    op.drop_table("assessment_revision")
