"""Export then import gives the same items: generated items of every type through write_qti (QTI 3.0, 2.2 and
2.1) and read_qti come back as equal drafts, with their identifiers, and no loss reported."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from itembank.drafts import ItemDraft, OptionDraft, check_draft
from itembank.errors import AuthoringError
from itembank.interchange.parsed import ImportedItem, ParsedAssessment, ParsedFile
from itembank.interchange.qti import read_qti, write_qti

WORDS = ["alpha", "Beta", "x<y", "AT&T", "café", "naïve", "5 > 3", "Größe", "日本", "Ω", "0.5", "it's", '"q"']
"""Words, some needing escapes in HTML or XML; none a true/false word (a two-choice item with those reads as
true/false by design). An image's alt is a fixed text: an empty alt and none read back alike (QTI needs one)."""
WRAPS = ["{}", "<p>{}</p>", "<b>{}</b>", "<em>{}</em>", "<u>{}</u>", "<s>{}</s>", "<code>{}</code>", "<ul><li>{}</li></ul>",
         "<p>{}</p><p>{}</p>", "{}<br>{}", "<sub>{}</sub>", '<a href="https://example.org/a?b=1&amp;c=2">{}</a>',
         '{}<img src="https://example.org/i.png" alt="a picture">', "<table><tbody><tr><td>{}</td></tr></tbody></table>"]

phrases = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)


@st.composite
def html(draw: st.DrawFn) -> str:
    wrap = draw(st.sampled_from(WRAPS))
    return wrap.format(*[draw(phrases) for _ in range(wrap.count("{}"))])


optional_html = st.none() | html()
numbers = st.decimals(min_value=-10_000, max_value=10_000, places=3, allow_nan=False, allow_infinity=False)


def text(value: Decimal) -> str:
    return format(value, "f")


@st.composite
def numeric_spec(draw: st.DrawFn) -> dict[str, object]:
    form = draw(st.sampled_from(["exact", "tolerance", "relative", "range"]))
    answer = draw(numbers)
    if form == "exact":
        return {"answer": text(answer)}
    if form == "tolerance":
        tolerance = draw(st.decimals(min_value=0, max_value=100, places=2))
        return {"answer": text(answer), "tolerance": text(tolerance)}
    if form == "relative":
        assume(answer != 0)
        return {"answer": text(answer), "relative_tolerance": draw(st.sampled_from(["0.05", "0.1", "0.125", "0.5"]))}
    other = draw(numbers)
    return {"range": [text(min(answer, other)), text(max(answer, other))]}


@st.composite
def drafts(draw: st.DrawFn) -> ItemDraft:
    kind = draw(st.sampled_from(["single_choice", "true_false", "multiple_response", "numeric", "short_text"]))
    common = {
        "stem": draw(html()),
        "points": draw(st.integers(1, 5)),
        "feedback_correct": draw(optional_html),
        "feedback_incorrect": draw(optional_html),
        "feedback_general": draw(optional_html),
    }
    if kind in {"numeric", "short_text"}:
        if kind == "numeric":
            spec = draw(numeric_spec())
        else:
            accepted = draw(st.lists(phrases, min_size=1, max_size=3, unique_by=str.casefold))
            spec = {"accepted": accepted}
            if draw(st.booleans()):
                spec["case_sensitive"] = True
        return ItemDraft(type=kind, spec=spec, **common)  # type: ignore[arg-type]
    count = 2 if kind == "true_false" else draw(st.integers(2, 6))
    texts = draw(st.lists(html(), min_size=count, max_size=count, unique=True))
    if kind == "multiple_response":
        keyed = draw(st.lists(st.booleans(), min_size=count, max_size=count).filter(any))
        spec = draw(st.sampled_from([{}, {"scoring": "all_or_nothing"}]))
    else:
        key = draw(st.integers(0, count - 1))
        keyed = [index == key for index in range(count)]
        spec = {}
    options = tuple(
        OptionDraft(option, correct, draw(optional_html)) for option, correct in zip(texts, keyed, strict=True)
    )
    return ItemDraft(type=kind, options=options, spec=spec, **common)  # type: ignore[arg-type]


def valid(draft: ItemDraft) -> bool:
    try:
        check_draft(draft)
    except AuthoringError:
        return False
    return True


items = st.lists(drafts().filter(valid), min_size=1, max_size=4).map(
    lambda found: [ImportedItem(f"item-{index}", draft, title=f"Item {index}") for index, draft in enumerate(found)]
)


def round_trip(package: bytes) -> ParsedFile:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "package.zip"
        path.write_bytes(package)
        return read_qti(path)


def check(written: list[ImportedItem], version: str) -> None:
    test = ParsedAssessment("t", "All of them", tuple(item.source_id for item in written))
    parsed = round_trip(write_qti(written, version, test))  # type: ignore[arg-type]
    assert parsed.format == version
    assert parsed.skipped == []
    assert [item.draft for item in parsed.items] == [item.draft for item in written]
    assert [(item.source_id, item.title) for item in parsed.items] == [(i.source_id, i.title) for i in written]
    assert all(item.dropped == () for item in parsed.items), [item.dropped for item in parsed.items]
    assert [(a.source_id, a.title, a.item_source_ids) for a in parsed.assessments] == [
        (test.source_id, test.title, test.item_source_ids)
    ]


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(items)
def test_qti30_round_trip(written: list[ImportedItem]) -> None:
    check(written, "qti30")


@SETTINGS
@given(items)
def test_qti21_round_trip(written: list[ImportedItem]) -> None:
    check(written, "qti21")


@settings(max_examples=15, deadline=None)
@given(items)
def test_qti22_round_trip(written: list[ImportedItem]) -> None:
    check(written, "qti22")


def test_partial_credit_with_points_not_divisible_by_the_keys_stays_exact() -> None:
    """Three keys and two points: 2/3 a key is no decimal, so the rules divide, and the reader's fractions agree."""
    draft = ItemDraft(
        type="multiple_response",  # type: ignore[arg-type]
        stem="Pick",
        options=(OptionDraft("a", True), OptionDraft("b", True), OptionDraft("c", True), OptionDraft("d", False)),
        points=2,
    )
    for version in ("qti30", "qti21"):
        parsed = round_trip(write_qti([ImportedItem("thirds", draft)], version))  # type: ignore[arg-type]
        assert [item.draft for item in parsed.items] == [draft]
        assert parsed.items[0].dropped == ()


def test_identifiers_that_are_no_qti_identifier_are_spelled_as_one() -> None:
    draft = ItemDraft(type="short_text", stem="Say hi", spec={"accepted": ["hi"]})  # type: ignore[arg-type]
    written = [ImportedItem(name, draft) for name in ("two words:x", "two_words_x", "2nd")]
    parsed = round_trip(write_qti(written, "qti30"))
    assert [item.source_id for item in parsed.items] == ["two_words_x", "two_words_x_2", "I_2nd"]
