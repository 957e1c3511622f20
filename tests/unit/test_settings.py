"""Settings: one secret per development installation (a file beside the database, its owner's only); a short
secret refused in production; the database timeouts read from the environment."""

from __future__ import annotations

import stat
import subprocess
import threading
from pathlib import Path

import pytest

from api.config import MIN_SECRET_BYTES, ConfigurationError, Settings, installation_secret, secret_file

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = (
    "ASSESS_ENV",
    "ASSESS_SECRET_KEY",
    "ASSESS_DATABASE_URL",
    "ASSESS_DB_CONNECT_TIMEOUT",
    "ASSESS_DB_STATEMENT_TIMEOUT",
    "ASSESS_PUBLIC_URL",
)


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def test_development_keeps_one_secret_beside_the_sqlite_file(clean_env, tmp_path):
    clean_env.setenv("ASSESS_DATABASE_URL", f"sqlite:///{tmp_path / 'data' / 'assess.db'}")
    first, second = Settings.from_env(), Settings.from_env()  # two workers, or two starts
    assert first.secret_key == second.secret_key and len(first.secret_key.encode()) >= MIN_SECRET_BYTES
    stored = tmp_path / "data" / "assess.db.secret"
    assert stored.read_text().strip() == first.secret_key
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert sorted(path.name for path in stored.parent.iterdir()) == ["assess.db.secret"]  # no draft left behind


def test_the_quickstart_default_keeps_it_in_the_working_directory(clean_env, tmp_path):
    assert Settings.from_env().secret_key == (tmp_path / "assess.db.secret").read_text().strip()


def test_other_databases_keep_it_in_the_instance_folder(clean_env, tmp_path):
    clean_env.setenv("ASSESS_DATABASE_URL", "postgresql+psycopg://assess@db/assess")
    assert secret_file("postgresql+psycopg://assess@db/assess") == Path("instance/secret")
    assert Settings.from_env().secret_key == (tmp_path / "instance" / "secret").read_text().strip()


def test_workers_starting_at_once_agree_on_one_secret(tmp_path):
    url = f"sqlite:///{tmp_path / 'assess.db'}"
    barrier, seen = threading.Barrier(8), []

    def worker() -> None:
        barrier.wait()
        seen.append(installation_secret(url))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 8 and len(set(seen)) == 1


def test_the_secret_file_is_never_committed(tmp_path):
    for path in ("assess.db.secret", "data/assess.db.secret", "instance/secret"):
        ignored = subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT, check=False)
        assert ignored.returncode == 0, f"{path} is not ignored by .gitignore"


def test_testing_draws_a_secret_per_process_and_writes_nothing(clean_env, tmp_path):
    clean_env.setenv("ASSESS_ENV", "testing")
    assert Settings.from_env().secret_key != Settings.from_env().secret_key
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("secret", ["", "bench", "x" * (MIN_SECRET_BYTES - 1), "é" * 15])
def test_production_refuses_a_secret_shorter_than_32_bytes(clean_env, secret):
    clean_env.setenv("ASSESS_ENV", "production")
    clean_env.setenv("ASSESS_SECRET_KEY", secret)
    with pytest.raises(ConfigurationError, match="ASSESS_SECRET_KEY must be"):
        Settings.from_env()
    with pytest.raises(ConfigurationError, match="at least 32 bytes"):
        Settings(environment="production", secret_key=secret or "s")


def test_production_takes_a_secret_of_32_bytes(clean_env, tmp_path):
    clean_env.setenv("ASSESS_ENV", "production")
    clean_env.setenv("ASSESS_SECRET_KEY", "x" * MIN_SECRET_BYTES)
    assert Settings.from_env().secret_key == "x" * MIN_SECRET_BYTES
    assert list(tmp_path.iterdir()) == []  # production never writes a secret file


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


def test_the_public_url_is_read_without_its_trailing_slash(clean_env):
    assert Settings.from_env().public_url == ""
    clean_env.setenv("ASSESS_PUBLIC_URL", "https://assess.example.org/")
    assert Settings.from_env().public_url == "https://assess.example.org"
