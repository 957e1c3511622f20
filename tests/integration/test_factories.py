"""Every factory builds a valid row on both backends; the rest of the suite leans on them."""

import pytest

from tests import factories

ALL = [name for name in factories.__all__ if name.endswith("Factory")]


@pytest.mark.parametrize("name", ALL)
def test_factory_builds_a_flushed_row(session, name):
    obj = getattr(factories, name)()
    assert obj.id is not None
    assert obj in session


def test_item_factory_gives_one_keyed_version(session):
    item = factories.ItemFactory()
    assert [v.number for v in item.versions] == [1]
    assert [o.label for o in item.latest.keyed_options] == ["A"]
    assert len(item.latest.options) == 4


def test_traits(session):
    assert factories.ItemFactory(retired=True).status == "retired"
    assert factories.ApiKeyFactory(revoked=True).revoked_at is not None
    quiz = factories.AssessmentFactory(lesson_quiz=True)
    assert quiz.kind == "lesson_quiz" and quiz.lesson is not None
