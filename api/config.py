"""Settings come from the environment, so the same code runs the quickstart, the tests and production."""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from itembank.db import DEFAULT_DATABASE_URL

ENVIRONMENTS = ("development", "production", "testing")
MIN_SECRET_BYTES = 32  # signs every learner token: a shorter one could be guessed offline from a single token


class ConfigurationError(RuntimeError):
    """A setting the service cannot start with; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    environment: str = "development"
    secret_key: str = ""
    max_body_bytes: int = 64 * 1024
    max_import_bytes: int = 8 * 1024 * 1024
    """The body limit of `POST /api/v1/imports` alone: a bank's file is larger than any JSON request."""
    # PostgreSQL only: seconds to open a connection, and for any one statement (the server cancels it); 0: none.
    db_connect_timeout: float = 5
    db_statement_timeout: float = 30
    # Where learners reach this app (https://assess.example.org), for the learner_url of a start; empty: the
    # request's own scheme and host (right without a proxy in front, or with one that passes them on).
    public_url: str = ""

    def __post_init__(self) -> None:
        if self.environment == "production" and len(self.secret_key.encode()) < MIN_SECRET_BYTES:
            raise ConfigurationError(
                f"ASSESS_SECRET_KEY must be at least {MIN_SECRET_BYTES} bytes in production "
                f"(it has {len(self.secret_key.encode())}); make one with: "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
            )

    @classmethod
    def from_env(cls) -> Settings:
        environment = os.environ.get("ASSESS_ENV", "development")
        if environment not in ENVIRONMENTS:
            raise ConfigurationError(f"ASSESS_ENV must be one of {ENVIRONMENTS}, not {environment!r}")
        database_url = os.environ.get("ASSESS_DATABASE_URL", DEFAULT_DATABASE_URL)
        secret_key = os.environ.get("ASSESS_SECRET_KEY", "")
        if not secret_key:
            if environment == "production":
                raise ConfigurationError("ASSESS_SECRET_KEY must be set in production")
            # Development: one secret per installation, so every worker and every restart accepts the learner
            # tokens the others issued. Testing: one per process, as before.
            secret_key = installation_secret(database_url) if environment == "development" else secrets.token_hex(32)
        return cls(
            database_url=database_url,
            environment=environment,
            secret_key=secret_key,
            max_body_bytes=int(os.environ.get("ASSESS_MAX_BODY_BYTES", 64 * 1024)),
            max_import_bytes=int(os.environ.get("ASSESS_MAX_IMPORT_BYTES", 8 * 1024 * 1024)),
            db_connect_timeout=_seconds("ASSESS_DB_CONNECT_TIMEOUT", cls.db_connect_timeout),
            db_statement_timeout=_seconds("ASSESS_DB_STATEMENT_TIMEOUT", cls.db_statement_timeout),
            public_url=os.environ.get("ASSESS_PUBLIC_URL", "").rstrip("/"),
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


def secret_file(database_url: str) -> Path:
    """Where development keeps its secret: beside the SQLite file (`assess.db` -> `assess.db.secret`), or
    `instance/secret` in the working directory for any other database."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        database = Path(url.database)
        return database.with_name(database.name + ".secret")
    return Path("instance") / "secret"


def installation_secret(database_url: str) -> str:
    """The installation's secret, made on first use (readable by its owner only, never committed: .gitignore).

    Made in a file of its own and linked into place, so of two workers starting at once one creates it and
    the other reads what the first wrote, never a half-written file.
    """
    path = secret_file(database_url)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "w") as out:
                out.write(secrets.token_urlsafe(48) + "\n")
            with contextlib.suppress(FileExistsError):  # another process made it first: use theirs
                os.link(draft, path)
        finally:
            draft.unlink()
    secret = path.read_text().strip()
    if len(secret.encode()) < MIN_SECRET_BYTES:
        raise ConfigurationError(f"{path} holds a secret shorter than {MIN_SECRET_BYTES} bytes: delete it to make one")
    return secret
