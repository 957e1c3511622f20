"""Rules that point an author at items worth a second look, each with the reason in words.

A flag is a prompt to review, not a verdict: on small samples every statistic is noisy. Statistics that are
undefined (None) raise no flag.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from assess.stats.distractors import OptionStats
from assess.stats.items import ItemStats


@dataclass(frozen=True)
class FlagThresholds:
    min_facility: Fraction = Fraction(1, 10)
    max_facility: Fraction = Fraction(95, 100)
    min_discrimination: float = 0.2
    min_efficiency: Fraction = Fraction(15, 100)
    min_distractor_share: Fraction = Fraction(5, 100)


DEFAULT_THRESHOLDS = FlagThresholds()


@dataclass(frozen=True)
class Flag:
    slot: int
    version: str | None
    code: str
    reason: str
    option: int | str | None = None


def percent(value: Fraction | float) -> str:
    return f"{float(value):.0%}"


def item_flags(item: ItemStats, limits: FlagThresholds = DEFAULT_THRESHOLDS) -> list[Flag]:
    """Facility, discrimination and discriminative-efficiency rules for one slot or version."""
    flags: list[Flag] = []

    def flag(code: str, reason: str) -> None:
        flags.append(Flag(item.slot, item.version, code, reason))

    if item.facility is not None and item.facility < limits.min_facility:
        flag("facility_low", f"facility {percent(item.facility)} is below {percent(limits.min_facility)}: too hard")
    if item.facility is not None and item.facility > limits.max_facility:
        flag("facility_high", f"facility {percent(item.facility)} is above {percent(limits.max_facility)}: too easy")
    r = item.discrimination_index
    if r is not None and r < 0:
        flag("discrimination_negative", f"discrimination {r:.2f} is negative: stronger candidates do worse on it")
    elif r is not None and r < limits.min_discrimination:
        flag("discrimination_low", f"discrimination {r:.2f} is below {limits.min_discrimination:.2f}")
    efficiency = item.discriminative_efficiency
    if efficiency is not None and efficiency < limits.min_efficiency:
        flag(
            "efficiency_low",
            f"discriminative efficiency {percent(efficiency)} is below {percent(limits.min_efficiency)}",
        )
    return flags


def distractor_flags(options: Sequence[OptionStats], limits: FlagThresholds = DEFAULT_THRESHOLDS) -> list[Flag]:
    """Rarely chosen distractors, and distractors the upper third prefers to the key (a likely miskey)."""
    flags: list[Flag] = []
    key_upper = [o.share_upper for o in options if o.is_key and o.share_upper is not None]
    best_key_upper = max(key_upper) if key_upper else None
    for option in options:
        if not option.distractor:
            continue
        if option.share is not None and option.share < limits.min_distractor_share:
            flags.append(
                Flag(
                    option.slot,
                    option.version,
                    "distractor_rare",
                    f"option {option.option} was chosen by {percent(option.share)}, "
                    f"under {percent(limits.min_distractor_share)}: it distracts almost no one",
                    option.option,
                )
            )
        if best_key_upper is not None and option.share_upper is not None and option.share_upper > best_key_upper:
            flags.append(
                Flag(
                    option.slot,
                    option.version,
                    "distractor_beats_key",
                    f"the upper third chose option {option.option} ({percent(option.share_upper)}) more than "
                    f"the key ({percent(best_key_upper)}): likely miskeyed",
                    option.option,
                )
            )
    return flags
