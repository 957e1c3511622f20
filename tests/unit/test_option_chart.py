"""The per-question option chart: each option's share of the lower, middle and upper thirds, the key marked, the
options named as the learner saw them, the question's flags in words below."""

import re
import xml.etree.ElementTree as ET
from fractions import Fraction

import pytest

from assess.reporting.option_chart import option_chart_svg
from assess.reporting.reasons import reason
from assess.stats import analyse
from tests.unit.planted import HARD, MISKEYED, planted_tables

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def report():
    tables, _items = planted_tables(seed=3)
    return analyse(tables)


def chart(report, slot, **extra):
    options = [option for option in report.options if option.slot == slot]
    return options, ET.fromstring(option_chart_svg(options, report.flags, **extra))


def option_groups(root):
    return [g for g in root.iter(SVG + "g") if (g.get("class") or "").startswith("option ")]


def test_each_option_has_three_bars_of_its_thirds_shares(report):
    options, root = chart(report, MISKEYED)
    groups = option_groups(root)
    assert [g.get("data-letter") for g in groups] == ["A", "B", "C", "D", None]
    for option, g in zip(options, groups, strict=True):
        rects = list(g.iter(SVG + "rect"))
        assert [r.get("class") for r in rects] == ["lower", "middle", "upper"]
        shares = [Fraction(r.get("data-share")) for r in rects]
        assert shares == [option.share_lower, option.share_middle, option.share_upper]
        heights = [float(r.get("height")) for r in rects]
        for share, height in zip(shares, heights, strict=True):
            assert height == pytest.approx(float(share) * 240, abs=0.01)  # 0..100% over 240 px


def test_the_key_is_marked_in_words_and_colour(report):
    _options, root = chart(report, MISKEYED)
    groups = option_groups(root)
    assert [g.get("class") for g in groups] == ["option key", *["option distractor"] * 3, "option omitted"]
    labels = [
        " ".join(t.text for t in g.iter(SVG + "text")) for g in root.iter(SVG + "g") if g.get("class") == "option-label"
    ]
    assert labels[0].startswith("A (key) Lyon, the") and labels[2] == "C Paris"
    key_fills = {r.get("fill") for r in groups[0].iter(SVG + "rect")}
    other_fills = {r.get("fill") for r in groups[1].iter(SVG + "rect")}
    assert key_fills.isdisjoint(other_fills)


def test_the_questions_flags_are_listed_in_words(report):
    _options, root = chart(report, MISKEYED)
    text = " ".join(t.text for t in next(g for g in root.iter(SVG + "g") if g.get("class") == "reasons"))
    miskey = next(flag for flag in report.flags if flag.code == "likely_miskeyed")
    assert " ".join(reason(miskey).split()) in " ".join(text.split())
    assert text.startswith("Review now: option C")
    _options, hard = chart(report, HARD)
    hard_text = " ".join(t.text for t in next(g for g in hard.iter(SVG + "g") if g.get("class") == "reasons"))
    assert "miskey" not in hard_text and "Review now" not in hard_text
    slot_flags = [flag for flag in report.flags if flag.slot == HARD]
    assert all(reason(flag).split(":")[0] in hard_text for flag in slot_flags)  # the slot's own flags too


def test_the_title_carries_the_selection_and_the_picture_is_accessible(report):
    _options, root = chart(report, MISKEYED, title="Slot 5", selection="best attempts")
    assert root.get("role") == "img" and root.find(SVG + "title").text == "Slot 5 (best attempts)"
    desc = root.find(SVG + "desc").text
    assert re.search(r"A \(key\): lower third [\d.]+%, middle third [\d.]+%, upper third [\d.]+%", desc)


def test_a_question_without_options_says_so():
    root = ET.fromstring(option_chart_svg([], []))
    assert "no choice options to chart" in " ".join(root.itertext())
