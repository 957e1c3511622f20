"""What a reader of another tool's file (QTI, GIFT, our YAML) hands the import: plain data, no database.

Every format's reader produces a `ParsedFile`; one import pipeline turns it into items and a report. So a
format module only has to say what it understood, what it could not map (`SkippedItem`, with the reason) and
what it left out of an item it did map (`ImportedItem.dropped`): nothing is dropped without being named.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from itembank.drafts import ItemDraft


@dataclass(frozen=True)
class Dropped:
    """A construct left out of an imported item: what it was (`construct`, e.g. "stylesheet", "object",
    "templateProcessing") and why, with where it sat in the source when known."""

    construct: str
    reason: str
    where: str | None = None


@dataclass(frozen=True)
class ImportedItem:
    """One item the reader could map. `source_id` is the item's identifier in the source (QTI `identifier`,
    GIFT `[id:...]` or its title), kept as the item's `ref` so a second import of the same file revises the
    item instead of duplicating it."""

    source_id: str
    draft: ItemDraft
    title: str | None = None
    tags: tuple[str, ...] = ()
    category: str | None = None
    dropped: tuple[Dropped, ...] = ()
    source: str | None = None
    """The file (or package member) the item came from, for the report."""


@dataclass(frozen=True)
class SkippedItem:
    """An item the reader could not map onto our five types, with the reason in words a teacher reads."""

    source_id: str
    reason: str
    source: str | None = None


@dataclass
class ParsedFile:
    """What one file (or one package) held, in source order."""

    format: str
    """`qti21`, `qti22`, `qti30`, `gift` or `yaml`."""
    items: list[ImportedItem] = field(default_factory=list)
    skipped: list[SkippedItem] = field(default_factory=list)
    assessments: list[ParsedAssessment] = field(default_factory=list)


@dataclass(frozen=True)
class ParsedAssessment:
    """An assessment test found in the source (QTI assessmentTest): its identifier, title and the source ids
    of its items in order, so the import can compose it from the items it imported."""

    source_id: str
    title: str
    item_source_ids: tuple[str, ...]
    dropped: tuple[Dropped, ...] = ()
