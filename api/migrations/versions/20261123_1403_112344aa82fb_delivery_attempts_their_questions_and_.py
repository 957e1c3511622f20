"""delivery: attempts, their questions and responses, accommodations

Revision ID: 112344aa82fb
Revises: 3e780bf80f61
Create Date: 2026-11-23 14:03:38.839050
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "112344aa82fb"
down_revision: str | None = "3e780bf80f61"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "accommodation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.String(length=200), nullable=False),
        sa.Column("extra_seconds", sa.Integer(), nullable=False),
        sa.Column("extra_attempts", sa.Integer(), nullable=False),
        sa.CheckConstraint("extra_seconds >= 0 AND extra_attempts >= 0", name=op.f("ck_accommodation_non_negative")),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_accommodation_assessment_id_assessment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accommodation")),
        sa.UniqueConstraint("assessment_id", "learner_id", name=op.f("uq_accommodation_assessment_id_learner_id")),
    )
    op.create_table(
        "attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.String(length=200), nullable=False, comment="the integration's id for its learner"),
        sa.Column("context_id", sa.String(length=200), nullable=True, comment="the integration's cohort / course run"),
        sa.Column(
            "number", sa.Integer(), nullable=False, comment="1 for the learner's first attempt at this assessment"
        ),
        sa.Column("seed", sa.BigInteger(), nullable=False, comment="fixes the form: draws and shuffles"),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("close_reason", sa.String(length=24), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deadline_at", sa.DateTime(timezone=True), nullable=True, comment="time limit plus grace"),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("points_possible", sa.Integer(), nullable=False),
        sa.Column("earned_num", sa.Integer(), nullable=True, comment="points earned, exact: earned_num / earned_den"),
        sa.Column("earned_den", sa.Integer(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.CheckConstraint("state IN ('in_progress', 'scored')", name=op.f("ck_attempt_state_valid")),
        sa.CheckConstraint("earned_den IS NULL OR earned_den > 0", name=op.f("ck_attempt_earned_den_positive")),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessment.id"], name=op.f("fk_attempt_assessment_id_assessment"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenant.id"], name=op.f("fk_attempt_tenant_id_tenant"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attempt")),
        sa.UniqueConstraint(
            "assessment_id", "learner_id", "number", name=op.f("uq_attempt_assessment_id_learner_id_number")
        ),
    )
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attempt_tenant_id"), ["tenant_id"], unique=False)
        batch_op.create_index(
            "uq_attempt_one_open",
            ["assessment_id", "learner_id"],
            unique=True,
            sqlite_where=sa.text("state = 'in_progress'"),
            postgresql_where=sa.text("state = 'in_progress'"),
        )

    op.create_table(
        "attempt_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False, comment="1-based order the learner sees"),
        sa.Column("slot_position", sa.Integer(), nullable=False, comment="the assessment slot this question fills"),
        sa.Column("item_version_id", sa.Integer(), nullable=False),
        sa.Column("option_order", sa.JSON(), nullable=False, comment="option ids in the order shown"),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("response", sa.JSON(), nullable=True),
        sa.Column("response_seq", sa.Integer(), nullable=False, comment="client sequence of the saved response"),
        sa.Column("first_answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True, comment="set when checked: locked"),
        sa.Column("credit_num", sa.Integer(), nullable=True),
        sa.Column("credit_den", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "credit_den IS NULL OR credit_den > 0", name=op.f("ck_attempt_question_credit_den_positive")
        ),
        sa.ForeignKeyConstraint(
            ["attempt_id"], ["attempt.id"], name=op.f("fk_attempt_question_attempt_id_attempt"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["item_version_id"],
            ["item_version.id"],
            name=op.f("fk_attempt_question_item_version_id_item_version"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attempt_question")),
        sa.UniqueConstraint("attempt_id", "position", name=op.f("uq_attempt_question_attempt_id_position")),
        sa.UniqueConstraint("attempt_id", "slot_position", name=op.f("uq_attempt_question_attempt_id_slot_position")),
    )
    with op.batch_alter_table("attempt_question", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attempt_question_item_version_id"), ["item_version_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("attempt_question", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attempt_question_item_version_id"))

    op.drop_table("attempt_question")
    with op.batch_alter_table("attempt", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_attempt_one_open",
            sqlite_where=sa.text("state = 'in_progress'"),
            postgresql_where=sa.text("state = 'in_progress'"),
        )
        batch_op.drop_index(batch_op.f("ix_attempt_tenant_id"))

    op.drop_table("attempt")
    op.drop_table("accommodation")
