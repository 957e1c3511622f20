"""How a learner's accommodations combine at one assessment, and what they make of its limits: pure arithmetic.

Two kinds are stored (`assess.models`): one per learner for every assessment of the tenant
(`LearnerAccommodation`: a time multiplier, extra attempts) and one per learner and assessment
(`Accommodation`: extra seconds, extra attempts, and a time multiplier of its own when given). At one
assessment they combine as follows (`combine`):

- the time multiplier is the per-assessment one when it is given, else the tenant-wide one, else 1: the
  per-assessment one replaces the tenant-wide one (it does not multiply it), so "time and a half everywhere,
  double on the final" is two settings, and "1" on one assessment takes the extra time off that one only;
- extra seconds are the per-assessment ones: a fixed amount means something else on a five-minute quiz and a
  two-hour exam, which is what the tenant-wide multiplier is for;
- extra attempts add up: tenant-wide plus per-assessment.

The time limit is then `ceil(time_limit_seconds * multiplier) + extra_seconds`: the product is rounded up to
a whole second, so the learner never loses part of one, and it is computed on Fractions, never on floats.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

MAX_TIME_MULTIPLIER = Fraction(10)
MAX_MULTIPLIER_DENOMINATOR = 1000
"""3/2 or 1.25 or 4/3, never 1000001/1000000: a multiplier finer than a thousandth is a typing slip."""


@dataclass(frozen=True)
class Grant:
    """One stored accommodation as the rules read it; `time_multiplier` None: none given (per assessment)."""

    time_multiplier: Fraction | None = None
    extra_seconds: int = 0
    extra_attempts: int = 0


@dataclass(frozen=True)
class EffectiveAccommodation:
    """What a learner's accommodations add up to at one assessment (none: multiplier 1, nothing extra)."""

    time_multiplier: Fraction = Fraction(1)
    extra_seconds: int = 0
    extra_attempts: int = 0

    def time_limit(self, time_limit_seconds: int | None) -> int | None:
        """The learner's time limit in whole seconds; None (untimed) stays None, whatever was granted."""
        if time_limit_seconds is None:
            return None
        return math.ceil(time_limit_seconds * self.time_multiplier) + self.extra_seconds

    def attempts_allowed(self, max_attempts: int | None) -> int | None:
        """The learner's attempts in all; None (unlimited) stays None."""
        return None if max_attempts is None else max_attempts + self.extra_attempts


NO_ACCOMMODATION = EffectiveAccommodation()


def combine(tenant_wide: Grant | None, per_assessment: Grant | None) -> EffectiveAccommodation:
    """The rule in the module docstring: the per-assessment multiplier replaces; extra attempts add up."""
    tenant_wide = tenant_wide or Grant()
    per_assessment = per_assessment or Grant()
    multiplier = next(
        (m for m in (per_assessment.time_multiplier, tenant_wide.time_multiplier) if m is not None), Fraction(1)
    )
    return EffectiveAccommodation(
        time_multiplier=multiplier,
        extra_seconds=per_assessment.extra_seconds,
        extra_attempts=tenant_wide.extra_attempts + per_assessment.extra_attempts,
    )


def multiplier_problem(multiplier: Fraction) -> str | None:
    """Why `multiplier` cannot be a time multiplier, for people; None when it can."""
    if multiplier < 1:
        return "A time multiplier is at least 1: it gives extra time, never less."
    if multiplier > MAX_TIME_MULTIPLIER:
        return f"A time multiplier is at most {MAX_TIME_MULTIPLIER}."
    if multiplier.denominator > MAX_MULTIPLIER_DENOMINATOR:
        return f"A time multiplier is exact to 1/{MAX_MULTIPLIER_DENOMINATOR} at most, such as '3/2' or '1.125'."
    return None
