"""The one place that says which HTML an item's text may hold, and the sanitizer every write passes through.

Stems, option texts, rationales and feedback are HTML fragments. An author may write a small safe subset
(emphasis, lists, code, links, https images, tables); everything else is removed when the draft is made
(`itembank.drafts`), so what the bank stores, hashes and serves is already safe to insert into a page as HTML.
Sanitizing on write rather than on read means one sanitizer run per edit, a content hash of what is really
stored, and no reader that can forget to sanitize.

Plain text is a fragment too: it keeps every character, and only `&`, `<`, `>` and the no-break space
(U+00A0) are written as `&amp;`, `&lt;`, `&gt;` and `&nbsp;` (CR LF becomes LF, and NUL is dropped), so
"Is 3 < 5?" is stored as "Is 3 &lt; 5?" and reads "Is 3 < 5?" once rendered as HTML. A `<` directly before a
letter, `/`, `!` or `?` starts markup, as in any HTML: write `&lt;` (or a space after it) for a literal one.
Whatever reads these fields renders them as HTML (never as text, which would show the entities);
`plain_text` gives the text a terminal or CSV shows. docs/rich-text.md lists the same rules; a test keeps it
equal to this module.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS: Mapping[str, frozenset[str]] = {
    # text and emphasis
    "p": frozenset(),
    "br": frozenset(),
    "blockquote": frozenset(),
    "em": frozenset(),
    "strong": frozenset(),
    "i": frozenset(),
    "b": frozenset(),
    "u": frozenset(),
    "s": frozenset(),
    "sub": frozenset(),
    "sup": frozenset(),
    # code
    "code": frozenset(),
    "pre": frozenset(),
    "kbd": frozenset(),
    # lists
    "ul": frozenset(),
    "ol": frozenset({"start"}),
    "li": frozenset(),
    # links and images
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title", "width", "height"}),
    # tables
    "table": frozenset(),
    "caption": frozenset(),
    "thead": frozenset(),
    "tbody": frozenset(),
    "tfoot": frozenset(),
    "tr": frozenset(),
    "th": frozenset({"scope", "colspan", "rowspan"}),
    "td": frozenset({"colspan", "rowspan"}),
}
"""Each allowed tag with the attributes it may keep; any other tag is dropped and its text kept."""

REMOVED_WITH_CONTENT: frozenset[str] = frozenset(
    {
        "script",
        "style",
        "template",
        "noscript",
        "iframe",
        "frame",
        "frameset",
        "noframes",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "textarea",
        "select",
        "title",
        "xmp",
        "noembed",
        "plaintext",
    }
)
"""Tags dropped together with everything inside them: code, foreign (SVG, MathML) and embedded content."""

LINK_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
"""URL schemes a link (`a href`) may use; a relative URL is removed (it would resolve against the client)."""

IMAGE_SCHEMES: frozenset[str] = frozenset({"https"})
"""URL schemes an image (`img src`) may use: https only, so an image never downgrades the learner's page."""

LINK_REL = "noopener noreferrer nofollow"
"""Set on every link, replacing any `rel` the author wrote."""

NUMBER_ATTRIBUTES: Mapping[str, frozenset[str]] = {
    "ol": frozenset({"start"}),
    "img": frozenset({"width", "height"}),
    "th": frozenset({"colspan", "rowspan"}),
    "td": frozenset({"colspan", "rowspan"}),
}
"""Attributes kept only when their value is a whole number of at most 4 digits (pixels, spans, a list start)."""

VALUE_ATTRIBUTES: Mapping[str, Mapping[str, frozenset[str]]] = {
    "th": {"scope": frozenset({"row", "col", "rowgroup", "colgroup"})},
}
"""Attributes kept only with one of the listed values."""

HTML_ELEMENTS: frozenset[str] = frozenset(
    """a abbr acronym address applet area article aside audio b base basefont bdi bdo bgsound big blink blockquote
    body br button canvas caption center cite code col colgroup data datalist dd del details dfn dialog dir div dl
    dt em embed fieldset figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr
    html i iframe image img input ins isindex kbd keygen label legend li link listing main map mark marquee math
    menu menuitem meta meter multicol nav nextid nobr noembed noframes noscript object ol optgroup option output p
    param picture plaintext pre progress q rb rp rt rtc ruby s samp script search section select slot small source
    spacer span strike strong style sub summary sup svg table tbody td template textarea tfoot th thead time title
    tr track tt u ul var video wbr xmp""".split()  # noqa: SIM905 (as a list, one name a line: 140 lines)
)
"""Names that make `<name` markup: HTML's elements, current and obsolete, with svg and math. After any other
`<` (`x<y`, `a<b?`, `<3`, `<-`) the text is text, as its author meant, though HTML would start a tag there."""

_NOT_MARKUP = re.compile(
    r"<(?!/?(?:" + "|".join(sorted(HTML_ELEMENTS, key=len, reverse=True)) + r")[\t\n\f\r />]|!--)", re.IGNORECASE
)
_NOT_REFERENCE = re.compile(r"&(?!(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)")
"""An `&` that does not end in `;` is text (HTML would read `&copy` or `&lt` in `R&D &lt 5` as characters)."""
_NUMBER = re.compile(r"[0-9]{1,4}")
_IMAGE_URL = re.compile(r"https://", re.IGNORECASE)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """Per-tag rules nh3's global options cannot state: https-only images, numbers, listed values."""
    if tag == "img" and attribute == "src":
        return value if _IMAGE_URL.match(value) else None
    if attribute in NUMBER_ATTRIBUTES.get(tag, ()):
        return value if _NUMBER.fullmatch(value) else None
    allowed = VALUE_ATTRIBUTES.get(tag, {}).get(attribute)
    if allowed is not None:
        return value if value in allowed else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(REMOVED_WITH_CONTENT),
    attributes={"*": set()} | {tag: set(attributes) for tag, attributes in ALLOWED_TAGS.items() if attributes},
    attribute_filter=_attribute_filter,
    strip_comments=True,
    link_rel=LINK_REL,
    url_schemes=set(LINK_SCHEMES | IMAGE_SCHEMES),
    url_relative="deny",
)


def sanitize(text: str) -> str:
    """The safe fragment stored for `text`: only the allowed tags and attributes, safe URLs, text escaped.

    Idempotent (`sanitize(sanitize(x)) == sanitize(x)`), so a stored text re-submitted unchanged hashes the same,
    and what a browser parses is the tree that was checked (no mutation on re-parsing).
    A `<` or `&` that plain text means literally is escaped first; that can only turn markup into text, never
    the reverse, and nh3 then parses the result as a browser would and keeps only what the lists allow.
    """
    cleaned = _clean_once(text)
    for _ in range(_MOST_PASSES):
        again = _clean_once(cleaned)
        if again == cleaned:
            return cleaned
        cleaned = again
    return _clean_once(html.escape(plain_text(cleaned), quote=False))  # text alone is stable at once


_MOST_PASSES = 8
"""A serialization the HTML parser would rebuild otherwise (a link nested in a link, the outer one closed by
the inner one's start) is sanitized again until it is stable; two or three passes are what such input needs.
Input that never settled would keep its text and lose its markup, rather than fail the write."""


def _clean_once(text: str) -> str:
    return _CLEANER.clean(_NOT_REFERENCE.sub("&amp;", _NOT_MARKUP.sub("&lt;", text)))


def sanitize_optional(text: str | None) -> str | None:
    return None if text is None else sanitize(text)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.images = 0

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            found = dict(attrs)
            self.images += bool(found.get("src"))  # the sanitizer leaves a refused image without one
            self.parts.append(found.get("alt") or "")
        elif tag == "br":
            self.parts.append("\n")


def _collect(fragment: str) -> _TextCollector:
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    return collector


def plain_text(fragment: str) -> str:
    """What a sanitized fragment says without its markup (an image by its alt text): for terminals and CSVs."""
    return "".join(_collect(fragment).parts)


def shows_nothing(fragment: str) -> bool:
    """True when a sanitized fragment would render blank: no text but white space, and no image with a source."""
    collector = _collect(fragment)
    return not collector.images and not "".join(collector.parts).strip()
