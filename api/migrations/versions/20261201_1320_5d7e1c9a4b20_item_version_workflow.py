"""item versions: a workflow status, an author and a last change; items: a revision (their ETag)

Every existing version was loaded from the course file and delivered, so it becomes published with the
course file as author. Only each item's latest version stays published (one published version per item,
a unique index): the earlier ones, which no new form could draw, become retired.

Revision ID: 5d7e1c9a4b20
Revises: c41f8e2d6a90
Create Date: 2026-12-01 13:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d7e1c9a4b20"
down_revision: str | None = "c41f8e2d6a90"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AUTHOR = "who wrote this content: the API key's label, or the course file's name"
UPDATED = "when its content (a draft's) or its status last changed"
REVISION = "1, 2, ...: bumped by every change; the ETag"
STATUSES = "status IN ('draft', 'published', 'retired')"
PUBLISHED_ONLY = sa.text("status = 'published'")


def upgrade() -> None:
    with op.batch_alter_table("item_version") as batch:
        batch.add_column(sa.Column("status", sa.String(24), nullable=True))
        batch.add_column(sa.Column("author", sa.String(200), nullable=True, comment=AUTHOR))
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True, comment=UPDATED))
    with op.batch_alter_table("item") as batch:
        batch.add_column(sa.Column("revision", sa.Integer(), nullable=True, comment=REVISION))
    op.execute(
        "UPDATE item_version SET author = 'course file', updated_at = created_at, status = CASE WHEN number = "
        "(SELECT MAX(v.number) FROM item_version v WHERE v.item_id = item_version.item_id) "
        "THEN 'published' ELSE 'retired' END"
    )
    # An item's status follows its versions now: a retired item's latest version is retired too.
    op.execute(
        "UPDATE item_version SET status = 'retired' WHERE item_id IN (SELECT id FROM item WHERE status = 'retired')"
    )
    op.execute(
        "UPDATE item SET revision = 1, status = CASE WHEN EXISTS (SELECT 1 FROM item_version v WHERE v.item_id = "
        "item.id AND v.status = 'published') THEN 'published' WHEN EXISTS (SELECT 1 FROM item_version v WHERE "
        "v.item_id = item.id) THEN 'retired' ELSE 'draft' END"
    )
    with op.batch_alter_table("item_version") as batch:
        batch.alter_column("status", existing_type=sa.String(24), nullable=False)
        batch.alter_column("author", existing_type=sa.String(200), nullable=False, existing_comment=AUTHOR)
        batch.alter_column(
            "updated_at", existing_type=sa.DateTime(timezone=True), nullable=False, existing_comment=UPDATED
        )
        batch.create_check_constraint("status_valid", STATUSES)
        batch.create_index(
            "uq_item_version_published",
            ["item_id"],
            unique=True,
            sqlite_where=PUBLISHED_ONLY,
            postgresql_where=PUBLISHED_ONLY,
        )
    with op.batch_alter_table("item") as batch:
        batch.alter_column("revision", existing_type=sa.Integer(), nullable=False, existing_comment=REVISION)


def downgrade() -> None:
    # Drafts were never delivered, and the schema before this one would deliver every item's latest version:
    # they go (an item that had nothing but a draft keeps its status, draft, which no pool draws).
    op.execute("DELETE FROM option WHERE item_version_id IN (SELECT id FROM item_version WHERE status = 'draft')")
    op.execute("DELETE FROM item_version WHERE status = 'draft'")
    with op.batch_alter_table("item") as batch:
        batch.drop_column("revision")
    with op.batch_alter_table("item_version") as batch:
        batch.drop_index("uq_item_version_published")
        batch.drop_constraint("status_valid", type_="check")
        batch.drop_column("updated_at")
        batch.drop_column("author")
        batch.drop_column("status")
