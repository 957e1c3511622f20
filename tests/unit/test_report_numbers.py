"""Shares beside their rules, and one way of printing a share everywhere (terminal, CSV reasons, pictures)."""

from fractions import Fraction

import pytest

from assess.reporting import terminal
from assess.reporting.numbers import decimal_beside, limit_percent, percent, percent_beside
from assess.reporting.score_chart import score_distribution_svg
from assess.reporting.wording import percent as picture_percent
from assess.reporting.wording import shortened
from assess.stats import analyse, build_count_tables
from assess.stats.build import SlotSpec

F = Fraction


@pytest.mark.parametrize(
    ("value", "limit", "text"),
    [
        (F(475, 10000), F(5, 100), "4.8%"),  # 4.75%: half-even rounds to 4.8, still under 5
        (F(496, 10000), F(5, 100), "4.9%"),  # 4.96% would round to 5.0%: "5.0%, under 5%" contradicts the rule
        (F(4999, 100000), F(5, 100), "4.9%"),
        (F(9501, 10000), F(95, 100), "95.1%"),  # 95.01% would round to 95.0%, "above 95%"
        (F(1, 100000), F(5, 100), "<0.1%"),
        (F(0), F(5, 100), "0.0%"),
        (F(5, 100), F(5, 100), "5.0%"),
    ],
)
def test_a_share_beside_its_limit_never_contradicts_it(value, limit, text):
    assert percent_beside(value, limit) == text


def test_coefficients_beside_their_limit():
    assert decimal_beside(0.199, F(1, 5)) == "0.19"
    assert decimal_beside(0.1949, F(1, 5)) == "0.19"
    assert decimal_beside(-0.001, 0) == "-0.01"
    assert decimal_beside(-0.91287, 0) == "-0.91"


@pytest.mark.parametrize("value", [F(n, 997) for n in range(0, 998, 7)])
def test_beside_is_on_the_right_side_of_every_limit(value):
    for limit in (F(1, 20), F(1, 10), F(95, 100), F(1, 2)):
        shown = F(percent_beside(value, limit).lstrip("<").rstrip("%")) / 100
        if value < limit:
            assert shown < limit
        elif value > limit:
            assert shown > limit


def test_limits_print_as_written():
    assert (limit_percent(F(1, 20)), limit_percent(F(1, 8)), limit_percent(F(95, 100))) == ("5%", "12.5%", "95%")


def test_a_share_prints_the_same_in_the_terminal_and_in_the_picture():
    """15.25% was "15.2%" in the terminal and "15.25%" in the SVG; now one function prints both."""
    totals = [1] * 61 + [0] * 339  # 61 of 400 pass: 15.25%
    report = analyse(build_count_tables([[x] for x in totals], [SlotSpec(1, F(1))]), pass_threshold=F(1))
    assert report.assessment.pass_rate == F(61, 400)
    text = terminal.render_report(report, title="Quiz")
    svg = score_distribution_svg({1: 61, 0: 339}, F(1), F(1))
    assert percent(F(61, 400)) == picture_percent(F(61, 400)) == "15.2%"
    assert "Pass rate at 100.0%  15.2%" in text and "61 passed (15.2%)" in svg and "15.25" not in svg


def test_never_zero_or_all_unless_it_is():
    assert (percent(F(1, 20000)), percent(F(19999, 20000)), percent(F(0)), percent(F(1))) == (
        "<0.1%",
        ">99.9%",
        "0.0%",
        "100.0%",
    )


def test_option_text_is_cut_short_at_a_word():
    assert shortened("Paris") == "Paris"
    assert shortened("Lyon, the largest city on the Rhône and once capital of the Gauls") == (
        "Lyon, the largest city on the Rhône…"
    )
    assert shortened("  many\n spaces  ") == "many spaces"
    assert len(shortened("x" * 100)) == 40
