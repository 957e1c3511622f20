"""item versions: a workflow status, an author and a last change; items: a revision (their ETag)

Every existing version was loaded from the course file and delivered, so each item's latest version becomes
published with the course file as author; the earlier ones, which no new form could draw, become retired
(one published version per item, a unique index). A retired item's versions are all retired.

Columns are added in place, never by SQLite's batch copy of the table: `item` and `item_version` are
referenced with ON DELETE CASCADE, and SQLite's foreign keys are on, so dropping the old table to copy it
would delete every option, version and attempt question that refers to it. SQLite keeps the server
defaults the columns were added with (it cannot drop one in place); PostgreSQL drops them.

Revision ID: 5d7e1c9a4b20
Revises: 7b2e9c4d1f03
Create Date: 2026-12-01 13:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5d7e1c9a4b20"
down_revision: str | None = "7b2e9c4d1f03"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AUTHOR = "who wrote this content: the API key's label, or the course file's name"
UPDATED = "when its content (a draft's) or its status last changed"
REVISION = "1, 2, ...: bumped by every change; the ETag"
CHECK = "ck_item_version_status_valid"
STATUSES = "status IN ('draft', 'published', 'retired')"
PUBLISHED_ONLY = sa.text("status = 'published'")
EPOCH = "1970-01-01 00:00:00"


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:  # a CHECK can only be added with its column, written out
        op.execute(
            f"ALTER TABLE item_version ADD COLUMN status VARCHAR(24) DEFAULT 'draft' NOT NULL "
            f"CONSTRAINT {CHECK} CHECK ({STATUSES})"
        )
    else:
        op.add_column("item_version", sa.Column("status", sa.String(24), server_default="draft", nullable=False))
        op.create_check_constraint("status_valid", "item_version", STATUSES)
    op.add_column(
        "item_version", sa.Column("author", sa.String(200), server_default="", nullable=False, comment=AUTHOR)
    )
    op.add_column(
        "item_version",
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=EPOCH, nullable=False, comment=UPDATED),
    )
    op.add_column("item", sa.Column("revision", sa.Integer(), server_default="1", nullable=False, comment=REVISION))
    op.execute(
        "UPDATE item_version SET author = 'course file', updated_at = created_at, status = CASE "
        "WHEN item_id IN (SELECT id FROM item WHERE status = 'retired') THEN 'retired' "
        "WHEN number = (SELECT MAX(v.number) FROM item_version v WHERE v.item_id = item_version.item_id) "
        "THEN 'published' ELSE 'retired' END"
    )
    op.execute(
        "UPDATE item SET status = CASE WHEN EXISTS (SELECT 1 FROM item_version v WHERE v.item_id = item.id AND "
        "v.status = 'published') THEN 'published' WHEN EXISTS (SELECT 1 FROM item_version v WHERE "
        "v.item_id = item.id) THEN 'retired' ELSE 'draft' END"
    )
    op.create_index(
        "uq_item_version_published",
        "item_version",
        ["item_id"],
        unique=True,
        sqlite_where=PUBLISHED_ONLY,
        postgresql_where=PUBLISHED_ONLY,
    )
    if not sqlite:
        for table, column in (("item_version", "status"), ("item_version", "author"), ("item_version", "updated_at")):
            op.alter_column(table, column, server_default=None)
        op.alter_column("item", "revision", server_default=None)


def downgrade() -> None:
    # Drafts were never delivered, and the schema before this one would deliver every item's latest version:
    # they go (an item that had nothing but a draft keeps its status, draft, which no pool draws).
    op.execute("DELETE FROM option WHERE item_version_id IN (SELECT id FROM item_version WHERE status = 'draft')")
    op.execute("DELETE FROM item_version WHERE status = 'draft'")
    op.drop_index("uq_item_version_published", "item_version")
    op.drop_column("item", "revision")
    op.drop_column("item_version", "updated_at")
    op.drop_column("item_version", "author")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("status_valid", "item_version", type_="check")
    op.drop_column("item_version", "status")
