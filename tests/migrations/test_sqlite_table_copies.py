"""`assess db upgrade` and `downgrade` on a SQLite file with attempts in it: the batch migrations copy the attempt
table and drop the original, which with foreign keys on deleted every question of every attempt."""

from click.testing import CliRunner
from sqlalchemy import func, select

from api.cli import main
from assess.delivery import start_attempt
from assess.models import AttemptQuestion
from itembank.db import make_engine, make_sessionmaker
from itembank.models import Assessment
from tests.course_files import COURSE, write_course_file

BEFORE_THE_COPIES = "20f77dacdda5"  # c41f8e2d6a90 (attempt.updated_at) copies the attempt table either way


def test_questions_survive_the_attempt_table_copied_down_and_up(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'assess.db'}"
    monkeypatch.setenv("ASSESS_DATABASE_URL", url)
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"], catch_exceptions=False).exit_code == 0
    result = runner.invoke(main, ["bank", "load", str(write_course_file(tmp_path, COURSE))], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    engine = make_engine(url)
    count = select(func.count()).select_from(AttemptQuestion)
    try:
        with make_sessionmaker(engine)() as session:
            assessment = session.scalars(select(Assessment).order_by(Assessment.id)).first()
            assert assessment is not None
            start_attempt(session, assessment.tenant_id, assessment.id, "ana", now=assessment.created_at)
            session.commit()
            questions = session.scalar(count)
        assert questions
        for args in (["db", "downgrade", BEFORE_THE_COPIES], ["db", "upgrade"]):
            assert runner.invoke(main, args, catch_exceptions=False).exit_code == 0
            with make_sessionmaker(engine)() as session:
                assert session.scalar(count) == questions, args
    finally:
        engine.dispose()
