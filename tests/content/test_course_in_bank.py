"""The AI Careers course as the bank holds it, checked through the export against the seed text itself."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from itembank.db import Base
from itembank.interchange.course_file import load_course, read_course_file
from itembank.interchange.json_export import export_bank
from itembank.models import Assessment, Course, Tenant
from tests.content.seed_text import parse_seed, seed_path

COURSE_FILE = Path(__file__).resolve().parents[2] / "itembank" / "content" / "ai-careers" / "module-1.yaml"


@pytest.fixture(scope="module")
def seed():
    return parse_seed(seed_path())


@pytest.fixture
def loaded(session):
    load_course(session, read_course_file(COURSE_FILE))
    return session.scalar(select(Tenant).where(Tenant.slug == "default"))


def _by_assessment(exported):
    """Seed order per assessment, rebuilt from the export's placements alone."""
    placed = {}
    for item in exported["items"]:
        (placement,) = item["assessments"]
        placed.setdefault(placement["title"], []).append((placement["position"], item))
    return {title: [item for _pos, item in sorted(items, key=lambda pair: pair[0])] for title, items in placed.items()}


def test_every_question_is_exported_with_the_seed_text(session, loaded, seed):
    exported = export_bank(session, loaded)
    assert len(exported["items"]) == 35
    by_title = _by_assessment(exported)
    assert set(by_title) == {a.title for a in seed.assessments}
    for seed_assessment in seed.assessments:
        items = by_title[seed_assessment.title]
        assert len(items) == len(seed_assessment.questions)
        for seed_question, item in zip(seed_assessment.questions, items, strict=True):
            assert item["stem"] == seed_question.stem
            assert item["feedback"]["correct"] == seed_question.feedback_correct
            assert item["feedback"]["incorrect"] == seed_question.feedback_incorrect


def test_each_item_has_four_options_and_one_key(session, loaded):
    for item in export_bank(session, loaded)["items"]:
        assert len(item["options"]) == 4, item["id"]
        assert len(item["answer_key"]) == 1, item["id"]
        assert [o["label"] for o in item["options"] if o["correct"]] == item["answer_key"]


def test_titles_and_thresholds_match_the_seed(session, loaded, seed):
    course = session.scalar(select(Course).where(Course.tenant_id == loaded.id))
    assert course.title == seed.title
    (module,) = course.modules
    assert (module.number, module.title) == (seed.module_number, seed.module_title)
    assert [(lesson.number, lesson.title, lesson.subtitle) for lesson in module.lessons] == [
        (lesson.number, lesson.title, lesson.subtitle) for lesson in seed.lessons
    ]
    assessments = {a.title: a for a in session.scalars(select(Assessment).where(Assessment.tenant_id == loaded.id))}
    assert set(assessments) == {a.title for a in seed.assessments}
    for seed_assessment in seed.assessments:
        assessment = assessments[seed_assessment.title]
        assert assessment.subtitle == seed_assessment.subtitle
        assert len(assessment.slots) == len(seed_assessment.questions)
        if seed_assessment.lesson_number is not None:
            assert assessment.kind == "lesson_quiz" and assessment.lesson.number == seed_assessment.lesson_number
            assert assessment.feedback_policy == "immediate"
        else:
            assert assessment.kind == "module_test" and assessment.feedback_policy == "after_submit"
            assert assessment.pass_threshold_bp == seed_assessment.pass_percent * 100
        assert assessment.pass_threshold_bp == 8000


def test_loading_twice_creates_nothing(session, loaded):
    counts = {t.name: session.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}
    report = load_course(session, read_course_file(COURSE_FILE))
    assert not report.changed and len(report.items_unchanged) == 35
    assert {t.name: session.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables} == counts


def test_no_mojibake_survives_in_the_bank(session, loaded):
    text = str(export_bank(session, loaded))
    for broken in ("\u03b2\u20ac", "\u0392\u00b7", "\u0393\u2014"):  # the three mis-encodings, escaped
        assert broken not in text
