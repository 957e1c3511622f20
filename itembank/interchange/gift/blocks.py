"""Cutting a GIFT file into questions, as Moodle does before it reads any of them.

Every line is trimmed; a blank line ends a question. Within a question, lines starting with `//` are
comments: they are removed from its text, and the first `[id:...]` and every `[tag:...]` in them are the
question's id number and tags (Moodle 3.11 and later).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PHP_TRIM = " \t\n\r\0\x0b"
_ID = re.compile(r"\[id:((?:\\]|[^\]\x00-\x1f\x7f])+)]")
_TAG = re.compile(r"\[tag:((?:\\]|[^\]<>\x00-\x1f\x7f])+)]")
_OURS = re.compile(r"^//\s*assess:(.*)$", re.MULTILINE)


@dataclass(frozen=True)
class Block:
    """One question's lines with its comments taken out, and where it starts (1-based) for the report."""

    line: int
    text: str
    id_number: str | None
    tags: tuple[str, ...]
    ours: dict[str, str]
    """`// assess: points=2 scoring=all_or_nothing`: what our items hold beyond GIFT, written by our export so a
    round trip keeps it; Moodle reads the line as a comment."""


def php_trim(text: str) -> str:
    """PHP's `trim`, which Moodle applies everywhere: it leaves a no-break space alone, as Python's would not."""
    return text.strip(_PHP_TRIM)


def split_blocks(source: str) -> list[Block]:
    """The questions of a file in order; a block of comments alone is no question and is left out."""
    blocks: list[Block] = []
    current: list[str] = []
    start = 1
    source = source.removeprefix("\ufeff")
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate([*lines, ""], start=1):
        line = php_trim(raw)
        if line in ("", "0"):  # PHP's empty(): a line "0" ends a question too
            if current:
                block = _block(start, current)
                if block.text:
                    blocks.append(block)
                current = []
            continue
        if not current:
            start = number
        current.append(line)
    return blocks


def _block(start: int, lines: list[str]) -> Block:
    comments = "\n".join(line for line in lines if line.startswith("//"))
    text = php_trim("\n".join(" " if line.startswith("//") else line for line in lines))
    found = _ID.search(comments)
    id_number = php_trim(found[1].replace("\\]", "]")) if found else None
    tags = tuple(php_trim(match.replace("\\]", "]")) for match in _TAG.findall(comments))
    ours = dict(pair.partition("=")[::2] for found in _OURS.findall(comments) for pair in found.split() if "=" in pair)
    return Block(line=start, text=text, id_number=id_number or None, tags=tuple(tag for tag in tags if tag), ours=ours)
