"""What an import did, item by item, so nothing in a file is left out without being named.

Every item of the file is in the report: `items` (written, unchanged, or refused by the bank's authoring
rules with the reasons), `skipped` (the reader could not map it onto our types, with the reason), and each
written item's `dropped` constructs. `as_dict` is the JSON the API answers and `--json` prints (its shape is
docs/interchange.md's); `lines` is what the command line prints.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from itembank.interchange.parsed import Dropped, SkippedItem

CREATED, REVISED, UNCHANGED, REFUSED = "created", "revised", "unchanged", "refused"


@dataclass
class ItemOutcome:
    ref: str
    outcome: str
    """created, revised, unchanged (the bank already held this content), or refused."""
    item_id: int | None = None
    version: int | None = None
    status: str | None = None
    """The item's status after the import: published, or draft when something was dropped (review it first)."""
    type: str | None = None
    title: str | None = None
    category: str | None = None
    source: str | None = None
    dropped: tuple[Dropped, ...] = ()
    problems: dict[str, list[str]] = field(default_factory=dict)
    """Refused: the authoring rules it breaks, by field path."""


@dataclass
class AssessmentOutcome:
    source_id: str
    slug: str | None
    outcome: str
    assessment_id: int | None = None
    items: int = 0
    dropped: tuple[Dropped, ...] = ()
    problems: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class ImportReport:
    file: str
    format: str
    tenant: str
    bank: str
    partial: bool
    items: list[ItemOutcome] = field(default_factory=list)
    skipped: list[SkippedItem] = field(default_factory=list)
    assessments: list[AssessmentOutcome] = field(default_factory=list)
    committed: bool = True
    """False when the file was refused whole (an import without `partial` with a refused item): then each item's
    `outcome` says what the import would have done, and none has an id."""

    def count(self, outcome: str) -> int:
        return sum(item.outcome == outcome for item in self.items)

    @property
    def counts(self) -> dict[str, int]:
        return {name: self.count(name) for name in (CREATED, REVISED, UNCHANGED, REFUSED)} | {
            "skipped": len(self.skipped)
        }

    @property
    def refused(self) -> list[ItemOutcome]:
        return [item for item in self.items if item.outcome == REFUSED]

    def summary(self) -> str:
        counts = ", ".join(f"{self.count(name)} {name}" for name in (CREATED, REVISED, UNCHANGED, REFUSED))
        dropped = sum(len(item.dropped) for item in self.items)
        state = "" if self.committed else " (nothing written: the file was refused whole; --partial imports the rest)"
        return f"{self.file} ({self.format}): items {counts}; {len(self.skipped)} skipped; {dropped} dropped{state}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "format": self.format,
            "tenant": self.tenant,
            "bank": self.bank,
            "partial": self.partial,
            "committed": self.committed,
            "counts": self.counts,
            "items": [_plain(item) for item in self.items],
            "skipped": [asdict(skipped) for skipped in self.skipped],
            "assessments": [_plain(assessment) for assessment in self.assessments],
        }

    def lines(self) -> list[str]:
        lines = [self.summary()]
        for item in self.items:
            where = f"  [{item.source}]" if item.source else ""
            written = f" -> item {item.item_id} v{item.version} {item.status}" if item.item_id else ""
            lines.append(f"  {item.outcome:9} {item.ref}{written}{where}")
            lines += [f"      dropped {found.construct}: {found.reason}" for found in item.dropped]
            lines += [f"      {path}: {' '.join(messages)}" for path, messages in item.problems.items()]
        for skipped in self.skipped:
            where = f"  [{skipped.source}]" if skipped.source else ""
            lines.append(f"  skipped   {skipped.source_id}: {skipped.reason}{where}")
        for assessment in self.assessments:
            lines.append(
                f"  assessment {assessment.outcome} {assessment.slug or assessment.source_id} "
                f"({assessment.items} items)"
            )
            lines += [f"      dropped {found.construct}: {found.reason}" for found in assessment.dropped]
            lines += [f"      {path}: {' '.join(messages)}" for path, messages in assessment.problems.items()]
        return lines


def _plain(outcome: ItemOutcome | AssessmentOutcome) -> dict[str, Any]:
    found = asdict(outcome)
    found["dropped"] = [asdict(dropped) for dropped in outcome.dropped]
    return found
