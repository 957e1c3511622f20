"""The analytics count tables through a regrade: what the affected learners' selections counted before the
change is taken out and what they count after it is put in, in one write per assessment.

A regrade changes scored attempts in place (marks, versions, totals), which can also change which attempt
is a learner's best. Rather than voiding and rescoring each attempt (one write of cells per attempt, each
holding its row locks while the next is written, which can deadlock with a submit writing an overlapping set
of cells in key order), the whole change is one delta per assessment, written by the analytics' own `write`,
which orders it as a submit's. The tables stay what a rebuild would give, since before and after are each
exactly the cells a rebuild adds for these learners (`selected`, `load_scored`, `add`, as `rebuild` uses).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection
from typing import NamedTuple

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from assess.analytics.cells import ScoredAttempt
from assess.analytics.maintain import CellDelta, add, append, load_scored
from assess.analytics.selection import Scored, selected
from assess.analytics.store import Selection
from assess.models import Attempt
from assess.states import AttemptState


class Learner(NamedTuple):
    """A learner at one assessment: the unit whose selections (first, last, best) a change can reshuffle."""

    assessment_id: int
    learner_id: str


def keep_counts(session: Session, learners: Collection[Learner], change: Callable[[], None]) -> None:
    """Run `change` (which rescores these learners' attempts and flushes) with the count tables kept current."""
    before = _counted(session, learners)
    change()
    session.flush()
    after = _counted(session, learners)
    deltas: dict[int, tuple[CellDelta, CellDelta]] = {}
    for sign, counted in ((-1, before), (1, after)):
        for assessment_id, selection, attempt in counted:
            cells, times = deltas.setdefault(assessment_id, (Counter(), Counter()))
            add(cells, times, selection, attempt, sign)
    for assessment_id, (cells, times) in sorted(deltas.items()):
        append(session, assessment_id, cells, times)  # delta rows, as a submit: no shared row is locked


def _counted(session: Session, learners: Collection[Learner]) -> list[tuple[int, Selection, ScoredAttempt]]:
    """Every (assessment, selection, attempt as stored) that the learners' scored attempts contribute now."""
    if not learners:
        return []
    rows = session.execute(
        select(Attempt.id, Attempt.assessment_id, Attempt.learner_id)
        .where(
            tuple_(Attempt.assessment_id, Attempt.learner_id).in_([tuple(learner) for learner in learners]),
            Attempt.state == AttemptState.SCORED,
        )
        .order_by(Attempt.id)
    ).all()
    stored = {attempt.attempt_id: attempt for attempt in load_scored(session, [row.id for row in rows])}
    scored: dict[Learner, list[Scored]] = {}
    for row in rows:
        attempt = stored[row.id]
        scored.setdefault(Learner(row.assessment_id, row.learner_id), []).append(
            Scored(attempt.attempt_id, attempt.number, attempt.score)
        )
    return [
        (learner.assessment_id, selection, stored[attempt_id])
        for learner, attempts in scored.items()
        for selection, ids in selected(attempts).items()
        for attempt_id in ids
    ]
