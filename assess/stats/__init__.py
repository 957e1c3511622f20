"""Item and test analytics computed from count tables, so a report costs the same after ten or a million attempts.

Pure standard-library Python: marks and sums are exact Fractions; floats appear only where a square root is
taken. Definitions follow Moodle's quiz statistics report; see docs/analytics.md.
"""

from assess.stats.build import Answer, SlotSpec, VersionSpec, build_count_tables
from assess.stats.distractors import OptionStats, option_statistics
from assess.stats.flags import (
    DEFAULT_THRESHOLDS,
    SEVERITY_ORDER,
    Flag,
    FlagThresholds,
    Severity,
    distractor_flags,
    item_flags,
)
from assess.stats.items import ItemStats, item_statistics
from assess.stats.report import Report, analyse
from assess.stats.scores import AssessmentStats, Reliability, score_statistics
from assess.stats.tables import CountTables, Exact, OptionCounts, SlotCounts, VersionCounts
from assess.stats.times import QuestionTime, question_time

__all__ = [
    "DEFAULT_THRESHOLDS",
    "SEVERITY_ORDER",
    "Answer",
    "AssessmentStats",
    "CountTables",
    "Exact",
    "Flag",
    "FlagThresholds",
    "ItemStats",
    "OptionCounts",
    "OptionStats",
    "QuestionTime",
    "Reliability",
    "Report",
    "Severity",
    "SlotCounts",
    "SlotSpec",
    "VersionCounts",
    "VersionSpec",
    "analyse",
    "build_count_tables",
    "distractor_flags",
    "item_flags",
    "item_statistics",
    "option_statistics",
    "question_time",
    "score_statistics",
]
