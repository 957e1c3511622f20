"""What the workspace's browser tests need: Debian's Chromium driven by Playwright, axe-core (the learner
client's browser tests' own: `tests.browser.live_site`), and a
live server on a throwaway SQLite database, one per test module.

Without a browser, Playwright or axe the tests skip naming what is missing; under CI=true that is a failure
(`.ci/run` installs all three)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from api.app import create_app
from api.config import Settings
from itembank.db import Base
from tests.browser.live_site import axe_script
from tests.databases import throwaway_database

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots" / "workspace"
SERIOUS = ("serious", "critical")


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
    page.add_script_tag(path=str(axe_script()))
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
