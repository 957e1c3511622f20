"""Moodle's GIFT format: read as Moodle's own importer reads it (docs/interchange-gift.md), written so Moodle
and our reader both read it back."""

from itembank.interchange.gift.reader import looks_like_gift, parse_gift, read_gift
from itembank.interchange.gift.writer import write_gift

__all__ = ["looks_like_gift", "parse_gift", "read_gift", "write_gift"]
