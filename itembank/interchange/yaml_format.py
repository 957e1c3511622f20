"""Our own YAML as an interchange format: a course content file (docs: the `bank load` format) or a bank file.

A bank file is what `assess bank export --format yaml` writes: `format: assess.bank/1` and a list of
`items`, each a course file's question (same fields, same rules, `itembank.interchange.course_schema`) whose
id may be any ref and which keeps its title, category and tags. Reading either gives the import's plain data;
a course file's assessments come along as `ParsedAssessment`s naming their questions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from marshmallow import ValidationError

from itembank.errors import ContentFileError
from itembank.interchange.course_file import flatten_messages, question_draft, read_course_file
from itembank.interchange.course_schema import BankFileSchema
from itembank.interchange.parsed import ImportedItem, ParsedAssessment, ParsedFile

BANK_FORMAT = "assess.bank/1"


def looks_like_yaml(path: Path) -> bool:
    return path.suffix.lower() in (".yaml", ".yml")


def read_yaml(path: Path) -> ParsedFile:
    """A course file or a bank file; a malformed one is a `ContentFileError` naming every bad field. Aliases
    are refused before anything is built: a few lines of them expand to billions of nodes (the YAML bomb)."""
    try:
        text = path.read_text(encoding="utf-8")
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=yaml.SafeLoader)):
            message = f"{path.name} uses YAML aliases (*name); an import file spells each item out"
            raise ContentFileError(message, {"file": [message]})
        raw = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ContentFileError(f"{path.name}: cannot read: {exc}", {"file": [f"cannot read: {exc}"]}) from exc
    if isinstance(raw, Mapping) and raw.get("format") == BANK_FORMAT:
        return _bank_file(path, raw)
    content = read_course_file(path)
    parsed = ParsedFile(format="yaml")
    for assessment in content["assessments"]:
        parsed.items += [_item(question, path.name) for question in assessment["questions"]]
        parsed.assessments.append(
            ParsedAssessment(
                source_id=assessment["slug"],
                title=assessment["title"],
                item_source_ids=tuple(question["id"] for question in assessment["questions"]),
            )
        )
    return parsed


def _bank_file(path: Path, raw: Mapping[str, Any]) -> ParsedFile:
    try:
        content = BankFileSchema().load(raw)
    except ValidationError as exc:
        fields = flatten_messages(exc.messages)
        summary = "; ".join(f"{key}: {' '.join(messages)}" for key, messages in sorted(fields.items()))
        raise ContentFileError(f"{path.name}: {summary}", fields) from exc
    return ParsedFile(format="yaml", items=[_item(question, path.name) for question in content["items"]])


def _item(question: Mapping[str, Any], source: str) -> ImportedItem:
    return ImportedItem(
        source_id=question["id"],
        draft=question_draft(question),
        title=question.get("title"),
        tags=tuple(question["tags"]),
        category=question.get("category"),
        source=source,
    )


def write_yaml(items: Sequence[ImportedItem]) -> str:
    """A bank file holding `items`: read back by `read_yaml` as the same items."""
    return yaml.safe_dump(
        {"format": BANK_FORMAT, "items": [_question(item) for item in items]},
        allow_unicode=True,
        sort_keys=False,
        width=120,
    )


def _question(item: ImportedItem) -> dict[str, Any]:
    draft = item.draft
    question: dict[str, Any] = {"id": item.source_id, "type": str(draft.type)}
    if item.title is not None:
        question["title"] = item.title
    if item.category is not None:
        question["category"] = item.category
    if item.tags:
        question["tags"] = list(item.tags)
    question["stem"] = draft.stem
    question["points"] = draft.points
    if draft.options:
        question["options"] = [
            {"text": option.text, "correct": option.correct}
            | ({"rationale": option.rationale} if option.rationale is not None else {})
            for option in draft.options
        ]
    feedback = {
        name: value
        for name, value in (
            ("correct", draft.feedback_correct),
            ("incorrect", draft.feedback_incorrect),
            ("general", draft.feedback_general),
        )
        if value is not None
    }
    if feedback:
        question["feedback"] = feedback
    if draft.spec:
        question["spec"] = dict(draft.spec)
    return question
