"""Reference data read from `../shared/` beside the checkout (the course seeds, R's and Moodle's published
statistics), never copied into the repository.

A fresh clone has no such folder beside it, and the README's test command must still pass there: a test that
needs one skips, naming the folder. Under `CI=true` a missing folder fails the run instead, as a missing
PostgreSQL does (`tests/databases.py`): reference tests skipped must never pass as green.

Called at module level, where a module's parameters are read from the data, it skips the whole module;
called in a fixture or test, just that test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]
SHARED = REPOSITORY.parent / "shared"


def shared_folder(name: str) -> Path:
    """`<repository>/../shared/<name>`, or a skip (a failure under CI=true) naming the folder that is missing."""
    folder = SHARED / name
    if folder.is_dir():
        return folder
    message = f"reference data folder {folder} is missing (expected beside the checkout, as ../shared/{name})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(f"{message}; set CI=true to make this a failure", allow_module_level=True)
