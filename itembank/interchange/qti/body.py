"""QTI body content as our rich text: XHTML out of the item, and a `Dropped` for whatever will not survive.

An item body is XHTML with QTI elements in it. What the bank keeps of it is what `itembank.rich_text`
allows; `ItemDraft` sanitizes the HTML made here. What the sanitizer would remove silently (a formula, a
media object, an image that is a file in the package, markup outside the safe subset) is named here first,
so the import report says what the learner will no longer see.
"""

from __future__ import annotations

import re

from lxml import etree

from itembank.interchange.parsed import Dropped
from itembank.interchange.qti.document import tag
from itembank.rich_text import ALLOWED_TAGS, IMAGE_SCHEMES

STRUCTURE_ONLY = frozenset({"div", "span", "prompt", "contentBody", "simpleChoice", "inlineChoice", "label"})
"""Wrappers whose removal loses nothing a learner reads: their text is kept."""
MEDIA = frozenset({"object", "audio", "video", "iframe", "embed", "applet", "svg", "picture", "source", "track"})
FEEDBACK = frozenset({"feedbackInline", "feedbackBlock"})
SPAN_CLASSES = {"u": "qti-underline", "s": "qti-line-through"}
"""QTI's XHTML has no `u` or `s`; our writer puts them in spans of QTI 3's shared vocabulary classes."""


def _where(element: etree._Element, context: str) -> str:
    line = element.sourceline
    return f"{context}, line {line}" if line else context


REMOVED = MEDIA | {"math", "rubricBlock", "catalogInfo", "stylesheet"}
"""Removed with everything inside them: their content is reported once, as the element."""
CHOICES = frozenset({"simpleChoice", "inlineChoice"})


def math_text(element: etree._Element) -> str | None:
    """The text alternative a formula carries (its alttext, or the aria-label of a wrapper holding it alone)."""
    alternative = element.get("alttext")
    parent = element.getparent()
    if not alternative and parent is not None and len(parent) == 1 and not (parent.text or "").strip():
        alternative = parent.get("aria-label")
    return alternative.strip() if alternative and alternative.strip() else None


def _report(element: etree._Element, where: str) -> Dropped | None:
    name = tag(element)
    if name == "math":
        formula = " ".join(" ".join(element.itertext()).split())[:60]
        alternative = math_text(element)
        kept = f"its text alternative {alternative!r} is shown instead" if alternative else "it is removed"
        return Dropped("MathML", f"a formula ({formula!r}) is not kept as MathML (rich text holds none): {kept}", where)
    if name in MEDIA:
        source = (
            element.get("data")
            or element.get("src")
            or next((child.get("src") for child in element if child.get("src")), "")
        )
        return Dropped("media object", f"<{name}> {source} is not kept: rich text plays no media", where)
    if name == "img":
        source = element.get("src") or ""
        scheme = source.split(":", 1)[0].lower() if ":" in source else ""
        if scheme in IMAGE_SCHEMES:
            return None
        return Dropped(
            "image",
            f"the image {source!r} is a file in the package, not an https address: rich text keeps only https "
            f"images, so its alt text {element.get('alt')!r} is all that stays",
            where,
        )
    if name == "rubricBlock":
        return Dropped("rubricBlock", "instructions for a role are not kept", where)
    if name == "catalogInfo":
        return Dropped("catalogInfo", "accessibility supports (a catalog) are not kept", where)
    if name == "stylesheet":
        return Dropped("stylesheet", f"{element.get('href')} is not kept: rich text has no styles", where)
    if name not in ALLOWED_TAGS and name not in STRUCTURE_ONLY:
        return Dropped("markup", f"<{name}> is not in the rich text's subset: its text is kept", where)
    return None


def dropped_in(content: etree._Element, context: str) -> list[Dropped]:
    """What the rich text will lose of `content`'s descendants (not `content` itself), one entry each.

    Feedback is mapped on its own (`feedback`), and so is each choice; an interaction's prompt is the stem's."""
    found: list[Dropped] = []

    def walk(element: etree._Element) -> None:
        for child in element:
            name = tag(child)
            if not name or name in FEEDBACK or name in CHOICES:
                continue
            if name.endswith("Interaction"):
                walk(child)
                continue
            report = _report(child, _where(child, context))
            if report is not None:
                found.append(report)
            if name not in REMOVED:
                walk(child)

    walk(content)
    return found


def remove_keeping_tail(element: etree._Element, replacement: str = "") -> None:
    """Take `element` out of its parent; the text after it (its tail) stays where it was."""
    parent = element.getparent()
    if parent is None:
        return
    text = replacement + (element.tail or "")
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(element)


_INDENTATION = re.compile(r"^\s*\n\s*$")
_LINE_BREAK = re.compile(r"[ \t]*\n\s*")
"""A line break in the source's text, with the indentation after it: one space when rendered, so one space."""


def _in_pre(element: etree._Element | None) -> bool:
    return element is not None and (element.tag == "pre" or any(p.tag == "pre" for p in element.iterancestors()))


def inner_html(content: etree._Element) -> str:
    """The HTML of `content`'s children and text, without the source's indentation between elements."""
    for element in list(content.iter(etree.Element)):
        if element.tag in {"rubricBlock", "catalogInfo", "stylesheet"}:
            remove_keeping_tail(element)
        elif element.tag == "math":
            remove_keeping_tail(element, math_text(element) or "")
    for element in list(content.iter(etree.Element)):
        if isinstance(element.tag, str) and element.tag not in {"pre"}:
            if element.text and _INDENTATION.match(element.text):
                element.text = None
            if element.tail and _INDENTATION.match(element.tail):
                element.tail = None
            if element.text and not _in_pre(element):
                element.text = _LINE_BREAK.sub(" ", element.text)
            if element.tail and not _in_pre(element.getparent()):
                element.tail = _LINE_BREAK.sub(" ", element.tail)
    for element in content.iter("span", "img"):
        if element.tag == "span":
            classes = (element.get("class") or "").split()
            tag = next((tag for tag, name in SPAN_CLASSES.items() if name in classes), None)
            if tag is not None:
                element.tag = tag
                del element.attrib["class"]
        elif element.get("alt") == "":
            del element.attrib["alt"]  # QTI requires an alt; an empty one says no more than none
    for element in list(content.iter("p", "div", "span")):
        if element is not content and len(element) == 0 and not (element.text or "").strip():
            remove_keeping_tail(element)  # left empty by the feedback or interaction taken out of it
    parts = [content.text or ""]
    parts += [etree.tostring(child, method="html", encoding="unicode", with_tail=True) for child in content]
    return "".join(parts).strip()
