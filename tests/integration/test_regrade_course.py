"""A regrade of the AI Careers module test after a key correction, end to end through the course loader.

The course is loaded with `m1-test-q1` miskeyed (its "6.75%" keyed instead of "4.5%"), learners take the
module test, and the corrected course file is loaded again: the loader adds version 2 of that item. The dry
run must name every attempt whose score or outcome moves, the regrade must do exactly that (results and the
count tables with it), and the reversal must undo it, each step leaving the tables equal to a rebuild.
"""

import copy
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

import pytest
from sqlalchemy import select

from assess.delivery import start_attempt
from assess.regrade import dry_run, regrade_item, reverse_regrade
from assess.results import learner_results
from itembank.interchange.course_file import load_course, read_course_file
from itembank.models import Assessment, Item
from tests.integration.taking import assert_equal_to_a_rebuild, tables, take

COURSE_FILE = Path(__file__).resolve().parents[2] / "itembank" / "content" / "ai-careers" / "module-1.yaml"
CORRECTED = "m1-test-q1"
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
LATER = T0 + timedelta(days=2)


@pytest.fixture(scope="module")
def course():
    return read_course_file(COURSE_FILE)


def _miskeyed(course):
    """The course with CORRECTED's key on its second option (the first is the right answer)."""
    content = copy.deepcopy(course)
    (test,) = [a for a in content["assessments"] if a["slug"] == "module-1-test"]
    (question,) = [q for q in test["questions"] if q["id"] == CORRECTED]
    assert [o["correct"] for o in question["options"]] == [True, False, False, False]
    for position, option in enumerate(question["options"]):
        option["correct"] = position == 1
    return content


def _true_positions(course) -> dict[str, int]:
    (test,) = [a for a in course["assessments"] if a["slug"] == "module-1-test"]
    return {q["id"]: next(i for i, o in enumerate(q["options"]) if o["correct"]) for q in test["questions"]}


def _learner(true: dict[str, int], *, q1: int, wrong: int):
    """Answers CORRECTED with the option at position `q1`, then the next `wrong` questions (by ref order)
    wrongly, the rest with the true answer."""
    missed = [ref for ref in true if ref != CORRECTED][:wrong]

    def choose(question):
        ref = question.version.item.ref
        if ref == CORRECTED:
            position = q1
        elif ref in missed:
            position = (true[ref] + 1) % len(question.version.options)
        else:
            position = true[ref]
        return question.version.options[position].id

    return choose


def test_the_module_test_regraded_after_a_key_correction_and_reversed(session, course):
    load_course(session, _miskeyed(course))
    assessment = session.scalar(select(Assessment).where(Assessment.slug == "module-1-test"))
    true = _true_positions(course)
    # (learner, answer to q1 by position: 0 is right, 1 the wrong key, other questions missed) and, on the
    # miskeyed version, out of 15 (80% = 12 to pass) -> on the corrected one:
    takers = {
        "knew-it": (0, 0),  # 14 pass -> 15 pass
        "now-passes": (0, 3),  # 11 fail -> 12 pass
        "now-fails": (1, 2),  # 13 pass -> 12 pass ... a second attempt below
        "lost-it": (1, 3),  # 12 pass -> 11 fail
        "unaffected": (2, 1),  # 13 pass -> 13 pass
    }
    attempts = {
        name: take(session, assessment, name, _learner(true, q1=q1, wrong=wrong), T0 + timedelta(minutes=n))
        for n, (name, (q1, wrong)) in enumerate(takers.items())
    }
    retake = take(session, assessment, "now-fails", _learner(true, q1=1, wrong=3), T0 + timedelta(hours=1))
    open_attempt = start_attempt(session, assessment.tenant_id, assessment.id, "still-working", now=T0).attempt
    assert [attempts[n].points_earned for n in takers] == [14, 11, 13, 12, 13]
    original = tables(session, assessment)

    report = load_course(session, course)  # the corrected file
    assert report.items_revised == [CORRECTED]
    item = session.scalar(select(Item).where(Item.ref == CORRECTED))
    assert [v.number for v in item.versions] == [1, 2]

    planned = dry_run(session, assessment.tenant_id, item.id, 2, now=LATER)
    moved = {(a.learner_id, a.number): (a.points_before, a.points_after, a.passed_after) for a in planned.attempts}
    assert moved == {
        ("knew-it", 1): (14, 15, True),
        ("now-passes", 1): (11, 12, True),
        ("now-fails", 1): (13, 12, True),
        ("now-fails", 2): (12, 11, False),
        ("lost-it", 1): (12, 11, False),
        ("unaffected", 1): (13, 13, True),
    }
    assert (planned.totals.attempts, planned.totals.scores_changed, planned.totals.outcomes_changed) == (6, 5, 3)
    assert (planned.totals.now_passing, planned.totals.now_failing) == (1, 2)
    assert planned.open_attempts_kept == 1
    # Highest grade: "now-fails" keeps a pass from attempt 1 (12 of 15) though attempt 2 now fails.
    grades = {g.learner_id: (g.score_after, g.passed_after) for g in planned.grades}
    assert grades["now-fails"] == (Fraction(12, 15), True) and grades["lost-it"] == (Fraction(11, 15), False)
    assert planned.totals.grade_outcomes_changed == 2
    assert tables(session, assessment) == original

    done, created = regrade_item(session, assessment.tenant_id, item.id, 2, by="course author", now=LATER)
    assert created and [a.attempt_id for a in done.attempts] == [a.attempt_id for a in planned.attempts]
    assert_equal_to_a_rebuild(session, assessment)
    assert tables(session, assessment) != original
    results = {
        r.learner_id: (r.score, r.passed)
        for r in learner_results(session, assessment.tenant_id, assessment.id, now=LATER)[0]
    }
    assert results["now-passes"] == (Fraction(12, 15), True) and results["lost-it"] == (Fraction(11, 15), False)
    assert results["still-working"] == (None, None)
    session.refresh(open_attempt)
    assert {q.version.number for q in open_attempt.questions if q.version.item_id == item.id} == {1}
    session.refresh(retake)
    assert (retake.points_earned, retake.passed) == (11, False)

    reverse_regrade(session, assessment.tenant_id, done.id, by="course author", now=LATER + timedelta(hours=1))
    assert tables(session, assessment) == original
    assert_equal_to_a_rebuild(session, assessment)
    for name, attempt in attempts.items():
        session.refresh(attempt)
        assert attempt.points_earned == 14 - [0, 3, 1, 2, 1][list(takers).index(name)]
    results = {
        r.learner_id: r.passed for r in learner_results(session, assessment.tenant_id, assessment.id, now=LATER)[0]
    }
    assert (results["now-passes"], results["lost-it"]) == (False, True)
