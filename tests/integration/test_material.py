"""The process's cache of delivered versions: bounded, least recently delivered dropped first, and a version
known by its id and its creation moment (SQLite reuses the highest id after a rollback or a deletion)."""

from datetime import timedelta

import pytest

from assess.delivery.material import MaterialCache
from tests.factories import ItemFactory


def _key(item):
    return (item.latest.id, item.latest.created_at)


def test_the_cache_holds_its_capacity_and_drops_the_least_recently_delivered(session):
    first, second, third = (_key(ItemFactory()) for _ in range(3))
    cache = MaterialCache(capacity=2)
    cache.versions(session, [first, second])
    cache.versions(session, [first])  # delivered again: now the most recent
    cache.versions(session, [third])
    assert len(cache) == 2
    assert cache.get(second) is None and cache.get(first) is not None and cache.get(third) is not None


def test_a_version_is_delivered_as_stored_and_an_id_of_another_moment_is_not_it(session):
    item = ItemFactory()
    version = item.latest
    cache = MaterialCache()
    assert cache.versions(session, [(version.id, version.created_at - timedelta(seconds=1))]) == {}
    found = cache.versions(session, [_key(item)])[version.id]
    assert (found.item_id, found.ref, found.number, found.type, found.stem, found.points) == (
        item.id,
        item.ref,
        version.number,
        version.type,
        version.stem,
        version.points,
    )
    assert [(o.id, o.text, o.is_correct) for o in found.options] == [
        (o.id, o.text, o.is_correct) for o in version.options
    ]
    assert cache.versions(session, [_key(item)])[version.id] is found


def test_a_cache_holds_at_least_one_version():
    with pytest.raises(ValueError):
        MaterialCache(capacity=0)
