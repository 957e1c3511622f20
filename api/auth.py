"""Who is calling: an integration's API key, with its tenant and scopes. Views read `caller()` and nothing else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import ParamSpec, TypeVar, cast

from flask import g, request
from sqlalchemy.orm import Session

from api.db import db_session
from api.errors import ApiError
from api.request_rules import CHALLENGE, bearer_token
from api.tokens import LearnerClaim, read_learner_token
from itembank.keys import find_active_key

P = ParamSpec("P")
R = TypeVar("R")
SECURITY: list[dict[str, list[str]]] = [{"apiKey": []}]


@dataclass(frozen=True)
class Caller:
    """An integration (key_id set) or a learner holding a token for exactly one attempt (attempt_id set)."""

    tenant_id: int
    scopes: frozenset[str]
    key_id: int | None = None
    attempt_id: int | None = None
    label: str | None = None  # the key's label: who did it, in audit records


def caller() -> Caller:
    return g.caller


def require_scope(*scopes: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Authenticate the bearer key and require one of `scopes`; 401 without a valid key, 403 without the scope.

    Write it right below `@blp.doc`, above `@blp.arguments` and `@blp.paginate`: the outer decorator runs first,
    so the credentials are checked before the query and the body are parsed (a request without them is a 401,
    whatever else is wrong with it), as the save route checks them before it reads its JSON.
    """

    def decorator(view: Callable[P, R]) -> Callable[P, R]:
        @wraps(view)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            g.caller = authenticate_key(bearer_token(request.headers.get("Authorization", "")), db_session(), scopes)
            return view(*args, **kwargs)

        return wrapper

    return decorator


def authenticate_key(token: str, session: Session, scopes: tuple[str, ...]) -> Caller:
    """The integration whose API key `token` is, holding one of `scopes`: 401 without a valid key, 403 without
    the scope. For the Flask routes (`require_scope`) and the routes served in front of Flask alike."""
    found = _authenticate(token, session)
    if not found.scopes & set(scopes):
        raise ApiError(403, f"this key lacks the scope this call needs: one of {', '.join(scopes)}")
    return found


def require_attempt_access(view: Callable[P, R]) -> Callable[P, R]:
    """An integration with `deliver`, or the learner whose token names this very attempt (`authorize_attempt`).

    Written right below `@blp.doc`, as `require_scope` is: credentials first."""

    @wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        token = bearer_token(request.headers.get("Authorization", ""))
        attempt_id = cast(int, kwargs["attempt_id"])  # from the route's <id:attempt_id>: IdConverter gives an int
        g.caller = authorize_attempt(token, attempt_id, read_learner_token(token), db_session)
        return view(*args, **kwargs)

    return wrapper


def authorize_attempt(
    token: str, attempt_id: int, claim: LearnerClaim | None, session: Callable[[], Session]
) -> Caller:
    """Who may act on an attempt: the learner whose token (`claim`, already read) names it, or a `deliver` key.

    A learner token for another attempt gets 404, as if the attempt did not exist, so ids cannot be probed.
    The database (`session()`) is read only for an API key, so a learner's request costs no statement here.
    """
    if claim is not None:
        if claim.attempt_id != attempt_id:
            raise ApiError(404, f"no attempt {attempt_id}")
        return Caller(tenant_id=claim.tenant_id, scopes=frozenset({"learner"}), attempt_id=claim.attempt_id)
    found = _authenticate(token, session())
    if "deliver" not in found.scopes:
        raise ApiError(403, "this key lacks the scope this call needs: deliver")
    return found


def _authenticate(token: str, session: Session) -> Caller:
    key = find_active_key(session, token)
    if key is None:
        raise ApiError(401, "the API key or token is unknown, expired or revoked", headers=CHALLENGE)
    return Caller(tenant_id=key.tenant_id, key_id=key.id, scopes=key.scope_set, label=key.label)
