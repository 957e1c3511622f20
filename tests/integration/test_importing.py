"""The one import pipeline on both databases: re-import revises, a refused item rolls the whole file back unless
partial, and the report names every item, skip and drop."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from assess.interchange import export_file, import_file
from itembank.errors import ImportRefusedError
from itembank.interchange.formats import EXPORT_FORMATS
from itembank.interchange.gift import parse_gift
from itembank.models import Assessment, Item, ItemStatus, ItemVersion
from tests.course_files import COURSE, write_course_file
from tests.factories import TenantFactory, bound

GIFT = """// [id:capital] [tag:geo]
::Capital::What is the capital of France?{=Paris#Yes. ~Lyon#No, that is Lyon. ####Paris has been the capital since 987.}

// [id:pi]
Pi to two decimals?{#3.14:0.005}

// [id:grant]
Grant is buried in Grant's tomb.{FALSE#Wrong: nobody is.#Right.}

// [id:seasons]
Which are seasons?{~%50%spring ~%50%summer ~%-50%monday}

// [id:penalised]
Pick one{=right ~%-50%wrong}

Write an essay about Moodle.{}
"""


def _write(tmp_path: Path, text: str, name: str = "quiz.gift") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tenant(session):
    with bound(session):
        return TenantFactory()


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_import_reports_every_item_and_a_second_import_revises_instead_of_duplicating(session, tenant, tmp_path):
    path = _write(tmp_path, GIFT)
    report = import_file(session, tenant, path)
    assert [(item.ref, item.outcome, item.status) for item in report.items] == [
        ("capital", "created", "published"),
        ("pi", "created", "published"),
        ("grant", "created", "published"),
        ("seasons", "created", "published"),
        ("penalised", "created", "draft"),  # its penalty was dropped: a draft to review
    ]
    assert [found.construct for found in report.items[4].dropped] == ["negative weight"]
    assert [(skipped.source_id, "essay" in skipped.reason) for skipped in report.skipped] == [
        ("Write an essay about Moodle.", True)
    ]
    capital = session.get(Item, report.items[0].item_id)
    assert capital.ref == "capital" and [tag.name for tag in capital.tags] == ["geo"]
    assert capital.published.feedback_general == "Paris has been the capital since 987."
    assert [(o.text, o.is_correct, o.rationale) for o in capital.published.options] == [
        ("Paris", True, "Yes."),
        ("Lyon", False, "No, that is Lyon."),
    ]
    items, versions = _count(session, Item), _count(session, ItemVersion)

    again = import_file(session, tenant, path)
    assert [item.outcome for item in again.items] == ["unchanged"] * 5
    assert (_count(session, Item), _count(session, ItemVersion)) == (items, versions)

    edited = import_file(session, tenant, _write(tmp_path, GIFT.replace("{#3.14:0.005}", "{#3.14:0.01}")))
    assert [item.outcome for item in edited.items] == ["unchanged", "revised", "unchanged", "unchanged", "unchanged"]
    pi = session.get(Item, edited.items[1].item_id)
    assert pi.published.number == 2 and pi.published.spec == {"answer": "3.14", "tolerance": "0.01"}
    assert _count(session, Item) == items


BROKEN = GIFT + "\n// [id:twice]\nSame option twice?{=same ~same}\n"


def test_a_refused_item_refuses_the_whole_file_unless_partial(session, tenant, tmp_path):
    path = _write(tmp_path, BROKEN)
    before = _count(session, Item)
    # the caller's transaction, rolled back as the CLI does
    with pytest.raises(ImportRefusedError) as refused, session.begin_nested():
        import_file(session, tenant, path)
    report = refused.value.report
    assert report.committed is False
    assert [(item.ref, item.outcome) for item in report.refused] == [("twice", "refused")]
    assert "options.1.text" in report.refused[0].problems
    assert {(item.outcome, item.item_id) for item in report.items} == {("created", None), ("refused", None)}
    assert _count(session, Item) == before

    partial = import_file(session, tenant, path, partial=True)
    assert partial.committed and partial.count("created") == 5 and partial.count("refused") == 1
    assert _count(session, Item) == before + 5
    assert session.scalar(select(Item).where(Item.ref == "twice")) is None


def test_an_unreadable_file_names_itself(session, tenant, tmp_path):
    from itembank.errors import UnreadableFileError

    path = tmp_path / "notes.docx"
    path.write_bytes(b"\x00\x01")
    with pytest.raises(UnreadableFileError) as unreadable:
        import_file(session, tenant, path)
    assert "notes.docx" in str(unreadable.value) and "file" in unreadable.value.fields


@pytest.mark.parametrize("fmt", ["gift", "yaml", "qti3", "qti22", "qti21"])
def test_an_export_imports_into_another_tenant_as_the_same_items(session, tenant, tmp_path, fmt):
    import_file(session, tenant, _write(tmp_path, GIFT), partial=True)
    exported = export_file(session, tenant.id, fmt)
    assert exported.items == 5
    with bound(session):
        other = TenantFactory()
    written = tmp_path / f"bank{EXPORT_FORMATS[fmt].extension}"
    written.write_bytes(exported.content)
    copy = import_file(session, other, written)
    assert sorted(item.ref for item in copy.items) == sorted(["capital", "pi", "grant", "seasons", "penalised"])
    mine = {
        item.ref: item.latest.content_hash
        for item in session.scalars(select(Item).join(Item.bank).where(Item.bank.has(tenant_id=tenant.id)))
    }
    theirs = {
        item.ref: item.latest.content_hash
        for item in session.scalars(select(Item).join(Item.bank).where(Item.bank.has(tenant_id=other.id)))
    }
    assert mine == theirs
    assert parse_gift(GIFT).items[0].draft.stem == "What is the capital of France?"
    assert all(item.status in (ItemStatus.PUBLISHED, ItemStatus.DRAFT) for item in copy.items)


def test_a_course_files_assessments_are_composed_from_the_items_it_imported(session, tenant, tmp_path):
    path = write_course_file(tmp_path, COURSE)
    report = import_file(session, tenant, path)
    assert [(found.slug, found.outcome, found.items) for found in report.assessments] == [
        ("demo-quiz", "created", 3),
        ("demo-test", "created", 1),
    ]
    quiz = session.get(Assessment, report.assessments[0].assessment_id)
    assert quiz.status == "draft" and [slot.item.ref for slot in quiz.slots] == ["q1", "q2", "q3"]
    again = import_file(session, tenant, path)
    assert [found.outcome for found in again.assessments] == ["unchanged", "unchanged"]

    exported = export_file(session, tenant.id, "gift", "demo-quiz")
    assert exported.file_name == "demo-quiz.gift"
    assert [item.source_id for item in parse_gift(exported.content.decode()).items] == ["q1", "q2", "q3"]
    # GIFT has no correct/incorrect feedback for a choice question: the export names each one it leaves out
    assert sorted({(ref, lost.construct) for ref, lost in exported.dropped}) == [
        (ref, construct) for ref in ("q1", "q2", "q3") for construct in ("feedback_correct", "feedback_incorrect")
    ]


def test_a_qti_package_with_a_test_imports_its_items_and_composes_its_assessment(session, tenant, tmp_path):
    path = write_course_file(tmp_path, COURSE)
    import_file(session, tenant, path)
    exported = export_file(session, tenant.id, "qti3", "demo-quiz")
    package = tmp_path / "demo-quiz.zip"
    package.write_bytes(exported.content)
    with bound(session):
        other = TenantFactory()
    report = import_file(session, other, package)
    assert sorted(item.ref for item in report.items) == ["q1", "q2", "q3"]
    assert [(found.outcome, found.items) for found in report.assessments] == [("created", 3)]
    assert [found.outcome for found in import_file(session, other, package).items] == ["unchanged"] * 3


def test_hostile_xml_is_refused_before_anything_is_written(session, tenant, tmp_path):
    from itembank.errors import UnreadableFileError

    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="x">&b;</assessmentItem>'
    )
    with pytest.raises(UnreadableFileError) as refused:
        import_file(session, tenant, bomb)
    assert "bomb.xml" in str(refused.value) and "entit" in str(refused.value)
    assert _count(session, Item) == 0
