"""The browser tests' site and browser: Debian's Chromium, the quickstart server, what a test reads past the page."""

from __future__ import annotations

import importlib.util
import os
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.quickstart import call, kill, serve

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots" / "learner"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


def axe_script() -> Path | None:
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or spec.origin is None:
        return None
    script = Path(spec.origin).parent / "axe.min.js"
    return script if script.is_file() else None


def require_browser_tools() -> None:
    """Skip a browser test naming what is missing; under CI=true that is a failure (`.ci/run` installs it all)."""
    absent = missing()
    if not absent:
        return
    message = "the browser tests need " + "; ".join(absent)
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(f"{message}; set CI=true to make this a failure")


def missing() -> list[str]:
    missing = []
    if importlib.util.find_spec("playwright") is None:
        missing.append("the Python package playwright (pip install -e '.[test]')")
    if not CHROMIUM.is_file():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    if axe_script() is None:
        missing.append("axe-core's axe.min.js (the Python package axe-playwright-python, in the test extra)")
    return missing


@dataclass
class LiveServer:
    """The quickstart's `assess serve` on a temporary directory; stopped and started again on the same port."""

    directory: Path
    port: int
    env: dict[str, str]
    process: subprocess.Popen | None = None
    key: str = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def database(self) -> Path:
        return self.directory / "assess.db"

    def start(self) -> None:
        self.process, self.key = serve(self.directory, self.port, self.env)

    def stop(self) -> None:
        if self.process is not None:
            kill(self.process)
            self.process = None

    def api(self, method: str, path: str, body: object = None) -> object:
        status, answer = call(self.port, method, path, self.key, body)
        assert 200 <= status < 300, (status, answer)
        return answer

    def assessment_id(self, slug: str) -> int:
        assessments = self.api("GET", "/assessments?page_size=100")
        assert isinstance(assessments, list)
        return next(found["id"] for found in assessments if found["slug"] == slug)

    def start_attempt(self, assessment_id: int, learner: str) -> dict:
        started = self.api("POST", f"/assessments/{assessment_id}/attempts", {"learner_id": learner})
        assert isinstance(started, dict)
        return started

    def rows(self, sql: str, *parameters: object) -> list[tuple]:
        """Read the SQLite file itself, past the server: what is stored, not what a page was told."""
        connection = sqlite3.connect(self.database)
        try:
            return connection.execute(sql, parameters).fetchall()
        finally:
            connection.close()

    def keyed_options(self, attempt_id: int) -> dict[int, set[int]]:
        """Each question's keyed option ids, by position: what the test knows from the bank, not from the page."""
        keyed: dict[int, set[int]] = {}
        for position, option_id in self.rows(
            "SELECT q.position, o.id FROM attempt_question q JOIN option o ON o.item_version_id = q.item_version_id"
            " WHERE q.attempt_id = ? AND o.is_correct",
            attempt_id,
        ):
            keyed.setdefault(position, set()).add(option_id)
        return keyed

    def log(self) -> str:
        return (self.directory / "serve.log").read_text(errors="replace")
