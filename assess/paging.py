"""Offsets from client page numbers can be astronomically large; SQL integers cannot. Past the end is empty."""

MAX_OFFSET = 2**62


def safe_offset(offset: int) -> int:
    return max(0, min(offset, MAX_OFFSET))
