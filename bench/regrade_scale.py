"""How a regrade of the module test scales with the attempts it moves: wall time and SQL statements.

    .venv/bin/python bench/regrade_scale.py 200                       # a throwaway SQLite file
    .venv/bin/python bench/regrade_scale.py 200 postgresql+psycopg://postgres@127.0.0.1:5432/assess_bench

N learners take the AI Careers module test through start/save/submit (one answer each, seeded), the
corrected version of m1-test-q1 is loaded, then the dry run, the regrade and its reversal are timed, each
in its own transaction (committed), with the statements each sends.
"""

from __future__ import annotations

import copy
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import event, select
from sqlalchemy.orm import Session

import assess.analytics.store
import assess.models
import assess.regrade.records  # noqa: F401  (every table on the metadata)
from assess.delivery import save_response, start_attempt, submit_attempt
from assess.regrade import dry_run, regrade_item, reverse_regrade
from itembank.db import Base, make_engine
from itembank.interchange.course_file import load_course, read_course_file
from itembank.models import Assessment, Item

COURSE = Path(__file__).resolve().parents[1] / "itembank" / "content" / "ai-careers" / "module-1.yaml"
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def main(learners: int, url: str | None) -> None:
    url = url or f"sqlite:///{tempfile.mkdtemp()}/regrade.db"
    engine = make_engine(url)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    statements = [0]
    event.listen(engine, "before_cursor_execute", lambda *args: statements.__setitem__(0, statements[0] + 1))
    course = read_course_file(COURSE)
    miskeyed = copy.deepcopy(course)
    question = next(q for a in miskeyed["assessments"] for q in a["questions"] if q["id"] == "m1-test-q1")
    for position, option in enumerate(question["options"]):
        option["correct"] = position == 1
    rng = random.Random(7)
    with Session(engine) as session:
        load_course(session, miskeyed)
        assessment = session.scalar(select(Assessment).where(Assessment.slug == "module-1-test"))
        assert assessment is not None
        for n in range(learners):
            attempt = start_attempt(session, assessment.tenant_id, assessment.id, f"l{n}", now=T0).attempt
            for q in attempt.questions:
                option = rng.choice(q.version.options).id
                save_response(session, attempt.tenant_id, attempt.id, q.position, {"option": option}, seq=1, now=T0)
            submit_attempt(session, attempt.tenant_id, attempt.id, now=T0 + timedelta(minutes=5))
        load_course(session, course)
        session.commit()
        tenant_id, item_id = assessment.tenant_id, session.scalar(select(Item.id).where(Item.ref == "m1-test-q1"))
    assert item_id is not None
    later = T0 + timedelta(days=1)
    for name, step in (
        ("dry run", lambda s: dry_run(s, tenant_id, item_id, 2, now=later)),
        ("regrade", lambda s: regrade_item(s, tenant_id, item_id, 2, by="bench", now=later)[0]),
        ("repeat", lambda s: regrade_item(s, tenant_id, item_id, 2, by="bench", now=later)[0]),
        ("reverse", lambda s: reverse_regrade(s, tenant_id, 1, by="bench", now=later)),
    ):
        with Session(engine) as session:
            statements[0] = 0
            started = time.perf_counter()
            report = step(session)
            session.commit()
            elapsed = time.perf_counter() - started
        print(
            f"{engine.dialect.name} {learners} attempts, {name}: {elapsed * 1000:.0f} ms, {statements[0]} statements, "
            f"{report.totals.attempts} listed, {report.totals.outcomes_changed} outcomes changed"
        )
    engine.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200, sys.argv[2] if len(sys.argv) > 2 else None)
