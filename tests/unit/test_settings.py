"""Settings: the database timeouts read from the environment."""

from __future__ import annotations

import pytest

from api.config import ConfigurationError, Settings

SETTINGS = (
    "ASSESS_ENV",
    "ASSESS_SECRET_KEY",
    "ASSESS_DATABASE_URL",
    "ASSESS_DB_CONNECT_TIMEOUT",
    "ASSESS_DB_STATEMENT_TIMEOUT",
)


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def test_database_timeouts_come_from_the_environment(clean_env):
    clean_env.setenv("ASSESS_ENV", "testing")
    assert (Settings.from_env().db_connect_timeout, Settings.from_env().db_statement_timeout) == (5, 30)
    clean_env.setenv("ASSESS_DB_CONNECT_TIMEOUT", "2.5")
    clean_env.setenv("ASSESS_DB_STATEMENT_TIMEOUT", "0")
    assert (Settings.from_env().db_connect_timeout, Settings.from_env().db_statement_timeout) == (2.5, 0)
    for wrong in ("soon", "-1", "inf", "nan"):
        clean_env.setenv("ASSESS_DB_STATEMENT_TIMEOUT", wrong)
        with pytest.raises(ConfigurationError, match="ASSESS_DB_STATEMENT_TIMEOUT"):
            Settings.from_env()
