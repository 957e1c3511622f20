"""GIFT's escapes, read as Moodle reads them: `\\:` `\\#` `\\=` `\\{` `\\}` `\\~` stand for the character
itself and `\\n` for a new line; `\\\\` is one backslash.

Moodle swaps each escape for a placeholder before it looks for the control characters and swaps the
placeholders back once the question is cut up, so an escaped `}` never ends an answer block. Ours are
characters of the Private Use Area, which no text of a question means literally (any in the input are
dropped first, so one cannot pose as an escape).
"""

from __future__ import annotations

import re

_ESCAPED = {":": "\ue03a", "#": "\ue023", "=": "\ue03d", "{": "\ue07b", "}": "\ue07d", "~": "\ue07e", "n": "\ue00a"}
_RESTORED = {placeholder: ("\n" if char == "n" else char) for char, placeholder in _ESCAPED.items()}
_PLACEHOLDERS = re.compile("[" + "".join(_RESTORED) + "]")
_ESCAPE = re.compile(r"\\(\\|[:#={}~n])")

RESERVED = ("\\", "#", "=", "~", "{", "}", ":")
"""What Moodle's writer escapes (`repchar`), in this order: the backslash first."""


def protect(text: str) -> str:
    """The text with every escape replaced by its placeholder (`\\\\` by a plain backslash)."""
    text = _PLACEHOLDERS.sub("", text)
    return _ESCAPE.sub(lambda match: "\\" if match[1] == "\\" else _ESCAPED[match[1]], text)


def restore(text: str) -> str:
    """The characters the placeholders stand for, once the control characters have been read."""
    return _PLACEHOLDERS.sub(lambda match: _RESTORED[match[0]], text)


def escape(text: str) -> str:
    """Text written into a GIFT file so Moodle reads it back as it is: Moodle's `repchar` (every reserved
    character escaped, a new line as `\\n`, carriage returns dropped)."""
    for char in RESERVED:
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")
