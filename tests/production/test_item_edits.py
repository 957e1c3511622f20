"""Authors editing one item at once, with real commits: of the edits naming the same ETag exactly one lands,
and the others get 412, never a silent overwrite (nor a 500 from two versions numbered alike)."""

from __future__ import annotations

import threading

from sqlalchemy import select
from sqlalchemy.orm import Session

from itembank.keys import issue_key
from itembank.models import Item, Tenant
from tests import factories

RACERS = 4
ROUNDS = 3


def _published_item(deployment) -> tuple[int, str]:
    with Session(deployment.engine, expire_on_commit=False) as session, factories.bound(session):
        item = factories.ItemFactory(bank=factories.BankFactory(tenant_id=deployment.tenant_id))
        _key, plaintext = issue_key(session, session.get_one(Tenant, deployment.tenant_id), ("author",), "racer")
        session.commit()
        return item.id, plaintext


def _race(deployment, item_id: int, key: str) -> list[int]:
    barrier = threading.Barrier(RACERS)
    statuses: list[int] = [0] * RACERS

    def edit(index: int) -> None:
        client = deployment.app.test_client()
        barrier.wait(timeout=10)
        response = client.patch(
            f"/api/v1/items/{item_id}",
            json={"stem": f"Edited by racer {index}?"},
            headers={"Authorization": f"Bearer {key}", "If-Match": '"1"'},
        )
        statuses[index] = response.status_code

    threads = [threading.Thread(target=edit, args=(index,)) for index in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def test_of_edits_naming_one_etag_exactly_one_lands(deployment):
    for _ in range(ROUNDS):
        item_id, key = _published_item(deployment)
        statuses = _race(deployment, item_id, key)
        assert sorted(statuses) == [200] + [412] * (RACERS - 1), statuses
        winner = statuses.index(200)
        with Session(deployment.engine) as session:
            item = session.scalar(select(Item).where(Item.id == item_id))
            assert item is not None and item.revision == 2
            assert [(v.number, v.status) for v in item.versions] == [(1, "published"), (2, "draft")]
            assert item.latest.stem == f"Edited by racer {winner}?"
