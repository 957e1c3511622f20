"""attempt: a partial index of the open attempts that have a hard deadline, by tenant and deadline

Every read that reports attempts, results or analytics first asks which of the tenant's open attempts are past
their deadline (`assess.delivery.closing.overdue_attempts`); with this index that is a range scan that finds
nothing when nothing is overdue, however many attempts the tenant has.

Revision ID: 340cc35379f5
Revises: 77a5a6ec727a
Create Date: 2026-12-01 11:24:14.865052
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "340cc35379f5"
down_revision: str | None = "77a5a6ec727a"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN_WITH_DEADLINE = "state = 'in_progress' AND closes_at IS NOT NULL"


def upgrade() -> None:
    op.create_index(
        "ix_attempt_overdue",
        "attempt",
        ["tenant_id", "closes_at"],
        sqlite_where=sa.text(OPEN_WITH_DEADLINE),
        postgresql_where=sa.text(OPEN_WITH_DEADLINE),
    )


def downgrade() -> None:
    op.drop_index("ix_attempt_overdue", table_name="attempt")
