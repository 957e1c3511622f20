"""LSAT6 and LSAT7 (1000 examinees x 5 dichotomous items) with R's psych / CTT / ltm reference values.

Read from `../shared/reference/lsat` beside the checkout: the response patterns, the count tables they make,
and how each R column maps to our statistics, at R's tolerance. The unit tests (tests/unit/test_stats_lsat.py)
check the pure core against them; the conformance tests (tests/integration/test_analytics_conformance.py) check
the stored analytics.
"""

import csv
from collections import Counter
from fractions import Fraction
from functools import cache

from assess.stats import CountTables, SlotCounts, VersionCounts
from tests.shared_data import shared_folder

LSAT = shared_folder("reference") / "lsat"  # read at import: its absence skips the modules that use it
TESTS = ["LSAT6", "LSAT7"]
R_TOLERANCE = 1e-9  # R printed full doubles; our sums are exact


def read_csv(name: str) -> list[dict[str, str]]:
    with (LSAT / name).open(newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def patterns(test: str) -> tuple[tuple[tuple[int, ...], int], ...]:
    rows = read_csv(f"mirt_{test}_patterns.csv")
    result = []
    for row in rows:
        values = [int(float(value)) for value in row.values()]
        result.append((tuple(values[:-1]), values[-1]))
    return tuple(result)


@cache
def count_tables(test: str) -> CountTables:
    cells: list[Counter] = [Counter() for _ in range(5)]
    totals: Counter = Counter()
    for responses, frequency in patterns(test):
        total = sum(responses)
        totals[total] += frequency
        for item, mark in enumerate(responses):
            cells[item][mark, total] += frequency
    slots = tuple(SlotCounts(item + 1, Fraction(1), (VersionCounts("1", cells[item]),)) for item in range(5))
    return CountTables(slots, totals)


ITEM_FIELDS = {
    "p": lambda item: float(item.facility),
    "sd_n1": lambda item: item.sd,
    "r_item_total_uncorrected": lambda item: item.total_correlation,
    "r_item_rest_corrected": lambda item: item.discrimination_index,
    "ctt_pBis": lambda item: item.discrimination_index,
    "alpha_if_deleted": lambda item: float(item.alpha_if_deleted),
}
NOT_OURS = {"item", "ctt_biserial_polyserial", "ltm_2pl_b", "ltm_2pl_a", "ltm_rasch_a1_b", "ltm_rasch_free_b"}
NOT_OURS |= {"ltm_rasch_free_a"}  # IRT parameters and biserials are not classical item statistics we report


TEST_FIELDS = {
    "N": lambda stats: stats.attempts,
    "mean_total": lambda stats: float(stats.mean),
    "sd_total_n1": lambda stats: stats.sd,
    "alpha": lambda stats: float(stats.reliability.alpha),
    "sem": lambda stats: stats.reliability.standard_error,
}
