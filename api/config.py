"""Settings come from the environment, so the same code runs the quickstart, the tests and production."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass

from itembank.db import DEFAULT_DATABASE_URL

ENVIRONMENTS = ("development", "production", "testing")


class ConfigurationError(RuntimeError):
    """A setting the service cannot start with; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    environment: str = "development"
    secret_key: str = ""
    max_body_bytes: int = 64 * 1024
    # PostgreSQL only: seconds to open a connection, and for any one statement (the server cancels it); 0: none.
    db_connect_timeout: float = 5
    db_statement_timeout: float = 30

    @classmethod
    def from_env(cls) -> Settings:
        environment = os.environ.get("ASSESS_ENV", "development")
        if environment not in ENVIRONMENTS:
            raise ConfigurationError(f"ASSESS_ENV must be one of {ENVIRONMENTS}, not {environment!r}")
        secret_key = os.environ.get("ASSESS_SECRET_KEY", "")
        if not secret_key:
            if environment == "production":
                raise ConfigurationError("ASSESS_SECRET_KEY must be set in production")
            secret_key = secrets.token_hex(32)
        return cls(
            database_url=os.environ.get("ASSESS_DATABASE_URL", DEFAULT_DATABASE_URL),
            environment=environment,
            secret_key=secret_key,
            max_body_bytes=int(os.environ.get("ASSESS_MAX_BODY_BYTES", 64 * 1024)),
            db_connect_timeout=_seconds("ASSESS_DB_CONNECT_TIMEOUT", cls.db_connect_timeout),
            db_statement_timeout=_seconds("ASSESS_DB_STATEMENT_TIMEOUT", cls.db_statement_timeout),
        )

    @property
    def is_development(self) -> bool:
        return self.environment == "development"


def _seconds(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be a number of seconds, not {raw!r}") from None
    if not 0 <= value < float("inf"):
        raise ConfigurationError(f"{name} must be 0 (no limit) or a positive number of seconds, not {raw!r}")
    return value
