"""learner_accommodation: a learner's time multiplier and extra attempts at every assessment of the tenant;
accommodation.time_multiplier: one assessment's own multiplier, replacing the tenant-wide one there

Revision ID: 20f77dacdda5
Revises: 9d3c4b7e21a5
Create Date: 2026-12-01 11:41:09
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "20f77dacdda5"
down_revision: str | None = "9d3c4b7e21a5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACCOMMODATION_MULTIPLIER_CHECK = (
    "(time_multiplier_num IS NULL AND time_multiplier_den IS NULL)"
    " OR (time_multiplier_den > 0 AND time_multiplier_num >= time_multiplier_den)"
)


def upgrade() -> None:
    op.create_table(
        "learner_accommodation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.String(length=200), nullable=False, comment="the integration's id for its learner"),
        sa.Column(
            "time_multiplier_num",
            sa.Integer(),
            nullable=False,
            comment="every time limit is multiplied by num / den, exact, then rounded up to a second",
        ),
        sa.Column("time_multiplier_den", sa.Integer(), nullable=False),
        sa.Column("extra_attempts", sa.Integer(), nullable=False, comment="added to every assessment's max attempts"),
        sa.CheckConstraint("extra_attempts >= 0", name=op.f("ck_learner_accommodation_extra_attempts_non_negative")),
        sa.CheckConstraint(
            "time_multiplier_den > 0 AND time_multiplier_num >= time_multiplier_den",
            name=op.f("ck_learner_accommodation_time_multiplier_at_least_one"),
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenant.id"], name=op.f("fk_learner_accommodation_tenant_id_tenant"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learner_accommodation")),
        sa.UniqueConstraint("tenant_id", "learner_id", name=op.f("uq_learner_accommodation_tenant_id_learner_id")),
    )
    # Nullable: an existing accommodation has no multiplier of its own, so the tenant-wide one applies to it.
    with op.batch_alter_table("accommodation") as batch:
        batch.add_column(
            sa.Column(
                "time_multiplier_num",
                sa.Integer(),
                nullable=True,
                comment="replaces the tenant-wide multiplier here when set: num / den, exact",
            )
        )
        batch.add_column(sa.Column("time_multiplier_den", sa.Integer(), nullable=True))
        batch.create_check_constraint(
            op.f("ck_accommodation_time_multiplier_at_least_one"), sa.text(ACCOMMODATION_MULTIPLIER_CHECK)
        )


def downgrade() -> None:
    with op.batch_alter_table("accommodation") as batch:
        batch.drop_constraint(op.f("ck_accommodation_time_multiplier_at_least_one"), type_="check")
        batch.drop_column("time_multiplier_den")
        batch.drop_column("time_multiplier_num")
    op.drop_table("learner_accommodation")
