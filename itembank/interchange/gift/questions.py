"""One GIFT question read as Moodle's `qformat_gift::readquestion` reads it, into plain parts.

Nothing here knows our item types: this module says what Moodle would have made of the text (its question
type, answers with their fractions, feedback), so `mapping` can decide honestly what of it our types hold.
The order of Moodle's type detection is kept: no braces is a description, empty braces an essay, a leading
`#` numerical, any `~` multiple choice, `=` with `->` matching, T/TRUE/F/FALSE true-false, else short answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from itembank.interchange.gift.blocks import Block, php_trim
from itembank.interchange.gift.escapes import protect, restore
from itembank.interchange.gift.texts import DEFAULT_FORMAT, GiftText, with_format

_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
BLANK = "_____"
"""What Moodle puts where the answers sat inside a sentence (the missing-word form)."""


@dataclass(frozen=True)
class Answer:
    """One answer: its text, Moodle's fraction of the mark (1 is full credit, may be negative), its feedback."""

    text: GiftText
    fraction: Fraction
    feedback: GiftText | None = None


@dataclass(frozen=True)
class NumericAnswer:
    """A numerical answer: [low, high] accepted, and whether it was written as a range, a tolerance or exact."""

    low: Decimal
    high: Decimal
    form: str
    """`exact`, `tolerance` (answer:margin) or `range` (low..high)."""
    value: Decimal
    margin: Decimal
    fraction: Fraction
    feedback: GiftText | None = None


@dataclass
class Question:
    kind: str
    """Moodle's question type: description, essay, numerical, multichoice, match, truefalse, shortanswer,
    category; or `error` when Moodle refuses the question (`problem` says why)."""
    block: Block
    title: str | None = None
    stem: GiftText = field(default_factory=lambda: GiftText("", DEFAULT_FORMAT))
    general_feedback: GiftText | None = None
    answers: list[Answer] = field(default_factory=list)
    numeric: list[NumericAnswer] = field(default_factory=list)
    wrong_feedback: GiftText | None = None
    """Numerical: the feedback of `~#...`, shown for any answer not matched."""
    single: bool = True
    """Multiple choice: one answer may be chosen (an `=` answer is written)."""
    true_answer: bool = False
    true_feedback: GiftText | None = None
    false_feedback: GiftText | None = None
    category: str | None = None
    problem: str | None = None


def read_question(block: Block) -> Question:
    text = protect(block.text)
    question = Question(kind="error", block=block)
    if re.match(r"^\$CATEGORY:", text):
        question.kind, question.category = "category", php_trim(restore(text[10:]))
        return question
    if text.startswith("::"):
        text = text[2:]
        end = text.find("::")
        if end >= 0:
            question.title = php_trim(restore(text[:end])) or None
            text = php_trim(text[end + 2 :])
    start, finish = text.find("{"), text.find("}")
    if start < 0 and finish < 0:
        question.kind, question.stem = "description", with_format(text)
        return question
    if start < 0 or finish < 0 or finish < start:
        question.problem = "its braces do not pair: an answer block is `{...}` (a literal brace is written `\\{`)"
        question.stem = with_format(text.replace("{", "").replace("}", ""))
        return question
    answers = php_trim(text[start + 1 : finish])
    stem = text[:start] + text[finish + 1 :] if text.endswith("}") else text[:start] + BLANK + text[finish + 1 :]
    general = answers.rfind("####")
    question.stem = with_format(stem)
    if general >= 0:
        question.general_feedback = _feedback(answers[general + 4 :], question.stem.format)
        answers = php_trim(answers[:general])
    _read_answers(question, answers)
    return question


def _feedback(text: str, default: str) -> GiftText | None:
    found = with_format(php_trim(text), default)
    return found if found.text else None


def _commented(text: str, default: str) -> tuple[GiftText, GiftText | None]:
    """Moodle's `commentparser`: an answer, then its feedback after the first `#`."""
    answer, _, feedback = text.partition("#")
    return with_format(php_trim(answer), default), _feedback(feedback, default)


def _weight(text: str) -> tuple[Fraction | None, str]:
    """The `%N%` weight at the start of an answer, as an exact fraction of the mark, and the rest of the answer.
    None when the weight is not a number (Moodle would read it as 0 with a warning)."""
    if not _WEIGHT.match(text):
        raise LookupError
    written, _, rest = text[1:].partition("%")
    try:
        return Fraction(Decimal(written)) / 100, rest
    except (InvalidOperation, ValueError):
        return None, rest


def _read_answers(question: Question, answers: str) -> None:
    if answers == "":
        question.kind = "essay"
    elif answers.startswith("#"):
        _numerical(question, answers[1:])
    elif "~" in answers:
        _multichoice(question, answers)
    elif "=" in answers and "->" in answers:
        question.kind = "match"
    else:
        check = php_trim(answers.partition("#")[0]) if answers.find("#") > 0 else answers
        if check in ("T", "TRUE", "F", "FALSE"):
            _truefalse(question, answers)
        else:
            _shortanswer(question, answers)


def _pieces(answers: str, separator: str) -> list[str]:
    pieces = answers.split(separator)
    if pieces and not php_trim(pieces[0]):
        pieces.pop(0)
    return [php_trim(piece) for piece in pieces]


def _multichoice(question: Question, answers: str) -> None:
    question.kind = "multichoice"
    question.single = "=" in answers
    pieces = _pieces(answers.replace("=", "~="), "~")
    if len(pieces) < 2:
        question.kind, question.problem = "error", "a multiple-choice question needs at least two answers"
        return
    for piece in pieces:
        fraction: Fraction | None = Fraction(0)
        if piece.startswith("="):
            fraction, piece = Fraction(1), piece[1:]
        else:
            try:
                fraction, piece = _weight(piece)
            except LookupError:
                fraction = Fraction(0)
        if fraction is None:
            question.kind, question.problem = "error", f"the weight of answer {piece!r} is not a number"
            return
        text, feedback = _commented(piece, question.stem.format)
        question.answers.append(Answer(text, fraction, feedback))


def _truefalse(question: Question, answers: str) -> None:
    question.kind = "truefalse"
    answer, wrong, right = ([*answers.split("#", 2), "", ""])[:3]
    question.true_answer = php_trim(answer) in ("T", "TRUE")
    wrong_feedback = _feedback(wrong, question.stem.format)
    right_feedback = _feedback(right, question.stem.format)
    if question.true_answer:
        question.true_feedback, question.false_feedback = right_feedback, wrong_feedback
    else:
        question.true_feedback, question.false_feedback = wrong_feedback, right_feedback


def _weighted(pieces: list[str], question: Question) -> list[tuple[Fraction, GiftText, GiftText | None]] | None:
    weighted = []
    for piece in pieces:
        try:
            fraction, piece = _weight(piece)
        except LookupError:
            fraction = Fraction(1)
        if fraction is None:
            question.kind, question.problem = "error", f"the weight of answer {piece!r} is not a number"
            return None
        text, feedback = _commented(piece, question.stem.format)
        weighted.append((fraction, text, feedback))
    return weighted


def _shortanswer(question: Question, answers: str) -> None:
    question.kind = "shortanswer"
    weighted = _weighted(_pieces(answers, "="), question)
    if weighted is None:
        return
    if not weighted:
        question.kind, question.problem = "error", "a short-answer question needs at least one answer"
        return
    question.answers = [Answer(text, fraction, feedback) for fraction, text, feedback in weighted]


def _number(text: str) -> Decimal | None:
    try:
        number = Decimal(php_trim(text))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _numerical(question: Question, answers: str) -> None:
    question.kind = "numerical"
    wrong = answers.find("~")
    if wrong >= 0:
        question.wrong_feedback = _commented(answers[wrong + 1 :], question.stem.format)[1]
        answers = answers[:wrong]
    weighted = _weighted(_pieces(answers, "="), question)
    if weighted is None:
        return
    if not weighted:
        question.kind, question.problem = "error", "a numerical question needs at least one answer"
        return
    for fraction, text, feedback in weighted:
        written = text.plain()
        if written.find("..") > 0:
            low_text, _, high_text = written.partition("..")
            low, high = _number(low_text), _number(high_text)
            form = "range"
            value = margin = Decimal(0)
        elif written.find(":") > 0:
            value_text, _, margin_text = written.partition(":")
            found, width = _number(value_text), _number(margin_text)
            low = high = None
            if found is not None and width is not None:
                value, margin, form = found, width, "tolerance"
                low, high = value - abs(margin), value + abs(margin)
        else:
            found = _number(written)
            low = high = found
            value, margin, form = (Decimal(0) if found is None else found), Decimal(0), "exact"
        if low is None or high is None:
            question.kind, question.problem = "error", f"the numerical answer {written!r} is not a number"
            return
        if low > high:
            question.kind, question.problem = "error", f"the range {written!r} runs from high to low"
            return
        question.numeric.append(NumericAnswer(low, high, form, value, margin, fraction, feedback))
