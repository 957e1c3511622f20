"""The learner's pages in a real browser: Debian's Chromium, headless, driven by Playwright for Python.

One quickstart server (`tests/e2e/quickstart.py`: `assess serve` in development, on a temporary SQLite file
with the course loaded) serves the whole run; a test that stops it starts it again on the same port and file.
Each test gets a fresh browser context (its own storage), so tests do not see each other's answers.

Without Playwright, `/usr/bin/chromium` or axe-core's script these tests skip, naming what is missing; under
CI=true that is a failure (`.ci/run` installs Chromium; the test extra installs Playwright and axe-core).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.live_site import DESKTOP, SCREENSHOTS, LiveServer, axe_script, require_browser_tools
from tests.e2e.quickstart import free_port, prepare


@pytest.fixture(scope="session", autouse=True)
def _browser_tools() -> None:
    """First of the session's fixtures here: skip (fail under CI=true) naming what is missing."""
    require_browser_tools()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    directory = tmp_path_factory.mktemp("learner-site")
    server = LiveServer(directory, free_port(), prepare(directory))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def context(browser) -> Iterator[object]:
    made = browser.new_context(viewport=DESKTOP)
    made.set_default_timeout(15_000)
    yield made
    made.close()


@pytest.fixture
def page(context) -> object:
    return context.new_page()


@pytest.fixture(scope="session")
def axe_source() -> str:
    script = axe_script()
    assert script is not None
    return script.read_text()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
