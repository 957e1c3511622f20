"""Rules that point an author at items worth a second look, each with a severity saying how soon to look.

A flag is a prompt to review, not a verdict: on small samples every statistic is noisy, so the rules that say
"review now" also ask whether the sample is large enough to mean it (a test at the 5% level). Statistics that are
undefined (None) raise no flag. Flags hold the statistics behind them; `assess.reporting.reasons` words them.
Sources and rules: docs/analytics.md, *Flags*.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from statistics import NormalDist

from assess.stats.distractors import OptionStats
from assess.stats.inference import binomial_upper_limit, incomplete_beta
from assess.stats.items import ItemStats


class Severity(StrEnum):
    REVIEW = "review_now"
    """Scores are probably wrong until someone looks: a likely miskey, a discrimination reliably below zero."""
    LOOK = "worth_a_look"
    """The item works less well than it could: too hard or easy, weakly discriminating, a distractor nobody needs."""
    INFO = "informational"
    """Worth knowing, no action expected: a distractor chosen by few on a sample too small to be sure."""


SEVERITY_ORDER = (Severity.REVIEW, Severity.LOOK, Severity.INFO)


@dataclass(frozen=True)
class FlagThresholds:
    min_facility: Fraction = Fraction(1, 10)
    max_facility: Fraction = Fraction(95, 100)
    min_discrimination: float = 0.2
    min_efficiency: Fraction = Fraction(15, 100)
    min_distractor_share: Fraction = Fraction(5, 100)
    """Haladyna and Downing's (1993) line for a functioning distractor."""
    nonfunctional_share: Fraction = Fraction(1, 100)
    """"Almost no one": a distractor chosen this rarely, on a sample that shows it, is worth a look."""
    confidence: Fraction = Fraction(95, 100)
    """One-sided level of the tests behind "review now" (miskey, negative discrimination) and rare distractors."""


DEFAULT_THRESHOLDS = FlagThresholds()


@dataclass(frozen=True)
class Flag:
    """One rule that fired. `option` is the option's id; `about` and `key` the statistics the reason quotes."""

    slot: int
    version: str | None
    code: str
    severity: Severity
    option: int | str | None = None
    item: ItemStats | None = None
    about: OptionStats | None = None
    key: OptionStats | None = None
    limit: Fraction | None = None
    """The threshold the rule compares with, as a share or a correlation (0.2 as 1/5: as written, exactly)."""
    p_value: float | None = None
    """One-sided p-value where the rule is a test (miskey, negative discrimination): how often chance alone would
    give evidence this strong."""

    @property
    def option_letter(self) -> str | None:
        return None if self.about is None else self.about.letter

    @property
    def option_text(self) -> str | None:
        return None if self.about is None else self.about.text


def negative_discrimination_p(item: ItemStats) -> float | None:
    """P(r this negative | true r = 0), by Fisher's z: atanh(r) sqrt(n - 3) is about N(0, 1)."""
    r = item.discrimination_index
    if r is None or item.attempts < 4:
        return None
    if r <= -1:
        return 0.0
    return NormalDist().cdf(math.atanh(r) * math.sqrt(item.attempts - 3))


def item_flags(item: ItemStats, limits: FlagThresholds = DEFAULT_THRESHOLDS) -> list[Flag]:
    """Facility, discrimination and discriminative-efficiency rules for one slot or version."""
    flags: list[Flag] = []

    def flag(code: str, severity: Severity, limit: Fraction | float, p_value: float | None = None) -> None:
        written = limit if isinstance(limit, Fraction) else Fraction(str(limit))
        flags.append(Flag(item.slot, item.version, code, severity, item=item, limit=written, p_value=p_value))

    if item.facility is not None and item.facility < limits.min_facility:
        flag("facility_low", Severity.LOOK, limits.min_facility)
    if item.facility is not None and item.facility > limits.max_facility:
        flag("facility_high", Severity.LOOK, limits.max_facility)
    r = item.discrimination_index
    if r is not None and r < 0:
        p = negative_discrimination_p(item)
        reliable = p is not None and p < 1 - limits.confidence
        flag("discrimination_negative", Severity.REVIEW if reliable else Severity.LOOK, 0.0, p)
    elif r is not None and r < limits.min_discrimination:
        flag("discrimination_low", Severity.LOOK, limits.min_discrimination)
    efficiency = item.discriminative_efficiency
    if efficiency is not None and efficiency < limits.min_efficiency:
        flag("efficiency_low", Severity.INFO, limits.min_efficiency)
    return flags


def preference_p(distractor: Fraction, key: Fraction, group_size: Fraction) -> float | None:
    """P(the group prefers the distractor this much | the distractor and the key are equally attractive to it).

    Two shares of one group are not independent samples, so the test is the exact sign test on the group's
    choosers of either: given m = d + k of them, d ~ Binomial(m, 1/2), and P(X >= d) = I_1/2(d, k + 1). The
    counts are fractional where the tie rule splits attempts at the cut, which the beta form accepts.
    """
    d, k = float(distractor * group_size), float(key * group_size)
    if d <= 0 or d <= k:
        return None
    return incomplete_beta(d, k + 1, 0.5)


def miskey_flag(option: OptionStats, keys: Sequence[OptionStats], limits: FlagThresholds) -> Flag | None:
    """A likely miskey: the distractor goes with the rest score and every key against it, and the upper third
    chose the distractor more than the best key by a margin significant at `limits.confidence` for its size.

    The upper-third test is an exact one-sided sign test (`preference_p`). Both halves are the classical screens:
    a distractor with a positive point-biserial while the key's is negative (Haladyna and Rodriguez 2013;
    ITEMAN's and jMetrik's distractor tables), and the upper group preferring a distractor (the upper-lower
    analysis). Either alone fires on a hard item with a right key or on a distractor a handful of strong learners
    chose by chance; together, tested, they do not.
    """
    if option.point_biserial is None or option.point_biserial <= 0 or option.share_upper is None:
        return None
    if any(key.point_biserial is not None and key.point_biserial >= 0 for key in keys):
        return None
    uppers = [key for key in keys if key.share_upper is not None]
    if not uppers or option.group_size is None:
        return None
    best = max(uppers, key=lambda key: key.share_upper or 0)
    assert best.share_upper is not None
    p = preference_p(option.share_upper, best.share_upper, option.group_size)
    if p is None or p >= 1 - limits.confidence:
        return None
    return Flag(
        option.slot,
        option.version,
        "likely_miskeyed",
        Severity.REVIEW,
        option.option,
        about=option,
        key=best,
        p_value=p,
    )


def rare_flag(option: OptionStats, limits: FlagThresholds) -> Flag | None:
    """Chosen by under `min_distractor_share`: informational, unless it is chosen by at most `nonfunctional_share`
    and the sample is large enough that the one-sided upper confidence limit of its share is under
    `min_distractor_share` too: then the distractor reliably attracts almost no one, and is worth a look."""
    if option.share is None or option.share >= limits.min_distractor_share or option.group_size is None:
        return None
    attempts = int(option.group_size * 3)  # the thirds hold n/3 each
    reliable = (
        option.share <= limits.nonfunctional_share
        and binomial_upper_limit(option.count, attempts, float(limits.confidence)) < limits.min_distractor_share
    )
    return Flag(
        option.slot,
        option.version,
        "distractor_rare",
        Severity.LOOK if reliable else Severity.INFO,
        option.option,
        about=option,
        limit=limits.min_distractor_share,
    )


def distractor_flags(options: Sequence[OptionStats], limits: FlagThresholds = DEFAULT_THRESHOLDS) -> list[Flag]:
    """Rarely chosen distractors, and distractors that behave like the key (a likely miskey)."""
    flags: list[Flag] = []
    keys = [o for o in options if o.is_key]
    for option in options:
        if not option.distractor:
            continue
        for found in (rare_flag(option, limits), miskey_flag(option, keys, limits) if keys else None):
            if found is not None:
                flags.append(found)
    return flags
