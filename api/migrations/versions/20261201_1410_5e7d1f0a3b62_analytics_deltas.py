"""analytics deltas: submits and voids append their cell changes insert-only; a fold moves them into the cells

Before, every submit upserted the same rollup rows of `stat_cell` and `stat_time` and held their row locks
until it committed, so submits to one assessment queued on each other. Existing cells stay as they are.

Revision ID: 5e7d1f0a3b62
Revises: 5f2a9c7d3e18
Create Date: 2026-12-01 13:20:00
"""

import datetime
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5e7d1f0a3b62"
down_revision: str | None = "5f2a9c7d3e18"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COMMENT = "changes to the cells not folded into them yet; the report adds them"
COUNT = "+1 entering the selection, -1 leaving it"


def _delta_table(
    name: str, *columns: sa.Column | sa.ForeignKeyConstraint, checks: Sequence[sa.CheckConstraint] = ()
) -> None:
    op.create_table(
        name,
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("selection", sa.String(length=8), nullable=False),
        sa.Column("context_id", sa.String(length=200), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("slot_position", sa.Integer(), nullable=False),
        *columns,
        sa.Column("count", sa.Integer(), nullable=False, comment=COUNT),
        sa.CheckConstraint("selection IN ('first', 'last', 'best', 'all')", name=op.f(f"ck_{name}_selection_valid")),
        *checks,
        sa.ForeignKeyConstraint(
            ["assessment_id"], ["assessment.id"], name=op.f(f"fk_{name}_assessment_id_assessment"), ondelete="CASCADE"
        ),
        comment=COMMENT,
    )
    op.create_index(f"ix_{name}_assessment", name, ["assessment_id", "selection"])


def upgrade() -> None:
    _delta_table(
        "stat_cell_delta",
        sa.Column("item_version_id", sa.Integer(), nullable=False),
        sa.Column("option_id", sa.Integer(), nullable=False),
        sa.Column("mark_num", sa.Integer(), nullable=False),
        sa.Column("mark_den", sa.Integer(), nullable=False),
        sa.Column("total_num", sa.Integer(), nullable=False),
        sa.Column("total_den", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_version_id"],
            ["item_version.id"],
            name=op.f("fk_stat_cell_delta_item_version_id_item_version"),
            ondelete="CASCADE",
        ),
        checks=[
            sa.CheckConstraint("mark_den > 0 AND total_den > 0", name=op.f("ck_stat_cell_delta_positive_denominators"))
        ],
    )
    _delta_table("stat_time_delta", sa.Column("seconds", sa.Integer(), nullable=False))


# What a fold does, frozen here: each pending delta into its tagged cell and the cell's rollup row.
FOLD = """
INSERT INTO {cells} (assessment_id, selection, context_id, day, {keys}, count)
SELECT * FROM (
  SELECT assessment_id, selection, context_id, day, {keys}, sum(count) AS count FROM {cells}_delta
  GROUP BY assessment_id, selection, context_id, day, {keys}
  UNION ALL
  SELECT assessment_id, selection, :rollup_context, :rollup_day, {keys}, sum(count) FROM {cells}_delta
  GROUP BY assessment_id, selection, {keys}
) AS pending WHERE count <> 0
ON CONFLICT (assessment_id, selection, context_id, day, {keys}) DO UPDATE SET count = {cells}.count + excluded.count
"""
KEYS = {
    "stat_cell": "slot_position, item_version_id, option_id, mark_num, mark_den, total_num, total_den",
    "stat_time": "slot_position, seconds",
}


def downgrade() -> None:
    for cells, keys in KEYS.items():  # the pending changes go into the cells rather than be lost with the tables
        op.execute(
            sa.text(FOLD.format(cells=cells, keys=keys)).bindparams(
                sa.bindparam("rollup_context", "\x01all", type_=sa.String()),
                sa.bindparam("rollup_day", datetime.date(1, 1, 1), type_=sa.Date()),
            )
        )
    op.drop_table("stat_time_delta")
    op.drop_table("stat_cell_delta")
