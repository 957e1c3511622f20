"""A tiny SVG builder, so every picture is escaped the same way and renders to the same bytes from the same numbers.

Attributes keep the order they were given in and numbers print with at most two decimals: a chart's bytes are a
function of its data alone, which is what lets tests and caches compare them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from xml.sax.saxutils import escape

Number = int | float | Fraction
Value = str | Number | None

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"

# XML 1.0 forbids these code points even as character references, so they cannot be escaped, only dropped.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def num(value: Number) -> str:
    """At most two decimals, no trailing zeros and never "-0": sub-pixel digits only make the bytes unstable."""
    text = f"{round(float(value), 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def clean(text: str) -> str:
    return NOT_XML.sub("\ufffd", text)


def text_content(text: str) -> str:
    return escape(clean(text))


def attribute_value(value: str | Number) -> str:
    text = value if isinstance(value, str) else num(value)
    return escape(clean(text), {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def attribute_name(name: str) -> str:
    """Python keywords take a trailing underscore (class_) and hyphens an underscore (stroke_width)."""
    return name.rstrip("_").replace("_", "-")


@dataclass(frozen=True)
class Element:
    tag: str
    attributes: tuple[tuple[str, str | Number], ...]
    children: tuple[Element | str, ...]

    def render(self, depth: int = 0) -> str:
        """Containers of elements go one child a line; anything holding text stays on one line, as text is spaced."""
        attributes = "".join(f' {name}="{attribute_value(value)}"' for name, value in self.attributes)
        opening = f"{'  ' * depth}<{self.tag}{attributes}"
        if not self.children:
            return opening + "/>"
        if any(isinstance(child, str) for child in self.children):
            inner = "".join(
                text_content(child) if isinstance(child, str) else child.render() for child in self.children
            )
            return f"{opening}>{inner}</{self.tag}>"
        lines = [child.render(depth + 1) for child in self.children if isinstance(child, Element)]
        return "\n".join([opening + ">", *lines, f"{'  ' * depth}</{self.tag}>"])


def el(tag: str, *children: Element | str | None, **attributes: Value) -> Element:
    """None children and attributes are left out, so optional parts need no branching at the call site."""
    return Element(
        tag,
        tuple((attribute_name(name), value) for name, value in attributes.items() if value is not None),
        tuple(child for child in children if child is not None and child != ""),
    )


def group(children: Iterable[Element | None], **attributes: Value) -> Element:
    return el("g", *children, **attributes)


def document(width: Number, height: Number, title: str, desc: str, body: Iterable[Element | None]) -> str:
    """The root every picture shares: a viewBox so it scales, and role="img" named by its title and desc.

    Screen readers announce an `img` by the elements `aria-labelledby` points at. Their ids must be unique on a
    page that inlines several charts, yet stable; a hash of the picture's own content is both.
    """
    parts = [part for part in body if part is not None]
    digest = hashlib.sha256("\n".join([title, desc, *(part.render() for part in parts)]).encode()).hexdigest()
    prefix = f"assess-chart-{digest[:10]}"
    root = el(
        "svg",
        el("title", title, id=f"{prefix}-title"),
        el("desc", desc, id=f"{prefix}-desc"),
        *parts,
        xmlns=SVG_NAMESPACE,
        viewBox=f"0 0 {num(width)} {num(height)}",
        width=width,
        height=height,
        role="img",
        aria_labelledby=f"{prefix}-title",
        aria_describedby=f"{prefix}-desc",
        font_family=FONT,
        font_size=12,
    )
    return root.render() + "\n"


def heading(title: str) -> Element:
    return el("text", title, x=12, y=26, font_size=16, font_weight="bold", class_="heading")


def message_document(width: Number, height: Number, title: str, message: str) -> str:
    """Nothing to draw is still a picture, so a page that embeds the chart needs no special case for it."""
    notice = el("text", message, x=Fraction(width) / 2, y=Fraction(height) / 2, text_anchor="middle", class_="message")
    return document(width, height, title, f"{message}.", [heading(title), notice])
