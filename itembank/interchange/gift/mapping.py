"""What of a Moodle question our five item types hold, decided honestly: a question maps when our scoring gives
every response the credit Moodle would, and is skipped with the reason when it would not.

- Multiple choice with one `=` answer is single choice; a wrong answer's negative weight is a penalty our
  scoring never gives (credit is floored at 0), reported as dropped. A wrong answer with positive partial
  credit, or two fully correct answers, is skipped: our single choice credits the key alone.
- Multiple choice without `=` (checkboxes) is multiple response when its positive weights are equal (1/k each
  of k correct answers, to within 0.1 of a percent, as Moodle's `33.33333`); it is right minus wrong (each wrong
  answer chosen takes 1/k away). Other negative weights are replaced by that rule, reported as dropped.
- Short answer and numerical: the answers worth 100% are the key; an answer worth part of the mark is skipped,
  a 0% answer's feedback is reported as dropped (our items have one feedback for every incorrect response),
  except the catch-all (`*` in a short answer, `~#` in a numerical), which is the incorrect feedback.
- Description, essay and matching have no counterpart among our types and are skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from itembank.drafts import ItemDraft, OptionDraft
from itembank.interchange.gift.questions import Answer, NumericAnswer, Question
from itembank.interchange.gift.texts import GiftText
from itembank.interchange.parsed import Dropped, ImportedItem, SkippedItem
from itembank.itemtypes import ItemType
from itembank.itemtypes.short_text import normalise
from itembank.rich_text import plain_text

WEIGHT_SLACK = Fraction(1, 1000)
"""How far a written weight may be from 1/k and still mean it: `%33.33333%` is a third."""
TRUE, FALSE = "True", "False"

_UNSUPPORTED = {
    "description": "a description is text shown between questions, with nothing to answer or score",
    "essay": "an essay is marked by hand; our item types are all scored automatically",
    "match": "a matching question has no counterpart among our item types "
    "(single choice, multiple response, true/false, numeric, short text)",
}


class _SkipError(Exception):
    """The question cannot be mapped; the message is the reason, in words a teacher reads."""


def map_question(question: Question, source_id: str, source: str, category: str | None) -> ImportedItem | SkippedItem:
    if question.kind in _UNSUPPORTED:
        return SkippedItem(source_id, _UNSUPPORTED[question.kind], source)
    if question.kind == "error":
        return SkippedItem(source_id, f"Moodle would refuse it too: {question.problem}", source)
    dropped: list[Dropped] = []
    try:
        draft = _DRAFTS[question.kind](question, dropped)
    except _SkipError as exc:
        return SkippedItem(source_id, str(exc), source)
    return ImportedItem(
        source_id=source_id,
        draft=draft,
        title=question.title,
        tags=question.block.tags,
        category=category,
        dropped=tuple(dropped),
        source=source,
    )


def _html(text: GiftText | None) -> str | None:
    return None if text is None or not text.text else text.html()


def _percent(fraction: Fraction) -> str:
    return f"{float(fraction * 100):g}%"


def _draft(question: Question, item_type: ItemType, **content: Any) -> ItemDraft:
    ours = question.block.ours
    spec = dict(content.pop("spec", {}))
    for name in ("scoring", "whitespace", "normalization"):
        if name in ours:
            spec[name] = ours[name]
    if "case_sensitive" in ours:
        spec["case_sensitive"] = ours["case_sensitive"] == "true"
    points = int(ours["points"]) if ours.get("points", "").isdigit() else 1
    return ItemDraft(
        type=item_type,
        stem=question.stem.html(),
        points=points,
        feedback_general=_html(question.general_feedback),
        spec=spec,
        **content,
    )


def _options(answers: Sequence[Answer], correct: Sequence[bool]) -> tuple[OptionDraft, ...]:
    return tuple(
        OptionDraft(text=answer.text.html(), correct=keyed, rationale=_html(answer.feedback))
        for answer, keyed in zip(answers, correct, strict=True)
    )


def _above_full(answers: Sequence[Answer | NumericAnswer]) -> None:
    for answer in answers:
        if answer.fraction > 1:
            raise _SkipError(f"an answer is worth {_percent(answer.fraction)} of the mark; at most 100% can be earned")


def _multichoice(question: Question, dropped: list[Dropped]) -> ItemDraft:
    answers = question.answers
    _above_full(answers)
    if question.single:
        return _single_choice(question, dropped)
    keyed = [answer for answer in answers if answer.fraction > 0]
    if not keyed:
        raise _SkipError("no answer earns any credit, so no response could be marked right")
    share = Fraction(1, len(keyed))
    unequal = [answer for answer in keyed if abs(answer.fraction - share) > WEIGHT_SLACK]
    if unequal:
        weights = ", ".join(_percent(answer.fraction) for answer in keyed)
        raise _SkipError(
            f"its correct answers are worth different shares ({weights}); our multiple-response items give each "
            f"of the {len(keyed)} correct options the same share, {_percent(share)}"
        )
    penalties = [answer for answer in answers if answer.fraction <= 0]
    if (
        any(abs(answer.fraction + share) > WEIGHT_SLACK for answer in penalties)
        and "scoring" not in question.block.ours
    ):
        weights = ", ".join(f"{plain_text(answer.text.html())!r} {_percent(answer.fraction)}" for answer in penalties)
        dropped.append(
            Dropped(
                "answer weights",
                f"the wrong answers' weights ({weights}) are replaced by right minus wrong: each wrong option "
                f"chosen takes {_percent(share)} away, and credit never falls below 0",
            )
        )
    return _draft(question, ItemType.MULTIPLE_RESPONSE, options=_options(answers, [a.fraction > 0 for a in answers]))


def _single_choice(question: Question, dropped: list[Dropped]) -> ItemDraft:
    answers = question.answers
    full = [answer for answer in answers if answer.fraction == 1]
    if len(full) != 1:
        raise _SkipError(f"{len(full)} answers are fully correct; a single-choice item has exactly one key")
    partial = [answer for answer in answers if 0 < answer.fraction < 1]
    if partial:
        raise _SkipError(
            f"the wrong answer {plain_text(partial[0].text.html())!r} earns {_percent(partial[0].fraction)} of the "
            "mark; our single-choice items give credit for the key alone"
        )
    for answer in answers:
        if answer.fraction < 0:
            dropped.append(
                Dropped(
                    "negative weight",
                    f"choosing {plain_text(answer.text.html())!r} costs {_percent(-answer.fraction)} in Moodle; "
                    "here a wrong choice earns 0, never less",
                )
            )
    return _draft(question, ItemType.SINGLE_CHOICE, options=_options(answers, [a.fraction == 1 for a in answers]))


def _truefalse(question: Question, dropped: list[Dropped]) -> ItemDraft:
    options = (
        OptionDraft(text=TRUE, correct=question.true_answer, rationale=_html(question.true_feedback)),
        OptionDraft(text=FALSE, correct=not question.true_answer, rationale=_html(question.false_feedback)),
    )
    return _draft(question, ItemType.TRUE_FALSE, options=options)


def _wildcard(text: str) -> bool:
    return "*" in text.replace("\\*", "")


def _shortanswer(question: Question, dropped: list[Dropped]) -> ItemDraft:
    answers = question.answers
    _above_full(answers)
    _no_partial(answers)
    full = [answer for answer in answers if answer.fraction == 1]
    if not full:
        raise _SkipError("no answer is worth 100%, so no response could be marked right")
    wild = [answer.text.plain() for answer in full if _wildcard(answer.text.plain())]
    if wild:
        raise _SkipError(f"the answer {wild[0]!r} uses Moodle's wildcard *; our short-text items match whole answers")
    incorrect = _wrong_feedback(
        [answer for answer in answers if answer.fraction <= 0],
        lambda answer: answer.text.plain().strip() == "*",
        dropped,
    )
    ours = question.block.ours
    case_sensitive = ours.get("case_sensitive") == "true"
    whitespace, normalization = ours.get("whitespace", "collapse"), ours.get("normalization", "NFC")
    accepted: list[str] = []
    seen: set[str] = set()
    for answer in full:
        text = answer.text.plain().replace("\\*", "*")
        if normalise(text, case_sensitive=case_sensitive, whitespace=whitespace, normalization=normalization) in seen:
            dropped.append(Dropped("repeated answer", f"{text!r} is the same as an earlier accepted answer"))
            continue
        seen.add(normalise(text, case_sensitive=case_sensitive, whitespace=whitespace, normalization=normalization))
        accepted.append(text)
    return _draft(
        question,
        ItemType.SHORT_TEXT,
        feedback_correct=_correct_feedback(full, dropped),
        feedback_incorrect=incorrect,
        spec={"accepted": accepted},
    )


def _no_partial(answers: Sequence[Answer | NumericAnswer]) -> None:
    for answer in answers:
        if 0 < answer.fraction < 1:
            raise _SkipError(
                f"an answer earns {_percent(answer.fraction)} of the mark; our short-text and numeric items "
                "give full credit or none"
            )


def _correct_feedback(full: Sequence[Answer | NumericAnswer], dropped: list[Dropped]) -> str | None:
    """The feedback of the correct answers, when they share one; each differing one is reported."""
    texts = [_html(answer.feedback) for answer in full]
    if len(set(texts)) <= 1:
        return texts[0] if texts else None
    dropped.append(
        Dropped(
            "per-answer feedback",
            "the correct answers have different feedback; ours has one correct feedback, the first answer's",
        )
    )
    return texts[0]


def _wrong_feedback(wrong: Sequence[Any], catch_all: Any, dropped: list[Dropped]) -> str | None:
    incorrect = None
    for answer in wrong:
        if catch_all(answer):
            incorrect = _html(answer.feedback)
        elif answer.feedback is not None:
            shown = answer.text.plain() if isinstance(answer, Answer) else str(answer.value)
            dropped.append(
                Dropped(
                    "feedback for a wrong answer",
                    f"the feedback for {shown!r} ({plain_text(answer.feedback.html())!r}); our items show one "
                    "incorrect feedback for every wrong response",
                )
            )
    return incorrect


def _number(value: Decimal) -> str:
    return str(value)


def _numerical(question: Question, dropped: list[Dropped]) -> ItemDraft:
    answers = question.numeric
    _above_full(answers)
    _no_partial(answers)
    full = [answer for answer in answers if answer.fraction == 1]
    if not full:
        raise _SkipError("no answer is worth 100%, so no response could be marked right")
    widest = next((one for one in full if all(one.low <= other.low and other.high <= one.high for other in full)), None)
    if widest is None:
        raise _SkipError("its correct answers are separate ranges; a numeric item accepts one range")
    for answer in full:
        if answer is not widest:
            dropped.append(Dropped("repeated answer", f"{answer.low}..{answer.high} lies within the key"))
    incorrect = _wrong_feedback([answer for answer in answers if answer.fraction <= 0], lambda _answer: False, dropped)
    if question.wrong_feedback is not None:
        incorrect = _html(question.wrong_feedback)
    return _draft(
        question,
        ItemType.NUMERIC,
        feedback_correct=_correct_feedback([widest], dropped),
        feedback_incorrect=incorrect,
        spec=_numeric_spec(widest, question.block.ours),
    )


def _numeric_spec(answer: NumericAnswer, ours: dict[str, str]) -> dict[str, Any]:
    if answer.form == "range":
        return {"range": [_number(answer.low), _number(answer.high)]}
    if "relative_tolerance" in ours:
        return {"answer": _number(answer.value), "relative_tolerance": ours["relative_tolerance"]}
    if answer.form == "tolerance":
        return {"answer": _number(answer.value), "tolerance": _number(abs(answer.margin))}
    return {"answer": _number(answer.value)}


_DRAFTS = {
    "multichoice": _multichoice,
    "truefalse": _truefalse,
    "shortanswer": _shortanswer,
    "numerical": _numerical,
}
