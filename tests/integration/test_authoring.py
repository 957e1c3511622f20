"""Authoring: drafts edit in place, published content never changes, one version is published at a time, and
the item's status and revision follow its versions."""

from datetime import UTC, datetime

import pytest

from assess.delivery import start_attempt
from assess.errors import EmptyAssessmentError
from itembank.authoring import create_item, edit_content, revise_item, set_tags
from itembank.drafts import ItemDraft, OptionDraft
from itembank.errors import AuthoringError, ImmutableVersionError, InvalidTransitionError, StaleItemError
from itembank.models import ItemStatus, ItemType
from itembank.workflow import claim_revision, move_version
from tests.factories import AssessmentFactory, AssessmentSlotFactory, BankFactory, ItemFactory, PoolFactory

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _draft(stem="What is 2 + 2?", key=1) -> ItemDraft:
    return ItemDraft(
        type=ItemType.SINGLE_CHOICE,
        stem=stem,
        options=tuple(OptionDraft(text, index == key) for index, text in enumerate(["3", "4", "5", "22"])),
        feedback_correct="Correct.",
        feedback_incorrect="Add again.",
    )


def test_revision_publishes_a_new_version_only_when_content_changes(session):
    item = create_item(session, BankFactory(), "sum", _draft(), author="file", publish=True)
    assert revise_item(session, item, _draft(), author="file") is None
    second = revise_item(session, item, _draft(stem="What is two plus two?"), author="file")
    assert second is not None and [(v.number, v.status) for v in item.versions] == [(1, "retired"), (2, "published")]
    assert item.versions[0].stem == "What is 2 + 2?"
    assert item.published is second and item.status == ItemStatus.PUBLISHED


def test_a_draft_is_edited_in_place_and_an_edit_of_a_published_version_makes_a_new_draft(session):
    item = create_item(session, BankFactory(), "sum", _draft(), author="ann")
    assert item.status == ItemStatus.DRAFT and item.latest.author == "ann"
    option_ids = [option.id for option in item.latest.options]
    edit_content(session, item, _draft(stem="Two and two?"), author="bob")
    assert [v.number for v in item.versions] == [1] and item.latest.stem == "Two and two?"
    assert item.latest.author == "bob" and [option.id for option in item.latest.options] == option_ids
    three_options = ItemDraft(type=ItemType.SINGLE_CHOICE, stem="Two and two?", options=_draft().options[:3])
    edit_content(session, item, three_options, author="bob")
    assert len(item.latest.options) == 3
    move_version(session, item, 1, ItemStatus.PUBLISHED, now=T0)
    new = edit_content(session, item, _draft(stem="Later"), author="cy")
    assert new is not None and new.number == 2 and new.status == ItemStatus.DRAFT
    assert item.published.number == 1 and item.status == ItemStatus.PUBLISHED


def test_a_draft_need_not_pass_the_rules_but_publishing_checks_them_all(session):
    broken = ItemDraft(
        type=ItemType.SINGLE_CHOICE, stem="Which?", options=(OptionDraft("a", True), OptionDraft("b", True))
    )
    item = create_item(session, BankFactory(), "two-keys", broken, author="ann")
    with pytest.raises(AuthoringError) as refused:
        move_version(session, item, 1, ItemStatus.PUBLISHED, now=T0)
    assert "options" in refused.value.fields
    assert item.latest.status == ItemStatus.DRAFT


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ((), ItemStatus.RETIRED),
        ((ItemStatus.PUBLISHED,), ItemStatus.PUBLISHED),
        ((ItemStatus.PUBLISHED, ItemStatus.RETIRED), ItemStatus.RETIRED),
    ],
)
def test_only_the_workflow_transitions_are_allowed(session, path, refused):
    item = create_item(session, BankFactory(), "sum", _draft(), author="ann")
    for status in path:
        move_version(session, item, 1, status, now=T0)
    with pytest.raises(InvalidTransitionError):
        move_version(session, item, 1, refused, now=T0)


def test_publishing_retires_the_published_version_and_a_retired_one_comes_back(session):
    item = create_item(session, BankFactory(), "sum", _draft(), author="ann", publish=True)
    edit_content(session, item, _draft(stem="v2"), author="ann")
    move_version(session, item, 2, ItemStatus.PUBLISHED, now=T0)
    assert [v.status for v in item.versions] == ["retired", "published"]
    move_version(session, item, 2, ItemStatus.RETIRED, now=T0)
    assert item.status == ItemStatus.RETIRED and item.published is None
    move_version(session, item, 1, ItemStatus.PUBLISHED, now=T0)
    assert [v.status for v in item.versions] == ["published", "retired"] and item.status == ItemStatus.PUBLISHED


def test_a_retired_item_is_never_drawn_nor_delivered_in_a_fixed_slot(session):
    bank = BankFactory()
    pool = PoolFactory(bank=bank, items=3)
    retired = pool.items[0]
    move_version(session, retired, 1, ItemStatus.RETIRED, now=T0)
    fixed = ItemFactory(bank=bank)
    assessment = AssessmentFactory(tenant_id=bank.tenant_id)
    AssessmentSlotFactory(assessment=assessment, pool=pool, item=None)
    AssessmentSlotFactory(assessment=assessment, pool=pool, item=None)
    AssessmentSlotFactory(assessment=assessment, item=fixed)
    move_version(session, fixed, 1, ItemStatus.RETIRED, now=T0)
    for learner in range(12):
        delivered = start_attempt(session, bank.tenant_id, assessment.id, f"learner-{learner}", now=T0, seed=learner)
        items = {question.version.item_id for question in delivered.attempt.questions}
        assert retired.id not in items and fixed.id not in items and len(items) == 2


def test_a_draft_is_never_delivered_and_the_published_version_is(session):
    item = ItemFactory()
    edit_content(session, item, _draft(stem="unpublished edit"), author="ann")
    assessment = AssessmentFactory(tenant_id=item.bank.tenant_id)
    AssessmentSlotFactory(assessment=assessment, item=item)
    delivered = start_attempt(session, item.bank.tenant_id, assessment.id, "learner", now=T0)
    assert [question.version.number for question in delivered.attempt.questions] == [1]
    move_version(session, item, 1, ItemStatus.RETIRED, now=T0)
    with pytest.raises(EmptyAssessmentError):
        start_attempt(session, item.bank.tenant_id, assessment.id, "another", now=T0)


def test_a_stale_revision_is_refused(session):
    item = ItemFactory()
    claim_revision(session, item, {1})
    assert item.revision == 2
    with pytest.raises(StaleItemError):
        claim_revision(session, item, {1})


def test_changing_a_published_version_in_place_is_refused_but_its_status_may_move(session):
    version = ItemFactory().latest
    version.stem = "edited in place"
    with pytest.raises(ImmutableVersionError):
        session.flush()
    session.rollback()
    version = ItemFactory().latest
    version.status = ItemStatus.RETIRED
    session.flush()


def test_changing_an_option_in_place_is_refused(session):
    option = ItemFactory().latest.options[1]
    option.is_correct = True
    with pytest.raises(ImmutableVersionError):
        session.flush()


def test_deleting_a_version_is_refused_but_deleting_the_item_is_not(session):
    item = ItemFactory()
    session.delete(item.latest)
    with pytest.raises(ImmutableVersionError):
        session.flush()
    session.rollback()
    item = ItemFactory()
    session.delete(item)
    session.flush()


def test_tags_are_shared_per_tenant_and_add_no_version(session):
    bank = BankFactory()
    first = create_item(session, bank, "a", _draft(), author="ann", tags=["math", "easy"])
    second = create_item(session, bank, "b", _draft(stem="Other?"), author="ann", tags=["math"])
    assert [t.name for t in first.tags] == ["easy", "math"]
    assert first.tags[1] is second.tags[0]
    set_tags(session, first, ["hard"])
    assert [t.name for t in first.tags] == ["hard"] and len(first.versions) == 1
