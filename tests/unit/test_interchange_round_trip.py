"""Items of every type, written then read back, are the same items: GIFT (what GIFT can hold) and our YAML."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itembank.drafts import ItemDraft, OptionDraft, check_draft
from itembank.errors import AuthoringError
from itembank.interchange.gift import parse_gift, write_gift
from itembank.interchange.gift.writer import MATCHING_ARROW, gift_losses
from itembank.interchange.parsed import ImportedItem
from itembank.interchange.yaml_format import read_yaml, write_yaml
from itembank.itemtypes import ItemType

ALPHABET = st.sampled_from(list("abcXYZ019 ~=#{}:\\%[]*-_.'\"<>&/éß€\n"))
text = st.text(ALPHABET, min_size=1, max_size=20).map(lambda found: found.strip()).filter(bool)
optional = st.none() | text
ref = st.text(st.sampled_from(list("abcXYZ019 -_.:[]\\é")), min_size=1, max_size=30).map(str.strip).filter(bool)
tag = st.text(st.sampled_from(list("abc019-")), min_size=1, max_size=10)
number = st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False, allow_infinity=False)
points = st.integers(min_value=1, max_value=5)


def _options(count: int, keyed: int, rationales: bool) -> st.SearchStrategy[tuple[OptionDraft, ...]]:
    return st.lists(text, min_size=count, max_size=count, unique=True).flatmap(
        lambda texts: st.lists(optional if rationales else st.none(), min_size=count, max_size=count).map(
            lambda found: tuple(
                OptionDraft(text=option, correct=index < keyed, rationale=rationale)
                for index, (option, rationale) in enumerate(zip(texts, found, strict=True))
            )
        )
    )


@st.composite
def choice(draw: st.DrawFn, gift: bool) -> ItemDraft:
    kind = draw(st.sampled_from([ItemType.SINGLE_CHOICE, ItemType.MULTIPLE_RESPONSE, ItemType.TRUE_FALSE]))
    feedback = {} if gift else {"feedback_correct": draw(optional), "feedback_incorrect": draw(optional)}
    if kind == ItemType.TRUE_FALSE:
        key = draw(st.booleans())
        options = (
            OptionDraft("True", key, draw(optional)),
            OptionDraft("False", not key, draw(optional)),
        )
        spec: dict[str, object] = {}
    else:
        count = draw(st.integers(min_value=2, max_value=5))
        keyed = 1 if kind == ItemType.SINGLE_CHOICE else draw(st.integers(min_value=1, max_value=count))
        options = tuple(draw(st.permutations(draw(_options(count, keyed, True)))))
        spec = {} if kind == ItemType.SINGLE_CHOICE else draw(st.sampled_from([{}, {"scoring": "all_or_nothing"}]))
    return ItemDraft(kind, draw(text), options, draw(points), feedback_general=draw(optional), spec=spec, **feedback)


@st.composite
def numeric(draw: st.DrawFn) -> ItemDraft:
    answer = draw(number)
    form = draw(st.sampled_from(["exact", "tolerance", "relative", "range"]))
    if form == "exact":
        spec: dict[str, object] = {"answer": str(answer)}
    elif form == "tolerance":
        spec = {"answer": str(answer), "tolerance": str(abs(draw(number)))}
    elif form == "relative" and answer != 0:
        spec = {
            "answer": str(answer),
            "relative_tolerance": str(draw(st.sampled_from([Decimal("0.05"), Decimal("0.1")]))),
        }
    else:
        low, high = sorted([answer, draw(number)])
        spec = {"range": [str(low), str(high)]}
    return ItemDraft(
        ItemType.NUMERIC, draw(text), (), draw(points), draw(optional), draw(optional), draw(optional), spec
    )


@st.composite
def short_text(draw: st.DrawFn, gift: bool) -> ItemDraft:
    answers = text.filter(lambda answer: not gift or MATCHING_ARROW not in answer)  # GIFT cannot hold '->' (reported)
    spec: dict[str, object] = {"accepted": draw(st.lists(answers, min_size=1, max_size=3, unique_by=str.casefold))}
    spec.update(
        draw(st.sampled_from([{}, {"case_sensitive": True}, {"whitespace": "remove", "normalization": "NFKC"}]))
    )
    return ItemDraft(
        ItemType.SHORT_TEXT, draw(text), (), draw(points), draw(optional), draw(optional), draw(optional), spec
    )


def _valid(draft: ItemDraft) -> bool:
    try:
        check_draft(draft)
    except AuthoringError:
        return False
    return True


@st.composite
def items(draw: st.DrawFn, gift: bool) -> list[ImportedItem]:
    drafts = draw(st.lists((choice(gift) | numeric() | short_text(gift)).filter(_valid), min_size=1, max_size=5))
    refs = draw(st.lists(ref, min_size=len(drafts), max_size=len(drafts), unique=True))
    category = draw(st.none() | st.sampled_from(["$course$/top/Unit 1", "Imported"]))
    return [
        ImportedItem(
            source_id=found_ref,
            draft=draft,
            title=draw(st.none() | text.map(lambda title: " ".join(title.split()))),
            tags=tuple(sorted(set(draw(st.lists(tag, max_size=2))))),
            category=category,
        )
        for found_ref, draft in zip(refs, drafts, strict=True)
    ]


def _content(found: ImportedItem) -> tuple[object, ...]:
    return (found.source_id, found.draft, found.title, found.tags, found.category)


@settings(max_examples=150, deadline=None)
@given(items(gift=True))
def test_gift_round_trip_gives_the_same_items(written: list[ImportedItem]) -> None:
    parsed = parse_gift(write_gift(written))
    assert parsed.skipped == []
    assert [_content(found) for found in parsed.items] == [_content(found) for found in written]
    assert all(found.dropped == () for found in parsed.items)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items(gift=False))
def test_yaml_round_trip_gives_the_same_items(written: list[ImportedItem]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bank.yaml"
        path.write_text(write_yaml(written), encoding="utf-8")
        parsed = read_yaml(path)
    assert [_content(found) for found in parsed.items] == [_content(found) for found in written]


def test_a_short_answer_gift_would_read_as_a_matching_pair_is_named_as_lost() -> None:
    draft = ItemDraft(ItemType.SHORT_TEXT, "Arrow?", spec={"accepted": ["->", "arrow"]})
    lost = gift_losses(ImportedItem(source_id="arrow", draft=draft))
    assert [(found.construct, "'->'" in found.reason) for found in lost] == [("spec.accepted", True)]
