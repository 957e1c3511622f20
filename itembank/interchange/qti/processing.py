"""Response processing, run: the QTI rules and operators that score a response, evaluated exactly.

Authoring tools write the same scoring in many shapes (a standard template, `match` against `correct`, a
`sum` into SCORE, `equal` with a tolerance, `mapResponse` inside a condition ...). Rather than recognise
shapes, the reader runs the item's own rules on each response a learner could give (`itembank.interchange.
qti.derive`) and reads the key, the points and the partial credit off the scores they produce. So any
combination of the operators below reads right, and an operator outside them is named, never guessed at.

Numbers are `Fraction`s, so 0.1 + 0.2 is 0.3 here as in our scoring. A value is None (QTI's NULL), a single
value (str, Fraction, bool) or a `Container`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from lxml import etree

from itembank.interchange.qti.document import normalise
from itembank.interchange.qti.document import tag as name_of
from itembank.interchange.qti.safe_xml import parse_xml


class Unsupported(Exception):  # noqa: N818 (a reason to skip an item, read as "unsupported: ...")
    """The rules use something this evaluator does not run; the item is skipped, naming it."""


@dataclass(frozen=True)
class Container:
    cardinality: str  # "multiple" or "ordered"
    values: tuple[Any, ...]

    def same(self, other: Container) -> bool:
        if self.cardinality == "ordered" or other.cardinality == "ordered":
            return self.values == other.values
        return Counter(self.values) == Counter(other.values)


@dataclass(frozen=True)
class MapEntry:
    key: Any
    value: Fraction
    case_sensitive: bool = True


@dataclass(frozen=True)
class Mapping_:  # noqa: N801 (QTI's name, beside typing's Mapping)
    entries: tuple[MapEntry, ...]
    default: Fraction = Fraction(0)
    lower: Fraction | None = None
    upper: Fraction | None = None

    def value_of(self, value: Any) -> Fraction:
        for entry in self.entries:
            if value == entry.key or (
                not entry.case_sensitive
                and isinstance(value, str)
                and isinstance(entry.key, str)
                and value.casefold() == entry.key.casefold()
            ):
                return entry.value
        return self.default


@dataclass(frozen=True)
class Declaration:
    identifier: str
    cardinality: str
    base_type: str | None
    default: Any = None
    correct: Any = None
    mapping: Mapping_ | None = None
    correct_text: str | None = None
    """The first correct value as written ("4.0"), so a number keeps the spelling its author gave it."""


def number(text: str) -> Fraction:
    cleaned = text.strip()
    lowered = cleaned.lower()
    if lowered in {"inf", "-inf", "nan", "+inf"}:
        raise Unsupported(f"the number {cleaned!r}")
    try:
        return Fraction(Decimal(cleaned))
    except (InvalidOperation, ValueError):
        raise Unsupported(f"a value {cleaned!r} that is not a number") from None


def typed(text: str, base_type: str | None) -> Any:
    """One QTI value from its text, by base type."""
    if base_type in {"float", "integer", "duration"}:
        return number(text)
    if base_type == "boolean":
        return text.strip() in {"true", "1"}
    if base_type == "identifier":
        return text.strip()
    if base_type in {"string", None}:
        return text
    raise Unsupported(f"values of base type {base_type}")


def values(element: etree._Element | None, cardinality: str, base_type: str | None) -> Any:
    """The value a `defaultValue` or `correctResponse` holds, by the declaration's cardinality."""
    if element is None:
        return None
    found = [typed(value.text or "", base_type) for value in element if value.tag == "value"]
    if cardinality in {"multiple", "ordered"}:
        return Container(cardinality, tuple(found))
    if cardinality == "record":
        raise Unsupported("record variables")
    return found[0] if found else None


def read_mapping(element: etree._Element | None, base_type: str | None) -> Mapping_ | None:
    if element is None:
        return None
    entries = tuple(
        MapEntry(
            typed(entry.get("mapKey", ""), base_type),
            number(entry.get("mappedValue", "0")),
            entry.get("caseSensitive", "true") != "false",
        )
        for entry in element
        if entry.tag == "mapEntry"
    )
    bound = element.get("lowerBound")
    top = element.get("upperBound")
    return Mapping_(
        entries,
        number(element.get("defaultValue", "0")),
        None if bound is None else number(bound),
        None if top is None else number(top),
    )


def declaration(element: etree._Element) -> Declaration:
    cardinality = element.get("cardinality", "single")
    base_type = element.get("baseType")
    return Declaration(
        element.get("identifier", ""),
        cardinality,
        base_type,
        values(element.find("defaultValue"), cardinality, base_type),
        values(element.find("correctResponse"), cardinality, base_type),
        read_mapping(element.find("mapping"), base_type),
        next((value.text.strip() for value in element.iterfind("correctResponse/value") if value.text), None),
    )


def is_null(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, Container) and not value.values)


def _flat(value: Any) -> tuple[Any, ...]:
    if is_null(value):
        return ()
    return value.values if isinstance(value, Container) else (value,)


def _numbers(items: list[Any]) -> list[Fraction] | None:
    flat = [value for item in items for value in _flat(item)]
    if any(is_null(item) for item in items):
        return None
    if any(isinstance(value, bool) or not isinstance(value, Fraction) for value in flat):
        raise Unsupported("arithmetic on values that are not numbers")
    return flat


def _same(left: Any, right: Any) -> bool:
    if isinstance(left, Container) or isinstance(right, Container):
        left = left if isinstance(left, Container) else Container("multiple", (left,))
        right = right if isinstance(right, Container) else Container("multiple", (right,))
        return left.same(right)
    return bool(left == right)


def _tolerances(element: etree._Element) -> tuple[Fraction, Fraction]:
    parts = (element.get("tolerance") or "0").split()
    if not parts or len(parts) > 2:
        raise Unsupported(f"an equal tolerance of {element.get('tolerance')!r}")
    low = number(parts[0])
    return low, number(parts[1]) if len(parts) == 2 else low


def xsd_pattern(pattern: str) -> re.Pattern[str]:
    """An XML Schema regular expression as Python's, for the subset both read alike (no \\i, \\c or class
    subtraction); XML Schema patterns match the whole text, without anchors."""
    if re.search(r"\\[iIcC]|-\[|\\p\{Is", pattern):
        raise Unsupported(f"the pattern {pattern!r}")
    escaped = re.sub(r"(?<!\\)([\^$])", r"\\\1", pattern)
    try:
        return re.compile(escaped)
    except re.error:
        raise Unsupported(f"the pattern {pattern!r}") from None


TEMPLATES: dict[str, str] = {
    "match_correct": """<responseProcessing><responseCondition><responseIf><match><variable identifier="RESPONSE"/>
        <correct identifier="RESPONSE"/></match><setOutcomeValue identifier="SCORE"><baseValue baseType="float">1
        </baseValue></setOutcomeValue></responseIf><responseElse><setOutcomeValue identifier="SCORE"><baseValue
        baseType="float">0</baseValue></setOutcomeValue></responseElse></responseCondition></responseProcessing>""",
    "map_response": """<responseProcessing><responseCondition><responseIf><isNull><variable identifier="RESPONSE"/>
        </isNull><setOutcomeValue identifier="SCORE"><baseValue baseType="float">0</baseValue></setOutcomeValue>
        </responseIf><responseElse><setOutcomeValue identifier="SCORE"><mapResponse identifier="RESPONSE"/>
        </setOutcomeValue></responseElse></responseCondition></responseProcessing>""",
}
"""The standard templates' rules (1EdTech's rptemplates, the same in 2.1, 2.2 and 3.0), run as any other rules.
`map_response_point` maps a point on an image, which no interaction of ours has."""


def template_name(uri: str) -> str:
    """`https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml` -> `match_correct`: the URI
    comes in many spellings (http or https, with or without .xml, 2.1's or 3.0's path)."""
    last = uri.strip().rstrip("/").rsplit("/", 1)[-1]
    return last[: -len(".xml")] if last.lower().endswith(".xml") else last


def template_rules(uri: str) -> etree._Element:
    name = template_name(uri)
    if name not in TEMPLATES:
        raise Unsupported(f"the response processing template {name!r}")
    root = parse_xml(TEMPLATES[name].encode(), f"template {name}")
    normalise(root)
    return root


class _Exit(Exception):  # noqa: N818 (control flow: exitResponse)
    pass


@dataclass
class Run:
    """One evaluation of an item's response processing for one set of responses."""

    declarations: Mapping[str, Declaration]
    state: dict[str, Any] = field(default_factory=dict)

    def rules(self, parent: etree._Element) -> None:
        try:
            for rule in parent:
                self.rule(rule)
        except _Exit:
            pass

    def rule(self, element: etree._Element) -> None:
        tag = name_of(element)
        if tag == "setOutcomeValue":
            identifier = element.get("identifier", "")
            self.state[identifier] = self._coerce(identifier, self.expression(_only(element)))
        elif tag == "responseCondition":
            for branch in element:
                if branch.tag == "responseElse" or (
                    branch.tag in {"responseIf", "responseElseIf"} and self.expression(branch[0]) is True
                ):
                    body = list(branch) if branch.tag == "responseElse" else list(branch)[1:]
                    for rule in body:
                        self.rule(rule)
                    return
        elif tag == "exitResponse":
            raise _Exit
        elif tag == "responseProcessingFragment":
            for rule in element:
                self.rule(rule)
        else:
            raise Unsupported(f"the response rule {tag}")

    def _coerce(self, identifier: str, value: Any) -> Any:
        found = self.declarations.get(identifier)
        if found is not None and found.cardinality == "multiple" and not isinstance(value, Container):
            return Container("multiple", () if value is None else (value,))
        return value

    def expression(self, element: etree._Element) -> Any:
        handler = _OPERATORS.get(name_of(element))
        if handler is None:
            raise Unsupported(f"the operator {name_of(element)}")
        return handler(self, element)

    def children(self, element: etree._Element) -> list[Any]:
        return [self.expression(child) for child in element]

    def variable(self, identifier: str) -> Any:
        if identifier in self.state:
            return self.state[identifier]
        found = self.declarations.get(identifier)
        if found is None:
            raise Unsupported(f"a variable {identifier!r} the item does not declare")
        return found.default


def _only(element: etree._Element) -> etree._Element:
    if len(element) != 1:
        raise Unsupported(f"{name_of(element)} with {len(element)} expressions")
    return element[0]


def _base_value(run: Run, element: etree._Element) -> Any:
    base_type = element.get("baseType")
    text = element.text or ""
    if base_type == "identifier" and len(text.split()) > 1:
        return Container("multiple", tuple(text.split()))  # written by some tools for a set of choices
    return typed(text, base_type)


def _correct(run: Run, element: etree._Element) -> Any:
    found = run.declarations.get(element.get("identifier", ""))
    if found is None:
        raise Unsupported(f"the correct response of undeclared {element.get('identifier')!r}")
    return found.correct


def _default(run: Run, element: etree._Element) -> Any:
    found = run.declarations.get(element.get("identifier", ""))
    return None if found is None else found.default


def _container(cardinality: str) -> Callable[[Run, etree._Element], Any]:
    def build(run: Run, element: etree._Element) -> Any:
        items = [value for child in run.children(element) for value in _flat(child)]
        return Container(cardinality, tuple(items))

    return build


def _is_null(run: Run, element: etree._Element) -> Any:
    return is_null(run.expression(_only(element)))


def _match(run: Run, element: etree._Element) -> Any:
    left, right = run.children(element)
    if is_null(left) or is_null(right):
        return None
    return _same(left, right)


def _string_match(run: Run, element: etree._Element) -> Any:
    left, right = run.children(element)
    if is_null(left) or is_null(right):
        return None
    if element.get("caseSensitive", "true") == "false":
        left, right = str(left).casefold(), str(right).casefold()
    if element.get("substring") == "true":
        return str(right) in str(left)
    return left == right


def _pattern_match(run: Run, element: etree._Element) -> Any:
    value = run.expression(_only(element))
    if is_null(value):
        return None
    return xsd_pattern(element.get("pattern", "")).fullmatch(str(value)) is not None


def _member(run: Run, element: etree._Element) -> Any:
    value, container = run.children(element)
    if is_null(value) or is_null(container):
        return None
    return value in _flat(container)


def _contains(run: Run, element: etree._Element) -> Any:
    outer, inner = run.children(element)
    if is_null(outer) or is_null(inner):
        return None
    return not (Counter(_flat(inner)) - Counter(_flat(outer)))


def _logic(kind: str) -> Callable[[Run, etree._Element], Any]:
    def combine(run: Run, element: etree._Element) -> Any:
        found = run.children(element)
        if kind == "and":
            if any(value is False for value in found):
                return False
            return None if any(value is None for value in found) else True
        if any(value is True for value in found):
            return True
        return None if any(value is None for value in found) else False

    return combine


def _not(run: Run, element: etree._Element) -> Any:
    value = run.expression(_only(element))
    return None if value is None else not value


def _arithmetic(kind: str) -> Callable[[Run, etree._Element], Any]:
    def compute(run: Run, element: etree._Element) -> Any:
        found = _numbers(run.children(element))
        if found is None:
            return None
        if kind == "sum":
            return sum(found, Fraction(0))
        if kind == "product":
            result = Fraction(1)
            for value in found:
                result *= value
            return result
        if kind == "min":
            return min(found) if found else None
        if kind == "max":
            return max(found) if found else None
        left, right = found
        if kind == "subtract":
            return left - right
        if right == 0:
            return None
        if kind == "divide":
            return left / right
        if kind == "integerDivide":
            return Fraction(left // right)
        return Fraction(left % right)  # integerModulus

    return compute


def _compare(kind: str) -> Callable[[Run, etree._Element], Any]:
    def compare(run: Run, element: etree._Element) -> Any:
        found = _numbers(run.children(element))
        if found is None:
            return None
        left, right = found
        return {"gt": left > right, "gte": left >= right, "lt": left < right, "lte": left <= right}[kind]

    return compare


def _equal(run: Run, element: etree._Element) -> Any:
    found = _numbers(run.children(element))
    if found is None:
        return None
    left, right = found
    mode = element.get("toleranceMode", "exact")
    if mode == "exact":
        return left == right
    low, high = _tolerances(element)
    if mode == "absolute":
        lower, upper = right - low, right + high
    elif mode == "relative":
        lower, upper = right * (1 - low / 100), right * (1 + high / 100)
        lower, upper = min(lower, upper), max(lower, upper)
    else:
        raise Unsupported(f"equal with toleranceMode {mode!r}")
    above = left >= lower if element.get("includeLowerBound", "true") != "false" else left > lower
    below = left <= upper if element.get("includeUpperBound", "true") != "false" else left < upper
    return above and below


def _map_response(run: Run, element: etree._Element) -> Any:
    identifier = element.get("identifier", "")
    found = run.declarations.get(identifier)
    if found is None or found.mapping is None:
        raise Unsupported(f"mapResponse of {identifier!r}, which has no mapping")
    value = run.variable(identifier)
    mapping = found.mapping
    if isinstance(value, Container):
        total = sum((mapping.value_of(item) for item in dict.fromkeys(value.values)), Fraction(0))
    elif is_null(value):
        total = Fraction(0)
    else:
        total = mapping.value_of(value)
    if mapping.lower is not None:
        total = max(total, mapping.lower)
    if mapping.upper is not None:
        total = min(total, mapping.upper)
    return total


def _container_size(run: Run, element: etree._Element) -> Any:
    return Fraction(len(_flat(run.expression(_only(element)))))


def _integer_to_float(run: Run, element: etree._Element) -> Any:
    return run.expression(_only(element))


def _round(run: Run, element: etree._Element) -> Any:
    found = _numbers(run.children(element))
    if found is None:
        return None
    value = found[0]
    return Fraction(int(value + Fraction(1, 2)) if value >= 0 else -int(-value + Fraction(1, 2)))


def _truncate(run: Run, element: etree._Element) -> Any:
    found = _numbers(run.children(element))
    return None if found is None else Fraction(int(found[0]))


def _null(run: Run, element: etree._Element) -> Any:
    return None


def _variable(run: Run, element: etree._Element) -> Any:
    return run.variable(element.get("identifier", ""))


_OPERATORS: dict[str, Callable[[Run, etree._Element], Any]] = {
    "baseValue": _base_value,
    "variable": _variable,
    "correct": _correct,
    "default": _default,
    "null": _null,
    "multiple": _container("multiple"),
    "ordered": _container("ordered"),
    "isNull": _is_null,
    "match": _match,
    "stringMatch": _string_match,
    "patternMatch": _pattern_match,
    "member": _member,
    "contains": _contains,
    "and": _logic("and"),
    "or": _logic("or"),
    "not": _not,
    "sum": _arithmetic("sum"),
    "product": _arithmetic("product"),
    "subtract": _arithmetic("subtract"),
    "divide": _arithmetic("divide"),
    "min": _arithmetic("min"),
    "max": _arithmetic("max"),
    "integerDivide": _arithmetic("integerDivide"),
    "integerModulus": _arithmetic("integerModulus"),
    "gt": _compare("gt"),
    "gte": _compare("gte"),
    "lt": _compare("lt"),
    "lte": _compare("lte"),
    "equal": _equal,
    "mapResponse": _map_response,
    "containerSize": _container_size,
    "integerToFloat": _integer_to_float,
    "round": _round,
    "truncate": _truncate,
}
"""The operators run, by QTI 2.x name (3.0's are renamed on reading). Anything else is `Unsupported`."""

OPERATOR_NAMES = frozenset(_OPERATORS)


def initial_state(declarations: Mapping[str, Declaration]) -> dict[str, Any]:
    """Outcomes start at their default, a numeric one without a default at 0 (as QTI says)."""
    state: dict[str, Any] = {}
    for found in declarations.values():
        value = found.default
        if value is None and found.base_type in {"float", "integer"} and found.cardinality == "single":
            value = Fraction(0)
        state[found.identifier] = value
    return state


def run_rules(rules: etree._Element, declarations: Mapping[str, Declaration], responses: Mapping[str, Any]) -> Run:
    """The outcome values after the rules ran with `responses` given (each a value or None)."""
    run = Run(declarations, initial_state(declarations))
    run.state.update(responses)
    run.rules(rules)
    return run
