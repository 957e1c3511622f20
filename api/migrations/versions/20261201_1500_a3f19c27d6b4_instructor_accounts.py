"""user: instructors who sign in to the workspace (argon2 hash, role, lockout); user_session: their sessions

Revision ID: a3f19c27d6b4
Revises: 5d7e1c9a4b20
Create Date: 2026-12-01 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a3f19c27d6b4"
down_revision: str | None = "5d7e1c9a4b20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column(
            "email", sa.String(length=254), nullable=False, comment="lower-cased: unique per tenant ignoring case"
        ),
        sa.Column(
            "password_hash", sa.String(length=200), nullable=False, comment="argon2id, with its parameters and salt"
        ),
        sa.Column("role", sa.String(length=24), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False, comment="wrong passwords since the last sign-in"),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True, comment="no sign-in before this"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("failed_attempts >= 0", name=op.f("ck_user_failed_attempts_non_negative")),
        sa.CheckConstraint("role IN ('author', 'analyst', 'admin')", name=op.f("ck_user_role_valid")),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenant.id"], name=op.f("fk_user_tenant_id_tenant"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user")),
        sa.UniqueConstraint("tenant_id", "email", name=op.f("uq_user_tenant_id_email")),
    )
    op.create_index(op.f("ix_user_tenant_id"), "user", ["tenant_id"])
    op.create_table(
        "user_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False, comment="sha256 hex of the cookie's token"),
        sa.Column(
            "csrf_token", sa.String(length=64), nullable=False, comment="sent back in every form of this session"
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_user_session_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_user_session_token_hash")),
    )
    op.create_index(op.f("ix_user_session_user_id"), "user_session", ["user_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_user_session_user_id"), table_name="user_session")
    op.drop_table("user_session")
    op.drop_index(op.f("ix_user_tenant_id"), table_name="user")
    op.drop_table("user")
