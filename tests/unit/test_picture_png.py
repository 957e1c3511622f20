"""Every analytics picture rendered to PNG, as a browser or a printer would show it, and kept for a reviewer.

cairosvg draws the SVG with Cairo (Debian's libcairo2, which .ci/run installs). A picture that cairosvg cannot
render, or renders blank, fails here. The PNGs are written to screenshots/analytics/ in the checkout (ignored by
git): look at them after a change to a chart, as a teacher would see it.
"""

from __future__ import annotations

import struct
from fractions import Fraction
from pathlib import Path

import cairosvg
import pytest

from assess.reporting.item_map import item_map_svg
from assess.reporting.option_chart import option_chart_svg
from assess.reporting.score_chart import score_distribution_svg
from assess.stats import analyse
from tests.unit.planted import HARD, MISKEYED, planted_tables

OUT = Path(__file__).resolve().parents[2] / "screenshots" / "analytics"


@pytest.fixture(scope="module")
def planted():
    tables, _items = planted_tables(seed=1)
    return tables, analyse(tables, pass_threshold=Fraction(3, 5))


def pictures(tables, report) -> dict[str, str]:
    def options(slot: int):
        return [option for option in report.options if option.slot == slot]

    selection = "first attempts, cohort 7B, scored 2026-11-01 to 2026-11-30"
    return {
        "score-distribution": score_distribution_svg(
            tables.totals, tables.max_total, Fraction(3, 5), title="Module 1 test", selection=selection
        ),
        "score-distribution-half-marks": score_distribution_svg(
            {Fraction(23, 2): 4, Fraction(12): 2, Fraction(25, 2): 1, Fraction(15): 3, Fraction(7): 2},
            Fraction(15),
            Fraction(4, 5),
            title="Half-mark quiz",
            selection="all attempts",
        ),
        "item-map": item_map_svg(report.slots, report.flags, title="Module 1 test: item map"),
        "options-miskeyed": option_chart_svg(
            options(MISKEYED), report.flags, title=f"Slot {MISKEYED}: options by ability group", selection=selection
        ),
        "options-hard": option_chart_svg(options(HARD), report.flags, title=f"Slot {HARD}: options by ability group"),
        "options-rare": option_chart_svg(options(12), report.flags, title="Slot 12: options by ability group"),
        "empty-score-distribution": score_distribution_svg({}, Fraction(15), Fraction(4, 5)),
    }


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


def test_every_picture_renders_to_a_png_a_reviewer_can_open(planted):
    tables, report = planted
    OUT.mkdir(parents=True, exist_ok=True)
    for name, svg in pictures(tables, report).items():
        png = cairosvg.svg2png(bytestring=svg.encode(), output_width=None, scale=1.5, background_color="white")
        width, height = png_size(png)
        assert width > 300 and height > 150, name
        assert len(png) > 4000, f"{name} rendered almost blank"
        (OUT / f"{name}.png").write_bytes(png)
        (OUT / f"{name}.svg").write_text(svg, encoding="utf-8")
    assert {path.stem for path in OUT.glob("*.png")} >= set(pictures(tables, report))
