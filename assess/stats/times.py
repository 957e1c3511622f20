"""Time on a question, from a histogram of whole seconds: exact median and mean whatever the number of attempts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class QuestionTime:
    """Seconds before the first answer to a slot's question, over the attempts that answered it."""

    slot: int
    answered: int
    median_seconds: Fraction | None
    mean_seconds: Fraction | None


def question_time(slot: int, histogram: Sequence[tuple[int, int]]) -> QuestionTime:
    """`histogram`: (seconds, count) in ascending seconds. The median of an even count is the two middles' mean."""
    answered = sum(count for _seconds, count in histogram)
    if not answered:
        return QuestionTime(slot, 0, None, None)
    mean = Fraction(sum(seconds * count for seconds, count in histogram), answered)
    return QuestionTime(slot, answered, median_seconds(histogram, answered), mean)


def median_seconds(histogram: Sequence[tuple[int, int]], answered: int) -> Fraction:
    """Whole seconds stay ints until the end (thousands of values)."""
    wanted = ((answered - 1) // 2, answered // 2)
    found: list[int] = []
    seen = 0
    for seconds, count in histogram:
        seen += count
        while len(found) < 2 and wanted[len(found)] < seen:
            found.append(seconds)
        if len(found) == 2:
            break
    return Fraction(found[0] + found[1], 2)
