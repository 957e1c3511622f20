"""attempt.updated_at: when an attempt's outcome last changed, for integrations' incremental sync

Revision ID: c41f8e2d6a90
Revises: 20f77dacdda5
Create Date: 2026-12-01 11:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c41f8e2d6a90"
down_revision: str | None = "20f77dacdda5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COMMENT = "when its outcome last changed: start, close, void, deadline moved"


def upgrade() -> None:
    with op.batch_alter_table("attempt") as batch:
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True, comment=COMMENT))
    # The last change each existing attempt is known to have had.
    op.execute("UPDATE attempt SET updated_at = COALESCE(voided_at, submitted_at, started_at)")
    with op.batch_alter_table("attempt") as batch:
        batch.alter_column(
            "updated_at", existing_type=sa.DateTime(timezone=True), nullable=False, existing_comment=COMMENT
        )
        batch.create_index("ix_attempt_sync", ["tenant_id", "updated_at", "id"])


def downgrade() -> None:
    with op.batch_alter_table("attempt") as batch:
        batch.drop_index("ix_attempt_sync")
        batch.drop_column("updated_at")
