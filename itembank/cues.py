"""Item-writing cues: features of a choice item that let a test-wise learner find the key without the knowledge.

The checks follow the item-writing guidelines of Haladyna, Downing & Rodriguez (2002, "A review of
multiple-choice item-writing guidelines for classroom assessment", Applied Measurement in Education 15(3)):
avoid specific determiners (always, never, only...) that mark a distractor as false, avoid clang associations
(a word of the stem repeated in the key alone), keep options homogeneous in length, and avoid distractors that
are the key rearranged, which both point at the pair and spend a distractor on a reading test.

A cue is a prompt for the author, not a verdict: the checks are lexical and deliberately simple, so they can be
run over a whole bank at authoring time and in tests of the authored course.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class CueKind(StrEnum):
    ABSOLUTE_WORDS = "absolute_words"
    STEM_ECHO = "stem_echo"
    LONGEST_KEY = "longest_key"
    REARRANGED_KEY = "rearranged_key"


@dataclass(frozen=True)
class ChoiceText:
    text: str
    correct: bool


@dataclass(frozen=True)
class Cue:
    kind: CueKind
    detail: str


ABSOLUTE_WORDS = frozenset(
    {"all", "always", "any", "completely", "entirely", "every", "never", "none", "only", "solely", "totally"}
)
"""Specific determiners: wrong so often in distractors that learners are taught to strike them."""

LONGEST_KEY_RATIO = 1.25
"""A key this much longer than every distractor stands out (the 'longest answer is right' strategy)."""

_STOP_WORDS = frozenset(
    {
        "about",
        "after",
        "also",
        "among",
        "and",
        "approximately",
        "became",
        "becoming",
        "does",
        "from",
        "have",
        "into",
        "major",
        "most",
        "much",
        "primary",
        "primarily",
        "that",
        "their",
        "them",
        "then",
        "there",
        "these",
        "this",
        "those",
        "through",
        "what",
        "when",
        "where",
        "which",
        "while",
        "whom",
        "with",
        "would",
        "your",
    }
)
_WORD = re.compile("[a-z0-9]+(?:['\u2019][a-z]+)?")


def cues(stem: str, options: Sequence[ChoiceText]) -> list[Cue]:
    """Every cue in one single-key choice item; an item without exactly one key is not judged here."""
    keys = [option for option in options if option.correct]
    if len(keys) != 1 or len(options) < 2:
        return []
    key = keys[0]
    distractors = [option for option in options if not option.correct]
    return [
        *_absolute_words(key, distractors),
        *_stem_echo(stem, key, distractors),
        *_longest_key(key, distractors),
        *_rearranged_key(key, distractors),
    ]


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _stems(text: str) -> set[str]:
    """Crude stems (the first six letters of words of four or more): 'research', 'researcher' and
    'researchers' echo each other; the price is a rare false echo, which a reviewer dismisses at a glance."""
    return {word[:6] for word in _words(text) if len(word) >= 4 and word not in _STOP_WORDS}


def _is_title(text: str) -> bool:
    """A paper's or a book's title: its words are names, not claims, so 'All' in one marks nothing."""
    words = [word for word in re.findall(r"[A-Za-z]+", text) if len(word) >= 4]
    return bool(words) and all(word[0].isupper() for word in words)


def _absolute_words(key: ChoiceText, distractors: Sequence[ChoiceText]) -> list[Cue]:
    in_key = ABSOLUTE_WORDS & set(_words(key.text))
    found: list[Cue] = []
    for distractor in distractors:
        if _is_title(distractor.text):
            continue
        marked = sorted((ABSOLUTE_WORDS & set(_words(distractor.text))) - in_key)
        if marked:
            found.append(Cue(CueKind.ABSOLUTE_WORDS, f"{', '.join(marked)} only in a distractor: {distractor.text!r}"))
    return found


def _stem_echo(stem: str, key: ChoiceText, distractors: Sequence[ChoiceText]) -> list[Cue]:
    shared = _stems(stem) & _stems(key.text)
    for distractor in distractors:
        shared -= _stems(distractor.text)
    if not shared:
        return []
    return [Cue(CueKind.STEM_ECHO, f"the key alone repeats the stem's {', '.join(sorted(shared))}...")]


def _longest_key(key: ChoiceText, distractors: Sequence[ChoiceText]) -> list[Cue]:
    longest = max(len(distractor.text) for distractor in distractors)
    if len(key.text) <= LONGEST_KEY_RATIO * longest:
        return []
    return [Cue(CueKind.LONGEST_KEY, f"the key has {len(key.text)} characters, the longest distractor {longest}")]


def _rearranged_key(key: ChoiceText, distractors: Sequence[ChoiceText]) -> list[Cue]:
    words = Counter(_words(key.text))
    return [
        Cue(CueKind.REARRANGED_KEY, f"a distractor is the key's words rearranged: {distractor.text!r}")
        for distractor in distractors
        if Counter(_words(distractor.text)) == words
    ]
