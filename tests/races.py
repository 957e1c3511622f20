"""Racing threads against a real database: each runs `work(index)` at once, past a barrier, in its own session."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any


def race(work: Callable[[int], Any], racers: int, *, timeout: float = 30) -> list[Any]:
    """`work(0)` ... `work(racers - 1)` started together; their results in index order. Fails on any error."""
    barrier = threading.Barrier(racers)
    results: list[Any] = [None] * racers
    errors: list[tuple[int, Exception]] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = work(index)
        except Exception as exc:
            errors.append((index, exc))

    threads = [threading.Thread(target=run, args=(index,)) for index in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert not errors, errors
    return results
