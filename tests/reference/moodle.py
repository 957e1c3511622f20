"""Moodle's own published expectations for its quiz statistics report: quiz00 and the older "states" set.

Read from `../shared/reference/moodle-quiz-statistics` beside the checkout: the item scores, the expected
values, how each expected key maps to our statistics (scaled as Moodle prints them) and the tolerances the
files state. The unit tests (tests/unit/test_stats_moodle.py) check the pure core against them; the
conformance tests (tests/integration/test_analytics_conformance.py) check the stored analytics.
"""

import csv
import json
from fractions import Fraction

import pytest

from tests.shared_data import shared_folder

MOODLE = shared_folder("reference") / "moodle-quiz-statistics"  # read at import: its absence skips its users
QUIZ00 = json.loads((MOODLE / "quiz00_expected.json").read_text())
STATES = json.loads((MOODLE / "states_expected.json").read_text())
PERCENT = 100


def read_rows(name: str) -> list[dict[str, str]]:
    with (MOODLE / name).open(newline="") as handle:
        return list(csv.DictReader(handle))


def scaled(value: Fraction | float | None, factor: float = 1) -> float | None:
    return None if value is None else float(value) * factor


ITEM_FIELDS = {
    "s": lambda item: item.attempts,
    "facility": lambda item: scaled(item.facility),
    "sd": lambda item: item.sd,
    "effectiveweight": lambda item: scaled(item.effective_weight, PERCENT),
    "covariance": lambda item: scaled(item.covariance),
    "markvariance": lambda item: scaled(item.mark_variance),
    "othermarkvariance": lambda item: scaled(item.other_variance),
    "discriminationindex": lambda item: scaled(item.discrimination_index, PERCENT),
    "covariancemax": lambda item: scaled(item.covariance_max),
    "discriminativeefficiency": lambda item: scaled(item.discriminative_efficiency, PERCENT),
    "maxmark": lambda item: scaled(item.max_mark),
}
IDENTITY_FIELDS = {"slot", "subqname", "variant"}


def quiz00_item_tolerance(name: str) -> float:
    relative = QUIZ00["tolerance_relative"]
    return (
        relative["covariance|discriminationindex|discriminativeefficiency|effectiveweight"]
        if name
        in {
            "covariance",
            "discriminationindex",
            "discriminativeefficiency",
            "effectiveweight",
        }
        else relative["other item stats"]
    )


QUIZ00_ITEM_CASES = [
    pytest.param(row, name, id=f"slot{row['slot']}-{row.get('subqname') or row.get('variant') or 'all'}-{name}")
    for row in QUIZ00["items"]
    for name in row
    if name not in IDENTITY_FIELDS
]


QUIZ_FIELDS = {
    "median": lambda report: scaled(report.assessment.median),
    # Every attempt is a different user's only attempt, so first attempts and all attempts are the same set.
    "firstattemptsavg": lambda report: scaled(report.assessment.mean),
    "allattemptsavg": lambda report: scaled(report.assessment.mean),
    "firstattemptscount": lambda report: report.assessment.attempts,
    "allattemptscount": lambda report: report.assessment.attempts,
    "standarddeviation": lambda report: report.assessment.sd,
    "skewness": lambda report: report.assessment.skewness,
    "kurtosis": lambda report: scaled(report.assessment.kurtosis),
    "cic": lambda report: scaled(report.assessment.reliability.alpha, PERCENT),
    "errorratio": lambda report: scaled(report.assessment.reliability.error_ratio, PERCENT),
    "standarderror": lambda report: report.assessment.reliability.standard_error,
}


STATES_FIELDS = {
    "facility_x100": lambda item: scaled(item.facility, 100),
    "sd_x1000": lambda item: scaled(item.sd, 1000),
    "effectiveweight": lambda item: scaled(item.effective_weight, PERCENT),
    "discriminationindex": lambda item: scaled(item.discrimination_index, PERCENT),
    "discriminativeefficiency": lambda item: scaled(item.discriminative_efficiency, PERCENT),
}
STATES_CASES = [
    pytest.param(name, index, id=f"slot{index + 1}-{name}")
    for name, values in STATES.items()
    if isinstance(values, list)
    for index in range(len(values))
]
