"""Tenants own everything; API keys are a tenant's credentials for its LMS integrations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from itembank.db import Base, UTCDateTime
from itembank.models._columns import created_at


class Tenant(Base):
    """An organisation: one LMS integration's world, invisible to every other tenant."""

    __tablename__ = "tenant"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = created_at()

    api_keys: Mapped[list[ApiKey]] = relationship(back_populates="tenant")


class ApiKey(Base):
    """A revocable credential; only a hash of the secret is stored, so a database leak leaks no key."""

    __tablename__ = "api_key"
    __table_args__ = (UniqueConstraint("prefix"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenant.id", ondelete="CASCADE"), index=True)
    prefix: Mapped[str] = mapped_column(String(16), comment="public lookup part of the key, shown in listings")
    secret_hash: Mapped[str] = mapped_column(String(64), comment="sha256 hex of the whole key")
    label: Mapped[str] = mapped_column(String(200))
    scopes: Mapped[str] = mapped_column(String(200), comment="space-separated scope names")
    created_at: Mapped[datetime] = created_at()
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    tenant: Mapped[Tenant] = relationship(back_populates="api_keys")

    @property
    def scope_set(self) -> frozenset[str]:
        return scope_set(self.scopes)


def scope_set(scopes: str) -> frozenset[str]:
    """The scope names of a key's stored `scopes` column."""
    return frozenset(scopes.split())
