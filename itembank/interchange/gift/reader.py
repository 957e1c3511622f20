"""Reading a GIFT file into the plain data every import takes (`itembank.interchange.parsed`).

Each question keeps a source id so importing the file again revises its items: its `[id:...]` when it has
one, else its `::title::`, else Moodle's default name (the start of its text). Two questions with the same
id would be one item, so the second is skipped with the reason; two with the same title or text get
`(2)`, `(3)` ... in file order.
"""

from __future__ import annotations

from pathlib import Path

from itembank.errors import UnreadableFileError
from itembank.interchange.gift.blocks import split_blocks
from itembank.interchange.gift.mapping import map_question
from itembank.interchange.gift.questions import Question, read_question
from itembank.interchange.parsed import ImportedItem, ParsedFile, SkippedItem
from itembank.rich_text import plain_text

DEFAULT_NAME_LENGTH = 80
"""Moodle names a question without a title by the start of its text."""
MAX_ID = 100
"""An item's `ref` holds at most 100 characters."""


def looks_like_gift(path: Path) -> bool:
    """A `.gift` file, or a text file with at least one answer block (Moodle exports GIFT as `.txt`)."""
    if path.suffix.lower() == ".gift":
        return True
    if path.suffix.lower() != ".txt" or not path.is_file():
        return False
    try:
        return any("{" in block.text for block in split_blocks(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError):
        return False


def read_gift(path: Path) -> ParsedFile:
    """The questions of a GIFT file (UTF-8); a file that is not text is an `UnreadableFileError` naming it."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        message = f"{path.name} is not UTF-8 text (byte {exc.start}): GIFT files are read as UTF-8"
        raise UnreadableFileError(message, {"file": [message]}) from exc
    except OSError as exc:
        message = f"{path.name} cannot be read as a GIFT file: {exc.strerror}"
        raise UnreadableFileError(message, {"file": [message]}) from exc
    return parse_gift(text, path.name)


def parse_gift(text: str, name: str = "GIFT") -> ParsedFile:
    parsed = ParsedFile(format="gift")
    for outcome in parse_questions(text, name):
        if isinstance(outcome, ImportedItem):
            parsed.items.append(outcome)
        else:
            parsed.skipped.append(outcome)
    return parsed


def parse_questions(text: str, name: str = "GIFT") -> list[ImportedItem | SkippedItem]:
    """Every question in file order, mapped or skipped (categories set the category of those after them)."""
    outcomes: list[ImportedItem | SkippedItem] = []
    category: str | None = None
    explicit: set[str] = set()
    named: dict[str, int] = {}
    for block in split_blocks(text):
        question = read_question(block)
        if question.kind == "category":
            category = question.category or None
            continue
        source = f"{name}, line {block.line}"
        source_id = _source_id(question)
        if block.id_number is not None:
            if source_id in explicit:
                outcomes.append(SkippedItem(source_id, "an earlier question has the same [id:...]", source))
                continue
            explicit.add(source_id)
        else:
            named[source_id] = named.get(source_id, 0) + 1
            if named[source_id] > 1:
                source_id = f"{source_id[: MAX_ID - 6]} ({named[source_id]})"
        outcomes.append(map_question(question, source_id, source, category))
    return outcomes


def _source_id(question: Question) -> str:
    if question.block.id_number:
        return question.block.id_number[:MAX_ID]
    if question.title:
        return question.title[:MAX_ID]
    words = " ".join(plain_text(question.stem.html()).split())
    return words[:DEFAULT_NAME_LENGTH] or f"line {question.block.line}"
