"""Loading course files: idempotent, versioning on edits, and loud about mistakes."""

import copy
import dataclasses
import textwrap

import pytest
import yaml
from sqlalchemy import func, select

from assess.delivery import answer_key
from itembank.authoring import edit_content
from itembank.db import Base
from itembank.errors import ContentFileError
from itembank.interchange import course_schema
from itembank.interchange.course_file import load_course, read_course_file
from itembank.interchange.json_export import export_bank
from itembank.itemtypes import score_response
from itembank.models import Assessment, Item, ItemVersion, Tenant
from itembank.version_content import draft_of
from tests.course_files import COURSE, write_course_file


def _load(session, tmp_path, content):
    return load_course(session, read_course_file(write_course_file(tmp_path, content)))


def _row_counts(session):
    return {
        table.name: session.scalar(select(func.count()).select_from(table)) for table in Base.metadata.sorted_tables
    }


def test_first_load_creates_everything(session, tmp_path):
    report = _load(session, tmp_path, COURSE)
    assert report.items_created == ["q1", "q2", "q3", "t1"]
    assert report.assessments_created == ["demo-quiz", "demo-test"]
    quiz = session.scalar(select(Assessment).where(Assessment.slug == "demo-quiz"))
    assert [slot.item.ref for slot in quiz.slots] == ["q1", "q2", "q3"]
    assert quiz.lesson.title == "Counting" and quiz.feedback_policy == "immediate"
    test = session.scalar(select(Assessment).where(Assessment.slug == "demo-test"))
    assert test.pass_threshold_bp == 6667


def test_second_load_changes_nothing(session, tmp_path):
    _load(session, tmp_path, COURSE)
    counts = _row_counts(session)
    tenant = session.scalar(select(Tenant).where(Tenant.slug == "default"))
    before = export_bank(session, tenant)
    report = _load(session, tmp_path, COURSE)
    assert not report.changed and report.items_unchanged == ["q1", "q2", "q3", "t1"]
    assert not session.dirty
    assert _row_counts(session) == counts
    assert export_bank(session, tenant) == before


@pytest.mark.parametrize(
    "edit",
    [
        lambda q: q.update(stem=q["stem"] + " "),
        lambda q: q["options"][3].update(text="ninety"),
        lambda q: q["feedback"].update(incorrect="Count again."),
        lambda q: q["options"].reverse(),
    ],
    ids=["stem", "option", "feedback", "order"],
)
def test_an_edit_adds_a_version_and_keeps_the_old_one(session, tmp_path, edit):
    _load(session, tmp_path, COURSE)
    edited = copy.deepcopy(COURSE)
    edit(edited["assessments"][0]["questions"][1])
    report = _load(session, tmp_path, edited)
    assert report.items_revised == ["q2"] and report.items_created == []
    item = session.scalar(select(Item).where(Item.ref == "q2"))
    assert [(v.number, v.status, v.author) for v in item.versions] == [
        (1, "retired", "course file"),
        (2, "published", "course file"),
    ]
    assert item.status == "published" and item.revision == 2  # an ETag read before the load is stale now
    assert session.scalar(select(func.count()).select_from(ItemVersion)) == 5
    others = session.scalars(select(Item).where(Item.ref != "q2")).all()
    assert {(item.revision, tuple(v.status for v in item.versions)) for item in others} == {(1, ("published",))}


def test_a_draft_made_through_the_api_is_left_alone_until_the_file_changes_the_item(session, tmp_path):
    _load(session, tmp_path, COURSE)
    item = session.scalar(select(Item).where(Item.ref == "q2"))
    edit_content(session, item, dataclasses.replace(draft_of(item.latest), stem="An API draft?"), author="ann")
    assert not _load(session, tmp_path, COURSE).changed
    assert [(v.number, v.status) for v in item.versions] == [(1, "published"), (2, "draft")]
    edited = copy.deepcopy(COURSE)
    edited["assessments"][0]["questions"][1]["stem"] = "The file's new stem?"
    assert _load(session, tmp_path, edited).items_revised == ["q2"]
    assert [(v.number, v.status, v.stem) for v in item.versions][1] == (2, "published", "The file's new stem?")


def test_tag_and_threshold_changes_update_without_versions(session, tmp_path):
    _load(session, tmp_path, COURSE)
    edited = copy.deepcopy(COURSE)
    edited["assessments"][0]["questions"][0]["tags"] = ["arithmetic"]
    edited["assessments"][1]["pass_percent"] = 70
    report = _load(session, tmp_path, edited)
    assert report.items_revised == [] and report.assessments_updated == ["demo-test"]
    assert [t.name for t in session.scalar(select(Item).where(Item.ref == "q1")).tags] == ["arithmetic"]


def test_dropping_a_question_takes_it_out_of_the_assessment_not_the_bank(session, tmp_path):
    _load(session, tmp_path, COURSE)
    edited = copy.deepcopy(COURSE)
    del edited["assessments"][0]["questions"][0]
    _load(session, tmp_path, edited)
    quiz = session.scalar(select(Assessment).where(Assessment.slug == "demo-quiz"))
    assert [slot.item.ref for slot in quiz.slots] == ["q2", "q3"]
    assert session.scalar(select(Item).where(Item.ref == "q1")) is not None


def test_two_tenants_load_the_same_file_without_seeing_each_other(session, tmp_path):
    content = read_course_file(write_course_file(tmp_path, COURSE))
    load_course(session, content, tenant_slug="alpha")
    load_course(session, content, tenant_slug="beta")
    alpha, beta = (session.scalar(select(Tenant).where(Tenant.slug == s)) for s in ("alpha", "beta"))
    assert len(export_bank(session, alpha)["items"]) == len(export_bank(session, beta)["items"]) == 4
    assert {a.tenant_id for a in session.scalars(select(Assessment))} == {alpha.id, beta.id}


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda c: c["assessments"][0]["questions"][0].pop("stem"), "assessments.0.questions.0.stem"),
        (lambda c: c["assessments"][0]["questions"][1].update(id="q1"), "assessments.0.questions.1.id"),
        (lambda c: c["assessments"][0]["questions"][0].update(lesson="lesson-9"), "assessments.0.questions.0.lesson"),
        (lambda c: c["assessments"][1].update(pass_percent=101), "assessments.1.pass_percent"),
        (lambda c: c["assessments"][1].update(pass_percent="80.001"), "assessments.1.pass_percent"),
        (lambda c: c["assessments"][0].update(kind="exam"), "assessments.0.kind"),
        (lambda c: c["assessments"][0].update(surprise=1), "assessments.0.surprise"),
        (lambda c: c.update(format=2), "format"),
    ],
)
def test_mistakes_name_their_field(tmp_path, edit, field):
    broken = copy.deepcopy(COURSE)
    edit(broken)
    with pytest.raises(ContentFileError) as raised:
        read_course_file(write_course_file(tmp_path, broken))
    assert field in raised.value.fields, raised.value.fields


def test_authoring_rules_apply_on_load(session, tmp_path):
    broken = copy.deepcopy(COURSE)
    broken["assessments"][0]["questions"][0]["options"][0]["correct"] = True
    with pytest.raises(ContentFileError, match="exactly one correct option"):
        _load(session, tmp_path, broken)


def test_unreadable_files_are_reported(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: [1\n", encoding="utf-8")
    with pytest.raises(ContentFileError, match=r"bad\.yaml"):
        read_course_file(bad)


NON_CHOICE_QUESTIONS = """\
format: 1
course: {slug: demo, title: Demo Course}
module: {slug: module-1, number: 1, title: Basics}
assessments:
  - slug: demo-test
    kind: module_test
    module: module-1
    title: Module 1 Test
    questions:
      - id: pi
        type: numeric
        stem: "Pi to two decimals?"
        spec: {answer: 3.14, tolerance: 0.005}
      - id: institute
        type: short_text
        stem: "Montreal's AI institute?"
        spec:
          accepted: [Mila, Quebec AI Institute]
      - id: primes
        type: multiple_response
        stem: "Which are prime?"
        options:
          - {text: "2", correct: true}
          - {text: "3", correct: true}
          - {text: "4", correct: false}
        spec: {scoring: all_or_nothing}
"""


def _scored(session, ref, response):
    version = session.scalar(select(Item).where(Item.ref == ref)).latest
    return score_response(answer_key(version), response).credit


def test_numeric_short_text_and_multiple_response_items_load_from_yaml_and_score(session, tmp_path):
    path = tmp_path / "course.yaml"
    path.write_text(NON_CHOICE_QUESTIONS, encoding="utf-8")
    report = load_course(session, read_course_file(path))
    assert report.items_created == ["pi", "institute", "primes"]
    assert _scored(session, "pi", {"value": "3.144"}) == 1
    assert _scored(session, "pi", {"value": "3.146"}) == 0
    assert _scored(session, "institute", {"text": " mila "}) == 1
    primes = session.scalar(select(Item).where(Item.ref == "primes")).latest
    two, three, _four = (option.id for option in primes.options)
    assert _scored(session, "primes", {"options": [two, three]}) == 1
    assert _scored(session, "primes", {"options": [two]}) == 0  # all or nothing, as the file says


@pytest.mark.parametrize(
    ("edit", "field", "says"),
    [
        (
            lambda text: text.replace("spec: {answer: 3.14, tolerance: 0.005}", "spec: {tolerance: 0.005}"),
            "question pi.spec.answer",
            "a numeric item needs `spec.answer`",
        ),
        (
            lambda text: text.replace("scoring: all_or_nothing", "scoring: all-or-nothing"),
            "question primes.spec.scoring",
            "'all-or-nothing'",
        ),
        (
            lambda text: text.replace("accepted: [Mila, Quebec AI Institute]", "acepted: [Mila]"),
            "question institute.spec.acepted",
            "takes no `spec.acepted`",
        ),
    ],
    ids=["numeric-without-answer", "hyphenated-scoring", "misspelt-key"],
)
def test_a_load_refuses_a_spec_the_item_cannot_be_scored_with(session, tmp_path, edit, field, says):
    path = tmp_path / "course.yaml"
    path.write_text(edit(NON_CHOICE_QUESTIONS), encoding="utf-8")
    with pytest.raises(ContentFileError) as raised:
        load_course(session, read_course_file(path))
    assert field in raised.value.fields, raised.value.fields
    assert any(says in message for message in raised.value.fields[field])
    assert field.split(".", 1)[1] in str(raised.value) and says in str(raised.value)  # what the CLI prints


def test_the_schema_docstrings_example_questions_load(session, tmp_path):
    """The YAML example authors copy from (`course_schema`'s docstring) must stay loadable."""
    doc = course_schema.__doc__
    example = textwrap.dedent(doc[doc.index("    - id:") : doc.index("\nStems, options")])
    content = copy.deepcopy(COURSE)
    content["assessments"][1]["questions"] = yaml.safe_load(example)
    report = _load(session, tmp_path, content)
    examples = ["capital", "primes", "pi", "speed", "between", "institute", "formula"]
    assert report.items_created == ["q1", "q2", "q3", *examples]
    assert _scored(session, "speed", {"value": "302789.92"}) == 1  # 299792 + 1% exactly, from YAML numbers
    assert _scored(session, "speed", {"value": "302789.93"}) == 0
    assert _scored(session, "between", {"value": "1"}) == _scored(session, "between", {"value": "2"}) == 1
    assert _scored(session, "between", {"value": "2.000000000000000000001"}) == 0
    assert _scored(session, "formula", {"text": " H 2 O"}) == 1
    assert _scored(session, "formula", {"text": "h2o"}) == 0
    primes = session.scalar(select(Item).where(Item.ref == "primes")).latest
    assert primes.stem == "Which are <em>prime</em>?"


def test_the_export_gives_the_published_version_not_a_draft_after_it(session, tmp_path):
    _load(session, tmp_path, COURSE)
    tenant = session.scalars(select(Tenant)).one()
    item = session.scalars(select(Item).order_by(Item.ref)).first()
    published = item.published.number
    edit_content(session, item, dataclasses.replace(draft_of(item.published), stem="A draft stem"), author="author")
    exported = {row["id"]: row for row in export_bank(session, tenant)["items"]}[item.ref]
    assert (exported["version"], exported["version_status"]) == (published, "published")
    assert exported["stem"] != "A draft stem"
