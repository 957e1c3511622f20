"""Authoring rules several types share: a list of options, and a `spec` checked against its declared keys.

A type module states its own rules with these pieces, so its module reads as the whole of what the type
accepts; the pieces only keep the wording the same from type to type.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from itembank.itemtypes.base import AuthoredOption, Problem
from itembank.itemtypes.names import ItemType

MAX_OPTIONS = 26  # labels run A..Z
MAX_DIGITS = 40
"""The longest number, in characters, a numeric answer, tolerance or response may be written with."""


def no_options(item_type: ItemType, options: Sequence[AuthoredOption]) -> list[Problem]:
    if not options:
        return []
    return [Problem("options", f"a {item_type.label} item has no options; this one has {len(options)}")]


def listed_options(item_type: ItemType, options: Sequence[AuthoredOption], *, most: int = MAX_OPTIONS) -> list[Problem]:
    """Between 2 and `most` options, each with a text of its own, so every option can be told apart and labelled."""
    problems = []
    if not 2 <= len(options) <= most:
        wanted = "exactly 2" if most == 2 else f"between 2 and {most}"
        problems.append(
            Problem("options", f"a {item_type.label} item needs {wanted} options; this one has {len(options)}")
        )
    texts = [option.text.strip() for option in options]
    for index, text in enumerate(texts):
        if not text:
            problems.append(Problem(f"options.{index}.text", "must not be empty"))
        elif texts.index(text) != index:
            first = texts.index(text)
            problems.append(
                Problem(f"options.{index}.text", f"repeats the text of option {first} ({text!r}); options must differ")
            )
    return problems


def exactly_one_keyed(item_type: ItemType, options: Sequence[AuthoredOption]) -> list[Problem]:
    keyed = sum(option.correct for option in options)
    if keyed == 1:
        return []
    return [Problem("options", f"a {item_type.label} item needs exactly one correct option; this one has {keyed}")]


@dataclass(frozen=True)
class SpecKey:
    """One key a type's `spec` accepts: whether it must be given, and a check returning what is wrong, or None."""

    check: Callable[[Any], str | None]
    required: bool = False


def spec_problems(item_type: ItemType, keys: Mapping[str, SpecKey], spec: Mapping[str, Any]) -> list[Problem]:
    """Missing required keys, unknown keys (a typo must not be silently ignored) and unfit values, by path."""
    if not isinstance(spec, Mapping):
        return [Problem("spec", f"must be a mapping, not {type(spec).__name__}")]
    problems = []
    for name, key in keys.items():
        if name not in spec:
            if key.required:
                problems.append(Problem(f"spec.{name}", f"a {item_type.label} item needs `spec.{name}`"))
        elif (wrong := key.check(spec[name])) is not None:
            problems.append(Problem(f"spec.{name}", f"`spec.{name}` {wrong}"))
    takes = ", ".join(f"`spec.{name}`" for name in keys) or "no spec"
    for name in spec:
        if name not in keys:
            problems.append(
                Problem(f"spec.{name}", f"a {item_type.label} item takes no `spec.{name}` (it takes {takes})")
            )
    return problems


def one_of(*allowed: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if value in allowed else f"must be one of {', '.join(map(repr, allowed))}, not {value!r}"

    return check


def boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"must be true or false, not {value!r}"


def spec_decimal(value: Any) -> Decimal | None:
    """A number as authored (YAML gives int or float, JSON clients may send a string), exactly; None if unfit.

    A float is read through its shortest repr, which is the text the author wrote (0.1 reads as 0.1).
    """
    if isinstance(value, bool) or not isinstance(value, str | int | float) or len(str(value)) > MAX_DIGITS:
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def finite_decimal(*, minimum: Decimal | None = None) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        number = spec_decimal(value)
        if number is None:
            return f"must be a finite decimal number of at most {MAX_DIGITS} characters, not {value!r}"
        if minimum is not None and number < minimum:
            return f"must be at least {minimum}, not {value!r}"
        return None

    return check


def non_empty_texts(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return f"must be a non-empty list of texts, not {value!r}"
    for index, text in enumerate(value):
        if not isinstance(text, str) or not text.strip():
            return f"must hold only non-empty texts; item {index} is {text!r}"
    return None
