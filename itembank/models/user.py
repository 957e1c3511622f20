"""Instructors who sign in to the workspace, and their server-side sessions.

A session is a row, so signing out, a lockout or an admin's change of role ends it at once: the cookie holds
only a random token whose hash is stored here, never anything a browser could forge or replay after revocation.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from itembank.db import Base, UTCDateTime
from itembank.models._columns import created_at, enum_check, enum_column
from itembank.models.enums import Role
from itembank.models.tenant import Tenant


class User(Base):
    """An instructor of one tenant; `email` is stored case-folded, so it is unique per tenant whatever its case."""

    __tablename__ = "user"
    __table_args__ = (
        UniqueConstraint("tenant_id", "email"),
        enum_check("role", Role),
        CheckConstraint("failed_attempts >= 0", name="failed_attempts_non_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254), comment="lower-cased: unique per tenant ignoring case")
    password_hash: Mapped[str] = mapped_column(String(200), comment="argon2id, with its parameters and salt")
    role: Mapped[str] = enum_column(Role)
    failed_attempts: Mapped[int] = mapped_column(default=0, comment="wrong passwords since the last sign-in")
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), comment="no sign-in before this")
    created_at: Mapped[datetime] = created_at()

    tenant: Mapped[Tenant] = relationship()


class UserSession(Base):
    """A signed-in browser: the sha256 of its cookie's token, and the CSRF token its forms must carry."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, comment="sha256 hex of the cookie's token")
    csrf_token: Mapped[str] = mapped_column(String(64), comment="sent back in every form of this session")
    created_at: Mapped[datetime] = created_at()
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()
