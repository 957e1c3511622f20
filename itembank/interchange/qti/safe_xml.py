"""Parsing XML that someone else wrote, without letting it reach the network, the disk or the memory limit.

QTI files come from outside. XML can declare entities that expand a few hundred bytes into gigabytes (the
"billion laughs"), or that pull in a local file or a URL (external entities), and a DTD can be fetched from
the network. The parser here resolves no entity, loads no DTD, opens no connection and refuses huge trees;
a document that declares any entity at all is refused with an `InterchangeError` before its tree is used,
rather than parsed with its references left as holes. QTI needs no DTD, so nothing legitimate is lost.
"""

from __future__ import annotations

from lxml import etree

from itembank.errors import InterchangeError

MAX_XML_BYTES = 20 * 1024 * 1024
"""The largest XML document read: QTI items are kilobytes; a bigger file is refused rather than parsed."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, source: str) -> etree._Element:
    """The root element of `data`, or an InterchangeError naming `source` and what was wrong."""
    if len(data) > MAX_XML_BYTES:
        raise InterchangeError(f"is {len(data)} bytes; XML files of at most {MAX_XML_BYTES} bytes are read", source)
    if b"<!ENTITY" in data or b"<\x00!\x00E\x00N\x00T\x00I\x00T\x00Y" in data:
        raise InterchangeError(_ENTITIES, source)
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as error:
        raise InterchangeError(f"is not well-formed XML ({error})", source) from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and (any(True for _ in dtd.iterentities()) or any(True for _ in dtd.elements())):
        raise InterchangeError(_ENTITIES, source)
    root = tree.getroot()
    if any(isinstance(node, etree._Entity) for node in root.iter()):
        raise InterchangeError(_ENTITIES, source)
    return root


_ENTITIES = (
    "declares XML entities (a DOCTYPE with <!ENTITY>); they are never expanded or fetched, "
    "and QTI needs none, so the file is refused"
)
