"""analytics count tables: cells and time histograms per selection, cohort and day

Starts empty: attempts scored before this revision are counted by `assess analytics ASSESSMENT --rebuild`.

Revision ID: 77a5a6ec727a
Revises: 5b1c0e2a9d47
Create Date: 2026-11-23 15:54:38.939075
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "77a5a6ec727a"
down_revision: str | None = "5b1c0e2a9d47"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "stat_time",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("selection", sa.String(length=8), nullable=False),
        sa.Column("context_id", sa.String(length=200), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("slot_position", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.CheckConstraint("selection IN ('first', 'last', 'best', 'all')", name=op.f("ck_stat_time_selection_valid")),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessment.id"], name=op.f("fk_stat_time_assessment_id_assessment"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stat_time")),
        sa.UniqueConstraint(
            "assessment_id", "selection", "context_id", "day", "slot_position", "seconds", name="uq_stat_time_key"
        ),
    )
    op.create_table(
        "stat_cell",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("selection", sa.String(length=8), nullable=False),
        sa.Column("context_id", sa.String(length=200), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("slot_position", sa.Integer(), nullable=False),
        sa.Column("item_version_id", sa.Integer(), nullable=False),
        sa.Column(
            "option_id", sa.Integer(), nullable=False, comment="the option chosen; 0: omitted or not a one-option item"
        ),
        sa.Column("mark_num", sa.Integer(), nullable=False),
        sa.Column("mark_den", sa.Integer(), nullable=False),
        sa.Column("total_num", sa.Integer(), nullable=False),
        sa.Column("total_den", sa.Integer(), nullable=False),
        sa.Column(
            "count", sa.Integer(), nullable=False, comment="selected attempts in this cell; 0 once all have moved out"
        ),
        sa.CheckConstraint("selection IN ('first', 'last', 'best', 'all')", name=op.f("ck_stat_cell_selection_valid")),
        sa.CheckConstraint("mark_den > 0 AND total_den > 0", name=op.f("ck_stat_cell_positive_denominators")),
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessment.id"], name=op.f("fk_stat_cell_assessment_id_assessment"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["item_version_id"],
            ["item_version.id"],
            name=op.f("fk_stat_cell_item_version_id_item_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stat_cell")),
        sa.UniqueConstraint(
            "assessment_id",
            "selection",
            "context_id",
            "day",
            "slot_position",
            "item_version_id",
            "option_id",
            "mark_num",
            "mark_den",
            "total_num",
            "total_den",
            name="uq_stat_cell_key",
        ),
    )
    with op.batch_alter_table("stat_cell", schema=None) as batch_op:
        batch_op.create_index("ix_stat_cell_report", ["assessment_id", "selection", "day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("stat_cell", schema=None) as batch_op:
        batch_op.drop_index("ix_stat_cell_report")

    op.drop_table("stat_cell")
    op.drop_table("stat_time")
