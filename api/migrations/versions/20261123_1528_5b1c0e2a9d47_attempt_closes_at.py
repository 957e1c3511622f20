"""attempt.closes_at: the hard deadline, so a save can check it inside its one UPDATE

Revision ID: 5b1c0e2a9d47
Revises: 112344aa82fb
Create Date: 2026-11-23 15:28:54
"""

from collections.abc import Sequence
from datetime import timedelta

import sqlalchemy as sa
from alembic import op

revision: str = "5b1c0e2a9d47"
down_revision: str | None = "112344aa82fb"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("attempt") as batch:
        batch.add_column(
            sa.Column(
                "closes_at",
                sa.DateTime(timezone=True),
                nullable=True,
                comment="deadline plus the grace window: nothing is accepted after it",
            )
        )
        batch.alter_column(
            "deadline_at",
            existing_type=sa.DateTime(timezone=True),
            existing_nullable=True,
            comment="the time limit the learner sees",
            existing_comment="time limit plus grace",
        )
    # Interval arithmetic differs per database, and attempts with deadlines are few: do it row by row.
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT attempt.id, attempt.deadline_at, assessment.grace_seconds FROM attempt "
            "JOIN assessment ON assessment.id = attempt.assessment_id WHERE attempt.deadline_at IS NOT NULL"
        ).columns(sa.column("id"), sa.column("deadline_at", sa.DateTime(timezone=True)), sa.column("grace_seconds"))
    ).all()
    attempt = sa.table("attempt", sa.column("id"), sa.column("closes_at", sa.DateTime(timezone=True)))
    for row in rows:
        connection.execute(
            attempt.update()
            .where(attempt.c.id == row.id)
            .values(closes_at=row.deadline_at + timedelta(seconds=row.grace_seconds))
        )


def downgrade() -> None:
    with op.batch_alter_table("attempt") as batch:
        batch.alter_column(
            "deadline_at",
            existing_type=sa.DateTime(timezone=True),
            existing_nullable=True,
            comment="time limit plus grace",
            existing_comment="the time limit the learner sees",
        )
        batch.drop_column("closes_at")
