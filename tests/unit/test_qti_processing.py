"""The response-processing evaluator on the operators real files use, each checked against what the QTI
specification says it computes; template URIs in their many spellings; what it does not run is named."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from itembank.interchange.qti.document import normalise
from itembank.interchange.qti.processing import (
    Container,
    Declaration,
    MapEntry,
    Mapping_,
    Unsupported,
    run_rules,
    template_name,
    xsd_pattern,
)
from itembank.interchange.qti.safe_xml import parse_xml

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
DECLARATIONS = {
    "RESPONSE": Declaration("RESPONSE", "single", "float", correct=Fraction(10)),
    "CHOICES": Declaration(
        "CHOICES",
        "multiple",
        "identifier",
        correct=Container("multiple", ("a", "b")),
        mapping=Mapping_((MapEntry("a", Fraction(1)), MapEntry("c", Fraction(-2))), lower=Fraction(0)),
    ),
    "TEXT": Declaration(
        "TEXT", "single", "string", mapping=Mapping_((MapEntry("York", Fraction(1), case_sensitive=False),))
    ),
    "SCORE": Declaration("SCORE", "single", "float"),
}


def score(condition: str, responses: dict[str, Any]) -> Any:
    rules = parse_xml(
        f"""<responseProcessing xmlns="{QTI}"><responseCondition><responseIf>{condition}
        <setOutcomeValue identifier="SCORE"><baseValue baseType="float">1</baseValue></setOutcomeValue>
        </responseIf></responseCondition></responseProcessing>""".encode(),
        "rules",
    )
    normalise(rules)
    return run_rules(rules, DECLARATIONS, responses).state["SCORE"]


def value(expression: str, responses: dict[str, Any]) -> Any:
    rules = parse_xml(
        f'<responseProcessing xmlns="{QTI}"><setOutcomeValue identifier="SCORE">{expression}</setOutcomeValue>'
        "</responseProcessing>".encode(),
        "rules",
    )
    normalise(rules)
    return run_rules(rules, DECLARATIONS, responses).state["SCORE"]


RESPONSE = '<variable identifier="RESPONSE"/>'


@pytest.mark.parametrize(
    ("mode", "tolerance", "given", "accepted"),
    [
        ("exact", "", "10", True),
        ("exact", "", "10.0001", False),
        ("absolute", "0.5", "10.5", True),
        ("absolute", "0.5", "9.5", True),
        ("absolute", "0.5", "10.51", False),
        ("absolute", "0.1 0.5", "9.85", False),  # the lower tolerance is the first
        ("absolute", "0.1 0.5", "10.45", True),
        ("relative", "5", "10.5", True),  # a percentage of the second value
        ("relative", "5", "9.49", False),
    ],
)
def test_equal_with_tolerance_modes(mode: str, tolerance: str, given: str, accepted: bool) -> None:
    attributes = f'toleranceMode="{mode}"' + (f' tolerance="{tolerance}"' if tolerance else "")
    found = score(
        f'<equal {attributes}>{RESPONSE}<correct identifier="RESPONSE"/></equal>', {"RESPONSE": Fraction(given)}
    )
    assert found == (1 if accepted else 0)


def test_excluded_bounds() -> None:
    equal = (
        '<equal toleranceMode="absolute" tolerance="1" includeUpperBound="false">{}'
        '<correct identifier="RESPONSE"/></equal>'
    )
    assert score(equal.format(RESPONSE), {"RESPONSE": Fraction(11)}) == 0
    assert score(equal.format(RESPONSE), {"RESPONSE": Fraction(9)}) == 1


def test_exact_arithmetic() -> None:
    total = '<sum><baseValue baseType="float">0.1</baseValue><baseValue baseType="float">0.2</baseValue></sum>'
    assert value(total, {}) == Fraction(3, 10)
    third = '<divide><baseValue baseType="float">2</baseValue><baseValue baseType="float">3</baseValue></divide>'
    assert value(third, {}) == Fraction(2, 3)


def test_null_propagates_through_match_and_and() -> None:
    """match on NULL is NULL, and NULL in `and` makes it NULL, so the condition fails; isNull sees it."""
    condition = f'<and><match>{RESPONSE}<correct identifier="RESPONSE"/></match></and>'
    assert score(condition, {"RESPONSE": None}) == 0
    assert score(f"<isNull>{RESPONSE}</isNull>", {"RESPONSE": None}) == 1
    assert score(f"<not><isNull>{RESPONSE}</isNull></not>", {"RESPONSE": Fraction(1)}) == 1
    assert score('<or><null/><baseValue baseType="boolean">true</baseValue></or>', {}) == 1


def test_containers() -> None:
    choices = '<variable identifier="CHOICES"/>'
    chosen = {"CHOICES": Container("multiple", ("b", "a"))}
    assert score(f'<match>{choices}<correct identifier="CHOICES"/></match>', chosen) == 1  # a set: order is no matter
    assert score(f'<member><baseValue baseType="identifier">a</baseValue>{choices}</member>', chosen) == 1
    assert score(f'<member><baseValue baseType="identifier">c</baseValue>{choices}</member>', chosen) == 0
    contains = f'<contains>{choices}<multiple><baseValue baseType="identifier">a</baseValue></multiple></contains>'
    assert score(contains, chosen) == 1
    assert value(f"<containerSize>{choices}</containerSize>", chosen) == 2


def test_map_response_sums_distinct_values_and_bounds_them() -> None:
    mapped = '<mapResponse identifier="CHOICES"/>'
    assert value(mapped, {"CHOICES": Container("multiple", ("a", "b"))}) == 1
    assert value(mapped, {"CHOICES": Container("multiple", ("a", "c"))}) == 0  # -1, bounded below at 0
    assert value('<mapResponse identifier="TEXT"/>', {"TEXT": "YORK"}) == 1  # caseSensitive="false"


def test_string_match_and_pattern() -> None:
    text = '<variable identifier="TEXT"/>'
    york = '<baseValue baseType="string">York</baseValue>'
    assert score(f'<stringMatch caseSensitive="false">{text}{york}</stringMatch>', {"TEXT": "york"}) == 1
    assert score(f'<stringMatch caseSensitive="true">{text}{york}</stringMatch>', {"TEXT": "york"}) == 0
    assert score(f'<patternMatch pattern="Y[a-z]+">{text}</patternMatch>', {"TEXT": "York"}) == 1
    assert score(f'<patternMatch pattern="Y[a-z]+">{text}</patternMatch>', {"TEXT": "a York"}) == 0  # whole text
    assert xsd_pattern("1$").fullmatch("1$")  # no anchors in XML Schema patterns: $ is a character


def test_exit_response_stops_the_rules() -> None:
    rules = parse_xml(
        f'<responseProcessing xmlns="{QTI}"><exitResponse/><setOutcomeValue identifier="SCORE">'
        '<baseValue baseType="float">1</baseValue></setOutcomeValue></responseProcessing>'.encode(),
        "rules",
    )
    normalise(rules)
    assert run_rules(rules, DECLARATIONS, {}).state["SCORE"] == 0


@pytest.mark.parametrize(
    "uri",
    [
        "http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct",
        "http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct.xml",
        "https://www.imsglobal.org/question/qti_v2p2/rptemplates/match_correct",
        "http://www.imsglobal.org/question/qti_v2p2/rptemplates/match_correct.xml",
        "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct",
        "https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml",
        "rptemplates/match_correct.xml",
        "match_correct",
    ],
)
def test_template_uri_spellings(uri: str) -> None:
    assert template_name(uri) == "match_correct"


@pytest.mark.parametrize(
    ("expression", "named"),
    [
        ('<randomInteger min="0" max="1"/>', "randomInteger"),
        ('<customOperator class="x"/>', "customOperator"),
        ('<mapResponsePoint identifier="RESPONSE"/>', "mapResponsePoint"),
    ],
)
def test_what_is_not_run_is_named(expression: str, named: str) -> None:
    with pytest.raises(Unsupported, match=named):
        value(expression, {})
