"""Key, points and partial credit read off the scores an item's own rules give to the responses it could get.

Each candidate response (every choice, every set of choices, every text and number the item names, and
numbers just beside them) is scored by running the item's response processing (`processing`). The full
score is the item's points; the responses earning it are the key; any other positive score is partial
credit, which our types either state exactly (multiple response's right-minus-wrong) or cannot, in which
case the item is imported with its key and the difference is reported, never silently changed.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any

from lxml import etree

from itembank.interchange.parsed import Dropped
from itembank.interchange.qti.processing import Container, Declaration, Unsupported, run_rules

MOST_SUBSETS = 256
"""Every set of choices is scored for up to 8 choices; beyond, the sets of at most two and those the rules
and the key name (a wider search would cost more than items of that many choices are worth)."""


class Skip(Exception):  # noqa: N818 (a reason, read as "skipped: ...")
    """The item cannot be one of ours; the message is the reason, in words a teacher reads."""


@dataclass(frozen=True)
class Scored:
    response: Any
    score: Fraction
    outcomes: Mapping[str, Any]


def score_all(
    rules: etree._Element, declarations: Mapping[str, Declaration], identifier: str, candidates: Iterable[Any]
) -> list[Scored]:
    scored = []
    for candidate in candidates:
        run = run_rules(rules, declarations, {identifier: candidate})
        score = run.state.get("SCORE")
        if score is None:
            score = Fraction(0)
        if isinstance(score, bool) or not isinstance(score, Fraction):
            raise Unsupported(f"a SCORE that is not a number ({score!r})")
        scored.append(Scored(candidate, score, dict(run.state)))
    return scored


def whole_points(scored: Sequence[Scored]) -> int:
    best = max((found.score for found in scored), default=Fraction(0))
    if best <= 0:
        raise Skip("no response earns a score above 0 (a survey question, or scoring we cannot see)")
    if best.denominator != 1:
        raise Skip(f"its full score is {decimal_text(best)}, not a whole number of points")
    return int(best)


def decimal_text(value: Fraction) -> str:
    """A fraction with a terminating decimal expansion, written exactly (3/8 -> 0.375)."""
    with localcontext() as context:
        context.prec = 100
        text = format((Decimal(value.numerator) / Decimal(value.denominator)).normalize(), "f")
    return text


def _label(response: Any) -> str:
    if isinstance(response, Container):
        return "{" + ", ".join(sorted(map(str, response.values))) + "}"
    if isinstance(response, Fraction):
        return decimal_text(response) if terminates(response) else str(response)
    return "no answer" if response is None else repr(response)


def terminates(value: Fraction) -> bool:
    """Whether `value` is a finite decimal (its denominator has no prime factor but 2 and 5)."""
    rest = value.denominator
    for prime in (2, 5):
        while rest % prime == 0:
            rest //= prime
    return rest == 1


def _partial_dropped(scored: Sequence[Scored], points: int, key: set[Any], what: str) -> list[Dropped]:
    partial = [found for found in scored if 0 < found.score < points and found.response is not None]
    negative = [found for found in scored if found.score < 0 and found.response is not None]
    dropped = []
    if partial:
        examples = ", ".join(f"{_label(found.response)} ({decimal_text(found.score)})" for found in partial[:3])
        dropped.append(
            Dropped("partial credit", f"the source gives part of the {points} point(s) to {examples}; {what}")
        )
    if negative:
        dropped.append(
            Dropped(
                "negative score",
                f"the source takes points away for {_label(negative[0].response)}; our scores stop at 0",
            )
        )
    return dropped


def one_choice(scored: Sequence[Scored], correct: Any = None) -> tuple[int, str, list[Dropped]]:
    """(points, the keyed choice, what differs) for a one-answer choice. When several choices earn full
    marks, the one the item declares correct is the key and the others are reported; without one, skipped."""
    points = whole_points(scored)
    keyed = [found.response for found in scored if found.score == points and found.response is not None]
    dropped = []
    if len(keyed) > 1 and correct in keyed:
        others = ", ".join(str(choice) for choice in keyed if choice != correct)
        dropped.append(
            Dropped("partial credit", f"{others} also earn full marks in the source; here only {correct} does")
        )
        keyed = [correct]
    if len(keyed) != 1:
        raise Skip(f"{len(keyed)} choices ({', '.join(map(str, keyed))}) each earn full marks; ours have one key")
    dropped += _partial_dropped(scored, points, set(keyed), "here only the key earns points")
    return points, keyed[0], dropped


def choice_sets(choices: Sequence[str], named: Iterable[Container], most: int) -> list[Container]:
    """The sets of choices to score: all of them while that is few, else the small ones and those named."""
    limit = len(choices) if most <= 0 else min(most, len(choices))
    sizes = range(0, limit + 1)
    if 2 ** len(choices) > MOST_SUBSETS:
        sizes = range(0, min(2, limit) + 1)
    found: dict[frozenset[str], None] = {}
    for size in sizes:
        for combination in itertools.combinations(choices, size):
            found[frozenset(combination)] = None
    for container in named:
        base = frozenset(value for value in container.values if value in choices)
        found[base] = None
        for choice in choices:
            found[base ^ {choice}] = None
    return [Container("multiple", tuple(sorted(values))) for values in found]


def right_minus_wrong(chosen: frozenset[str], key: frozenset[str], points: int) -> Fraction:
    """Our multiple-response partial credit (itembank.itemtypes.multiple_response), in points."""
    return points * max(Fraction(0), Fraction(len(chosen & key) - len(chosen - key), len(key)))


def several_choices(
    scored: Sequence[Scored], mapped: bool, correct: Any = None
) -> tuple[int, frozenset[str], str, list[Dropped]]:
    """(points, keyed set, "partial" or "all_or_nothing", what differs) for a several-answer choice.

    When several sets earn full marks (a mapping that does not take points for a wrong choice), the key is
    the declared correct response, or else the one set inside all the others; the difference is reported.
    With one keyed choice of two both rules score alike; then rules that map the response read as partial
    credit (the default), any other as all-or-nothing."""
    points = whole_points(scored)
    full = [frozenset(found.response.values) for found in scored if found.score == points]
    if len(full) > 1:
        smallest = frozenset.intersection(*full)
        declared = frozenset(correct.values) if isinstance(correct, Container) else None
        chosen_key = declared if declared in full else smallest if smallest in full else None
        if chosen_key is not None:
            full = [chosen_key]
    if len(full) != 1:
        shown = "; ".join(_label(Container("multiple", tuple(values))) for values in full[:3])
        raise Skip(f"{len(full)} different sets of choices earn full marks ({shown}); ours have one key")
    key = full[0]
    if not key:
        raise Skip("choosing nothing earns full marks")
    chosen = [(frozenset(found.response.values), found.score) for found in scored]
    partial = [(values, score) for values, score in chosen if right_minus_wrong(values, key, points) != score]
    if not partial and mapped:
        return points, key, "partial", []
    if all(score == (points if values == key else 0) for values, score in chosen):
        return points, key, "all_or_nothing", []
    if not partial:
        return points, key, "partial", []
    scoring = "partial" if any(0 < score < points for _, score in chosen) else "all_or_nothing"
    values, score = partial[0]
    ours = Fraction(points if scoring == "all_or_nothing" and values == key else 0)
    if scoring == "partial":
        ours = right_minus_wrong(values, key, points)
    label = _label(Container("multiple", tuple(values)))
    return (
        points,
        key,
        scoring,
        [
            Dropped(
                "partial credit",
                f"the source scores {len(partial)} of the {len(chosen)} sets of choices otherwise than our "
                f"{'right-minus-wrong' if scoring == 'partial' else 'all-or-nothing'} rule: {label} earns "
                f"{decimal_text(score)} there, {decimal_text(ours)} here",
            )
        ],
    )


def texts(scored: Sequence[Scored]) -> tuple[int, list[str], bool | None, list[Dropped]]:
    """(points, accepted texts in source order, case-sensitive (None: no answer has a letter to tell by),
    what differs) for a text entry."""
    points = whole_points(scored)
    accepted = [found.response for found in scored if found.score == points and isinstance(found.response, str)]
    by_text = {found.response: found.score for found in scored}
    cased = [text for text in accepted if text.swapcase() != text]
    probes = [
        variant
        for text in cased
        for variant in (text.swapcase(), text.upper(), text.lower())
        if variant != text and variant in by_text
    ]
    insensitive = bool(probes) and all(by_text[variant] == points for variant in probes)
    if insensitive:
        unique: dict[str, str] = {}
        for text in accepted:
            unique.setdefault(text.casefold(), text)
        accepted = list(unique.values())
    folded = {text.casefold() for text in accepted}
    others = [
        found
        for found in scored
        if found.response not in accepted and not (insensitive and str(found.response).casefold() in folded)
    ]
    dropped = _partial_dropped(others, points, set(accepted), "here only the accepted answers earn points")
    return points, accepted, (not insensitive) if cased else None, dropped


def interval(scored: Sequence[Scored]) -> tuple[int, Fraction, Fraction, list[Dropped]]:
    """(points, low, high) of the one closed interval of numbers earning full marks."""
    points = whole_points(scored)
    numbers = sorted((found for found in scored if isinstance(found.response, Fraction)), key=lambda f: f.response)
    full = [found.response for found in numbers if found.score == points]
    if not full:
        raise Skip("no number earns full marks among those its rules name")
    low, high = full[0], full[-1]
    inside = [found for found in numbers if low <= found.response <= high]
    if any(found.score != points for found in inside):
        gaps = [decimal_text(found.response) for found in inside if found.score != points]
        raise Skip(f"it accepts separate numbers or ranges (not {', '.join(gaps[:3])} between them); ours accept one")
    outside = [found for found in numbers if not low <= found.response <= high]
    dropped = _partial_dropped(outside, points, set(), "here only the accepted number earns points")
    return points, low, high, dropped


def exact_decimal(value: Fraction) -> str:
    if not terminates(value):
        raise Skip(f"a bound {value} that is no finite decimal")
    return decimal_text(value)
