"""Writing items as GIFT that Moodle imports, and that our reader reads back as the same items.

Texts are written `[html]` (ours are HTML), with Moodle's escapes. Each question starts with comments Moodle
reads as its id number and tags (`// [id:...]`, `// [tag:...]`) and, when the item holds what GIFT cannot say
(points above 1, all-or-nothing scoring, a short text's matching rules, a relative tolerance), a line
`// assess: points=2 ...` that Moodle ignores and our reader restores. What Moodle cannot hold is written as
near as it can: an all-or-nothing multiple response as right-minus-wrong weights, a relative tolerance as
the absolute one it comes to. A choice item's correct and incorrect feedback have no place in GIFT
(Moodle's combined feedback is not part of the format) and are left out: `gift_losses` names them.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from itembank.drafts import ItemDraft
from itembank.interchange.gift.escapes import escape
from itembank.interchange.gift.mapping import FALSE, TRUE
from itembank.interchange.parsed import Dropped, ImportedItem
from itembank.itemtypes import ItemType
from itembank.itemtypes.numeric import bounds

_CHOICES = (ItemType.SINGLE_CHOICE, ItemType.MULTIPLE_RESPONSE, ItemType.TRUE_FALSE)


def write_gift(items: Sequence[ImportedItem]) -> str:
    """One GIFT file holding `items` in order, each `$CATEGORY` written where it changes."""
    parts: list[str] = []
    category: str | None = None
    for item in items:
        if item.category and item.category != category:
            parts.append(f"$CATEGORY: {item.category}\n")
            category = item.category
        parts.append(_question(item))
    return "\n".join(parts)


MATCHING_ARROW = "->"
"""Moodle's reader takes any answer holding it for a matching pair, and GIFT has no escape for it."""


def gift_losses(item: ImportedItem) -> list[Dropped]:
    """What of `item` a GIFT file cannot hold, for the export's report."""
    draft = item.draft
    if draft.type == ItemType.SHORT_TEXT:
        return [
            Dropped("spec.accepted", f"GIFT reads an answer holding '->' as a matching pair: {answer!r} is not one")
            for answer in draft.spec.get("accepted", ())
            if MATCHING_ARROW in answer
        ]
    if draft.type not in _CHOICES:
        return []
    return [
        Dropped(f"feedback_{kind}", f"GIFT has no {kind} feedback for a choice question")
        for kind in ("correct", "incorrect")
        if getattr(draft, f"feedback_{kind}")
        and not (draft.type == ItemType.TRUE_FALSE and _true_false(draft) is not None)
    ]


def _text(html: str) -> str:
    """A text in the question's own format (`[html]`), which a text starting with `[` must name again."""
    return ("[html]" if html.startswith("[") else "") + escape(html)


def _feedback(html: str | None) -> str:
    return f"#{_text(html)}" if html else ""


def _comments(item: ImportedItem) -> list[str]:
    lines = [f"// [id:{_bracketed(item.source_id)}]"]
    if item.tags:
        lines.append("// " + " ".join(f"[tag:{_bracketed(tag)}]" for tag in item.tags))
    ours = _ours(item.draft)
    if ours:
        lines.append("// assess: " + " ".join(f"{name}={value}" for name, value in ours.items()))
    return lines


def _bracketed(text: str) -> str:
    return text.replace("]", "\\]")


def _ours(draft: ItemDraft) -> dict[str, str]:
    ours = {"points": str(draft.points)} if draft.points != 1 else {}
    spec = draft.spec
    if spec.get("scoring") == "all_or_nothing":
        ours["scoring"] = "all_or_nothing"
    if spec.get("case_sensitive"):
        ours["case_sensitive"] = "true"
    for name in ("whitespace", "normalization", "relative_tolerance"):
        if name in spec:
            ours[name] = str(spec[name])
    return ours


def _question(item: ImportedItem) -> str:
    draft = item.draft
    head = "\n".join(_comments(item)) + "\n"
    title = f"::{escape(item.title)}::" if item.title else ""
    answers = _ANSWERS[draft.type](draft)
    general = f"\t####{_text(draft.feedback_general)}\n" if draft.feedback_general else ""
    return f"{head}{title}[html]{escape(draft.stem)}{{{answers}{general}}}\n"


def _true_false(draft: ItemDraft) -> tuple[str, str, str] | None:
    """TRUE or FALSE with its right and wrong feedback, when the options are True and False."""
    texts = [option.text for option in draft.options]
    if texts != [TRUE, FALSE]:
        return None
    key = next(option for option in draft.options if option.correct)
    other = next(option for option in draft.options if not option.correct)
    right = key.rationale or draft.feedback_correct or ""
    wrong = other.rationale or draft.feedback_incorrect or ""
    return ("TRUE" if key.text == TRUE else "FALSE"), right, wrong


def _choice_lines(draft: ItemDraft) -> str:
    lines = []
    for option in draft.options:
        marker = "=" if option.correct else ("~%0%" if option.text.startswith("%") else "~")
        lines.append(f"\t{marker}{_text(option.text)}{_feedback(option.rationale)}\n")
    return "\n" + "".join(lines)


def _true_false_answer(draft: ItemDraft) -> str:
    found = _true_false(draft)
    if found is None:
        return _choice_lines(draft)
    answer, right, wrong = found
    feedback = f"#{_text(wrong)}" if wrong or right else ""
    return answer + feedback + (f"#{_text(right)}" if right else "")


def _percent(fraction: Fraction) -> str:
    """A weight as Moodle writes one: exact when it ends, else to 7 decimals (`33.33333`)."""
    percent = fraction * 100
    if percent.denominator == 1:
        return str(percent.numerator)
    exact = Decimal(percent.numerator) / Decimal(percent.denominator)
    return f"{exact:.7f}".rstrip("0")


def _multiple_response(draft: ItemDraft) -> str:
    share = Fraction(1, sum(option.correct for option in draft.options))
    lines = []
    for option in draft.options:
        weight = _percent(share if option.correct else -share)
        lines.append(f"\t~%{weight}%{_text(option.text)}{_feedback(option.rationale)}\n")
    return "\n" + "".join(lines)


def _short_text(draft: ItemDraft) -> str:
    feedback = _feedback(draft.feedback_correct)
    lines = [f"\t=%100%{_answer(text)}{feedback}\n" for text in draft.spec["accepted"]]
    if draft.feedback_incorrect:
        lines.append(f"\t=%0%*{_feedback(draft.feedback_incorrect)}\n")
    return "\n" + "".join(lines)


def _answer(text: str) -> str:
    """An accepted answer: Moodle's short answer reads `*` as a wildcard and `\\*` as an asterisk, and a
    leading `[name]` as a format."""
    return ("[plain]" if text.startswith("[") else "") + escape(text.replace("*", "\\*"))


def _numeric(draft: ItemDraft) -> str:
    spec = draft.spec
    if "range" in spec:
        low, high = spec["range"]
        answer = f"{low}..{high}"
    elif "relative_tolerance" in spec:
        low, high = bounds(spec)
        answer = f"{spec['answer']}:{high - Decimal(str(spec['answer']))}"
    elif "tolerance" in spec:
        answer = f"{spec['answer']}:{spec['tolerance']}"
    else:
        answer = str(spec["answer"])
    lines = [f"\t=%100%{answer}{_feedback(draft.feedback_correct)}\n"]
    if draft.feedback_incorrect:
        lines.append(f"\t~{_feedback(draft.feedback_incorrect)}\n")
    return "#\n" + "".join(lines)


_ANSWERS = {
    ItemType.SINGLE_CHOICE: _choice_lines,
    ItemType.TRUE_FALSE: _true_false_answer,
    ItemType.MULTIPLE_RESPONSE: _multiple_response,
    ItemType.SHORT_TEXT: _short_text,
    ItemType.NUMERIC: _numeric,
}
