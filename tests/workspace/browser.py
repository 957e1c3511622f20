"""What the workspace's browser tests need: Debian's Chromium driven by Playwright, axe-core from npm, and a
live server on a throwaway SQLite database, one per test module.

Without a browser, Playwright or axe the tests skip naming what is missing; under CI=true that is a failure
(`.ci/run` installs all three)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from api.app import create_app
from api.config import Settings
from itembank.db import Base
from tests.databases import throwaway_database

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "screenshots" / "workspace"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERIOUS = ("serious", "critical")


def require_browser() -> None:
    missing = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    if not AXE.exists():
        missing.append(f"{AXE.relative_to(ROOT)} (npm install --no-save axe-core)")
    if missing:
        message = "the workspace's browser tests need " + ", ".join(missing)
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)


@contextmanager
def live_server(tmp_path: Path) -> Iterator[tuple[str, Session]]:
    """The real app on a fresh SQLite file, served in a thread; and a session on the same file for seeding."""
    with throwaway_database("sqlite", tmp_path) as database:
        Base.metadata.create_all(database.engine)
        settings = Settings(database_url=database.url, environment="testing", secret_key="browser-tests-" * 4)
        server = make_server("127.0.0.1", 0, create_app(settings), threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        session = Session(bind=database.engine, expire_on_commit=False)
        try:
            yield f"http://127.0.0.1:{server.server_port}", session
        finally:
            session.close()
            server.shutdown()
            thread.join()


def check_page(page, name: str) -> None:
    """axe-core on the page as it stands (no serious or critical violation), then a full-page screenshot."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in result["violations"]
        if violation["impact"] in SERIOUS
    ]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    assert not serious, f"axe on {name} ({page.url}): " + "; ".join(serious)
