"""Learner tokens: short-lived, signed, and good for one attempt only. Learners never hold API keys."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadData, BadSignature, URLSafeTimedSerializer
from itsdangerous.encoding import base64_decode, base64_encode

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
            known = _signed_claim(self.serializer, token)
            if known is None:
                return None
            if len(self.verified) >= self.capacity:
                self.verified.clear()
            self.verified[token] = known
        claim, issued = known
        return claim if _fresh(issued, now) else None


def _signed_claim(serializer: URLSafeTimedSerializer, token: str) -> tuple[LearnerClaim, float] | None:
    """The claim and its issue time if we signed it, whatever its age; None for anything else."""
    if not token.startswith(PREFIX) or not _canonical(token[len(PREFIX) :]):
        return None
    try:
        data, issued = serializer.loads(token[len(PREFIX) :], return_timestamp=True)
        return LearnerClaim(tenant_id=int(data["t"]), attempt_id=int(data["a"])), issued.timestamp()
    except (BadSignature, KeyError, TypeError, ValueError):
        return None


def _canonical(signed: str) -> bool:
    """Whether each base64 part of a signed token is spelled as encoding its bytes spells it.

    The decoder ignores what no byte needs (the unused low bits of a part's last character, characters
    outside the alphabet), so a signed token could be sent in several spellings; a token has exactly one.
    """
    try:
        return all(base64_encode(base64_decode(part)) == part.encode("ascii") for part in signed.split("."))
    except (BadData, UnicodeEncodeError):
        return False


def _fresh(issued: float, now: float | None = None) -> bool:
    """Within MAX_AGE_SECONDS and not stamped in the future, as itsdangerous's `max_age` rules."""
    return 0 <= (time.time() if now is None else now) - issued <= MAX_AGE_SECONDS


def _serializer() -> URLSafeTimedSerializer:
    return learner_serializer(current_app.config["SECRET_KEY"])


def learner_token_expiry(issued_at: datetime) -> datetime:
    """When a token issued at `issued_at` stops being accepted (its signed stamp is in whole seconds)."""
    return issued_at.replace(microsecond=0) + timedelta(seconds=MAX_AGE_SECONDS)


def issue_learner_token(tenant_id: int, attempt_id: int, serializer: URLSafeTimedSerializer | None = None) -> str:
    """A token for the attempt, signed with `serializer` (one kept by the caller) or the app's secret."""
    return PREFIX + (serializer or _serializer()).dumps({"t": tenant_id, "a": attempt_id})


def read_learner_token(token: str) -> LearnerClaim | None:
    """None for anything not signed by us, expired, or malformed: the caller answers 401 without detail."""
    signed = _signed_claim(_serializer(), token)
    return signed[0] if signed is not None and _fresh(signed[1]) else None
