"""The course seed as the content tests see it: its text repaired and its structure read from its headings.

The seed is the authority for every stem and feedback in the course file, so the tests compare against it
rather than against a second copy that could drift. It is read from beside the checkout (`../shared/seeds`)
and never copied in; without that folder the tests that need it skip (fail under CI=true), see
`tests/shared_data.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from tests.shared_data import shared_folder

SEED_NAME = "000_db3591ae3b6ac797.txt"

_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_LESSON_HEADER = re.compile(r"^(?P<course>.+) · Module (?P<module>\d+) · Lesson (?P<lesson>\d+)$")
_QUIZ_HEADING = re.compile(r"^Lesson (?P<lesson>\d+) Quiz$")
_TEST_HEADING = re.compile(r"^Module (?P<module>\d+) Test$")
_TEST_SUMMARY = re.compile(r"^(?P<title>.+) · (?P<count>\d+) Questions · (?P<percent>\d+)% to pass$")
_QUESTION = re.compile(r"^(?P<number>\d+)\. (?P<stem>.+)$")
_CORRECT_PREFIX = "Correct."

T = TypeVar("T")


class SeedFormatError(ValueError):
    """The seed no longer has the shape the parser relies on; failing loudly beats comparing against garbage."""


@dataclass(frozen=True)
class SeedQuestion:
    number: int
    stem: str
    feedback_correct: str
    feedback_incorrect: str


@dataclass(frozen=True)
class SeedLesson:
    number: int
    title: str
    subtitle: str


@dataclass(frozen=True)
class SeedAssessment:
    title: str
    subtitle: str
    questions: tuple[SeedQuestion, ...]
    lesson_number: int | None = None
    stated_question_count: int | None = None
    pass_percent: int | None = None


@dataclass(frozen=True)
class SeedCourse:
    title: str
    module_number: int
    module_title: str
    lessons: tuple[SeedLesson, ...]
    assessments: tuple[SeedAssessment, ...]

    @property
    def lesson_quizzes(self) -> tuple[SeedAssessment, ...]:
        return tuple(assessment for assessment in self.assessments if assessment.lesson_number is not None)

    @property
    def module_test(self) -> SeedAssessment:
        tests = [assessment for assessment in self.assessments if assessment.lesson_number is None]
        if len(tests) != 1:
            raise SeedFormatError(f"expected one module test, found {len(tests)}")
        return tests[0]


def seed_path() -> Path:
    """The seed file in `../shared/seeds`; a skip (a failure under CI=true) if that folder is not there."""
    return shared_folder("seeds") / SEED_NAME


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as Windows-1253, run by run, so text that was never mis-decoded (an en dash) survives.

    A run that cannot round-trip through cp1253 cannot be mojibake of this kind, which is what makes
    leaving it alone safe.
    """

    def repair(match: re.Match[str]) -> str:
        run = match.group(0)
        try:
            return run.encode("cp1253").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return run

    return _NON_ASCII_RUN.sub(repair, text)


def parse_seed(path: Path) -> SeedCourse:
    """Read the seed by its headings, not by line numbers, so an edit above a quiz cannot shift what is read."""
    lines = repair_mojibake(path.read_text(encoding="utf-8")).split("\n")
    course_title: str | None = None
    module_number: int | None = None
    module_title: str | None = None
    lessons: list[SeedLesson] = []
    assessments: list[SeedAssessment] = []

    for index, line in enumerate(lines):
        if header := _LESSON_HEADER.match(line):
            course_title = _agree(course_title, header["course"], "course title", index)
            module_number = _agree(module_number, int(header["module"]), "module number", index)
            title_at = _next_text(lines, index)
            subtitle_at = _next_text(lines, title_at)
            lessons.append(SeedLesson(int(header["lesson"]), lines[title_at], lines[subtitle_at]))
        elif quiz := _QUIZ_HEADING.match(line):
            subtitle_at = _next_text(lines, index)
            assessments.append(
                SeedAssessment(
                    title=line,
                    subtitle=lines[subtitle_at],
                    questions=_questions(lines, subtitle_at + 1),
                    lesson_number=int(quiz["lesson"]),
                )
            )
        elif test := _TEST_HEADING.match(line):
            module_number = _agree(module_number, int(test["module"]), "module number", index)
            summary_at = _next_text(lines, index)
            summary = _TEST_SUMMARY.match(lines[summary_at])
            if summary is None:
                raise SeedFormatError(f"line {summary_at + 1}: no question count and pass mark after {line!r}")
            module_title = summary["title"]
            assessments.append(
                SeedAssessment(
                    title=line,
                    subtitle=summary["title"],
                    questions=_questions(lines, summary_at + 1),
                    stated_question_count=int(summary["count"]),
                    pass_percent=int(summary["percent"]),
                )
            )

    if course_title is None or module_number is None or module_title is None:
        raise SeedFormatError(f"{path}: no lesson header or module test found")
    course = SeedCourse(course_title, module_number, module_title, tuple(lessons), tuple(assessments))
    _check(course)
    return course


def _agree(seen: T | None, found: T, what: str, index: int) -> T:
    """Every header repeats the course and module; a disagreement means the seed mixes two modules."""
    if seen is not None and seen != found:
        raise SeedFormatError(f"line {index + 1}: {what} {found!r} differs from earlier {seen!r}")
    return found


def _next_text(lines: list[str], index: int) -> int:
    for later in range(index + 1, len(lines)):
        if lines[later].strip():
            return later
    raise SeedFormatError(f"line {index + 1}: nothing follows")


def _questions(lines: list[str], start: int) -> tuple[SeedQuestion, ...]:
    """Questions are stem, correct feedback, incorrect feedback; the incorrect line has no marker of its own,
    so the block is read in threes and ends at the first line that is not a numbered stem."""
    questions: list[SeedQuestion] = []
    index = start
    while index < len(lines) and (stem := _QUESTION.match(lines[index])):
        if index + 2 >= len(lines):
            raise SeedFormatError(f"line {index + 1}: question {stem['number']} lacks its two feedback lines")
        correct, incorrect = lines[index + 1], lines[index + 2]
        if not correct.startswith(_CORRECT_PREFIX) or not incorrect.strip() or _QUESTION.match(incorrect):
            raise SeedFormatError(f"line {index + 1}: question {stem['number']} is not followed by its feedback")
        questions.append(SeedQuestion(int(stem["number"]), stem["stem"], correct, incorrect))
        index += 3
    if not questions:
        raise SeedFormatError(f"line {start + 1}: an assessment heading with no numbered questions after it")
    return tuple(questions)


def _check(course: SeedCourse) -> None:
    """Numbering and stated counts are the seed's own cross-checks; a miss means a question was misread."""
    for assessment in course.assessments:
        numbers = [question.number for question in assessment.questions]
        if numbers != list(range(1, len(numbers) + 1)):
            raise SeedFormatError(f"{assessment.title}: questions numbered {numbers}")
        stated = assessment.stated_question_count
        if stated is not None and stated != len(numbers):
            raise SeedFormatError(f"{assessment.title}: states {stated} questions, has {len(numbers)}")
    lesson_numbers = [lesson.number for lesson in course.lessons]
    quiz_numbers = [quiz.lesson_number for quiz in course.lesson_quizzes]
    if quiz_numbers != lesson_numbers:
        raise SeedFormatError(f"lessons {lesson_numbers} but quizzes for lessons {quiz_numbers}")
