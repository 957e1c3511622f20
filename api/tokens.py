"""Learner tokens: short-lived, signed, and good for one attempt only. Learners never hold API keys."""

from __future__ import annotations

import time
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


def learner_serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=SALT)


class LearnerTokenReader:
    """Reads learner tokens outside a request (the autosave path), remembering the ones it has verified.

    A learner sends the same token with every save of an attempt; its signature and payload cannot change,
    so it is verified once (an HMAC, base64 and JSON each time otherwise) and only its age is checked again.
    The memory is bounded: it is emptied when full.
    """

    def __init__(self, secret_key: str, *, capacity: int = 50_000) -> None:
        self.serializer = learner_serializer(secret_key)
        self.capacity = capacity
        self.verified: dict[str, tuple[LearnerClaim, float]] = {}

    def read(self, token: str, now: float | None = None) -> LearnerClaim | None:
        known = self.verified.get(token)
        if known is None:
            known = self._verify(token)
            if known is None:
                return None
            if len(self.verified) >= self.capacity:
                self.verified.clear()
            self.verified[token] = known
        claim, issued = known
        age = (time.time() if now is None else now) - issued
        return claim if 0 <= age <= MAX_AGE_SECONDS else None  # as itsdangerous's max_age: no future stamps

    def _verify(self, token: str) -> tuple[LearnerClaim, float] | None:
        if not token.startswith(PREFIX):
            return None
        try:
            data, issued = self.serializer.loads(token[len(PREFIX) :], return_timestamp=True)
            return LearnerClaim(tenant_id=int(data["t"]), attempt_id=int(data["a"])), issued.timestamp()
        except (BadSignature, KeyError, TypeError, ValueError):
            return None


def _serializer() -> URLSafeTimedSerializer:
    return learner_serializer(current_app.config["SECRET_KEY"])


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
