#!/usr/bin/env python3
"""The quickstart's two commands, needing nothing but Python 3.11:

    python3 dev.py serve   # install, migrate, load the AI Careers course, serve on http://127.0.0.1:8000
    python3 dev.py test    # install, lint, type-check, and run the whole test suite on SQLite and PostgreSQL

Both create ./.venv and install the project from pyproject.toml into it, so nothing is installed by hand.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
COURSE = ROOT / "itembank" / "content" / "ai-careers" / "module-1.yaml"


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(arg) for arg in args), flush=True)
    completed = subprocess.run([str(arg) for arg in args], cwd=ROOT, env={**os.environ, **(env or {})})
    if completed.returncode:
        sys.exit(completed.returncode)


def ensure_venv(extras: str) -> None:
    """(Re)install only when pyproject.toml or the extras changed, so repeat runs start in seconds."""
    stamp = VENV / f".installed-{extras or 'base'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    if not (BIN / "python").exists():
        print(f"+ creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "-e", f".[{extras}]" if extras else ".")
    stamp.write_text(digest)


def serve() -> None:
    ensure_venv("")
    run(BIN / "assess", "db", "upgrade")
    run(BIN / "assess", "bank", "load", COURSE)
    os.execv(BIN / "assess", [str(BIN / "assess"), "serve", *sys.argv[2:]])


def test() -> None:
    ensure_venv("test")
    run(BIN / "ruff", "check", ".")
    run(BIN / "ruff", "format", "--check", ".")
    run(BIN / "lint-imports", "--no-cache")
    run(BIN / "mypy")  # what it checks, and how strictly: [tool.mypy] in pyproject.toml
    run(BIN / "python", "-m", "pytest", *sys.argv[2:])


if __name__ == "__main__":
    commands = {"serve": serve, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]]()
