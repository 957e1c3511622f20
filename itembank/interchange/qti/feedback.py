"""QTI feedback as ours: shown when correct, when not, always, or when an option is chosen.

QTI shows a `modalFeedback`, `feedbackBlock` or `feedbackInline` when an outcome variable holds (or, with
`showHide="hide"`, does not hold) its identifier, and the item's rules set that variable however they like.
So the reader does not guess from names: for each response it scored (`derive`) it asks which feedback the
learner would see, and keeps a feedback where the set of responses showing it is exactly "full marks" (our
correct feedback), "not full marks" (incorrect), "every answer" (general) or "this option chosen" (its
rationale). A feedback shown on any other condition is reported, not attached somewhere it would mislead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from itembank.interchange.parsed import Dropped
from itembank.interchange.qti.derive import Scored
from itembank.interchange.qti.document import tag
from itembank.interchange.qti.processing import Container, is_null


@dataclass(frozen=True)
class Shown:
    element: etree._Element
    html: str
    choice: str | None = None
    """The choice the feedback sits in (a feedbackInline inside a simpleChoice), if any."""


@dataclass
class Feedback:
    correct: list[str] = field(default_factory=list)
    incorrect: list[str] = field(default_factory=list)
    general: list[str] = field(default_factory=list)
    rationale: dict[str, list[str]] = field(default_factory=dict)
    dropped: list[Dropped] = field(default_factory=list)


def shown(element: etree._Element, outcomes: dict[str, Any] | Any) -> bool:
    outcome = outcomes.get(element.get("outcomeIdentifier", ""))
    identifier = element.get("identifier", "")
    if isinstance(outcome, Container):
        matches = identifier in map(str, outcome.values)
    elif isinstance(outcome, bool):
        matches = identifier == ("true" if outcome else "false")
    else:
        matches = not is_null(outcome) and str(outcome) == identifier
    return matches if element.get("showHide", "show") != "hide" else not matches


def joined(parts: Sequence[str]) -> str | None:
    kept = [part for part in parts if part.strip()]
    return "\n".join(kept) if kept else None


def classify(
    feedbacks: Sequence[Shown],
    scored: Sequence[Scored],
    points: int,
    chosen: Callable[[Any], frozenset[str]] | None,
    choices: Sequence[str] = (),
) -> Feedback:
    answered = [found for found in scored if not is_null(found.response)]
    every = frozenset(range(len(answered)))
    full = frozenset(index for index, found in enumerate(answered) if found.score == points)
    result = Feedback()
    picked = [chosen(found.response) for found in answered] if chosen is not None else []
    by_choice = {
        choice: frozenset(index for index, options in enumerate(picked) if choice in options) for choice in choices
    }
    for feedback in feedbacks:
        visible = frozenset(index for index, found in enumerate(answered) if shown(feedback.element, found.outcomes))
        where = (
            f"{tag(feedback.element)} {feedback.element.get('outcomeIdentifier')}={feedback.element.get('identifier')}"
        )
        if feedback.choice is not None and by_choice.get(feedback.choice) == visible:
            result.rationale.setdefault(feedback.choice, []).append(feedback.html)
        elif visible == every:
            result.general.append(feedback.html)
        elif visible == full:
            result.correct.append(feedback.html)
        elif visible == every - full:
            result.incorrect.append(feedback.html)
        elif (option := next((choice for choice, when in by_choice.items() if when == visible), None)) is not None:
            result.rationale.setdefault(option, []).append(feedback.html)
        elif not visible:
            result.dropped.append(Dropped("feedback", "shown for no answer the item can be given", where))
        else:
            result.dropped.append(
                Dropped(
                    "feedback",
                    "shown on a condition other than correct, incorrect, always or one option chosen",
                    where,
                )
            )
    return result
