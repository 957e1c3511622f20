"""Which of a learner's scored attempts count under each selection, decided one new attempt at a time.

The count tables are kept current incrementally, so each rule is stated as "what changes when one more
attempt of this learner is scored": the attempts that leave the selection and the one that enters it.
Ties for best keep the earliest attempt, as grading does (`assess.results.grade`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from assess.analytics.store import Selection


@dataclass(frozen=True)
class Scored:
    attempt_id: int
    number: int
    score: Fraction


@dataclass(frozen=True)
class Change:
    selection: Selection
    leaves: int | None  # attempt id whose cells are subtracted
    enters: int | None  # attempt id whose cells are added


def changes_on_scoring(new: Scored, earlier: Sequence[Scored]) -> list[Change]:
    """`earlier`: the learner's other scored attempts at the assessment, in any order."""
    changes = [Change(Selection.ALL, None, new.attempt_id)]
    if not earlier:
        return changes + [
            Change(selection, None, new.attempt_id) for selection in (Selection.FIRST, Selection.LAST, Selection.BEST)
        ]
    last = max(earlier, key=lambda scored: scored.number)
    if new.number > last.number:
        changes.append(Change(Selection.LAST, last.attempt_id, new.attempt_id))
    best = best_of(earlier)
    if best_of([*earlier, new]) is new:
        changes.append(Change(Selection.BEST, best.attempt_id, new.attempt_id))
    first = min(earlier, key=lambda scored: scored.number)
    if new.number < first.number:  # only when scoring order differs from attempt order
        changes.append(Change(Selection.FIRST, first.attempt_id, new.attempt_id))
    return changes


def changes_on_voiding(voided: int, scored: Sequence[Scored]) -> list[Change]:
    """`scored`: the learner's scored attempts at the assessment, the voided one (by id) among them. It leaves
    every selection it was in, and the attempt that takes its place there (the next first, last or best) enters."""
    before = selected(scored)
    after = selected([attempt for attempt in scored if attempt.attempt_id != voided])
    changes = []
    for selection in Selection:
        leaves = set(before[selection]) - set(after[selection])
        enters = set(after[selection]) - set(before[selection])
        if leaves or enters:
            changes.append(Change(selection, next(iter(leaves), None), next(iter(enters), None)))
    return changes


def best_of(attempts: Sequence[Scored]) -> Scored:
    return max(attempts, key=lambda scored: (scored.score, -scored.number))


def selected(attempts: Sequence[Scored]) -> dict[Selection, list[int]]:
    """From scratch: the attempt ids each selection counts for one learner (for rebuilds and tests)."""
    ordered = sorted(attempts, key=lambda scored: scored.number)
    if not ordered:
        return {selection: [] for selection in Selection}
    return {
        Selection.ALL: [scored.attempt_id for scored in ordered],
        Selection.FIRST: [ordered[0].attempt_id],
        Selection.LAST: [ordered[-1].attempt_id],
        Selection.BEST: [best_of(ordered).attempt_id],
    }
