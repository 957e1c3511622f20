"""Our QTI exports read by another QTI tool: Citolab's qti-convert (a QTI 2.x <-> 3.0 converter that parses
packages with its own element tables) turns our 3.0 package into 2.1 and our 2.1 package into 3.0; what it
writes, our reader reads back to the items we exported. And every exported document follows the published
schemas' element order and carries their required attributes (imsqti_v2p1.xsd, imsqti_asiv3p0_v1p0.xsd and the
content packaging XSDs; no registry package ships those XSDs, so their rules for the elements we write are
stated here)."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from lxml import etree

qti_convert = pytest.importorskip("qti_convert")

from itembank.drafts import ItemDraft, OptionDraft  # noqa: E402 (after the skip of a missing tool)
from itembank.interchange.parsed import ImportedItem, ParsedAssessment  # noqa: E402
from itembank.interchange.qti import read_qti, write_qti  # noqa: E402
from itembank.interchange.qti.document import camelize  # noqa: E402
from tests.unit.qti_strategies import items  # noqa: E402

EVERY_TYPE = [
    ImportedItem(
        "single",
        ItemDraft(
            "single_choice",
            "<p>Pick <u>one</u> &lt; 3</p>",  # type: ignore[arg-type]
            (OptionDraft("a", True, "yes"), OptionDraft("<b>b</b>", False, "no")),
            points=2,
            feedback_correct="Well",
            feedback_incorrect="<p>No</p>",
            feedback_general="Always",
        ),
    ),
    ImportedItem(
        "multiple",
        ItemDraft(
            "multiple_response",
            "Pick",
            (OptionDraft("a", True), OptionDraft("b", True), OptionDraft("c", False)),  # type: ignore[arg-type]
            points=2,
        ),
    ),
    ImportedItem(
        "thirds",
        ItemDraft(
            "multiple_response",
            "Pick",  # type: ignore[arg-type]
            (OptionDraft("a", True), OptionDraft("b", True), OptionDraft("c", True), OptionDraft("d", False)),
            points=2,
        ),
    ),
    ImportedItem(
        "all",
        ItemDraft(
            "multiple_response",
            "All?",
            (OptionDraft("a", True), OptionDraft("b", False)),  # type: ignore[arg-type]
            spec={"scoring": "all_or_nothing"},
        ),
    ),
    ImportedItem("tf", ItemDraft("true_false", "T?", (OptionDraft("Yes", True), OptionDraft("No", False)))),  # type: ignore[arg-type]
    ImportedItem("tolerance", ItemDraft("numeric", "N?", spec={"answer": "3.50", "tolerance": "0.05"}, points=3)),  # type: ignore[arg-type]
    ImportedItem("relative", ItemDraft("numeric", "N?", spec={"answer": "10", "relative_tolerance": "0.05"})),  # type: ignore[arg-type]
    ImportedItem("range", ItemDraft("numeric", "N?", spec={"range": ["1.50", "2"]})),  # type: ignore[arg-type]
    ImportedItem("exact", ItemDraft("numeric", "N?", spec={"answer": "-2"})),  # type: ignore[arg-type]
    ImportedItem(
        "text", ItemDraft("short_text", "S?", spec={"accepted": ["York", "Lancaster"]}, feedback_correct="ok")
    ),  # type: ignore[arg-type]
    ImportedItem("cased", ItemDraft("short_text", "S?", spec={"accepted": ["York"], "case_sensitive": True})),  # type: ignore[arg-type]
]
TEST = ParsedAssessment("t", "Every type", tuple(item.source_id for item in EVERY_TYPE))


def converted(package: bytes, direction: str) -> list[ItemDraft]:
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "ours.zip", Path(folder) / "theirs.zip"
        source.write_bytes(package)
        if direction == "down":
            qti_convert.downgrade_package(str(source), str(target))
        else:
            qti_convert.upgrade_package(str(source), str(target))
        parsed = read_qti(target)
    assert parsed.format == ("qti21" if direction == "down" else "qti30")
    assert parsed.skipped == []
    return [item.draft for item in parsed.items]


def test_qti30_export_downgraded_by_qti_convert_reads_back() -> None:
    assert converted(write_qti(EVERY_TYPE, "qti30", TEST), "down") == [item.draft for item in EVERY_TYPE]


def test_qti21_export_upgraded_by_qti_convert_reads_back() -> None:
    assert converted(write_qti(EVERY_TYPE, "qti21", TEST), "up") == [item.draft for item in EVERY_TYPE]


@settings(max_examples=15, deadline=None)
@given(items)
def test_generated_items_survive_qti_convert(written: list[ImportedItem]) -> None:
    drafts = [item.draft for item in written]
    assert converted(write_qti(written, "qti30"), "down") == drafts
    assert converted(write_qti(written, "qti21"), "up") == drafts


ORDER: dict[str, list[str]] = {
    "assessmentItem": [
        "responseDeclaration",
        "outcomeDeclaration",
        "templateDeclaration",
        "templateProcessing",
        "stylesheet",
        "itemBody",
        "responseProcessing",
        "modalFeedback",
    ],
    "responseDeclaration": ["defaultValue", "correctResponse", "mapping", "areaMapping"],
    "outcomeDeclaration": ["defaultValue"],
    "choiceInteraction": ["prompt", "simpleChoice"],
    "responseIf": ["*expression", "*rule"],
    "assessmentTest": [
        "outcomeDeclaration",
        "timeLimits",
        "stylesheet",
        "testPart",
        "outcomeProcessing",
        "testFeedback",
    ],
    "testPart": ["preCondition", "branchRule", "itemSessionControl", "timeLimits", "assessmentSection"],
    "manifest": ["metadata", "organizations", "resources"],
    "metadata": ["schema", "schemaversion"],
    "resource": ["metadata", "file", "dependency"],
}
"""Each element's children in the order the schemas' sequences give (only the children we write)."""
REQUIRED: dict[str, set[str]] = {
    "assessmentItem": {"identifier", "title", "timeDependent"},
    "responseDeclaration": {"identifier", "cardinality"},
    "outcomeDeclaration": {"identifier", "cardinality"},
    "choiceInteraction": {"responseIdentifier"},
    "simpleChoice": {"identifier"},
    "textEntryInteraction": {"responseIdentifier"},
    "mapping": {"defaultValue"},
    "mapEntry": {"mapKey", "mappedValue"},
    "modalFeedback": {"outcomeIdentifier", "identifier", "showHide"},
    "feedbackBlock": {"outcomeIdentifier", "identifier", "showHide"},
    "baseValue": {"baseType"},
    "variable": {"identifier"},
    "correct": {"identifier"},
    "mapResponse": {"identifier"},
    "setOutcomeValue": {"identifier"},
    "img": {"src", "alt"},
    "a": {"href"},
    "assessmentTest": {"identifier", "title"},
    "testPart": {"identifier", "navigationMode", "submissionMode"},
    "assessmentSection": {"identifier", "title", "visible"},
    "assessmentItemRef": {"identifier", "href"},
    "testVariables": {"variableIdentifier"},
    "manifest": {"identifier"},
    "resource": {"identifier", "type"},
    "file": {"href"},
    "dependency": {"identifierref"},
}
EXPRESSIONS = {"match", "equal", "and", "or", "not", "isNull", "gte", "lte", "member", "stringMatch"}


def name_of(element: etree._Element, version: str) -> str:
    local = etree.QName(element).localname
    return camelize(local[4:]) if version == "qti30" and local.startswith("qti-") else local


def attributes_of(element: etree._Element, version: str) -> set[str]:
    names = {etree.QName(name).localname for name in element.attrib}
    return {camelize(name) for name in names} if version == "qti30" else names


def problems(root: etree._Element, version: str) -> list[str]:
    found = []
    for element in root.iter(etree.Element):
        name = name_of(element, version)
        missing = REQUIRED.get(name, set()) - attributes_of(element, version)
        if name == "assessmentItem" and version != "qti30":
            missing |= {"adaptive"} - attributes_of(element, version)
        if missing:
            found.append(f"{name} lacks {sorted(missing)}")
        order = ORDER.get(name)
        if order is None:
            continue
        children = [name_of(child, version) for child in element]
        if name == "responseIf":
            kinds = ["*expression" if child in EXPRESSIONS else "*rule" for child in children]
            if kinds[:1] != ["*expression"] or "*expression" in kinds[1:]:
                found.append(f"responseIf holds {children}")
            continue
        positions = [order.index(child) if child in order else -1 for child in children]
        if -1 in positions or positions != sorted(positions):
            found.append(f"{name} holds {children}, not in the order {order}")
        if version == "qti30" and name in {"modalFeedback", "feedbackBlock"} and children != ["contentBody"]:
            found.append(f"{name} holds {children}, not one qti-content-body")
    return found


@pytest.mark.parametrize("version", ["qti30", "qti22", "qti21"])
def test_exported_documents_follow_the_schemas(version: str) -> None:
    package = zipfile.ZipFile(io.BytesIO(write_qti(EVERY_TYPE, version, TEST)))  # type: ignore[arg-type]
    names = package.namelist()
    assert names[-1] == "imsmanifest.xml" and len(names) == len(EVERY_TYPE) + 2
    for name in names:
        root = etree.fromstring(package.read(name))
        assert problems(root, version if name != "imsmanifest.xml" else "manifest") == [], name
        if name != "imsmanifest.xml":
            assert (
                etree.QName(root).namespace
                == {
                    "qti30": "http://www.imsglobal.org/xsd/imsqtiasi_v3p0",
                    "qti22": "http://www.imsglobal.org/xsd/imsqti_v2p2",
                    "qti21": "http://www.imsglobal.org/xsd/imsqti_v2p1",
                }[version]
            )


def test_the_schema_check_finds_what_it_looks_for() -> None:
    """The checker above is no rubber stamp: a misordered or incomplete document is caught."""
    qti = "http://www.imsglobal.org/xsd/imsqti_v2p1"
    wrong = etree.fromstring(
        f'<assessmentItem xmlns="{qti}" identifier="x" title="t" timeDependent="false">'
        '<itemBody/><responseDeclaration identifier="R"/><modalFeedback identifier="a"/></assessmentItem>'
    )
    assert problems(wrong, "qti21") == [
        "assessmentItem lacks ['adaptive']",
        "assessmentItem holds ['itemBody', 'responseDeclaration', 'modalFeedback'], not in the order "
        "['responseDeclaration', 'outcomeDeclaration', 'templateDeclaration', 'templateProcessing', 'stylesheet', "
        "'itemBody', 'responseProcessing', 'modalFeedback']",
        "responseDeclaration lacks ['cardinality']",
        "modalFeedback lacks ['outcomeIdentifier', 'showHide']",
    ]


def test_simple_package_has_the_published_manifest_types() -> None:
    for version, suffix, namespace in (
        ("qti30", "xmlv3p0", "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1"),
        ("qti21", "xmlv2p1", "http://www.imsglobal.org/xsd/imscp_v1p1"),
    ):
        package = zipfile.ZipFile(io.BytesIO(write_qti(EVERY_TYPE[:1], version, TEST.__class__("t", "T", ("single",)))))  # type: ignore[arg-type]
        manifest = etree.fromstring(package.read("imsmanifest.xml"))
        assert etree.QName(manifest).namespace == namespace
        types = [resource.get("type") for resource in manifest.iter(f"{{{namespace}}}resource")]
        assert types == [f"imsqti_item_{suffix}", f"imsqti_test_{suffix}"]
