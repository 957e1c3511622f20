"""Settings come from the environment, so the same code runs the quickstart, the tests and production."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass

from itembank.db import DEFAULT_DATABASE_URL

ENVIRONMENTS = ("development", "production", "testing")


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    environment: str = "development"
    secret_key: str = ""
    max_body_bytes: int = 64 * 1024

    @classmethod
    def from_env(cls) -> Settings:
        environment = os.environ.get("ASSESS_ENV", "development")
        if environment not in ENVIRONMENTS:
            raise RuntimeError(f"ASSESS_ENV must be one of {ENVIRONMENTS}, not {environment!r}")
        secret_key = os.environ.get("ASSESS_SECRET_KEY", "")
        if not secret_key:
            if environment == "production":
                raise RuntimeError("ASSESS_SECRET_KEY must be set in production")
            secret_key = secrets.token_hex(32)
        return cls(
            database_url=os.environ.get("ASSESS_DATABASE_URL", DEFAULT_DATABASE_URL),
            environment=environment,
            secret_key=secret_key,
            max_body_bytes=int(os.environ.get("ASSESS_MAX_BODY_BYTES", 64 * 1024)),
        )

    @property
    def is_development(self) -> bool:
        return self.environment == "development"
