"""One shape for the three QTI versions: 2.1 and 2.2 camelCase elements, 3.0 kebab-case `qti-` ones.

QTI 3.0 renamed every element and attribute (`choiceInteraction responseIdentifier` became
`qti-choice-interaction response-identifier`) but kept their meaning. The reader works on the 2.x names
only: `normalise` strips the QTI namespace and turns 3.0 names back into 2.x ones, so each construct is
read by one piece of code whatever the version. The writer goes the other way (`to_qti3`).
"""

from __future__ import annotations

import re
from typing import Literal

from lxml import etree

QtiVersion = Literal["qti21", "qti22", "qti30"]

NAMESPACES: dict[str, QtiVersion] = {
    "http://www.imsglobal.org/xsd/imsqti_v2p0": "qti21",
    "http://www.imsglobal.org/xsd/imsqti_v2p1": "qti21",
    "http://www.imsglobal.org/xsd/imsqti_v2p2": "qti22",
    "http://www.imsglobal.org/xsd/imsqtiasi_v3p0": "qti30",
}
NAMESPACE_OF: dict[QtiVersion, str] = {
    "qti21": "http://www.imsglobal.org/xsd/imsqti_v2p1",
    "qti22": "http://www.imsglobal.org/xsd/imsqti_v2p2",
    "qti30": "http://www.imsglobal.org/xsd/imsqtiasi_v3p0",
}
MATHML = "http://www.w3.org/1998/Math/MathML"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"


def version_of(root: etree._Element) -> QtiVersion | None:
    return NAMESPACES.get(etree.QName(root).namespace or "")


def camelize(name: str) -> str:
    return re.sub(r"-([a-z0-9])", lambda found: found.group(1).upper(), name)


def kebab(name: str) -> str:
    return re.sub(r"[A-Z]", lambda found: f"-{found.group(0).lower()}", name)


def tag(element: etree._Element) -> str:
    """An element's name as text (lxml also types comments' and entities' tags, which are never read here)."""
    return element.tag if isinstance(element.tag, str) else ""


def local(element: etree._Element) -> str:
    return etree.QName(element).localname


def normalise(root: etree._Element) -> None:
    """Rename every element in place to its QTI 2.x local name (no namespace), attributes too.

    Elements of other namespaces keep their local name (MathML's `math` stays `math`, which the body mapping
    reports), so nothing downstream needs to know which version it reads.
    """
    for element in root.iter(etree.Element):
        name = local(element)
        if name.startswith("qti-"):
            element.tag = camelize(name[4:])
            for attribute in list(element.attrib):
                value = element.attrib.pop(attribute)
                element.set(camelize(etree.QName(attribute).localname), value)
        else:
            element.tag = name
            for attribute in list(element.attrib):
                qualified = etree.QName(attribute)
                if qualified.namespace and qualified.namespace != XML_NAMESPACE:
                    del element.attrib[attribute]  # xsi:schemaLocation and the like
    etree.cleanup_namespaces(root)


def to_qti3(root: etree._Element, body_elements: frozenset[str]) -> None:
    """Rename a tree written with 2.x names to 3.0's: every QTI element `fooBar` becomes `qti-foo-bar` with its
    attributes kebab-cased; the HTML of the body (`body_elements`: p, div, img ...) keeps its names."""
    for element in root.iter(etree.Element):
        qualified = etree.QName(element)
        if qualified.localname in body_elements:
            continue
        element.tag = etree.QName(qualified.namespace, f"qti-{kebab(qualified.localname)}").text
        for attribute in list(element.attrib):
            if etree.QName(attribute).namespace:
                continue
            value = element.attrib.pop(attribute)
            element.set(kebab(attribute), value)
