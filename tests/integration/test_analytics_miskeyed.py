"""A miskeyed item flagged through the delivery path, the report's flags against a plain recomputation.

60 simulated learners (seeded; a two-parameter logistic model) answer 10 single-choice questions through
start/save/submit. On one, the option the able learners know to be right is not the keyed one. The report
must flag it `likely_miskeyed` on that option and `discrimination_negative`, and leave a well-behaved
item unflagged; the option counts, the discrimination index and the upper-third shares are checked against
a plain recomputation from the simulated answers.

Apart from `test_analytics_conformance.py`, which takes published data from `../shared/reference` and skips
without it: this one needs no reference data, so it runs in any clone.
"""

from __future__ import annotations

import math
import random
import statistics
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest

from assess.reporting.reasons import reason
from assess.stats import Severity
from itembank.models import Assessment
from itembank.rich_text import plain_text
from tests.integration.taking import analytics_of, single_choice_assessment, take

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

LEARNERS = 60
MISKEYED = 4  # slot whose key (option A) is wrong: the able learners know option C is right
WELL_BEHAVED = 6


@dataclass(frozen=True)
class Simulated:
    choices: dict[str, dict[int, int | None]]  # learner -> slot -> option id saved (None: omitted)
    marks: dict[str, dict[int, int]]  # learner -> slot -> mark the engine should give


def _simulate(assessment: Assessment, seed: int) -> Simulated:
    """A 2PL model: a learner knows the answer with P = 1 / (1 + exp(-1.7 x 1.2 (theta - b))), b from -1 to 0.6.

    Not knowing, a learner omits one time in ten, or else picks one of the three other options at random; on
    the miskeyed item, whose true answer is C, the keyed A is a misconception that takes 60% of those picks.
    """
    rng = random.Random(seed)
    slots = {slot.position: slot.item.latest for slot in assessment.slots}
    difficulty = {slot: -1.0 + 1.6 * (slot - 1) / (len(slots) - 1) for slot in slots}
    choices: dict[str, dict[int, int | None]] = {}
    marks: dict[str, dict[int, int]] = {}
    for learner in (f"learner-{n:02d}" for n in range(LEARNERS)):
        theta = rng.gauss(0, 1)
        choices[learner], marks[learner] = {}, {}
        for slot, version in slots.items():
            options = [option.id for option in version.options]  # A B C D, A keyed
            right = options[2] if slot == MISKEYED else options[0]
            chosen: int | None
            if rng.random() < 1 / (1 + math.exp(-1.7 * 1.2 * (theta - difficulty[slot]))):
                chosen = right
            elif rng.random() < 0.1:
                chosen = None
            elif slot == MISKEYED and rng.random() < 0.6:
                chosen = options[0]
            else:
                chosen = rng.choice([option for option in options if option != right])
            choices[learner][slot] = chosen
            marks[learner][slot] = int(chosen == options[0])
    return Simulated(choices, marks)


def _upper_third_share(rests: list[Fraction], chose: list[bool]) -> Fraction:
    """Share of the upper third (by rest score, exactly n/3 learners, ties at the cut shared) choosing an option."""
    group = Fraction(len(rests), 3)

    def weight(rest: Fraction) -> Fraction:
        above = sum(1 for other in rests if other > rest)
        tied = sum(1 for other in rests if other == rest)
        return min(Fraction(1), max(Fraction(0), (group - above) / tied))

    return sum((weight(rest) for rest, yes in zip(rests, chose, strict=True) if yes), Fraction(0)) / group


def test_a_miskeyed_item_is_flagged_on_the_option_the_strong_learners_chose(session):
    assessment = single_choice_assessment(10)
    simulated = _simulate(assessment, seed=20261102)
    for index, (learner, chosen) in enumerate(simulated.choices.items()):
        when = T0 + timedelta(minutes=10 * index)
        attempt = take(session, assessment, learner, lambda question, c=chosen: c[question.slot_position], when)
        assert attempt.points_earned == sum(simulated.marks[learner].values())
    report = analytics_of(session, assessment).report
    version = next(slot.item.latest for slot in assessment.slots if slot.position == MISKEYED)
    key, _, believed, _ = (option.id for option in version.options)

    flags = {(flag.slot, flag.code, flag.option) for flag in report.flags}
    assert (MISKEYED, "likely_miskeyed", believed) in flags
    assert (MISKEYED, "discrimination_negative", None) in flags
    (miskey,) = [flag for flag in report.flags if flag.code == "likely_miskeyed"]
    assert miskey.severity is Severity.REVIEW and miskey.option_letter == "C"
    words = reason(miskey)
    assert words.startswith(f'option C "{plain_text(version.options[2].text)[:20]}')
    assert "key A" in words and str(believed) not in words  # named as the learner saw it, never by database id
    # Only the miskeyed item: its other distractors may be flagged too (few able learners pick any of A, B, D).
    assert {slot for slot, code, _ in flags if code == "likely_miskeyed"} == {MISKEYED}
    assert {slot for slot, code, _ in flags if code == "discrimination_negative"} == {MISKEYED}
    assert not {code for slot, code, _ in flags if slot == WELL_BEHAVED} & {
        "likely_miskeyed",
        "discrimination_negative",
        "discrimination_low",
    }

    # The numbers behind the flags, recomputed from the simulated answers.
    learners = list(simulated.choices)
    totals = {learner: sum(simulated.marks[learner].values()) for learner in learners}
    marks = [simulated.marks[learner][MISKEYED] for learner in learners]
    rests = [Fraction(totals[learner] - simulated.marks[learner][MISKEYED]) for learner in learners]
    chosen = [simulated.choices[learner][MISKEYED] for learner in learners]
    options = {o.option: o for o in report.options if o.slot == MISKEYED}
    assert {option: o.count for option, o in options.items()} == {
        **{option.id: chosen.count(option.id) for option in version.options},
        None: chosen.count(None),
    }
    assert chosen.count(None) > 0  # omissions occur, and are counted apart from the options
    item = next(item for item in report.slots if item.slot == MISKEYED)
    independent = statistics.correlation([float(m) for m in marks], [float(r) for r in rests])
    assert item.discrimination_index == pytest.approx(independent, rel=1e-9)
    assert item.discrimination_index < -0.2
    for option in (key, believed):
        expected = _upper_third_share(rests, [c == option for c in chosen])
        assert options[option].share_upper == expected
    assert options[believed].share_upper > 2 * options[key].share_upper
    assert max((o for o in options.values() if o.distractor), key=lambda o: o.share_upper).option == believed
    good = next(item for item in report.slots if item.slot == WELL_BEHAVED)
    assert good.discrimination_index > 0.3
