"""The rule for reference data beside the checkout: present, it is used; missing, a skip naming the folder,
except under CI=true, where it is a failure (tests/shared_data.py)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import shared_data
from tests.shared_data import shared_folder

ROOT = Path(__file__).resolve().parents[2]
MODULE_LEVEL = """
from pathlib import Path

from tests import shared_data

shared_data.SHARED = Path({missing!r})
REFERENCE = shared_data.shared_folder("reference")


def test_reads_the_reference():
    pass
"""


@pytest.fixture
def shared(tmp_path, monkeypatch):
    root = tmp_path / "shared"
    monkeypatch.setattr(shared_data, "SHARED", root)
    return root


def test_a_present_folder_is_returned(shared, monkeypatch):
    (shared / "reference").mkdir(parents=True)
    monkeypatch.setenv("CI", "true")
    assert shared_folder("reference") == shared / "reference"


@pytest.mark.parametrize("ci", [None, "", "false", "1"])
def test_a_missing_folder_skips_naming_it(shared, monkeypatch, ci):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    (shared / "seeds").mkdir(parents=True)  # another folder being there does not help
    with pytest.raises(pytest.skip.Exception, match="set CI=true") as skipped:
        shared_folder("reference")
    assert str(shared / "reference") in str(skipped.value)
    assert skipped.value.allow_module_level


@pytest.mark.parametrize("ci", ["true", "TRUE"])
def test_a_missing_folder_fails_under_ci(shared, monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception) as failed:
        shared_folder("reference")
    assert str(shared / "reference") in str(failed.value)
    assert not failed.value.pytrace


def test_the_folder_is_beside_the_repository_never_inside_it():
    assert (shared_data.REPOSITORY / "pyproject.toml").is_file()
    assert shared_data.REPOSITORY.parent / "shared" == shared_data.SHARED
    assert not (shared_data.REPOSITORY / "shared").exists()


def test_every_test_finds_the_shared_folder_through_the_helper():
    """A path built by hand would crash, not skip, in a clone without ../shared."""
    by_hand = [
        path.relative_to(ROOT)
        for path in (ROOT / "tests").rglob("*.py")
        if path.name not in {"shared_data.py", "test_shared_data.py"} and '"shared"' in path.read_text(encoding="utf-8")
    ]
    assert by_hand == []


# pytest exits 5 when a module-level skip leaves nothing to run, 2 when collecting errs
@pytest.mark.parametrize(("ci", "outcome", "exit_code"), [("", "1 skipped", 5), ("true", "1 error", 2)])
def test_at_module_level_the_whole_module_skips_or_errors(tmp_path, ci, outcome, exit_code):
    """As the LSAT and Moodle modules use it, whose parameters are read from the data while collecting."""
    missing = tmp_path / "nowhere" / "shared"
    module = tmp_path / "test_needs_reference.py"
    module.write_text(MODULE_LEVEL.format(missing=str(missing)), encoding="utf-8")
    env = {**os.environ, "CI": ci, "PYTHONPATH": str(ROOT), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "COLUMNS": "400"}
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", "-rs", "-p", "no:cacheprovider", module.name],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert outcome in completed.stdout, completed.stdout + completed.stderr
    assert str(missing / "reference") in completed.stdout
    assert completed.returncode == exit_code
