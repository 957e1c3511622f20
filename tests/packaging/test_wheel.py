"""The built wheel alone migrates a database: `assess db upgrade` from an install, far from any checkout.

The test venv holds an editable install of the checkout, which would hide a file missing from the wheel. So
the wheel is built from a copy of just what the package is made of, installed with `--target` into a folder
that goes first on PYTHONPATH (its dependencies are the test venv's), run from a directory outside the
checkout, and the subprocess reports where `api`, `assess`, `itembank` and the migration scripts came from.
No network: `--no-build-isolation` builds with the test venv's setuptools, `--no-index` fetches nothing.
"""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text

from api.migrations import alembic_config
from itembank.db import Base

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("pyproject.toml", "README.md", "api", "assess", "itembank")
PIP = (sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input")
WHERE = """
import json, api, assess, itembank
from alembic.script import ScriptDirectory
from api.migrations import alembic_config
print(json.dumps({
    "modules": [api.__file__, assess.__file__, itembank.__file__],
    "scripts": ScriptDirectory.from_config(alembic_config()).dir,
}))
"""


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    completed = subprocess.run(
        [str(arg) for arg in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert completed.returncode == 0, f"{args} failed:\n{completed.stdout}\n{completed.stderr}"
    return completed.stdout


def _build_wheel(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    dist = tmp_path / "dist"
    _run(*PIP, "wheel", source, "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", dist, cwd=tmp_path)
    (wheel,) = dist.glob("assess-*.whl")
    return wheel


def test_the_installed_wheel_upgrades_a_database_without_the_checkout(tmp_path):
    wheel = _build_wheel(tmp_path)
    shipped = set(zipfile.ZipFile(wheel).namelist())
    versions = sorted(path.name for path in (ROOT / "api" / "migrations" / "versions").glob("*.py"))
    assert {"api/migrations/env.py", "api/migrations/script.py.mako"} <= shipped
    assert {f"api/migrations/versions/{name}" for name in versions} <= shipped
    assert "itembank/content/ai-careers/module-1.yaml" in shipped
    assert not {name for name in shipped if name.startswith(("tests/", "migrations/", "alembic.ini"))}

    target = tmp_path / "installed"
    _run(*PIP, "install", "--no-deps", "--no-index", "-q", "--target", target, wheel, cwd=tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    database = tmp_path / "installed.db"
    env = {
        **os.environ,
        "PYTHONPATH": str(target),
        "ASSESS_DATABASE_URL": f"sqlite:///{database}",
        "ASSESS_ENV": "testing",
    }

    where = json.loads(_run(sys.executable, "-c", WHERE, cwd=elsewhere, env=env))
    for path in [*where["modules"], where["scripts"]]:
        assert Path(path).resolve().is_relative_to(target.resolve()), f"{path} is not from the installed wheel"

    _run(target / "bin" / "assess", "db", "upgrade", cwd=elsewhere, env=env)

    engine = create_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) == set(Base.metadata.tables) | {"alembic_version"}
            (head,) = ScriptDirectory.from_config(alembic_config()).get_heads()
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head
    finally:
        engine.dispose()
    assert not list(elsewhere.iterdir()), "the command wrote into its working directory"
