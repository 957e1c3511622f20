"""Learner tokens: short-lived, signed, and good for one attempt only. Learners never hold API keys."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

PREFIX = "lt."
SALT = "assess.learner-attempt"
MAX_AGE_SECONDS = 6 * 60 * 60


@dataclass(frozen=True)
class LearnerClaim:
    tenant_id: int
    attempt_id: int


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def issue_learner_token(tenant_id: int, attempt_id: int) -> str:
    return PREFIX + _serializer().dumps({"t": tenant_id, "a": attempt_id})


def read_learner_token(token: str) -> LearnerClaim | None:
    """None for anything not signed by us, expired, or malformed: the caller answers 401 without detail."""
    if not token.startswith(PREFIX):
        return None
    try:
        data = _serializer().loads(token[len(PREFIX) :], max_age=MAX_AGE_SECONDS)
        return LearnerClaim(tenant_id=int(data["t"]), attempt_id=int(data["a"]))
    except (BadSignature, KeyError, TypeError, ValueError):
        return None
