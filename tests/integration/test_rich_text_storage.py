"""What reaches the database through each way in is the sanitized text, and what its content hash is of."""

import copy

from sqlalchemy import select

from itembank.authoring import create_item, revise_item
from itembank.drafts import ItemDraft, OptionDraft
from itembank.interchange.course_file import load_course, read_course_file
from itembank.models import Item, ItemType, ItemVersion
from itembank.rich_text import sanitize
from tests.course_files import COURSE, write_course_file
from tests.factories import BankFactory

HOSTILE_STEM = '<p onclick="alert(1)">Is 3 < 5?</p><script>alert(2)</script><img src=x onerror=alert(3)>'
HOSTILE_OPTION = '<a href="javascript:alert(1)">Yes</a><svg onload=alert(1)>'
HOSTILE_RATIONALE = '<style>*{display:none}</style><b style="x">Three is less</b>'
HOSTILE_FEEDBACK = (
    '<iframe src="https://evil.example/"></iframe><em>Right</em> &amp; <img src="https://ok.example/i.png">'
)


def _hostile_draft() -> ItemDraft:
    return ItemDraft(
        type=ItemType.SINGLE_CHOICE,
        stem=HOSTILE_STEM,
        options=(OptionDraft(HOSTILE_OPTION, True, HOSTILE_RATIONALE), OptionDraft("No", False, None)),
        feedback_correct=HOSTILE_FEEDBACK,
        feedback_incorrect=HOSTILE_FEEDBACK,
        feedback_general=HOSTILE_FEEDBACK,
    )


def _resubmitted(version: ItemVersion) -> ItemDraft:
    """The stored version as an author would send it back unchanged."""
    return ItemDraft(
        type=ItemType(version.type),
        stem=version.stem,
        options=tuple(OptionDraft(o.text, o.is_correct, o.rationale) for o in version.options),
        feedback_correct=version.feedback_correct,
        feedback_incorrect=version.feedback_incorrect,
        feedback_general=version.feedback_general,
    )


def _stored(session, item_id: int) -> ItemVersion:
    session.expire_all()  # read what the database holds, not the objects this session built
    return session.get_one(Item, item_id).latest


def test_authoring_stores_the_sanitized_text_and_hashes_it(session):
    item = create_item(session, BankFactory(), "hostile", _hostile_draft(), author="author", publish=True)
    version = _stored(session, item.id)
    assert version.stem == "<p>Is 3 &lt; 5?</p><img>" == sanitize(HOSTILE_STEM)
    assert [option.text for option in version.options] == ['<a rel="noopener noreferrer nofollow">Yes</a>', "No"]
    assert version.options[0].rationale == "<b>Three is less</b>"
    assert version.feedback_correct == version.feedback_incorrect == version.feedback_general
    assert version.feedback_general == '<em>Right</em> &amp; <img src="https://ok.example/i.png">'
    assert version.content_hash == _resubmitted(version).content_hash() == _hostile_draft().content_hash()


def test_resubmitting_the_same_content_or_its_stored_form_adds_no_version(session):
    item = create_item(session, BankFactory(), "hostile", _hostile_draft(), author="author", publish=True)
    assert revise_item(session, item, _hostile_draft(), author="author") is None
    resubmitted = _resubmitted(_stored(session, item.id))
    assert revise_item(session, session.get_one(Item, item.id), resubmitted, author="author") is None


def test_the_course_file_loader_stores_sanitized_text(session, tmp_path):
    content = copy.deepcopy(COURSE)
    question = content["assessments"][1]["questions"][0]
    question["stem"] = HOSTILE_STEM
    question["options"][0] = {"text": HOSTILE_OPTION, "correct": True, "rationale": HOSTILE_RATIONALE}
    question["feedback"] = {"correct": HOSTILE_FEEDBACK}
    path = write_course_file(tmp_path, content)
    load_course(session, read_course_file(path))
    item_id = session.scalar(select(Item.id).where(Item.ref == question["id"]))
    version = _stored(session, item_id)
    assert version.stem == sanitize(HOSTILE_STEM)
    assert version.options[0].text == sanitize(HOSTILE_OPTION)
    assert version.options[0].rationale == sanitize(HOSTILE_RATIONALE)
    assert version.feedback_correct == sanitize(HOSTILE_FEEDBACK)
    again = load_course(session, read_course_file(path))
    assert again.items_unchanged == [q["id"] for a in content["assessments"] for q in a["questions"]]
