"""attempt: voided state, with who voided it, when and why

Revision ID: 9d3c4b7e21a5
Revises: 340cc35379f5
Create Date: 2026-12-01 11:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9d3c4b7e21a5"
down_revision: str | None = "340cc35379f5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = "state IN ('in_progress', 'scored')"
AFTER = "state IN ('in_progress', 'scored', 'voided')"


def upgrade() -> None:
    with op.batch_alter_table("attempt") as batch:
        batch.add_column(sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("voided_by", sa.String(200), nullable=True, comment="who voided it: the API key's label")
        )
        batch.add_column(sa.Column("void_reason", sa.String(500), nullable=True))
        batch.drop_constraint("state_valid", type_="check")
        batch.create_check_constraint("state_valid", AFTER)


def downgrade() -> None:
    # The earlier schema knows no void: a voided attempt becomes a scored one again (one voided while open, as
    # scored 0 at its void time), and who voided it and why is lost.
    op.execute("UPDATE attempt SET state = 'scored' WHERE state = 'voided' AND earned_num IS NOT NULL")
    op.execute(
        "UPDATE attempt SET state = 'scored', close_reason = 'submitted', submitted_at = voided_at, "
        "earned_num = 0, earned_den = 1, passed = false WHERE state = 'voided'"
    )
    with op.batch_alter_table("attempt") as batch:
        batch.drop_constraint("state_valid", type_="check")
        batch.create_check_constraint("state_valid", BEFORE)
        batch.drop_column("void_reason")
        batch.drop_column("voided_by")
        batch.drop_column("voided_at")
