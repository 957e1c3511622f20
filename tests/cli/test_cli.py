"""The `assess` command end to end against a real database URL, as an operator would run it."""

import copy
import json
import os

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from api.cli import main
from assess.analytics.store import StatCell, stat_cell_delta
from itembank.db import make_engine, make_sessionmaker
from itembank.models import Assessment
from tests.course_files import COURSE, write_course_file
from tests.databases import BACKENDS, throwaway_database
from tests.factories import AttemptFactory, bound


@pytest.fixture(params=BACKENDS)
def cli(request, tmp_path, monkeypatch):
    with throwaway_database(request.param, tmp_path) as database:
        monkeypatch.setenv("ASSESS_DATABASE_URL", database.url)
        monkeypatch.setenv("ASSESS_ENV", "testing")
        runner = CliRunner()

        def invoke(*args):
            result = runner.invoke(main, [str(arg) for arg in args], catch_exceptions=False)
            assert result.exit_code == 0, result.output
            return result

        invoke("db", "upgrade")
        yield invoke
        invoke("db", "downgrade", "base")


def test_load_export_and_reload(cli, tmp_path):
    path = write_course_file(tmp_path, COURSE)
    first = cli("bank", "load", path)
    assert "items: 4 created, 0 revised, 0 unchanged; assessments: 2 created, 0 updated" in first.output
    second = cli("bank", "load", path)
    assert "items: 0 created, 0 revised, 4 unchanged; assessments: 0 created, 0 updated" in second.output

    out = tmp_path / "export.json"
    cli("bank", "export", "--format", "json", "--output", out)
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported["format"] == "assess.bank-export/1"
    q2 = next(item for item in exported["items"] if item["id"] == "q2")
    assert q2["answer_key"] == ["B"] and q2["options"][1] == {
        "label": "B",
        "text": "3",
        "correct": True,
        "rationale": None,
    }
    assert q2["assessments"] == [{"id": "demo-quiz", "title": "Lesson 1 Quiz", "position": 2}]
    assert q2["lesson"]["title"] == "Counting"
    assert cli("bank", "export").output == out.read_text(encoding="utf-8")


def test_keys_are_printed_once_and_revocable(cli, tmp_path):
    cli("tenants", "create", "acme")
    key = cli(
        "keys", "create", "--tenant", "acme", "--scopes", "deliver,analytics", "--label", "Acme LMS"
    ).output.strip()
    assert key.startswith("ak_")
    listing = cli("keys", "list", "--tenant", "acme").output
    prefix = key.split("_")[1]
    assert prefix in listing and "active" in listing and key not in listing
    cli("keys", "revoke", prefix)
    assert "revoked" in cli("keys", "list", "--tenant", "acme").output


def test_analytics_prints_the_report_and_writes_files(cli, tmp_path):
    cli("bank", "load", write_course_file(tmp_path, COURSE))
    engine = make_engine(os.environ["ASSESS_DATABASE_URL"])
    try:
        with make_sessionmaker(engine)() as session, bound(session):
            quiz = session.scalar(select(Assessment).where(Assessment.slug == "demo-quiz"))
            for index in range(6):  # six scored attempts, with 0, 1 or 2 questions answered
                AttemptFactory(assessment=quiz, learner_id=f"l{index}", answers=index % 3, submit=True)
            session.commit()
    finally:
        engine.dispose()
    printed = cli("analytics", "demo-quiz").output
    assert "Lesson 1 Quiz" in printed and "6" in printed
    out = tmp_path / "report"
    rebuilt = cli("analytics", "demo-quiz", "--rebuild", "--selection", "all", "--out", out)
    assert "rebuilt from 6 scored attempts" in rebuilt.output
    names = sorted(path.name for path in out.iterdir())
    charts = [name for name in names if name.startswith("slot-") and name.endswith("-options.svg")]
    assert charts  # one option chart per choice slot
    assert [name for name in names if name not in charts] == [
        "distribution.csv",
        "item-map.svg",
        "options.csv",
        "questions.csv",
        "score-distribution.svg",
        "test.csv",
    ]
    assert "(all attempts)" in (out / "score-distribution.svg").read_text()
    for line in ("Alpha, 95% interval", "KR-21", "Time"):
        assert line in rebuilt.output
    assert "first attempts" in printed
    assert rebuilt.output.split("rebuilt")[1].count("Lesson 1 Quiz") == printed.count("Lesson 1 Quiz")


def test_regrade_dry_run_apply_and_reverse(cli, tmp_path):
    """The demo test's one item is keyed "0"; an attempt answered with the key scores 1 of 1. Keyed "1" in a
    corrected file (version 2), the dry run shows the attempt failing, --apply does it, reverse undoes it."""
    cli("bank", "load", write_course_file(tmp_path, COURSE))
    engine = make_engine(os.environ["ASSESS_DATABASE_URL"])
    try:
        with make_sessionmaker(engine)() as session, bound(session):
            test = session.scalar(select(Assessment).where(Assessment.slug == "demo-test"))
            attempt = AttemptFactory(assessment=test, learner_id="ana", answers=1, submit=True)
            session.commit()
    finally:
        engine.dispose()
    corrected = copy.deepcopy(COURSE)
    for position, option in enumerate(corrected["assessments"][1]["questions"][0]["options"]):
        option["correct"] = position == 1
    cli("bank", "load", write_course_file(tmp_path, corrected, "corrected.yaml"))

    dry = cli("regrade", "run", "t1", "--to-version", 2).output
    assert dry.startswith("dry run: item t1 to version 2")
    assert f"attempt {attempt.id} (ana #1): 1/1 -> 0/1, pass -> fail" in dry
    assert "1 attempts, 1 scores changed, 1 outcomes changed (0 now pass, 1 now fail)" in dry
    applied = cli("regrade", "run", "t1", "--to-version", 2, "--apply", "--by", "ops").output
    regrade_id = int(applied.split()[1].rstrip(":"))
    assert applied.startswith(f"regrade {regrade_id}: item t1") and "pass -> fail" in applied
    reversed_ = cli("regrade", "reverse", regrade_id).output
    assert reversed_.startswith(f"regrade {regrade_id} (reversed)")


def test_fold_analytics_folds_what_submits_appended(cli, tmp_path):
    cli("bank", "load", write_course_file(tmp_path, COURSE))
    engine = make_engine(os.environ["ASSESS_DATABASE_URL"])
    try:
        with make_sessionmaker(engine)() as session, bound(session):
            quiz = session.scalar(select(Assessment).where(Assessment.slug == "demo-quiz"))
            for index in range(3):
                AttemptFactory(assessment=quiz, learner_id=f"l{index}", answers=2, submit=True)
            session.commit()
        printed = cli("analytics", "demo-quiz").output
        assert cli("fold-analytics").output == "folded 1 assessments\n"
        with engine.connect() as connection:
            assert connection.scalar(select(func.count()).select_from(stat_cell_delta)) == 0
            assert (
                connection.scalar(select(func.sum(StatCell.count)).where(StatCell.selection == "all")) == 3 * 3 * 2
            )  # tagged and rollup
    finally:
        engine.dispose()
    assert cli("analytics", "demo-quiz").output == printed  # the report reads the same, folded
    assert cli("fold-analytics", "demo-quiz").output == "folded 1 assessments\n"  # named: folded, nothing waiting
    assert cli("fold-analytics").output == "folded 0 assessments\n"


def test_bank_import_prints_its_report_and_export_writes_gift(cli, tmp_path):
    path = tmp_path / "quiz.gift"
    path.write_text("// [id:capital]\nCapital of France?{=Paris ~Lyon}\n\nAn essay?{}\n", encoding="utf-8")
    first = cli("bank", "import", path)
    assert "items 1 created, 0 revised, 0 unchanged, 0 refused; 1 skipped" in first.output
    assert "skipped   An essay?: an essay is marked by hand" in first.output
    second = json.loads(cli("bank", "import", path, "--json").output.split("\n", 1)[1])
    assert second["counts"]["unchanged"] == 1 and second["items"][0]["ref"] == "capital"
    out = tmp_path / "bank.gift"
    cli("bank", "export", "--format", "gift", "-o", out)
    assert "// [id:capital]" in out.read_text(encoding="utf-8")
