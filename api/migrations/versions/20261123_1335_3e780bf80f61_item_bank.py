"""Item bank: tenants and API keys, courses, items with immutable versions, pools, assessments.

Revision ID: 3e780bf80f61
Revises:
Create Date: 2026-11-23 13:35:21.745512
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3e780bf80f61"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tenant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenant")),
        sa.UniqueConstraint("slug", name=op.f("uq_tenant_slug")),
    )
    op.create_table(
        "api_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column(
            "prefix",
            sa.String(length=16),
            nullable=False,
            comment="public lookup part of the key, shown in listings",
        ),
        sa.Column("secret_hash", sa.String(length=64), nullable=False, comment="sha256 hex of the whole key"),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("scopes", sa.String(length=200), nullable=False, comment="space-separated scope names"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenant.id"], name=op.f("fk_api_key_tenant_id_tenant"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_key")),
        sa.UniqueConstraint("prefix", name=op.f("uq_api_key_prefix")),
    )
    with op.batch_alter_table("api_key", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_key_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "bank",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenant.id"], name=op.f("fk_bank_tenant_id_tenant"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank")),
        sa.UniqueConstraint("tenant_id", "slug", name=op.f("uq_bank_tenant_id_slug")),
    )
    with op.batch_alter_table("bank", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bank_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "course",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenant.id"], name=op.f("fk_course_tenant_id_tenant"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course")),
        sa.UniqueConstraint("tenant_id", "slug", name=op.f("uq_course_tenant_id_slug")),
    )
    with op.batch_alter_table("course", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_course_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "tag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"], name=op.f("fk_tag_tenant_id_tenant"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tag")),
        sa.UniqueConstraint("tenant_id", "name", name=op.f("uq_tag_tenant_id_name")),
    )
    with op.batch_alter_table("tag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tag_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "module",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["course_id"], ["course.id"], name=op.f("fk_module_course_id_course"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_module")),
        sa.UniqueConstraint("course_id", "number", name=op.f("uq_module_course_id_number")),
        sa.UniqueConstraint("course_id", "slug", name=op.f("uq_module_course_id_slug")),
    )
    op.create_table(
        "pool",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["bank_id"], ["bank.id"], name=op.f("fk_pool_bank_id_bank"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pool")),
        sa.UniqueConstraint("bank_id", "slug", name=op.f("uq_pool_bank_id_slug")),
    )
    op.create_table(
        "lesson",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("subtitle", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["module_id"], ["module.id"], name=op.f("fk_lesson_module_id_module"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lesson")),
        sa.UniqueConstraint("module_id", "number", name=op.f("uq_lesson_module_id_number")),
        sa.UniqueConstraint("module_id", "slug", name=op.f("uq_lesson_module_id_slug")),
    )
    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("subtitle", sa.Text(), nullable=True),
        sa.Column("module_id", sa.Integer(), nullable=True),
        sa.Column("lesson_id", sa.Integer(), nullable=True),
        sa.Column(
            "pass_threshold_bp",
            sa.Integer(),
            nullable=False,
            comment="pass threshold in basis points of the points possible: 8000 = 80.00%",
        ),
        sa.Column("feedback_policy", sa.String(length=24), nullable=False),
        sa.Column("grading_method", sa.String(length=24), nullable=False),
        sa.Column("shuffle_questions", sa.Boolean(), nullable=False),
        sa.Column("shuffle_options", sa.Boolean(), nullable=False),
        sa.Column("time_limit_seconds", sa.Integer(), nullable=True),
        sa.Column("grace_seconds", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "feedback_policy IN ('immediate', 'after_submit', 'never')",
            name=op.f("ck_assessment_feedback_policy_valid"),
        ),
        sa.CheckConstraint(
            "grading_method IN ('highest', 'first', 'last', 'average')",
            name=op.f("ck_assessment_grading_method_valid"),
        ),
        sa.CheckConstraint("kind IN ('lesson_quiz', 'module_test', 'custom')", name=op.f("ck_assessment_kind_valid")),
        sa.CheckConstraint("grace_seconds >= 0", name=op.f("ck_assessment_grace_non_negative")),
        sa.CheckConstraint(
            "max_attempts IS NULL OR max_attempts > 0", name=op.f("ck_assessment_max_attempts_positive")
        ),
        sa.CheckConstraint("pass_threshold_bp BETWEEN 0 AND 10000", name=op.f("ck_assessment_pass_threshold_range")),
        sa.CheckConstraint(
            "time_limit_seconds IS NULL OR time_limit_seconds > 0",
            name=op.f("ck_assessment_time_limit_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["lesson_id"], ["lesson.id"], name=op.f("fk_assessment_lesson_id_lesson"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["module_id"], ["module.id"], name=op.f("fk_assessment_module_id_module"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"], ["tenant.id"], name=op.f("fk_assessment_tenant_id_tenant"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment")),
        sa.UniqueConstraint("tenant_id", "slug", name=op.f("uq_assessment_tenant_id_slug")),
    )
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_lesson_id"), ["lesson_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_module_id"), ["module_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_tenant_id"), ["tenant_id"], unique=False)

    op.create_table(
        "item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column(
            "ref",
            sa.String(length=100),
            nullable=False,
            comment="the author's stable id, unique within the bank",
        ),
        sa.Column("lesson_id", sa.Integer(), nullable=True),
        sa.Column("objective", sa.Text(), nullable=True, comment="learning objective the item assesses"),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('draft', 'published', 'retired')", name=op.f("ck_item_status_valid")),
        sa.ForeignKeyConstraint(["bank_id"], ["bank.id"], name=op.f("fk_item_bank_id_bank"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["lesson_id"], ["lesson.id"], name=op.f("fk_item_lesson_id_lesson"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item")),
        sa.UniqueConstraint("bank_id", "ref", name=op.f("uq_item_bank_id_ref")),
    )
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_lesson_id"), ["lesson_id"], unique=False)

    op.create_table(
        "assessment_slot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False, comment="authored order, 1-based"),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("pool_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("(item_id IS NULL) <> (pool_id IS NULL)", name=op.f("ck_assessment_slot_item_xor_pool")),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessment.id"],
            name=op.f("fk_assessment_slot_assessment_id_assessment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["item.id"], name=op.f("fk_assessment_slot_item_id_item"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["pool_id"], ["pool.id"], name=op.f("fk_assessment_slot_pool_id_pool"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_slot")),
        sa.UniqueConstraint("assessment_id", "position", name=op.f("uq_assessment_slot_assessment_id_position")),
    )
    with op.batch_alter_table("assessment_slot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_slot_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assessment_slot_pool_id"), ["pool_id"], unique=False)

    op.create_table(
        "item_tag",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], name=op.f("fk_item_tag_item_id_item"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tag_id"], ["tag.id"], name=op.f("fk_item_tag_tag_id_tag"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("item_id", "tag_id", name=op.f("pk_item_tag")),
    )
    with op.batch_alter_table("item_tag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_tag_tag_id"), ["tag_id"], unique=False)

    op.create_table(
        "item_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False, comment="1, 2, ... in order of creation"),
        sa.Column("type", sa.String(length=24), nullable=False),
        sa.Column("stem", sa.Text(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False, comment="maximum points; earned points may be a fraction"),
        sa.Column("feedback_correct", sa.Text(), nullable=True),
        sa.Column("feedback_incorrect", sa.Text(), nullable=True),
        sa.Column("feedback_general", sa.Text(), nullable=True),
        sa.Column(
            "spec",
            sa.JSON(),
            nullable=False,
            comment="type-specific settings: numeric tolerance, accepted texts, ...",
        ),
        sa.Column("content_hash", sa.String(length=64), nullable=False, comment="sha256 of the canonical content"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "type IN ('single_choice', 'multiple_response', 'true_false', 'numeric', 'short_text')",
            name=op.f("ck_item_version_type_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["item.id"], name=op.f("fk_item_version_item_id_item"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_item_version")),
        sa.UniqueConstraint("item_id", "number", name=op.f("uq_item_version_item_id_number")),
    )
    op.create_table(
        "pool_item",
        sa.Column("pool_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["item.id"], name=op.f("fk_pool_item_item_id_item"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["pool_id"], ["pool.id"], name=op.f("fk_pool_item_pool_id_pool"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pool_id", "item_id", name=op.f("pk_pool_item")),
    )
    with op.batch_alter_table("pool_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pool_item_item_id"), ["item_id"], unique=False)

    op.create_table(
        "option",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_version_id", sa.Integer(), nullable=False),
        sa.Column(
            "position",
            sa.Integer(),
            nullable=False,
            comment="authored order, 0-based; delivery may shuffle it",
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("is_correct", sa.Boolean(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=True, comment="why this option is right or wrong"),
        sa.ForeignKeyConstraint(
            ["item_version_id"],
            ["item_version.id"],
            name=op.f("fk_option_item_version_id_item_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_option")),
        sa.UniqueConstraint("item_version_id", "position", name=op.f("uq_option_item_version_id_position")),
    )


def downgrade() -> None:
    op.drop_table("option")
    with op.batch_alter_table("pool_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pool_item_item_id"))

    op.drop_table("pool_item")
    op.drop_table("item_version")
    with op.batch_alter_table("item_tag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_tag_tag_id"))

    op.drop_table("item_tag")
    with op.batch_alter_table("assessment_slot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_slot_pool_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_slot_item_id"))

    op.drop_table("assessment_slot")
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_lesson_id"))

    op.drop_table("item")
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assessment_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_module_id"))
        batch_op.drop_index(batch_op.f("ix_assessment_lesson_id"))

    op.drop_table("assessment")
    op.drop_table("lesson")
    op.drop_table("pool")
    op.drop_table("module")
    with op.batch_alter_table("tag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tag_tenant_id"))

    op.drop_table("tag")
    with op.batch_alter_table("course", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_course_tenant_id"))

    op.drop_table("course")
    with op.batch_alter_table("bank", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_tenant_id"))

    op.drop_table("bank")
    with op.batch_alter_table("api_key", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_key_tenant_id"))

    op.drop_table("api_key")
    op.drop_table("tenant")
