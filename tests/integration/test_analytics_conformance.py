"""Conformance of the stored analytics: published reference data taken through the database, on both backends.

`tests/unit/test_stats_lsat.py` and `tests/unit/test_stats_moodle.py` check the pure statistics core against R
and Moodle. Here the same data goes through the engine's own path - attempts stored as the engine stores
them, the count tables kept by `assess.analytics.maintain` (live on submit, or by `rebuild`) and read back
by `assess.analytics.reading.analytics_report` - and every statistic is asserted to the same tolerances,
with the readers, field maps and tolerances those tests use too (`tests/reference/lsat.py`, `moodle.py`). Their
data is read from `../shared/reference`; without that folder this module skips (`tests/shared_data.py`). The
miskeyed-item test, which needs no reference data, is `test_analytics_miskeyed.py`.

LSAT6 / LSAT7 (R's psych, CTT and ltm values): five single-choice items; an examinee's 1 is a save of the
keyed option, a 0 a save of a wrong option. Measured on this machine, start + 5 saves + submit costs about
16 ms on SQLite and 30 ms on PostgreSQL (some 28 statements), so 1000 examinees x 2 tables x 2 databases
would take about 90 s. Hence:
- `test_lsat7_every_examinee_through_start_save_submit`: all 1000 LSAT7 examinees go through
  start/save/submit one by one, on SQLite only (17-24 s, with the machine's load; PostgreSQL would add 30 s or
  more, putting this file well past 40 s; the per-pattern test below covers PostgreSQL's path). The tables
  are the ones the live path kept on every submit; a rebuild from the stored attempts must give the same.
- `test_lsat_patterns_through_the_engine_and_repeats_rebuilt`: both tables on both databases. Each distinct
  response pattern (30 and 32) goes through start/save/submit once; its repeats are Core bulk-inserted copies
  of the attempt and question rows the engine stored (on other days, so cells are summed across days), then
  `maintain.rebuild` recomputes the tables from all 1000 stored attempts.
Both also check the stored cells equal, exactly, the count tables the unit test builds from the patterns.

Moodle quiz00 and the older "states" set: marks per slot are partial and slot 1 draws one of two questions, so
the attempts cannot come from single-choice scoring. They are stored as scored attempts: a pool slot for the
random slot, one item version per variant in slot 2, one `Attempt` per fixture attempt and one
`AttemptQuestion` per mark with points = the slot's max mark and credit = mark / max mark (max marks are 0,
1 and 8, all whole, so `points` holds them exactly; a fractional max mark would fail `_whole` rather than be
rounded). Points earned are the sum of the marks, as the engine's scoring makes them: the fixture's
`attempt_total_sumgrades` is that sum rounded to 5 decimals (attempt 21: 4.33333 for 4.3333333), and
`_fixture_attempts` asserts the two agree to that rounding. The fixture names no responses; only the
one-option slots (true/false, one-of-four) get one - the keyed option for full marks, a wrong one for zero -
because the option tables read them. Then `rebuild` and `analytics_report`, and every value in
`quiz00_expected.json` / `states_expected.json` to its stated tolerance.

The miskeyed item: 60 simulated learners (seeded; a two-parameter logistic model) answer 10 single-choice
questions through start/save/submit. On one, the option the able learners know to be right is not the keyed
one. The report must flag it `likely_miskeyed` on that option and `discrimination_negative`, and leave a
well-behaved item unflagged; the option counts, the discrimination index and the upper-third shares are
checked against a plain recomputation from the simulated answers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from sqlalchemy import insert, select

from assess.analytics.maintain import rebuild
from assess.analytics.reading import AnalyticsReport
from assess.analytics.store import Selection
from assess.models import Attempt, AttemptQuestion
from assess.states import AttemptState, CloseReason
from assess.stats import Report
from itembank.drafts import ItemDraft, OptionDraft
from itembank.models import Assessment, ItemType, ItemVersion
from tests.factories import (
    AssessmentFactory,
    AssessmentSlotFactory,
    BankFactory,
    ItemFactory,
    ItemVersionFactory,
    PoolFactory,
    keyed_option,
    wrong_option,
)
from tests.integration.taking import analytics_of, take
from tests.reference import lsat, moodle

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _take_pattern(session, assessment: Assessment, learner: str, pattern: tuple[int, ...], when: datetime) -> Attempt:
    marks = dict(zip(range(1, len(pattern) + 1), pattern, strict=True))
    attempt = take(
        session,
        assessment,
        learner,
        lambda question: keyed_option(question) if marks[question.slot_position] else wrong_option(question),
        when,
    )
    assert attempt.state == AttemptState.SCORED and attempt.points_earned == sum(pattern)
    return attempt


# -- LSAT6 / LSAT7 against R ------------------------------------------------------------------------------


def _assert_lsat_matches_r(analytics: AnalyticsReport, test: str) -> None:
    """Every item and test column the unit test checks, at its tolerance; mismatches are listed together."""
    report = analytics.report
    failures, checked = [], 0
    for index, row in enumerate(lsat.read_csv(f"{test}_R_item_reference.csv")):
        for name, value in row.items():
            if name in lsat.NOT_OURS:
                continue
            actual = lsat.ITEM_FIELDS[name](report.slots[index])
            checked += 1
            if actual != pytest.approx(float(value), rel=lsat.R_TOLERANCE):
                failures.append(f"item {index + 1} {name}: {actual} != {value}")
    for name, value in lsat.read_csv(f"{test}_R_test_reference.csv")[0].items():
        if name in lsat.TEST_FIELDS:
            actual = lsat.TEST_FIELDS[name](report.assessment)
            checked += 1
            if actual != pytest.approx(float(value), rel=lsat.R_TOLERANCE):
                failures.append(f"test {name}: {actual} != {value}")
    assert failures == []
    assert checked == 5 * len(lsat.ITEM_FIELDS) + len(lsat.TEST_FIELDS) == 35


def _assert_lsat_tables(analytics: AnalyticsReport, test: str) -> None:
    """The stored cells are exactly the unit test's count tables, and each option was chosen as saved."""
    expected = lsat.count_tables(test)
    assert [slot.slot for slot in analytics.tables.slots] == [1, 2, 3, 4, 5]
    assert [dict(slot.cells) for slot in analytics.tables.slots] == [dict(slot.cells) for slot in expected.slots]
    assert dict(analytics.tables.totals) == dict(expected.totals)
    right = [sum(frequency for pattern, frequency in lsat.patterns(test) if pattern[i]) for i in range(5)]
    for slot, keyed in zip(analytics.report.slots, right, strict=True):
        chosen = sorted(
            ((o.is_key, o.omitted, o.count) for o in analytics.report.options if o.slot == slot.slot and o.count),
            reverse=True,
        )
        assert chosen == [(True, False, keyed), (False, False, 1000 - keyed)]  # the key, one wrong option
        assert slot.random_guess_score == Fraction(1, 4)


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)  # see the module docstring for why
def test_lsat7_every_examinee_through_start_save_submit(session, database):
    assessment = AssessmentFactory(questions=5, shuffle_questions=False)
    examinee = 0
    for pattern, frequency in lsat.patterns("LSAT7"):
        for _ in range(frequency):
            when = T0 + timedelta(days=examinee % 7, seconds=examinee)
            _take_pattern(session, assessment, f"lsat7-{examinee}", pattern, when)
            examinee += 1
    assert examinee == 1000
    live = analytics_of(session, assessment)
    _assert_lsat_tables(live, "LSAT7")
    _assert_lsat_matches_r(live, "LSAT7")
    assert rebuild(session, assessment.id) == 1000
    assert analytics_of(session, assessment).tables == live.tables


def _copy_attempt(session, template: Attempt, learners: list[str]) -> None:
    """Stored copies of an attempt as the engine wrote it, for other learners, over the 7 days after it."""
    if not learners:
        return
    attempts, questions = Attempt.__table__, AttemptQuestion.__table__
    base = dict(session.execute(select(attempts).where(attempts.c.id == template.id)).mappings().one())
    rows = session.execute(select(questions).where(questions.c.attempt_id == template.id)).mappings().all()
    moved = ("started_at", "submitted_at", "deadline_at", "closes_at", "first_answered_at", "answered_at")

    def shifted(row: dict, copy: int) -> dict:
        later = timedelta(days=copy % 7 + 1)
        return {
            name: value + later if name in moved and value is not None else value
            for name, value in row.items()
            if name != "id"
        }

    ids = (
        session.execute(
            insert(attempts).returning(attempts.c.id, sort_by_parameter_order=True),
            [{**shifted(base, copy), "learner_id": learner, "seed": copy} for copy, learner in enumerate(learners)],
        )
        .scalars()
        .all()
    )
    session.execute(
        insert(questions),
        [{**shifted(dict(row), copy), "attempt_id": attempt_id} for copy, attempt_id in enumerate(ids) for row in rows],
    )


@pytest.mark.parametrize("test", lsat.TESTS)
def test_lsat_patterns_through_the_engine_and_repeats_rebuilt(session, test):
    assessment = AssessmentFactory(questions=5, shuffle_questions=False)
    for index, (pattern, frequency) in enumerate(lsat.patterns(test)):
        attempt = _take_pattern(session, assessment, f"{test}-{index}-0", pattern, T0)
        _copy_attempt(session, attempt, [f"{test}-{index}-{copy}" for copy in range(1, frequency)])
    assert rebuild(session, assessment.id) == 1000
    analytics = analytics_of(session, assessment)
    _assert_lsat_tables(analytics, test)
    _assert_lsat_matches_r(analytics, test)


# -- Moodle quiz00 and states as stored attempts ------------------------------------------------------------


QUIZ00_TYPES = {
    "numerical": ItemType.NUMERIC,
    "shortanswer": ItemType.SHORT_TEXT,
    "calculatedsimple": ItemType.NUMERIC,
    "match": ItemType.MULTIPLE_RESPONSE,
    "truefalse": ItemType.TRUE_FALSE,
    "multichoice(two_of_four, multi-answer)": ItemType.MULTIPLE_RESPONSE,
    "multichoice(one_of_four)": ItemType.SINGLE_CHOICE,
    "multianswer": ItemType.SHORT_TEXT,
}
CHOICES = {ItemType.TRUE_FALSE: 2, ItemType.SINGLE_CHOICE: 4}  # one-option types: how many options, A keyed


@dataclass(frozen=True)
class Mark:
    slot: int
    question: str  # the fixture's question, without the "slotN:" prefix
    variant: str
    max_mark: Fraction
    mark: Fraction


@dataclass(frozen=True)
class FixtureAttempt:
    learner: str
    marks: tuple[Mark, ...]

    @property
    def total(self) -> Fraction:
        return sum((mark.mark for mark in self.marks), Fraction(0))


def _fixture_attempts(name: str) -> list[FixtureAttempt]:
    """One entry per fixture attempt, slots in order; the fixture's total must be the marks' sum, to 5 decimals."""
    by_attempt: dict[str, list[dict[str, str]]] = {}
    for row in moodle.read_rows(name):
        by_attempt.setdefault(row["attempt"], []).append(row)
    result = []
    for attempt, rows in by_attempt.items():
        marks = tuple(
            Mark(
                int(row["slot"]),
                row["question"].split(":", 1)[1] if "question" in row else row["questionid"],
                row.get("variant", "1"),
                Fraction(row["max_mark"]),
                Fraction(row["mark"]),
            )
            for row in sorted(rows, key=lambda row: int(row["slot"]))
        )
        fixture = FixtureAttempt(rows[0].get("user", f"attempt-{attempt}"), marks)
        assert abs(fixture.total - Fraction(rows[0]["attempt_total_sumgrades"])) < Fraction(5, 10**6)
        result.append(fixture)
    return result


def _whole(max_mark: Fraction) -> int:
    if max_mark.denominator != 1:
        raise ValueError(f"max mark {max_mark} is not whole: scale every mark before storing it as points")
    return int(max_mark)


def _label(mark: Mark, random_slot: bool) -> str:
    """How the expected values name a version: the question drawn into a random slot, or the variant."""
    return mark.question if random_slot else mark.variant


def _version(item, mark: Mark, types: dict[str, ItemType], number: int) -> ItemVersion:
    kind = types[mark.question] if types else ItemType.SHORT_TEXT  # states names no question types
    options = tuple(OptionDraft(f"Option {'ABCD'[i]}", i == 0) for i in range(CHOICES.get(kind, 0)))
    draft = ItemDraft(
        type=kind, stem=f"{mark.question} ({mark.variant})", options=options, points=_whole(mark.max_mark)
    )
    return ItemVersionFactory(item=item, number=number, draft=draft)


def _store_fixture(session, attempts: list[FixtureAttempt], types: dict[str, ItemType]):
    """The assessment the fixture describes, its attempts stored as scored, and its versions by (slot, label)."""
    assessment = AssessmentFactory(shuffle_questions=False)
    bank = BankFactory(tenant_id=assessment.tenant_id)
    versions: dict[tuple[int, str], ItemVersion] = {}
    random_slots: set[int] = set()
    for slot in sorted({mark.slot for mark in attempts[0].marks}):
        in_slot = [attempt.marks[slot - 1] for attempt in attempts]
        assert {mark.slot for mark in in_slot} == {slot}
        questions = sorted({mark.question for mark in in_slot})
        if len(questions) > 1:  # a random slot: one item per question drawn, from a pool
            random_slots.add(slot)
            items = {}
            for question in questions:
                items[question] = ItemFactory(bank=bank, versions=[])
                first = next(mark for mark in in_slot if mark.question == question)
                versions[slot, question] = _version(items[question], first, types, 1)
            pool = PoolFactory(bank=bank, items=list(items.values()))
            AssessmentSlotFactory(assessment=assessment, position=slot, item=None, pool=pool)
        else:  # one item, a version per variant
            item = ItemFactory(bank=bank, versions=[])
            for variant in sorted({mark.variant for mark in in_slot}, key=int):
                first = next(mark for mark in in_slot if mark.variant == variant)
                versions[slot, variant] = _version(item, first, types, int(variant))
            AssessmentSlotFactory(assessment=assessment, position=slot, item=item)
    numbers: Counter[str] = Counter()
    for index, fixture in enumerate(attempts):
        numbers[fixture.learner] += 1
        started = T0 + timedelta(hours=index)
        questions = []
        for mark in fixture.marks:
            version = versions[mark.slot, _label(mark, mark.slot in random_slots)]
            questions.append(_stored_question(mark, version, started))
        possible = sum(question.points for question in questions)
        attempt = Attempt(
            tenant_id=assessment.tenant_id,
            assessment_id=assessment.id,
            revision_id=assessment.current_revision.id,
            learner_id=fixture.learner,
            number=numbers[fixture.learner],
            seed=index,
            state=AttemptState.SCORED,
            close_reason=CloseReason.SUBMITTED,
            started_at=started,
            submitted_at=started + timedelta(minutes=30),
            points_possible=possible,
            passed=fixture.total >= assessment.pass_threshold * possible,
            questions=questions,
        )
        attempt.points_earned = fixture.total  # what the engine's scoring adds up: sum of credit x points
        session.add(attempt)
    session.flush()
    return assessment, versions


def _stored_question(mark: Mark, version: ItemVersion, started: datetime) -> AttemptQuestion:
    points = _whole(mark.max_mark)
    assert version.points == points
    response = None
    if version.type in (ItemType.TRUE_FALSE, ItemType.SINGLE_CHOICE):
        assert mark.mark in (0, points), "a one-option item scores all or nothing"
        keyed = [option.id for option in version.options if option.is_correct]
        wrong = [option.id for option in version.options if not option.is_correct]
        response = {"option": keyed[0] if mark.mark else wrong[0]}
    question = AttemptQuestion(
        position=mark.slot,
        slot_position=mark.slot,
        item_version_id=version.id,
        option_order=[option.id for option in version.options],
        points=points,
        response=response,
        response_seq=1,
        first_answered_at=started + timedelta(minutes=mark.slot),
        answered_at=started + timedelta(minutes=mark.slot),
    )
    question.credit = mark.mark / points if points else Fraction(0)
    return question


def _expected_cells(attempts: list[FixtureAttempt], random_slots: set[int]):
    """The (mark, total) count tables read straight off the fixture, per slot and per (slot, label)."""
    slots: dict[int, Counter] = {}
    versions: dict[tuple[int, str], Counter] = {}
    for attempt in attempts:
        for mark in attempt.marks:
            cell = (mark.mark, attempt.total)
            slots.setdefault(mark.slot, Counter())[cell] += 1
            versions.setdefault((mark.slot, _label(mark, mark.slot in random_slots)), Counter())[cell] += 1
    return slots, versions


def _assert_cells_lose_nothing(analytics: AnalyticsReport, attempts, versions, random_slots) -> None:
    slots, by_version = _expected_cells(attempts, random_slots)
    names = {str(version.id): key for key, version in versions.items()}
    assert {slot.slot: Counter(slot.cells) for slot in analytics.tables.slots} == slots
    stored = {
        names[version.version]: Counter(version.cells) for slot in analytics.tables.slots for version in slot.versions
    }
    assert stored == by_version
    assert Counter(analytics.tables.totals) == Counter(attempt.total for attempt in attempts)
    assert {slot.slot for slot in analytics.tables.slots if slot.random} == random_slots


def _quiz00_item(report: Report, expected: dict[str, str], versions: dict[tuple[int, str], ItemVersion]):
    slot = int(expected["slot"])
    label = expected.get("subqname") or expected.get("variant")
    if label is None:
        return next(item for item in report.slots if item.slot == slot)
    version = str(versions[slot, label].id)
    return next(item for item in report.versions if item.slot == slot and item.version == version)


def test_quiz00_stored_rebuilt_and_read_matches_every_moodle_value(session):
    attempts = _fixture_attempts("quiz00_item_scores_long.csv")
    assert len(attempts) == 25 and len({attempt.learner for attempt in attempts}) == 25
    assessment, versions = _store_fixture(session, attempts, QUIZ00_TYPES)
    assert rebuild(session, assessment.id) == 25
    every, first = analytics_of(session, assessment), analytics_of(session, assessment, Selection.FIRST)
    _assert_cells_lose_nothing(every, attempts, versions, random_slots={1})

    failures, checked = [], 0
    for row in moodle.QUIZ00["items"]:
        item = _quiz00_item(every.report, row, versions)
        for name in set(row) - moodle.IDENTITY_FIELDS:
            actual = moodle.ITEM_FIELDS[name](item)
            checked += 1
            if row[name] == "**NULL**":
                if actual is not None:
                    failures.append(f"{row} {name}: {actual} is not null")
            elif actual != pytest.approx(float(row[name]), rel=moodle.quiz00_item_tolerance(name), abs=0):
                failures.append(f"slot {row['slot']} {item.version} {name}: {actual} != {row[name]}")
    for name, expected in moodle.QUIZ00["quiz"].items():
        actual = moodle.QUIZ_FIELDS[name](first.report if name.startswith("first") else every.report)
        checked += 1
        if actual != pytest.approx(expected, rel=moodle.QUIZ00["tolerance_relative"]["quiz stats"], abs=0):
            failures.append(f"quiz {name}: {actual} != {expected}")
    assert failures == []
    assert checked == len(moodle.QUIZ00_ITEM_CASES) + len(moodle.QUIZ00["quiz"]) == 98 + 11

    by_version = {(item.slot, item.version): item for item in every.report.versions}
    assert by_version[1, str(versions[1, "numerical"].id)].against == "total"  # drawn at random: r with T
    assert by_version[2, str(versions[2, "1"].id)].against == "rest"
    drawn = sorted(version.item.ref for (slot, _), version in versions.items() if slot == 1)
    assert len(drawn) == 2 and every.labels[1] == ", ".join(drawn)
    options = {(o.slot, o.is_key, o.omitted): o.count for o in every.report.options if o.count}
    assert options == {(4, True, False): 17, (4, False, False): 8, (6, True, False): 16, (6, False, False): 9}


def test_states_stored_rebuilt_and_read_matches_every_moodle_value(session):
    attempts = _fixture_attempts("states_item_scores_long.csv")
    assert len(attempts) == 22 and {mark.max_mark for mark in attempts[0].marks} == {0, 1, 8}
    assessment, versions = _store_fixture(session, attempts, {})
    assert rebuild(session, assessment.id) == 22
    analytics = analytics_of(session, assessment)
    _assert_cells_lose_nothing(analytics, attempts, versions, random_slots=set())

    failures, checked = [], 0
    for name, index in ((case.values[0], case.values[1]) for case in moodle.STATES_CASES):
        expected = moodle.STATES[name][index]
        actual = moodle.STATES_FIELDS[name](analytics.report.slots[index])
        checked += 1
        if expected is None and actual is not None:
            failures.append(f"slot {index + 1} {name}: {actual} is not null")
        elif expected is not None and actual != pytest.approx(expected, rel=0, abs=1e-6):
            failures.append(f"slot {index + 1} {name}: {actual} != {expected}")
    assert failures == []
    assert checked == 100
    assert [item.max_mark for item in analytics.report.slots[4:8]] == [0, 0, 0, 8]
    assert analytics.report.assessment.max_total == sum(mark.max_mark for mark in attempts[0].marks) == 24
