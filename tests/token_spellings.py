"""Other spellings of a signed token: the same bytes, written differently, which a token must not have."""

from __future__ import annotations

import string

from itsdangerous.encoding import base64_decode

_ALPHABET = string.ascii_letters + string.digits + "-_"


def respellings(token: str) -> list[str]:
    """The token with its last character changed to each one that decodes to the same bytes (its unused low bits
    set), and with a character outside the alphabet inserted into its signature: spellings a lax decoder accepts."""
    head, _, signature = token.rpartition(".")
    same = [
        f"{head}.{signature[:-1]}{character}"
        for character in _ALPHABET
        if character != signature[-1] and base64_decode(signature[:-1] + character) == base64_decode(signature)
    ]
    assert same, "a signature whose last character carries unused bits"
    return [*same, f"{head}.{signature[:5]}\u00e9{signature[5:]}"]
