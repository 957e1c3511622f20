"""Every flag's reason in words, the one wording the terminal, the CSV, the pictures and the API print.

Options are named as the learner saw them and the author wrote them: the letter in authored order and the text,
cut short ('C "Paris is the capital…"'), never by a database id. A share quoted beside the limit it broke is
rounded away from the limit (`numbers.percent_beside`), so the figure never contradicts the rule.
"""

from __future__ import annotations

from fractions import Fraction

from assess.reporting.numbers import coefficient, decimal_beside, limit_percent, percent, percent_beside
from assess.reporting.wording import plural, shortened
from assess.stats import Flag, OptionStats, Severity

SEVERITY_WORDS = {Severity.REVIEW: "review now", Severity.LOOK: "worth a look", Severity.INFO: "informational"}
TEXT_LIMIT = 40


def option_name(option: OptionStats, limit: int = TEXT_LIMIT) -> str:
    """'C "Paris is the capital…"', 'C' when the option has no text, '(omitted)' for no answer."""
    if option.letter is None:
        return "(omitted)"
    text = shortened(option.text, limit)
    return f'{option.letter} "{text}"' if text else option.letter


def attempts_of(option: OptionStats) -> int | None:
    return None if option.group_size is None else int(option.group_size * 3)


def reason(flag: Flag) -> str:
    """The rule that fired, the figures that made it fire, and what to do about it."""
    item, limit = flag.item, flag.limit
    if flag.code in ("facility_low", "facility_high") and item is not None and item.facility is not None:
        assert limit is not None
        side, verdict = ("under", "too hard") if flag.code == "facility_low" else ("above", "too easy")
        return f"facility {percent_beside(item.facility, limit)}, {side} {limit_percent(limit)}: {verdict}"
    if flag.code == "discrimination_negative" and item is not None and item.discrimination_index is not None:
        r = decimal_beside(item.discrimination_index, 0)
        if flag.severity is Severity.REVIEW:
            return (
                f"discrimination {r}, below 0 by more than chance allows in {plural(item.attempts, 'attempt')}: "
                "stronger learners do worse on it; check the key and the wording"
            )
        return f"discrimination {r}, below 0, but within chance for {plural(item.attempts, 'attempt')}"
    if flag.code == "discrimination_low" and item is not None and item.discrimination_index is not None:
        assert limit is not None
        bound = Fraction(limit)
        return (
            f"discrimination {decimal_beside(item.discrimination_index, bound)}, under {coefficient(bound)}: "
            "it tells stronger and weaker learners apart only a little"
        )
    if flag.code == "efficiency_low" and item is not None and item.discriminative_efficiency is not None:
        assert limit is not None
        return (
            f"discriminative efficiency {percent_beside(item.discriminative_efficiency, limit)}, "
            f"under {limit_percent(limit)}"
        )
    if flag.code == "distractor_rare" and flag.about is not None and flag.about.share is not None:
        assert limit is not None
        option = flag.about
        share = flag.about.share
        attempts = attempts_of(option)
        chosen = f"{option.count} of {attempts}" if attempts is not None else str(option.count)
        words = (
            f"option {option_name(option)} was chosen by {chosen} ({percent_beside(share, limit)}, "
            f"under {limit_percent(limit)})"
        )
        if flag.severity is Severity.LOOK:
            return words + ": it distracts almost no one; rewrite or drop it"
        return words + ": too few attempts yet to say it distracts no one"
    if flag.code == "likely_miskeyed" and flag.about is not None and flag.key is not None:
        return miskey_reason(flag.about, flag.key)
    return flag.code.replace("_", " ")


def miskey_reason(option: OptionStats, key: OptionStats) -> str:
    group = "" if option.group_size is None else f" (a third is {third_size(option.group_size)} attempts)"
    return (
        f"option {option_name(option)} behaves like the right answer: the upper third chose it "
        f"{percent(option.share_upper)} against {percent(key.share_upper)} for the key {option_name(key)}{group}, "
        f"and choosing it goes with a higher score on the rest of the test (r {coefficient(option.point_biserial)}) "
        f"while choosing the key goes with a lower one (r {coefficient(key.point_biserial)}): check the key"
    )


def third_size(group_size: Fraction) -> str:
    whole = int(group_size)
    return str(whole) if whole == group_size else f"{float(group_size):.1f}"


def severity_words(severity: Severity) -> str:
    return SEVERITY_WORDS[severity]
