"""One QTI assessmentItem read as one of our items, or skipped with the reason.

An item maps when it asks one question through an interaction our five types have: a choice (one answer:
single choice or true/false; several: multiple response), a text entry (a string: short text; a number:
numeric) or an inline choice (one gap: single choice). Its key, points and partial credit come from running
its response processing (`derive`), its feedback from what each response would show (`feedback`), its text
from the body (`body`); whatever of it does not survive is listed in the item's `dropped`.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from lxml import etree

from itembank.drafts import ItemDraft, OptionDraft, check_draft
from itembank.errors import AuthoringError
from itembank.interchange.parsed import Dropped, ImportedItem, SkippedItem
from itembank.interchange.qti import derive
from itembank.interchange.qti.body import FEEDBACK, dropped_in, inner_html, remove_keeping_tail
from itembank.interchange.qti.derive import Skip
from itembank.interchange.qti.document import tag
from itembank.interchange.qti.feedback import Feedback, Shown, classify, joined
from itembank.interchange.qti.processing import (
    Container,
    Declaration,
    Unsupported,
    declaration,
    number,
    template_name,
    template_rules,
)
from itembank.itemtypes import ItemType
from itembank.rich_text import plain_text

SUPPORTED = frozenset({"choiceInteraction", "textEntryInteraction", "inlineChoiceInteraction"})
UNSUPPORTED: dict[str, str] = {
    "orderInteraction": "putting choices in order",
    "matchInteraction": "matching pairs",
    "associateInteraction": "associating choices",
    "gapMatchInteraction": "dragging words into gaps",
    "hottextInteraction": "selecting words in a text",
    "hotspotInteraction": "clicking areas of an image",
    "graphicOrderInteraction": "ordering areas of an image",
    "graphicAssociateInteraction": "associating areas of an image",
    "graphicGapMatchInteraction": "dragging images onto an image",
    "positionObjectInteraction": "positioning an object on an image",
    "selectPointInteraction": "selecting a point on an image",
    "sliderInteraction": "a slider",
    "uploadInteraction": "uploading a file",
    "drawingInteraction": "drawing",
    "extendedTextInteraction": "an essay (extended text)",
    "mediaInteraction": "playing media",
    "customInteraction": "a custom interaction",
    "portableCustomInteraction": "a portable custom interaction",
    "endAttemptInteraction": "ending the attempt",
}
TRUE_FALSE_WORDS = (
    {"true", "false"},
    {"wahr", "falsch"},
    {"richtig", "falsch"},
    {"vrai", "faux"},
    {"verdadero", "falso"},
    {"vero", "falso"},
    {"juist", "onjuist"},
    {"waar", "onwaar"},
)
TRUE_FALSE_CLASS = "true-false"
"""The class our writer puts on a true/false item's choiceInteraction, so a two-choice item of any wording
reads back as true/false."""
GAP = "____"


def _interactions(body: etree._Element) -> list[etree._Element]:
    return [
        element
        for element in body.iter(etree.Element)
        if isinstance(element.tag, str) and element.tag.endswith("Interaction")
    ]


TemplateLookup = Callable[[str, "str | None"], "etree._Element | None"]
"""Finds a template that is not one of the standard ones (Common Cartridge's CC2_match ...) in the package
the item came from, by its name and the item's templateLocation; None when the package has none."""


def _rules(
    root: etree._Element, response: Declaration, lookup: TemplateLookup | None
) -> tuple[etree._Element, list[Dropped]]:
    processing = root.find("responseProcessing")
    if processing is None:
        if response.correct is None:
            raise Skip("it has no scoring: no response processing and no correct response (a survey question)")
        return template_rules("match_correct"), [
            Dropped("responseProcessing", "none given: scored as match_correct against its correct response")
        ]
    if len(processing) == 0:
        template = processing.get("template") or processing.get("templateLocation")
        if not template:
            raise Skip("its response processing is empty")
        try:
            return template_rules(template), []
        except Unsupported:
            found = None if lookup is None else lookup(template_name(template), processing.get("templateLocation"))
            if found is None:
                raise
            return found, []
    return processing, []


def _named_sets(response: Declaration, rules: etree._Element) -> list[Container]:
    named = [response.correct] if isinstance(response.correct, Container) else []
    for written in rules.iter("multiple"):
        values = [child.text.strip() for child in written if tag(child) == "baseValue" and child.text]
        if values:
            named.append(Container("multiple", tuple(values)))
    for value in rules.iter("baseValue"):
        if value.get("baseType") == "identifier" and len((value.text or "").split()) > 1:
            named.append(Container("multiple", tuple((value.text or "").split())))
    if response.mapping is not None:
        named.append(Container("multiple", tuple(e.key for e in response.mapping.entries if e.value > 0)))
    return named


def _take_feedback(content: etree._Element, choice: str | None, context: str) -> list[Shown]:
    """Lift the feedbackInline / feedbackBlock elements out of `content`, each with its HTML."""
    found = []
    for element in list(content.iter(*FEEDBACK)):
        holder = copy.deepcopy(element)
        holder.tail = None
        found.append(Shown(element, _feedback_html(holder), choice))
        remove_keeping_tail(element)
    return found


def _feedback_html(element: etree._Element) -> str:
    body = element.find("contentBody")
    html = inner_html(body if body is not None else element)
    title = element.get("title")
    return f"<p><strong>{title}</strong></p>{html}" if title and title.strip() else html


def _stem(body: etree._Element, interaction: etree._Element) -> str:
    """The body around the interaction: a choice's prompt takes its place; a gap is marked in the text."""
    if interaction.tag == "choiceInteraction":
        prompt = interaction.find("prompt")
        if prompt is not None:
            prompt.tag = "div"
            prompt.tail = interaction.tail
            interaction.addprevious(prompt)
            parent = interaction.getparent()
            if parent is not None:
                parent.remove(interaction)
        else:
            remove_keeping_tail(interaction)
        return inner_html(body)
    parent = interaction.getparent()
    alone = (
        parent is not None
        and parent is not body
        and len(parent) == 1
        and not (parent.text or "").strip()
        and not (interaction.tail or "").strip()
    )
    if alone and parent is not None:
        remove_keeping_tail(parent)
    else:
        remove_keeping_tail(interaction, GAP)
    return inner_html(body)


def _is_true_false(interaction: etree._Element, identifiers: list[str], options: list[str]) -> bool:
    if len(identifiers) != 2:
        return False
    if TRUE_FALSE_CLASS in (interaction.get("class") or "").split():
        return True
    if {identifier.casefold() for identifier in identifiers} == {"true", "false"}:
        return True
    words = {plain_text(text).strip().casefold() for text in options}
    return any(words == pair for pair in TRUE_FALSE_WORDS)


class _Item:
    """The state of reading one item: its declarations, rules and what it drops."""

    def __init__(self, root: etree._Element, source: str | None, lookup: TemplateLookup | None) -> None:
        self.root = root
        self.lookup = lookup
        self.source = source
        self.identifier = root.get("identifier") or "(no identifier)"
        self.context = f"item {self.identifier}"
        self.dropped: list[Dropped] = []
        self.feedbacks: list[Shown] = []

    def read(self) -> ImportedItem:
        root = self.root
        if root.get("adaptive") == "true":
            raise Skip("it is adaptive (its feedback and scoring change over several attempts)")
        if root.find("templateDeclaration") is not None or root.find("templateProcessing") is not None:
            raise Skip("it is a template (its values are drawn each time it is delivered)")
        original = root.find("itemBody")
        if original is None:
            raise Skip("it has no item body")
        body = copy.deepcopy(original)
        interactions = _interactions(body)
        if not interactions:
            raise Skip("it asks nothing (its body has no interaction)")
        for interaction in interactions:
            name = tag(interaction)
            if name not in SUPPORTED:
                reason = UNSUPPORTED.get(name, "an interaction")
                raise Skip(f"its {name} ({reason}) has no counterpart among our five item types")
        if len(interactions) > 1:
            names = ", ".join(map(tag, interactions))
            raise Skip(f"it asks {len(interactions)} questions in one item ({names}); an item of ours asks one")
        interaction = interactions[0]
        declarations = {
            found.identifier: found
            for found in map(declaration, [*root.findall("responseDeclaration"), *root.findall("outcomeDeclaration")])
        }
        response = declarations.get(interaction.get("responseIdentifier", ""))
        if response is None:
            raise Skip(f"its interaction answers {interaction.get('responseIdentifier')!r}, which it does not declare")
        rules, dropped = _rules(root, response, self.lookup)
        self.dropped += dropped
        for stimulus in root.findall("assessmentStimulusRef"):
            self.dropped.append(
                Dropped("assessmentStimulusRef", f"the shared passage {stimulus.get('href')} is not kept with the item")
            )
        for support, meaning in (
            ("companionMaterialsInfo", "companion materials (a calculator, a ruler, a reference sheet)"),
            ("catalogInfo", "accessibility supports (a catalog)"),
        ):
            if root.find(support) is not None:
                self.dropped.append(Dropped(support, f"{meaning} are not kept"))
        for stylesheet in root.findall("stylesheet"):
            self.dropped.append(Dropped("stylesheet", f"{stylesheet.get('href')} is not kept: rich text has no styles"))
        for modal in root.findall("modalFeedback"):
            self.dropped += dropped_in(modal, f"{self.context} modalFeedback {modal.get('identifier')}")
            self.feedbacks.append(Shown(modal, _feedback_html(copy.deepcopy(modal))))
        if interaction.tag == "textEntryInteraction":
            return self._text_entry(body, interaction, response, declarations, rules)
        return self._choice(body, interaction, response, declarations, rules)

    def _body_feedback(self, body: etree._Element) -> None:
        self.feedbacks += _take_feedback(body, None, self.context)

    def _choice(
        self,
        body: etree._Element,
        interaction: etree._Element,
        response: Declaration,
        declarations: dict[str, Declaration],
        rules: etree._Element,
    ) -> ImportedItem:
        inline = interaction.tag == "inlineChoiceInteraction"
        choices = interaction.findall("inlineChoice" if inline else "simpleChoice")
        identifiers = [choice.get("identifier", "") for choice in choices]
        texts = []
        for choice in choices:
            self.feedbacks += _take_feedback(choice, choice.get("identifier"), self.context)
            self.dropped += dropped_in(choice, f"{self.context} choice {choice.get('identifier')}")
            texts.append(inner_html(choice))
        if interaction.get("shuffle") == "true" and any(choice.get("fixed") == "true" for choice in choices):
            fixed = ", ".join(c.get("identifier", "") for c in choices if c.get("fixed") == "true")
            self.dropped.append(
                Dropped(
                    "fixed choice", f"{fixed} keeps its place in the source; here the assessment shuffles all or none"
                )
            )
        if response.cardinality == "ordered":
            raise Skip("its response is an ordering of the choices")
        most = int(interaction.get("maxChoices", "1"))
        several = response.cardinality == "multiple"
        self._body_feedback(body)
        self.dropped += dropped_in(body, self.context)
        stem = _stem(body, interaction)
        identifier = response.identifier
        if several:
            named = _named_sets(response, rules)
            scored = derive.score_all(rules, declarations, identifier, derive.choice_sets(identifiers, named, most))
            mapped = any(True for _ in rules.iter("mapResponse"))
            points, key, scoring, dropped = derive.several_choices(scored, mapped, response.correct)
            if 1 < most < len(identifiers):
                dropped.append(Dropped("maxChoices", f"at most {most} choices in the source; here any number"))
            item_type = ItemType.MULTIPLE_RESPONSE
            keyed = key
            spec: dict[str, Any] = {} if scoring == "partial" else {"scoring": "all_or_nothing"}
        else:
            scored = derive.score_all(rules, declarations, identifier, [None, *identifiers])
            points, one, dropped = derive.one_choice(scored, response.correct)
            keyed = frozenset({one})
            spec = {}
            item_type = ItemType.SINGLE_CHOICE
            if not inline and _is_true_false(interaction, identifiers, texts):
                item_type = ItemType.TRUE_FALSE
        self.dropped += dropped

        def chosen(value: Any) -> frozenset[str]:
            if isinstance(value, Container):
                return frozenset(map(str, value.values))
            return frozenset() if value is None else frozenset({str(value)})

        feedback = classify(self.feedbacks, scored, points, chosen, identifiers)
        options = tuple(
            OptionDraft(text, identifier in keyed, joined(feedback.rationale.get(identifier, [])))
            for identifier, text in zip(identifiers, texts, strict=True)
        )
        return self._imported(item_type, stem, options, points, spec, feedback)

    def _text_entry(
        self,
        body: etree._Element,
        interaction: etree._Element,
        response: Declaration,
        declarations: dict[str, Declaration],
        rules: etree._Element,
    ) -> ImportedItem:
        if response.cardinality != "single":
            raise Skip(f"its text entry has {response.cardinality} cardinality")
        self._body_feedback(body)
        self.dropped += dropped_in(body, self.context)
        stem = _stem(body, interaction)
        patterns = [element.get("pattern") for element in rules.iter("patternMatch")]
        if response.base_type == "string":
            candidates = _text_candidates(response, rules)
            if len(candidates) <= 3 and patterns:
                raise Skip(f"its accepted answers are a pattern ({patterns[0]}), not texts we can list")
            if patterns:
                self.dropped.append(
                    Dropped("patternMatch", f"the pattern {patterns[0]} may accept more than the answers listed")
                )
            scored = derive.score_all(rules, declarations, response.identifier, candidates)
            points, accepted, case_sensitive, dropped = derive.texts(scored)
            if not accepted:
                raise Skip("no text earns full marks among those its rules name (a pattern we cannot list)")
            spec: dict[str, Any] = {"accepted": accepted}
            if case_sensitive is None:  # digits and signs alone: the mapping says what its author meant
                mapping = response.mapping
                case_sensitive = mapping is not None and all(entry.case_sensitive for entry in mapping.entries)
            if case_sensitive:
                spec["case_sensitive"] = True
        elif response.base_type in {"float", "integer"}:
            scored = derive.score_all(rules, declarations, response.identifier, _number_candidates(response, rules))
            points, low, high, dropped = derive.interval(scored)
            spec = _numeric_spec(response, rules, low, high)
        else:
            raise Skip(f"its text entry takes a {response.base_type}, neither text nor a number")
        self.dropped += dropped
        feedback = classify(self.feedbacks, scored, points, None)
        item_type = ItemType.SHORT_TEXT if response.base_type == "string" else ItemType.NUMERIC
        return self._imported(item_type, stem, (), points, spec, feedback)

    def _imported(
        self,
        item_type: ItemType,
        stem: str,
        options: tuple[OptionDraft, ...],
        points: int,
        spec: dict[str, Any],
        feedback: Feedback,
    ) -> ImportedItem:
        self.dropped += feedback.dropped
        try:
            draft = ItemDraft(
                type=item_type,
                stem=stem,
                options=options,
                points=points,
                feedback_correct=joined(feedback.correct),
                feedback_incorrect=joined(feedback.incorrect),
                feedback_general=joined(feedback.general),
                spec=spec,
            )
            check_draft(draft)
        except AuthoringError as error:
            lost = sorted({d.construct for d in self.dropped if d.construct in {"image", "MathML", "media object"}})
            cause = f" once what rich text cannot keep is removed ({', '.join(lost)})" if lost else ""
            raise Skip(f"as a {item_type.label} item it breaks our authoring rules{cause}: {error}") from None
        return ImportedItem(
            source_id=self.identifier,
            draft=draft,
            title=self.root.get("title"),
            dropped=tuple(dict.fromkeys(self.dropped)),
            source=self.source,
        )


def _text_candidates(response: Declaration, rules: etree._Element) -> list[Any]:
    named: list[str] = []
    if isinstance(response.correct, str):
        named.append(response.correct)
    if response.mapping is not None:
        named += [entry.key for entry in response.mapping.entries if isinstance(entry.key, str)]
    named += [value.text or "" for value in rules.iter("baseValue") if value.get("baseType") == "string"]
    variants = [variant for text in named for variant in (text.swapcase(), text.upper(), text.lower())]
    return list(dict.fromkeys([None, "", "\u2063", *named, *variants]))


def _number_candidates(response: Declaration, rules: etree._Element) -> list[Any]:
    pool: list[Fraction] = []
    if isinstance(response.correct, Fraction):
        pool.append(response.correct)
    if response.mapping is not None:
        pool += [entry.key for entry in response.mapping.entries if isinstance(entry.key, Fraction)]
    for written in rules.iter("baseValue"):
        if written.get("baseType") in {"float", "integer"}:
            pool.append(number(written.text or "0"))
    tolerances: list[tuple[str, Fraction]] = []
    for equal in rules.iter("equal"):
        mode = equal.get("toleranceMode", "exact")
        for part in (equal.get("tolerance") or "").split():
            tolerances.append((mode, number(part)))
    bounds = list(pool)
    for value in pool:
        for mode, tolerance in tolerances:
            bounds += [value - tolerance, value + tolerance] if mode == "absolute" else []
            bounds += [value * (1 - tolerance / 100), value * (1 + tolerance / 100)] if mode == "relative" else []
    places = max((_places(value) for value in bounds), default=0) + 6
    step = Fraction(1, 10**places)
    found = {value for bound in bounds for value in (bound - step, bound, bound + step)}
    if len(bounds) >= 2:
        found.add((min(bounds) + max(bounds)) / 2)
    return [None, *sorted(found)]


def _places(value: Fraction) -> int:
    places = 0
    while (value * 10**places).denominator != 1 and places < 30:
        places += 1
    return places


def _compares_response(rules: etree._Element, identifier: str) -> bool:
    return any(
        any(child.tag == "variable" and child.get("identifier") == identifier for child in element)
        for element in rules.iter("gte", "lte", "gt", "lt")
    )


def _literals(response: Declaration, rules: etree._Element) -> dict[Fraction, str]:
    """Each number the item writes, by value, as written ("4.0", "1.50"), so the spec keeps its spelling."""
    found: dict[Fraction, str] = {}
    for value in rules.iter("baseValue"):  # first: a range's bounds keep their spelling where the key shares a value
        if value.get("baseType") in {"float", "integer"} and value.text:
            found.setdefault(number(value.text), value.text.strip())
    if isinstance(response.correct, Fraction) and response.correct_text:
        found.setdefault(response.correct, response.correct_text)
    return found


def _bound(rules: etree._Element, operator: str, value: Fraction) -> str | None:
    """The range's bound as the item writes it beside `operator` ("-3.0" and "-3" are one value, two spellings)."""
    for compare in rules.iter(operator):
        for literal in compare.iter("baseValue"):
            if literal.text and number(literal.text) == value:
                return literal.text.strip()
    return None


def _numeric_spec(response: Declaration, rules: etree._Element, low: Fraction, high: Fraction) -> dict[str, Any]:
    correct = response.correct if isinstance(response.correct, Fraction) else None
    literals = _literals(response, rules)

    def written(value: Fraction) -> str:
        return literals.get(value) or derive.exact_decimal(value)

    if _compares_response(rules, response.identifier):
        return {"range": [_bound(rules, "gte", low) or written(low), _bound(rules, "lte", high) or written(high)]}
    if low == high:
        for equal in rules.iter("equal"):
            parts = (equal.get("tolerance") or "").split()
            mode = equal.get("toleranceMode")
            if parts and mode in {"absolute", "relative"} and all(number(part) == 0 for part in parts):
                name = "tolerance" if mode == "absolute" else "relative_tolerance"
                relative = str(Decimal(parts[0].strip()).scaleb(-2))
                return {"answer": written(low), name: parts[0].strip() if mode == "absolute" else relative}
        return {"answer": written(low)}
    if correct is not None and correct - low == high - correct:
        half = high - correct
        answer = written(correct)
        for equal in rules.iter("equal"):
            parts = (equal.get("tolerance") or "").split()
            if not parts or len(set(parts)) != 1:
                continue
            mode = equal.get("toleranceMode")
            if mode == "relative" and abs(correct) * number(parts[0]) / 100 == half:
                return {"answer": answer, "relative_tolerance": str(Decimal(parts[0].strip()).scaleb(-2))}
            if mode == "absolute" and number(parts[0]) == half:
                return {"answer": answer, "tolerance": parts[0].strip()}
        return {"answer": answer, "tolerance": derive.exact_decimal(half)}
    return {"range": [written(low), written(high)]}


def read_item(
    root: etree._Element, source: str | None = None, lookup: TemplateLookup | None = None
) -> ImportedItem | SkippedItem:
    """`root` is a normalised assessmentItem (`document.normalise`)."""
    reader = _Item(root, source, lookup)
    try:
        return reader.read()
    except Skip as reason:
        return SkippedItem(reader.identifier, str(reason), source)
    except Unsupported as what:
        return SkippedItem(reader.identifier, f"its response processing uses {what}, which we do not map", source)
    except (ValueError, ArithmeticError, IndexError, KeyError, TypeError, RecursionError) as error:
        # malformed content (maxChoices="many", a responseIf without its condition, rules nested past reason):
        # this item cannot be read, the others of the file still can
        return SkippedItem(reader.identifier, f"it is malformed QTI ({type(error).__name__}: {error})", source)
