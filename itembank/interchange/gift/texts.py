"""A GIFT text's format (`[html]`, `[markdown]`, `[plain]`, `[moodle]`) and the HTML it becomes in the bank.

Moodle reads a leading `[name]` as the text's format when it names one of the four, and otherwise leaves it in
the text; a text without one takes the question text's format (the question text's default is `moodle`).
Our stems, options and feedback are HTML (docs/rich-text.md), so each format is turned into HTML as Moodle
displays it, and the draft then sanitizes that HTML like any authored text.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import markdown  # type: ignore[import-untyped]  # Python-Markdown ships no type hints

from itembank.interchange.gift.blocks import php_trim
from itembank.interchange.gift.escapes import restore

FORMATS = ("moodle", "html", "plain", "markdown")
DEFAULT_FORMAT = "moodle"


@dataclass(frozen=True)
class GiftText:
    """A text as written, its escapes restored, and its format."""

    text: str
    format: str

    def html(self) -> str:
        return to_html(self.text, self.format)

    def plain(self) -> str:
        """The text as data (a short answer, a matching answer): its characters, whatever its format."""
        return self.text


def with_format(text: str, default: str = DEFAULT_FORMAT) -> GiftText:
    """Moodle's `parse_text_with_format` on a text still holding the escape placeholders."""
    text_format = default
    if text.startswith("["):
        end = text.find("]")
        if end > 0 and text[1:end] in FORMATS:
            text_format, text = text[1:end], text[end + 1 :]
    return GiftText(php_trim(restore(text)), text_format)


def to_html(text: str, text_format: str) -> str:
    """HTML as Moodle shows the text: `moodle` is HTML whose line breaks are kept, `plain` is text whose
    characters are shown as typed, `markdown` is rendered."""
    if text_format == "html":
        return text
    if text_format == "markdown":
        return markdown.markdown(text)
    if text_format == "plain":
        text = html.escape(text, quote=False)
    return text.replace("\n", "<br>\n")
