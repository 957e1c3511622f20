"""Hypothesis strategies for items of every type, as the QTI tests export them (test_qti_roundtrip,
test_qti_independent): texts with characters HTML and XML escape, every numeric form, both scorings."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import assume
from hypothesis import strategies as st

from itembank.drafts import ItemDraft, OptionDraft, check_draft
from itembank.errors import AuthoringError
from itembank.interchange.parsed import ImportedItem

WORDS = ["alpha", "Beta", "x<y", "AT&T", "café", "naïve", "5 > 3", "Größe", "日本", "Ω", "0.5", "it's", '"q"']
"""Words, some needing escapes in HTML or XML; none a true/false word (a two-choice item with those reads as
true/false by design). An image's alt is a fixed text: an empty alt and none read back alike (QTI needs one)."""
WRAPS = [
    "{}",
    "<p>{}</p>",
    "<b>{}</b>",
    "<em>{}</em>",
    "<u>{}</u>",
    "<s>{}</s>",
    "<code>{}</code>",
    "<ul><li>{}</li></ul>",
    "<p>{}</p><p>{}</p>",
    "{}<br>{}",
    "<sub>{}</sub>",
    '<a href="https://example.org/a?b=1&amp;c=2">{}</a>',
    '{}<img src="https://example.org/i.png" alt="a picture">',
    "<table><tbody><tr><td>{}</td></tr></tbody></table>",
]

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
