"""Hand-worked cases, the null rules, the tie rule, flags, and the count-table path against a raw-data path."""

import ast
import random
import sys
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest

from assess.reporting.reasons import reason
from assess.stats import (
    Answer,
    CountTables,
    FlagThresholds,
    OptionCounts,
    Severity,
    SlotCounts,
    SlotSpec,
    VersionCounts,
    VersionSpec,
    analyse,
    build_count_tables,
    score_statistics,
)
from assess.stats.moments import max_covariance, tail_weights

F = Fraction
ONE = F(1)


def two_slots(*rows):
    return analyse(build_count_tables(rows, [SlotSpec(1, ONE), SlotSpec(2, ONE)]))


# --- hand-worked ---------------------------------------------------------------------------------------------


def test_one_attempt_leaves_every_variance_based_statistic_undefined():
    report = two_slots([1, 0])
    item, test = report.slots[0], report.assessment
    assert (item.attempts, item.facility, item.mean_mark) == (1, 1, 1)
    assert item.sd is None and item.mark_variance is None and item.covariance is None
    assert item.discrimination_index is None and item.discriminative_efficiency is None
    assert item.effective_weight is None and item.alpha_if_deleted is None and item.upper_lower_index is None
    assert (test.attempts, test.mean, test.median, test.minimum, test.maximum) == (1, 1, 1, 1, 1)
    assert test.sd is None and test.skewness is None and test.kurtosis is None
    assert test.reliability.alpha is None and test.reliability.standard_error is None


def test_zero_variance_item_has_sd_zero_but_no_correlation():
    report = two_slots([1, 1], [1, 0], [1, 1], [1, 0])
    item = report.slots[0]
    assert item.facility == 1 and item.sd == 0 and item.mark_variance == 0
    assert item.discrimination_index is None and item.discriminative_efficiency is None
    assert item.total_correlation is None
    assert item.effective_weight == 0  # cov(x, T) = 0: it adds nothing to the spread of totals


def test_everyone_right_on_everything():
    report = two_slots([1, 1], [1, 1], [1, 1])
    assert all(item.facility == 1 and item.sd == 0 and item.discrimination_index is None for item in report.slots)
    test = report.assessment
    assert test.sd == 0 and test.skewness is None and test.kurtosis is None
    assert test.reliability.alpha is None  # total variance 0: alpha would divide by zero
    assert all(item.effective_weight is None for item in report.slots)  # Σ sqrt(cov) = 0


def test_two_parallel_items_by_hand():
    """x1 = x2 = [1, 1, 0, 0]: T = [2, 2, 0, 0]; var x = 1/3, var T = 4/3, alpha = 2 (1 - (2/3)/(4/3)) = 1."""
    report = two_slots([1, 1], [1, 1], [0, 0], [0, 0])
    item = report.slots[0]
    assert item.mark_variance == F(1, 3) and item.covariance == F(1, 3) and item.covariance_max == F(1, 3)
    assert item.discrimination_index == pytest.approx(1) and item.discriminative_efficiency == 1
    assert item.effective_weight == pytest.approx(0.5) and item.intended_weight == F(1, 2)
    assert item.upper_lower_index == 1
    reliability = report.assessment.reliability
    assert reliability.alpha == 1 and reliability.error_ratio == 0 and reliability.standard_error == 0


def test_two_unrelated_items_by_hand():
    """x1 = [1, 1, 0, 0], x2 = [1, 0, 1, 0]: rest of item 1 is item 2, r = 0; var T = 2/3 = Σ var x, alpha = 0."""
    report = two_slots([1, 1], [1, 0], [0, 1], [0, 0])
    assert report.slots[0].covariance == 0 and report.slots[0].discrimination_index == 0
    assert report.assessment.variance == F(2, 3) and report.assessment.reliability.alpha == 0


def test_negative_covariance_with_the_total_gets_no_effective_weight():
    """Three items; item 3 runs against the other two so strongly that cov(x3, T) < 0 (Moodle: null)."""
    rows = [[1, 1, 0], [1, 1, 0], [0, 0, 1], [0, 0, 1]]
    report = analyse(build_count_tables(rows, [SlotSpec(s, ONE) for s in (1, 2, 3)]))
    assert report.slots[2].covariance_with_total < 0 and report.slots[2].effective_weight is None
    assert report.slots[0].effective_weight == pytest.approx(0.5)


def test_moments_by_hand():
    """Totals 0, 1, 1, 2, 6: mean 2, median 1, deviations -2 -1 -1 0 4; Σd² = 22, Σd³ = 54, Σd⁴ = 274.

    k2 = 22/4 = 11/2; k3 = n² m3 / ((n-1)(n-2)) = 25 (54/5) / 12 = 45/2;
    k4 = n² ((n+1) m4 - 3 (n-1) m2²) / ((n-1)(n-2)(n-3)) = 25 (6 x 274/5 - 12 (22/5)²) / 24 = 201/2.
    """
    stats = score_statistics({0: 1, 1: 2, 2: 1, 6: 1}, F(6))
    assert stats.mean == 2 and stats.median == 1 and stats.variance == F(11, 2)
    assert (stats.minimum, stats.maximum) == (0, 6)
    assert stats.skewness == pytest.approx((45 / 2) / (11 / 2) ** 1.5)
    assert stats.kurtosis == F(201, 2) / F(11, 2) ** 2 == F(402, 121)


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert score_statistics({1: 1, 2: 1, 4: 1, 9: 1}, F(9)).median == 3
    assert score_statistics({1: 2, 4: 2}, F(9)).median == F(5, 2)


def test_skewness_needs_three_attempts_and_kurtosis_four():
    assert score_statistics({0: 1, 1: 1}, ONE).skewness is None
    three = score_statistics({0: 1, 1: 1, 3: 1}, F(3))
    assert three.skewness is not None and three.kurtosis is None
    assert score_statistics({0: 1, 1: 1, 3: 2}, F(3)).kurtosis is not None


def test_pass_rate_compares_exactly():
    """10% of 3 marks is exactly 3/10, so a total of 0.3 passes; in floats 0.1 * 3 > 0.3 and 0.3 / 3 < 0.1."""
    totals = {F(3, 10): 1, F(29, 100): 1, F(3): 2}
    stats = score_statistics(totals, F(3), pass_threshold=F(1, 10))
    assert stats.pass_rate == F(3, 4)
    assert score_statistics(totals, F(3)).pass_rate is None


def test_random_guess_score_of_a_slot_weights_its_versions_by_attempts():
    attempts = [[Answer(ONE, "a")], [Answer(ONE, "a")], [Answer(ONE, "a")], [Answer(ONE, "b")]]
    versions = [VersionSpec(1, "a", random_guess_score=F(1, 4)), VersionSpec(1, "b", random_guess_score=F(1, 2))]
    report = analyse(build_count_tables(attempts, [SlotSpec(1, ONE, random=True)], versions))
    assert report.slots[0].random_guess_score == F(5, 16)
    assert [v.random_guess_score for v in report.versions] == [F(1, 4), F(1, 2)]


# --- tie rule ------------------------------------------------------------------------------------------------


def test_tail_weights_split_the_attempts_tied_at_the_cut():
    """Six attempts, three at score 0 and three at 1: the lowest third (2 attempts) takes 2/3 of the zeros."""
    assert tail_weights({F(0): 3, F(1): 3}, F(1, 3), top=False) == {0: F(2, 3)}
    assert tail_weights({F(0): 3, F(1): 3}, F(1, 3), top=True) == {1: F(2, 3)}
    assert tail_weights({F(0): 1, F(1): 4, F(2): 1}, F(1, 2), top=False) == {0: 1, 1: F(1, 2)}


def test_max_covariance_pairs_sorted_marginals():
    """x = [0, 1, 1], y = [5, 0, 1]: sorted pairs (0,0) (1,1) (1,5); Σxy = 6, mean x 2/3, mean y 2: (6 - 4)/2 = 1."""
    assert max_covariance({F(0): 1, F(1): 2}, {F(5): 1, F(0): 1, F(1): 1}) == 1
    assert max_covariance({F(1): 1}, {F(3): 1}) is None


# --- distractors and flags -----------------------------------------------------------------------------------


def miskeyed_tables() -> CountTables:
    """Six attempts on a choice item (key A) plus one other slot that carries the rest score (0, 0, 1, 1, 2, 2).

    The two strongest chose B, the two weakest chose A (the key), the middle two C; nobody chose D.
    """
    choices = [("A", 0), ("A", 0), ("C", 1), ("C", 1), ("B", 2), ("B", 2)]
    attempts = [[Answer(F(option == "A"), option=option), F(rest)] for option, rest in choices]
    spec = VersionSpec(1, options=(("A", True), ("B", False), ("C", False), ("D", False)))
    return build_count_tables(attempts, [SlotSpec(1, ONE), SlotSpec(2, F(2))], [spec])


def test_distractor_shares_by_third_of_rest_score():
    report = analyse(miskeyed_tables())
    by_option = {option.option: option for option in report.options}
    assert set(by_option) == {"A", "B", "C", "D", None}
    a, b, d = by_option["A"], by_option["B"], by_option["D"]
    assert (a.count, a.share, a.share_lower, a.share_middle, a.share_upper) == (2, F(1, 3), 1, 0, 0)
    assert (b.share_lower, b.share_middle, b.share_upper) == (0, 0, 1)
    assert d.count == 0 and d.share == 0 and d.point_biserial is None
    assert b.point_biserial == pytest.approx(0.8660254037844386)  # [0,0,0,0,1,1] with rest [0,0,1,1,2,2]
    assert by_option[None].count == 0


def test_choosers_tied_at_a_third_cut_are_shared_between_the_groups():
    """Rest scores 0, 0, 0, 1, 1, 1 and thirds of 2 attempts: 2/3 of each score group is in its outer third.

    The one chooser of B at rest 0 counts 2/3 in the lower third and 1/3 in the middle: shares 1/3 and 1/6.
    """
    choices = [("B", 0), ("A", 0), ("A", 0), ("A", 1), ("A", 1), ("A", 1)]
    attempts = [[Answer(F(option == "A"), option=option), F(rest)] for option, rest in choices]
    spec = VersionSpec(1, options=(("A", True), ("B", False)))
    tables = build_count_tables(attempts, [SlotSpec(1, ONE), SlotSpec(2, ONE)], [spec])
    b = next(option for option in analyse(tables).options if option.option == "B")
    assert (b.share_lower, b.share_middle, b.share_upper) == (F(1, 3), F(1, 6), 0)


def test_flags_for_a_miskeyed_item_with_a_dead_distractor():
    """Six attempts: the pattern is a miskey's, but two strong learners choosing B is not evidence enough (the
    exact sign test gives p = 1/4), so the screen stays silent and says why at a lenient level instead."""
    flags = analyse(miskeyed_tables()).flags
    codes = {(flag.slot, flag.code, flag.option) for flag in flags}
    assert not any(code == "likely_miskeyed" for _, code, _ in codes)
    assert (1, "distractor_rare", "D") in codes
    assert (1, "discrimination_negative", None) in codes
    assert (1, "efficiency_low", None) in codes
    assert ("A" not in {flag.option for flag in flags}) and all(reason(flag) for flag in flags)
    lenient = analyse(miskeyed_tables(), thresholds=FlagThresholds(confidence=F(7, 10))).flags
    (miskey,) = [flag for flag in lenient if flag.code == "likely_miskeyed"]
    assert (miskey.option, miskey.option_letter, miskey.severity) == ("B", "B", Severity.REVIEW)
    assert miskey.p_value == pytest.approx(0.25)
    assert not any(flag.code == "likely_miskeyed" and flag.option == "C" for flag in lenient)


def test_facility_and_low_discrimination_flags():
    rows = [[1, 1, 1]] * 19 + [[1, 0, 0]]  # slot 1 everyone right; slot 2 and 3 95% right
    report = analyse(build_count_tables(rows, [SlotSpec(s, ONE) for s in (1, 2, 3)]))
    codes = {(flag.slot, flag.code) for flag in report.flags}
    assert (1, "facility_high") in codes and (2, "facility_high") not in codes  # 95% is inside [10%, 95%]
    hard = analyse(build_count_tables([[0, 1]] * 10 + [[1, 0]], [SlotSpec(1, ONE), SlotSpec(2, ONE)]))
    assert (1, "facility_low") in {(flag.slot, flag.code) for flag in hard.flags}


# --- count-table path against a raw-data path ----------------------------------------------------------------


def moodle_walk(marks: list[list[Fraction]], versions: list[list[str]], random_slots: set[int]):
    """Moodle's calculator as it is written: two passes over attempts, sorted arrays, exact Fractions.

    Returns {(slot, version or None): (variance, other variance, covariance, covariance max, cov with total)}.
    """
    groups: dict[tuple[int, str | None], list[tuple[Fraction, Fraction, Fraction]]] = {}
    for row, row_versions in zip(marks, versions, strict=True):
        total = sum(row, F(0))
        for j, (x, version) in enumerate(zip(row, row_versions, strict=True)):
            groups.setdefault((j, None), []).append((x, total - x, total))
            other = total if j in random_slots else total - x
            groups.setdefault((j, version), []).append((x, other, total))
    result = {}
    for key, rows in groups.items():
        n = len(rows)
        if n < 2:
            result[key] = None
            continue
        mean_x = sum((r[0] for r in rows), F(0)) / n
        mean_o = sum((r[1] for r in rows), F(0)) / n
        sorted_x, sorted_o = sorted(r[0] for r in rows), sorted(r[1] for r in rows)
        result[key] = (
            sum(((r[0] - mean_x) ** 2 for r in rows), F(0)) / (n - 1),
            sum(((r[1] - mean_o) ** 2 for r in rows), F(0)) / (n - 1),
            sum(((r[0] - mean_x) * (r[1] - mean_o) for r in rows), F(0)) / (n - 1),
            sum(((a - mean_x) * (b - mean_o) for a, b in zip(sorted_x, sorted_o, strict=True)), F(0)) / (n - 1),
            sum(((r[0] - mean_x) * r[2] for r in rows), F(0)) / (n - 1),
        )
    return result


@pytest.mark.parametrize("seed", range(8))
def test_count_tables_give_exactly_what_moodles_per_attempt_walk_gives(seed):
    rng = random.Random(seed)
    n, k = rng.randint(2, 40), rng.randint(2, 5)
    random_slots = {0}
    marks = [[F(rng.randint(0, 3), 3) for _ in range(k)] for _ in range(n)]
    versions = [[rng.choice("pq") if j in (0, 1) else "1" for j in range(k)] for _ in range(n)]
    attempts = [[Answer(x, v) for x, v in zip(m, vs, strict=True)] for m, vs in zip(marks, versions, strict=True)]
    slots = [SlotSpec(j + 1, ONE, random=j in random_slots) for j in range(k)]
    report = analyse(build_count_tables(attempts, slots))
    walked = moodle_walk(marks, versions, random_slots)
    ours = {(item.slot - 1, item.version): item for item in report.slots + report.versions}
    assert set(ours) == set(walked)
    for key, expected in walked.items():
        item = ours[key]
        actual = (
            item.mark_variance,
            item.other_variance,
            item.covariance,
            item.covariance_max,
            item.covariance_with_total,
        )
        assert actual == (expected or (None,) * 5), key


def test_tables_accumulated_in_any_order_or_in_batches_are_equal():
    """What the database does (one increment per submitted attempt) must not depend on the order of arrival."""
    rng = random.Random(7)
    slots = [SlotSpec(1, ONE), SlotSpec(2, F(2))]
    attempts = [[F(rng.randint(0, 2), 2), F(rng.randint(0, 4), 2)] for _ in range(50)]
    whole = build_count_tables(attempts, slots)
    shuffled = attempts[:]
    rng.shuffle(shuffled)
    assert build_count_tables(shuffled, slots) == whole
    halves = [build_count_tables(attempts[:20], slots), build_count_tables(attempts[20:], slots)]
    cells = [Counter(h.slots[s].versions[0].cells) for h in halves for s in range(2)]
    summed = CountTables(
        tuple(SlotCounts(s + 1, slots[s].max_mark, (VersionCounts("1", cells[s] + cells[2 + s]),)) for s in range(2)),
        Counter(halves[0].totals) + Counter(halves[1].totals),
    )
    assert summed == whole and analyse(summed) == analyse(whole)


# --- validation ----------------------------------------------------------------------------------------------


def test_tables_that_disagree_are_refused():
    version = VersionCounts("1", {(ONE, ONE): 2})
    with pytest.raises(ValueError, match="differ from the score distribution"):
        CountTables((SlotCounts(1, ONE, (version,)),), {ONE: 3})
    with pytest.raises(ValueError, match="do not add up"):
        VersionCounts("1", {(ONE, ONE): 2}, (OptionCounts("A", True, {(ONE, ONE): 1}),))
    with pytest.raises(ValueError, match="non-negative"):
        VersionCounts("1", {(ONE, ONE): -1})
    with pytest.raises(ValueError, match="outside"):
        build_count_tables([[2]], [SlotSpec(1, ONE)])
    with pytest.raises(ValueError, match="unknown option"):
        build_count_tables([[Answer(ONE, option="Z")]], [SlotSpec(1, ONE)], [VersionSpec(1, options=(("A", True),))])


def test_the_statistics_core_imports_only_the_standard_library():
    package = Path(__file__).resolve().parents[2] / "assess" / "stats"
    for module in package.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or name.startswith("assess.stats"), (module.name, name)


def test_the_sign_test_behind_the_miskey_screen():
    """Two shares of one group: given the upper third's choosers of either option, the distractor's count is
    Binomial(m, 1/2) if the two are equally attractive. 5.9% against 4.5% of a third of 400 is no evidence
    (the case the old rule flagged); 60% against 10% is; ties and a distractor behind the key are not tested."""
    from assess.stats.flags import preference_p

    third = F(400, 3)
    assert preference_p(F(59, 1000), F(45, 1000), third) == pytest.approx(0.4086, abs=1e-4)
    assert preference_p(F(6, 10), F(1, 10), third) < 1e-12
    assert preference_p(F(2, 10), F(2, 10), third) is None and preference_p(F(1, 10), F(2, 10), third) is None
    assert preference_p(F(1), F(0), F(2)) == pytest.approx(0.25)  # 2 of 2: p = 1/4, exactly
