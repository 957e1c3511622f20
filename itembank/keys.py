"""Issuing, finding and revoking API keys. Keys are shown once at creation; only their hash is kept."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from itembank.db import utcnow
from itembank.errors import AuthoringError, NotFoundError
from itembank.models import ApiKey, Scope, Tenant
from itembank.models.tenant import scope_set

KEY_PREFIX = "ak"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def issue_key(session: Session, tenant: Tenant, scopes: Iterable[str], label: str) -> tuple[ApiKey, str]:
    """Return the stored key and the plaintext, which exists nowhere else after this call."""
    wanted = sorted(set(scopes))
    unknown = [scope for scope in wanted if scope not in {member.value for member in Scope}]
    if not wanted or unknown:
        allowed = ", ".join(member.value for member in Scope)
        raise AuthoringError(f"scopes must be some of: {allowed}", {"scopes": [f"unknown: {unknown}"]})
    prefix = secrets.token_hex(6)
    plaintext = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey(tenant_id=tenant.id, prefix=prefix, secret_hash=_hash(plaintext), label=label, scopes=" ".join(wanted))
    session.add(key)
    session.flush()
    return key, plaintext


@dataclass(frozen=True)
class ActiveKey:
    """What a request needs of the key it presented: read as plain columns, since every request reads it."""

    id: int
    tenant_id: int
    label: str
    scope_set: frozenset[str]


_ACTIVE_BY_PREFIX = select(ApiKey.id, ApiKey.tenant_id, ApiKey.label, ApiKey.scopes, ApiKey.secret_hash).where(
    ApiKey.prefix == bindparam("prefix"), ApiKey.revoked_at.is_(None)
)


def find_active_key(session: Session, plaintext: str) -> ActiveKey | None:
    """Look a presented key up by its public prefix, then compare hashes in constant time."""
    parts = plaintext.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    # On the connection, not through the ORM: every request reads it, and it loads no object.
    row = session.connection().execute(_ACTIVE_BY_PREFIX, {"prefix": parts[1]}).one_or_none()
    if row is None or not hmac.compare_digest(row.secret_hash, _hash(plaintext)):
        return None
    return ActiveKey(row.id, row.tenant_id, row.label, scope_set(row.scopes))


def revoke_key(session: Session, prefix: str) -> ApiKey:
    key = session.scalar(select(ApiKey).where(ApiKey.prefix == prefix))
    if key is None:
        raise NotFoundError(f"no API key with prefix {prefix}")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        session.flush()
    return key


def revoke_keys_labelled(session: Session, tenant: Tenant, label: str) -> int:
    """Used by the development server to retire the previous run's try-it key before printing a new one."""
    keys = session.scalars(
        select(ApiKey).where(ApiKey.tenant_id == tenant.id, ApiKey.label == label, ApiKey.revoked_at.is_(None))
    ).all()
    for key in keys:
        key.revoked_at = utcnow()
    session.flush()
    return len(keys)
