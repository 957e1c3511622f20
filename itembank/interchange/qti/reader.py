"""`read_qti`: an item file, an assessmentTest file or a content package, as one `ParsedFile`.

Items come in the manifest's order (a test's items that the manifest does not list, in the test's order);
an assessmentTest becomes a `ParsedAssessment` naming its items by their identifiers, with what of the test
(sections, selection, time limits, rules) does not map listed as dropped.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from itembank.errors import InterchangeError
from itembank.interchange.parsed import Dropped, ImportedItem, ParsedAssessment, ParsedFile, SkippedItem
from itembank.interchange.qti.document import QtiVersion, normalise, tag, version_of
from itembank.interchange.qti.items import read_item
from itembank.interchange.qti.package import Files, Resource, member_name, open_source
from itembank.interchange.qti.safe_xml import parse_xml

TEST_CONSTRUCTS: dict[str, str] = {
    "selection": "a random selection of items: every item is kept, in order",
    "ordering": "shuffled items: shuffling is set on the assessment here",
    "timeLimits": "a time limit",
    "branchRule": "a branch rule (adaptive navigation)",
    "preCondition": "a precondition on an item or section",
    "rubricBlock": "instructions shown with a section",
    "weight": "a weight on an item's score",
    "testFeedback": "feedback on the whole test",
    "itemSessionControl": "attempt and review settings",
}


def _document(files: Files, name: str) -> tuple[etree._Element, QtiVersion]:
    label = f"{files.label}/{name}" if name else files.label
    root = parse_xml(files.read(name), label)
    version = version_of(root)
    if version is None and "imsqti_result" in (etree.QName(root).namespace or ""):
        raise InterchangeError("is a QTI results report (assessmentResult): learners' results, not items", label)
    if version is None:
        raise InterchangeError(f"is not QTI 2.1, 2.2 or 3.0 (its root is {tag(root)})", label)
    normalise(root)
    return root, version


class _Templates:
    """Response-processing templates a package ships (Common Cartridge's CC2_match ...): those its manifest
    lists, and one at the item's templateLocation or in an `rptemplates` folder beside the item or the package's
    root, read (safely) once each."""

    def __init__(self, files: Files, found: list[Resource]) -> None:
        self.files = files
        self.listed = {
            posixpath.splitext(posixpath.basename(r.href))[0]: r.href for r in found if r.kind == "rptemplate"
        }
        self.read: dict[str, etree._Element | None] = {}

    def lookup_for(self, item: str) -> Callable[[str, str | None], etree._Element | None]:
        folder = posixpath.dirname(item)

        def lookup(name: str, location: str | None) -> etree._Element | None:
            places = [member_name(location, folder)] if location else []
            if name in self.listed:
                places.append(self.listed[name])
            places += [member_name(f"rptemplates/{name}.xml", folder), f"rptemplates/{name}.xml"]
            for place in places:
                if place not in self.read:
                    self.read[place] = self._rules(place)
                if self.read[place] is not None:
                    return self.read[place]
            return None

        return lookup

    def _rules(self, place: str) -> etree._Element | None:
        if not self.files.exists(place):
            return None
        root, _ = _document(self.files, place)
        return root if tag(root) == "responseProcessing" else None


def _test(
    root: etree._Element,
    name: str,
    files: Files,
    parsed: ParsedFile,
    by_file: dict[str, str],
    templates: _Templates,
) -> ParsedAssessment:
    folder = name.rsplit("/", 1)[0] if "/" in name else ""
    identifiers = []
    for reference in root.iter("assessmentItemRef"):
        href = reference.get("href") or ""
        target = member_name(href, folder)
        if target not in by_file:
            if not files.exists(target):
                identifier = reference.get("identifier") or href
                parsed.skipped.append(
                    SkippedItem(identifier, f"the test refers to {href}, which is not in the package", target)
                )
                by_file[target] = identifier
            else:
                item, _ = _document(files, target)
                if item.tag != "assessmentItem":
                    raise InterchangeError(f"refers to {href}, which is no assessmentItem", name)
                _add(parsed, read_item(item, target, templates.lookup_for(target)), by_file, target)
        identifiers.append(by_file[target])
    dropped = []
    for construct, meaning in TEST_CONSTRUCTS.items():
        found = list(root.iter(construct))
        if construct == "ordering":
            found = [element for element in found if element.get("shuffle") == "true"]
        if found:
            dropped.append(Dropped(construct, f"{meaning} is not kept", f"{len(found)} in {name}"))
    sections = list(root.iter("assessmentSection"))
    parts = list(root.iter("testPart"))
    if len(sections) > 1 or len(parts) > 1:
        dropped.append(
            Dropped(
                "assessmentSection", f"{len(parts)} test parts and {len(sections)} sections are one list of items here"
            )
        )
    return ParsedAssessment(
        root.get("identifier") or name, root.get("title") or name, tuple(identifiers), tuple(dropped)
    )


def _add(parsed: ParsedFile, found: ImportedItem | SkippedItem, by_file: dict[str, str], name: str) -> None:
    (parsed.items if isinstance(found, ImportedItem) else parsed.skipped).append(found)  # type: ignore[arg-type]
    by_file[name] = found.source_id


def read_qti(path: Path) -> ParsedFile:
    """Every item and test in `path`; InterchangeError when `path` cannot be read as QTI at all."""
    files, found = open_source(path)
    try:
        return _read(path, files, found)
    finally:
        files.close()


def _read(path: Path, files: Files, found: list[Resource]) -> ParsedFile:
    versions: list[QtiVersion] = []
    parsed = ParsedFile(format="qti21")
    by_file: dict[str, str] = {}
    tests: list[tuple[str, etree._Element]] = []
    templates = _Templates(files, found)
    for resource in found:
        if resource.href in by_file or resource.kind == "rptemplate":
            continue
        root, version = _document(files, resource.href)
        versions.append(version)
        if root.tag == "assessmentItem":
            _add(parsed, read_item(root, resource.href, templates.lookup_for(resource.href)), by_file, resource.href)
        elif root.tag == "assessmentTest":
            tests.append((resource.href, root))
        elif resource.kind == "unknown":
            raise InterchangeError(f"is a QTI {tag(root)}, neither an item nor a test", str(path))
    for name, root in tests:
        parsed.assessments.append(_test(root, name, files, parsed, by_file, templates))
    if not versions:
        raise InterchangeError("holds no QTI item or test", str(path))
    parsed.format = versions[0]
    return parsed
