"""regrade: a record of each regrade, the attempts it changed and the questions it moved, for audit and reversal

Revision ID: 5f2a9c7d3e18
Revises: c41f8e2d6a90
Create Date: 2026-12-01 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5f2a9c7d3e18"
down_revision: str | None = "c41f8e2d6a90"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "regrade",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("to_version_id", sa.Integer(), nullable=False, comment="the version the attempts were moved to"),
        sa.Column("created_by", sa.String(length=200), nullable=False, comment="who regraded: the API key's label"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "open_attempts_kept",
            sa.Integer(),
            nullable=False,
            comment="attempts in progress at the time, left on their version",
        ),
        sa.Column("reversed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reversed_by", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], name=op.f("fk_regrade_item_id_item"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenant.id"], name=op.f("fk_regrade_tenant_id_tenant"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["to_version_id"],
            ["item_version.id"],
            name=op.f("fk_regrade_to_version_id_item_version"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_regrade")),
    )
    op.create_index(op.f("ix_regrade_item_id"), "regrade", ["item_id"])
    op.create_index(op.f("ix_regrade_tenant_id"), "regrade", ["tenant_id"])
    op.create_table(
        "regrade_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("regrade_id", sa.Integer(), nullable=False),
        sa.Column("attempt_id", sa.Integer(), nullable=False),
        sa.Column("earned_before_num", sa.Integer(), nullable=False),
        sa.Column("earned_before_den", sa.Integer(), nullable=False),
        sa.Column("passed_before", sa.Boolean(), nullable=False),
        sa.Column("earned_after_num", sa.Integer(), nullable=False),
        sa.Column("earned_after_den", sa.Integer(), nullable=False),
        sa.Column("passed_after", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "earned_before_den > 0 AND earned_after_den > 0", name=op.f("ck_regrade_attempt_earned_den_positive")
        ),
        sa.ForeignKeyConstraint(
            ["attempt_id"], ["attempt.id"], name=op.f("fk_regrade_attempt_attempt_id_attempt"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["regrade_id"], ["regrade.id"], name=op.f("fk_regrade_attempt_regrade_id_regrade"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_regrade_attempt")),
        sa.UniqueConstraint("regrade_id", "attempt_id", name=op.f("uq_regrade_attempt_regrade_id_attempt_id")),
    )
    op.create_index(op.f("ix_regrade_attempt_attempt_id"), "regrade_attempt", ["attempt_id"])
    op.create_table(
        "regrade_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("regrade_attempt_id", sa.Integer(), nullable=False),
        sa.Column("attempt_question_id", sa.Integer(), nullable=False),
        sa.Column("from_version_id", sa.Integer(), nullable=False),
        sa.Column("option_order_before", sa.JSON(), nullable=False),
        sa.Column("response_before", sa.JSON(), nullable=True),
        sa.Column("credit_before_num", sa.Integer(), nullable=False),
        sa.Column("credit_before_den", sa.Integer(), nullable=False),
        sa.Column("option_order_after", sa.JSON(), nullable=False),
        sa.Column("response_after", sa.JSON(), nullable=True),
        sa.Column("credit_after_num", sa.Integer(), nullable=False),
        sa.Column("credit_after_den", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "credit_before_den > 0 AND credit_after_den > 0", name=op.f("ck_regrade_question_credit_den_positive")
        ),
        sa.ForeignKeyConstraint(
            ["attempt_question_id"],
            ["attempt_question.id"],
            name=op.f("fk_regrade_question_attempt_question_id_attempt_question"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["from_version_id"],
            ["item_version.id"],
            name=op.f("fk_regrade_question_from_version_id_item_version"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["regrade_attempt_id"],
            ["regrade_attempt.id"],
            name=op.f("fk_regrade_question_regrade_attempt_id_regrade_attempt"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_regrade_question")),
        sa.UniqueConstraint(
            "regrade_attempt_id",
            "attempt_question_id",
            name=op.f("uq_regrade_question_regrade_attempt_id_attempt_question_id"),
        ),
    )


def downgrade() -> None:
    # The earlier schema keeps no regrade record: regraded attempts stay as they are now (on the new version,
    # rescored), and what they were before, and who regraded them, is lost.
    op.drop_table("regrade_question")
    op.drop_index(op.f("ix_regrade_attempt_attempt_id"), table_name="regrade_attempt")
    op.drop_table("regrade_attempt")
    op.drop_index(op.f("ix_regrade_tenant_id"), table_name="regrade")
    op.drop_index(op.f("ix_regrade_item_id"), table_name="regrade")
    op.drop_table("regrade")
