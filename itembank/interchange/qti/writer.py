"""`write_qti`: our items as a QTI content package (imsmanifest.xml, one file per item, a test when asked).

Each item is written the way the published schemas order it (responseDeclaration, outcomeDeclaration SCORE
and MAXSCORE, itemBody, responseProcessing, modalFeedback) with the standard templates where they say what
we mean (`match_correct` for a one-point key, `map_response` where a mapping carries the points) and plain
rules otherwise: a tolerance is `equal` with its toleranceMode, a range `gte` and `lte`, multiple response's
right-minus-wrong a mapping of +1 and -1 floored at 0, scaled to the points. The file is written with 2.x
names and renamed for 3.0 (`document.to_qti3`), so the three versions share one writer.

What QTI cannot state is not written: a short-text item's white-space and Unicode rules (QTI compares
exactly; read back, the item gets our defaults), `title` attributes and `ol start` (no such attributes in
QTI's XHTML). docs/interchange-qti.md lists them.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

import lxml.html
from lxml import etree

from itembank.drafts import ItemDraft
from itembank.interchange.parsed import ImportedItem, ParsedAssessment
from itembank.interchange.qti.body import SPAN_CLASSES
from itembank.interchange.qti.derive import decimal_text, terminates
from itembank.interchange.qti.document import NAMESPACE_OF, QtiVersion, tag, to_qti3
from itembank.interchange.qti.items import TRUE_FALSE_CLASS
from itembank.interchange.qti.processing import TEMPLATES
from itembank.itemtypes import ItemType
from itembank.rich_text import ALLOWED_TAGS

XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION: dict[QtiVersion, str] = {
    "qti21": "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd",
    "qti22": "http://www.imsglobal.org/xsd/qti/qtiv2p2/imsqti_v2p2.xsd",
    "qti30": "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd",
}
TEMPLATE_URI: dict[QtiVersion, str] = {
    "qti21": "http://www.imsglobal.org/question/qti_v2p1/rptemplates/{}",
    "qti22": "http://www.imsglobal.org/question/qti_v2p2/rptemplates/{}",
    "qti30": "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/{}.xml",
}
MANIFEST_NAMESPACE: dict[QtiVersion, str] = {
    "qti21": "http://www.imsglobal.org/xsd/imscp_v1p1",
    "qti22": "http://www.imsglobal.org/xsd/imscp_v1p1",
    "qti30": "http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1",
}
MANIFEST_SCHEMA: dict[QtiVersion, tuple[str, str, str]] = {
    "qti21": ("QTIv2.1 Package", "1.0.0", "http://www.imsglobal.org/xsd/qti/qtiv2p1/qtiv2p1_imscpv1p2_v1p0.xsd"),
    "qti22": ("QTIv2.2 Package", "1.0.0", "http://www.imsglobal.org/xsd/qti/qtiv2p2/qtiv2p2_imscpv1p2_v1p0.xsd"),
    "qti30": (
        "QTI Package",
        "3.0.0",
        "https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd",
    ),
}
RESOURCE_SUFFIX: dict[QtiVersion, str] = {"qti21": "xmlv2p1", "qti22": "xmlv2p2", "qti30": "xmlv3p0"}
BODY_ELEMENTS = frozenset(ALLOWED_TAGS) | {"div", "span"}
"""The XHTML names the body uses; everything else written is a QTI element (renamed for 3.0)."""
ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "img": ("src", "alt", "width", "height"),
    "th": ("scope", "colspan", "rowspan"),
    "td": ("colspan", "rowspan"),
}
_XSD_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
TOOL = "Assess"


class _Builder:
    def __init__(self, version: QtiVersion) -> None:
        self.version = version
        self.namespace = NAMESPACE_OF[version]

    def element(self, parent: etree._Element | None, tag: str, text: str | None = None, **attributes: str) -> Any:
        name = f"{{{self.namespace}}}{tag}"
        if parent is None:
            made = etree.Element(name, nsmap={None: self.namespace, "xsi": XSI})
        else:
            made = etree.SubElement(parent, name)
        for key, value in attributes.items():
            made.set(key.rstrip("_"), value)
        if text is not None:
            made.text = text
        return made

    def html(self, parent: etree._Element, fragment: str | None) -> None:
        """The sanitized HTML `fragment` as XHTML children of `parent`."""
        if not fragment:
            return
        holder = lxml.html.fragment_fromstring(fragment, create_parent="div")
        parent.text = (parent.text or "") + (holder.text or "")
        for child in holder:
            self._copy(parent, child)

    def _copy(self, parent: etree._Element, source: Any) -> None:
        if not isinstance(source.tag, str):
            return
        tag = source.tag
        attributes = {name: source.get(name) for name in ATTRIBUTES.get(tag, ()) if source.get(name) is not None}
        if tag in SPAN_CLASSES:
            attributes = {"class": SPAN_CLASSES[tag]}
            tag = "span"
        if tag == "img" and "alt" not in attributes:
            attributes["alt"] = ""
        made = self.element(parent, tag, source.text, **attributes)
        for child in source:
            self._copy(made, child)
        made.tail = source.tail

    def value(self, parent: etree._Element, text: str) -> None:
        self.element(parent, "value", text)

    def base(self, parent: etree._Element, base_type: str, text: str) -> None:
        self.element(parent, "baseValue", text, baseType=base_type)

    def variable(self, parent: etree._Element, identifier: str) -> None:
        self.element(parent, "variable", identifier=identifier)

    def set_outcome(self, parent: etree._Element, identifier: str) -> Any:
        return self.element(parent, "setOutcomeValue", identifier=identifier)

    def template_rules(self, parent: etree._Element, name: str) -> None:
        """The standard template's rules written out, where other rules (feedback) must follow them."""
        rules = etree.fromstring(TEMPLATES[name])
        for rule in rules:
            parent.append(self._namespaced(rule))

    def _namespaced(self, element: etree._Element) -> etree._Element:
        made = etree.Element(f"{{{self.namespace}}}{tag(element)}", dict(element.attrib))
        made.text = element.text.strip() if element.text and element.text.strip() else None
        for child in element:
            made.append(self._namespaced(child))
        return made


def _number(value: Any) -> str:
    text = str(value).strip()
    return text if _XSD_NUMBER.fullmatch(text) else format(Decimal(text), "f")


def identifier_for(source_id: str, taken: set[str]) -> str:
    """A QTI identifier (an NCName) for `source_id`: itself when it is one, else a stable spelling of it."""
    candidate = source_id if _NCNAME.fullmatch(source_id) else re.sub(r"[^A-Za-z0-9_.-]", "_", source_id)
    if not _NCNAME.fullmatch(candidate):
        candidate = f"I_{candidate}"
    unique, number = candidate, 2
    while unique in taken:
        unique, number = f"{candidate}_{number}", number + 1
    taken.add(unique)
    return unique


def _choice_ids(draft: ItemDraft) -> list[str]:
    return [chr(ord("A") + index) for index in range(len(draft.options))]


def _item(draft: ItemDraft, identifier: str, title: str, version: QtiVersion) -> etree._Element:
    build = _Builder(version)
    attributes = {"identifier": identifier, "title": title, "adaptive": "false", "timeDependent": "false"}
    root = build.element(None, "assessmentItem", **attributes, toolName=TOOL, toolVersion="1")
    root.set(f"{{{XSI}}}schemaLocation", f"{build.namespace} {SCHEMA_LOCATION[version]}")
    item_type = ItemType(draft.type)
    ids = _choice_ids(draft)
    keyed = [choice for choice, option in zip(ids, draft.options, strict=True) if option.correct]
    rationales = any(option.rationale for option in draft.options)
    basic = any((draft.feedback_correct, draft.feedback_incorrect, draft.feedback_general))
    points = draft.points

    response = build.element(root, "responseDeclaration", identifier="RESPONSE")
    several = item_type == ItemType.MULTIPLE_RESPONSE
    partial = several and draft.spec.get("scoring", "partial") == "partial"
    share = Fraction(points, len(keyed)) if keyed else Fraction(0)
    if item_type in {ItemType.SINGLE_CHOICE, ItemType.TRUE_FALSE, ItemType.MULTIPLE_RESPONSE}:
        response.set("cardinality", "multiple" if several else "single")
        response.set("baseType", "identifier")
        correct = build.element(response, "correctResponse")
        for choice in keyed:
            build.value(correct, choice)
        if partial:
            unit = share if terminates(share) else Fraction(1)
            mapping = build.element(
                response, "mapping", lowerBound="0", upperBound=decimal_text(unit * len(keyed)), defaultValue="0"
            )
            for choice, option in zip(ids, draft.options, strict=True):
                build.element(
                    mapping, "mapEntry", mapKey=choice, mappedValue=decimal_text(unit if option.correct else -unit)
                )
    elif item_type == ItemType.SHORT_TEXT:
        response.set("cardinality", "single")
        response.set("baseType", "string")
        accepted = [str(text) for text in draft.spec["accepted"]]
        build.value(build.element(response, "correctResponse"), accepted[0])
        mapping = build.element(response, "mapping", defaultValue="0", lowerBound="0", upperBound=str(points))
        sensitive = "true" if draft.spec.get("case_sensitive", False) else "false"
        for text in accepted:
            build.element(mapping, "mapEntry", mapKey=text, mappedValue=str(points), caseSensitive=sensitive)
    else:
        response.set("cardinality", "single")
        response.set("baseType", "float")
        spec = draft.spec
        if "range" in spec:
            low, high = (Fraction(Decimal(str(end))) for end in spec["range"])
            build.value(build.element(response, "correctResponse"), decimal_text((low + high) / 2))
        else:
            build.value(build.element(response, "correctResponse"), _number(spec["answer"]))

    for name, value in (("SCORE", "0"), ("MAXSCORE", str(points))):
        outcome = build.element(root, "outcomeDeclaration", identifier=name, cardinality="single", baseType="float")
        build.value(build.element(outcome, "defaultValue"), value)
    if basic:
        build.element(
            root, "outcomeDeclaration", identifier="FEEDBACKBASIC", cardinality="single", baseType="identifier"
        )
    if rationales:
        build.element(
            root,
            "outcomeDeclaration",
            identifier="FEEDBACK",
            cardinality="multiple" if several else "single",
            baseType="identifier",
        )

    body = build.element(root, "itemBody")
    build.html(build.element(body, "div"), draft.stem)
    if item_type in {ItemType.NUMERIC, ItemType.SHORT_TEXT}:
        build.element(build.element(body, "p"), "textEntryInteraction", responseIdentifier="RESPONSE")
    else:
        interaction = build.element(
            body,
            "choiceInteraction",
            responseIdentifier="RESPONSE",
            shuffle="false",
            maxChoices="0" if several else "1",
        )
        if item_type == ItemType.TRUE_FALSE:
            interaction.set("class", TRUE_FALSE_CLASS)
        for choice, option in zip(ids, draft.options, strict=True):
            simple = build.element(interaction, "simpleChoice", identifier=choice)
            build.html(simple, option.text)
            if option.rationale:
                block = build.element(
                    simple, "feedbackBlock", outcomeIdentifier="FEEDBACK", identifier=choice, showHide="show"
                )
                build.html(_content(build, block), option.rationale)

    _processing(build, root, draft, item_type, points, share, basic, rationales)
    modal_feedback: list[tuple[str | None, str, str]] = [
        (draft.feedback_correct, "correct", "show"),
        (draft.feedback_incorrect, "incorrect", "show"),
        (draft.feedback_general, "none", "hide"),
    ]
    for content, identifier, show in modal_feedback:
        if content:
            modal = build.element(
                root, "modalFeedback", outcomeIdentifier="FEEDBACKBASIC", identifier=identifier, showHide=show
            )
            build.html(_content(build, modal), content)
    return root


def _content(build: _Builder, feedback: etree._Element) -> etree._Element:
    """QTI 3.0 wraps feedback in qti-content-body; 2.x holds the content directly (in a div, as flow)."""
    if build.version == "qti30":
        return build.element(feedback, "contentBody")
    return build.element(feedback, "div")


def _processing(
    build: _Builder,
    root: etree._Element,
    draft: ItemDraft,
    item_type: ItemType,
    points: int,
    share: Fraction,
    basic: bool,
    rationales: bool,
) -> None:
    processing = build.element(root, "responseProcessing")
    several = item_type == ItemType.MULTIPLE_RESPONSE
    partial = several and draft.spec.get("scoring", "partial") == "partial"
    template: str | None = None
    if item_type == ItemType.SHORT_TEXT or (partial and terminates(share)):
        template = "map_response"
    elif item_type in {ItemType.SINGLE_CHOICE, ItemType.TRUE_FALSE, ItemType.MULTIPLE_RESPONSE} and points == 1:
        template = "match_correct" if not partial else None
    if template is not None and not (basic or rationales):
        processing.set("template", TEMPLATE_URI[build.version].format(template))
        return
    if template is not None:
        build.template_rules(processing, template)
    elif partial:
        _scaled_mapping(build, processing, points, sum(option.correct for option in draft.options))
    elif item_type == ItemType.NUMERIC:
        _numeric(build, processing, draft)
    else:
        _matched(build, processing)
    if basic:
        condition = build.element(processing, "responseCondition")
        when = build.element(condition, "responseIf")
        equal = build.element(when, "equal", toleranceMode="exact")
        build.variable(equal, "SCORE")
        build.variable(equal, "MAXSCORE")
        build.base(build.set_outcome(when, "FEEDBACKBASIC"), "identifier", "correct")
        build.base(
            build.set_outcome(build.element(condition, "responseElse"), "FEEDBACKBASIC"), "identifier", "incorrect"
        )
    if rationales:
        build.variable(build.set_outcome(processing, "FEEDBACK"), "RESPONSE")


def _matched(build: _Builder, processing: etree._Element) -> None:
    when = build.element(build.element(processing, "responseCondition"), "responseIf")
    match = build.element(when, "match")
    build.variable(match, "RESPONSE")
    build.element(match, "correct", identifier="RESPONSE")
    build.variable(build.set_outcome(when, "SCORE"), "MAXSCORE")


def _scaled_mapping(build: _Builder, processing: etree._Element, points: int, keyed: int) -> None:
    """Right minus wrong of k keyed choices, floored at 0, times points / k: exact where points / k is not."""
    when = build.element(build.element(processing, "responseCondition"), "responseIf")
    build.variable(build.element(build.element(when, "not"), "isNull"), "RESPONSE")
    divide = build.element(build.set_outcome(when, "SCORE"), "divide")
    product = build.element(divide, "product")
    build.element(product, "mapResponse", identifier="RESPONSE")
    build.base(product, "float", str(points))
    build.base(divide, "float", str(keyed))


def _numeric(build: _Builder, processing: etree._Element, draft: ItemDraft) -> None:
    spec = draft.spec
    when = build.element(build.element(processing, "responseCondition"), "responseIf")
    if "range" in spec:
        low, high = (_number(end) for end in spec["range"])
        both = build.element(when, "and")
        for operator, bound in (("gte", low), ("lte", high)):
            compare = build.element(both, operator)
            build.variable(compare, "RESPONSE")
            build.base(compare, "float", bound)
    else:
        if "relative_tolerance" in spec:
            percent = str(Decimal(str(spec["relative_tolerance"])).scaleb(2))
            equal = build.element(when, "equal", toleranceMode="relative", tolerance=percent)
        elif "tolerance" in spec:
            equal = build.element(when, "equal", toleranceMode="absolute", tolerance=_number(spec["tolerance"]))
        else:
            equal = build.element(when, "equal", toleranceMode="exact")
        build.variable(equal, "RESPONSE")
        build.element(equal, "correct", identifier="RESPONSE")
    build.variable(build.set_outcome(when, "SCORE"), "MAXSCORE")


def _serialize(root: etree._Element, version: QtiVersion) -> bytes:
    if version == "qti30":
        to_qti3(root, BODY_ELEMENTS)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _test(
    assessment: ParsedAssessment, version: QtiVersion, ids: dict[str, str], files: dict[str, str]
) -> etree._Element:
    build = _Builder(version)
    taken: set[str] = set(ids.values())
    root = build.element(
        None, "assessmentTest", identifier=identifier_for(assessment.source_id, taken), title=assessment.title
    )
    root.set(f"{{{XSI}}}schemaLocation", f"{build.namespace} {SCHEMA_LOCATION[version]}")
    outcome = build.element(root, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    build.value(build.element(outcome, "defaultValue"), "0")
    part = build.element(root, "testPart", identifier="P1", navigationMode="nonlinear", submissionMode="individual")
    section = build.element(part, "assessmentSection", identifier="S1", title=assessment.title, visible="true")
    for source_id in assessment.item_source_ids:
        if source_id not in ids:
            raise ValueError(f"the assessment {assessment.source_id!r} lists {source_id!r}, which is not exported")
        build.element(section, "assessmentItemRef", identifier=ids[source_id], href=files[source_id])
    processing = build.element(root, "outcomeProcessing")
    total = build.element(build.element(processing, "setOutcomeValue", identifier="SCORE"), "sum")
    build.element(total, "testVariables", variableIdentifier="SCORE")
    return root


def _manifest(version: QtiVersion, resources: list[tuple[str, str, str, list[str]]]) -> bytes:
    namespace = MANIFEST_NAMESPACE[version]
    schema, schema_version, location = MANIFEST_SCHEMA[version]

    def tag(name: str) -> str:
        return f"{{{namespace}}}{name}"

    root = etree.Element(tag("manifest"), nsmap={None: namespace, "xsi": XSI}, identifier="MANIFEST-assess")
    root.set(f"{{{XSI}}}schemaLocation", f"{namespace} {location}")
    metadata = etree.SubElement(root, tag("metadata"))
    etree.SubElement(metadata, tag("schema")).text = schema
    etree.SubElement(metadata, tag("schemaversion")).text = schema_version
    etree.SubElement(root, tag("organizations"))
    listing = etree.SubElement(root, tag("resources"))
    for identifier, kind, href, dependencies in resources:
        resource = etree.SubElement(
            listing, tag("resource"), identifier=identifier, type=f"imsqti_{kind}_{RESOURCE_SUFFIX[version]}", href=href
        )
        etree.SubElement(resource, tag("file"), href=href)
        for dependency in dependencies:
            etree.SubElement(resource, tag("dependency"), identifierref=dependency)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_qti(
    items: Sequence[ImportedItem],
    version: Literal["qti30", "qti22", "qti21"],
    assessment: ParsedAssessment | None = None,
) -> bytes:
    """A content package (zip bytes) of `items`, and of `assessment` over them when given."""
    taken: set[str] = set()
    ids: dict[str, str] = {}
    files: dict[str, str] = {}
    resources: list[tuple[str, str, str, list[str]]] = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for item in items:
            identifier = identifier_for(item.source_id, taken)
            ids[item.source_id] = identifier
            href = f"items/{identifier}.xml"
            files[item.source_id] = href
            root = _item(item.draft, identifier, item.title or item.source_id, version)
            package.writestr(href, _serialize(root, version))
            resources.append((f"R-{identifier}", "item", href, []))
        if assessment is not None:
            root = _test(assessment, version, ids, files)
            package.writestr("test.xml", _serialize(root, version))
            depends = [f"R-{ids[source_id]}" for source_id in dict.fromkeys(assessment.item_source_ids)]
            resources.append(("R-test", "test", "test.xml", depends))
        package.writestr("imsmanifest.xml", _manifest(version, resources))
    return buffer.getvalue()
