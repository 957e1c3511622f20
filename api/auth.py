"""Who is calling: an integration's API key, with its tenant and scopes. Views read `caller()` and nothing else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar

from flask import g, request

from api.db import db_session
from api.errors import ApiError
from itembank.keys import find_active_key

F = TypeVar("F", bound=Callable[..., Any])
SECURITY = [{"apiKey": []}]


@dataclass(frozen=True)
class Caller:
    tenant_id: int
    key_id: int
    scopes: frozenset[str]


def caller() -> Caller:
    return g.caller


def require_scope(*scopes: str) -> Callable[[F], F]:
    """Authenticate the bearer key and require one of `scopes`; 401 without a valid key, 403 without the scope."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            found = _authenticate()
            if not found.scopes & set(scopes):
                raise ApiError(403, f"this key lacks the scope this call needs: one of {', '.join(scopes)}")
            g.caller = found
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def _authenticate() -> Caller:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    challenge = {"WWW-Authenticate": 'Bearer realm="assess"'}
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "send an API key as 'Authorization: Bearer <key>'", headers=challenge)
    key = find_active_key(db_session(), token.strip())
    if key is None:
        raise ApiError(401, "the API key is unknown or revoked", headers=challenge)
    return Caller(tenant_id=key.tenant_id, key_id=key.id, scopes=key.scope_set)
