"""SVG pictures of a report: well-formed, accessible, deterministic, and drawn where the numbers say."""

import random
import re
import xml.etree.ElementTree as ET
from fractions import Fraction

import pytest

from assess.reporting import item_map
from assess.reporting.bins import choose_bins, lattice
from assess.reporting.item_map import item_map_svg
from assess.reporting.placement import Spot, label_box, overlaps, place_labels
from assess.reporting.reasons import reason
from assess.reporting.score_chart import score_distribution_svg
from assess.reporting.svg import num
from assess.stats import Answer, FlagThresholds, SlotSpec, VersionSpec, analyse, build_count_tables

F = Fraction
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert('x')</script> & ]]> \"quoted\" \x00"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def find_all(root, tag, cls=None):
    return [node for node in root.iter(SVG + tag) if cls is None or node.get("class") == cls]


def bars(root):
    """Bar segments in drawing order, as (class, total named, count, x, y, width, height)."""
    return [
        (
            rect.get("class"),
            rect.get("data-total"),
            int(rect.get("data-count")),
            *(float(rect.get(name)) for name in ("x", "y", "width", "height")),
        )
        for group in find_all(root, "g", "bar")
        for rect in group.iter(SVG + "rect")
    ]


def tick_x(root, label):
    """Where the x axis prints `label`: the chart's own ruler, independent of how the test thinks it was scaled."""
    (axis,) = find_all(root, "g", "x-axis")
    (tick,) = [text for text in axis.iter(SVG + "text") if text.get("class") == "tick" and text.text == label]
    return float(tick.get("x"))


def baseline_y(root):
    (axis,) = find_all(root, "g", "x-axis")
    (line,) = [line for line in axis.iter(SVG + "line") if line.get("class") == "baseline"]
    return float(line.get("y1"))


def all_text(root):
    return " ".join(root.itertext())


# --- the builder ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [(12, "12"), (2.5, "2.5"), (F(1, 3), "0.33"), (F(2, 3), "0.67"), (-0.001, "0"), (562.1875, "562.19"), (0.1, "0.1")],
)
def test_numbers_have_at_most_two_decimals_and_no_trailing_zeros(value, text):
    assert num(value) == text


# --- score distribution --------------------------------------------------------------------------------------

FIFTEEN = F(15)
FOUR_FIFTHS = F(4, 5)


def test_one_bar_per_total_with_heights_proportional_to_counts():
    root = parse(score_distribution_svg({3: 1, 7: 4, 12: 2, 15: 3}, FIFTEEN, FOUR_FIFTHS))
    drawn = bars(root)
    assert [(cls, total, count) for cls, total, count, *_ in drawn] == [
        ("fail", "3", 1),
        ("fail", "7", 4),
        ("pass", "12", 2),
        ("pass", "15", 3),
    ]
    # 4 attempts at most, so the y axis runs to 4 over the plot's 266 px: 66.5 px an attempt
    assert [height for *_, height in drawn] == [66.5, 266.0, 133.0, 199.5]
    bottom = baseline_y(root)
    for _, total, _, x, y, width, height in drawn:
        assert y + height == pytest.approx(bottom, abs=0.01)
        assert x + width / 2 == pytest.approx(tick_x(root, total), abs=0.01)  # centred on its own mark


def test_threshold_line_runs_between_the_last_failing_and_the_first_passing_bar():
    root = parse(score_distribution_svg({11: 5, 12: 3}, FIFTEEN, FOUR_FIFTHS))
    (threshold,) = find_all(root, "g", "threshold")
    (line,) = threshold.iter(SVG + "line")
    # [-0.5, 15.5] onto [70, 700]: 11.5 marks sit at 70 + 12 x 630/16, halfway between the 11 and 12 ticks
    assert float(line.get("x1")) == float(line.get("x2")) == 542.5
    assert float(line.get("x1")) == pytest.approx((tick_x(root, "11") + tick_x(root, "12")) / 2, abs=0.01)
    fail_right = max(x + width for cls, _, _, x, _, width, _ in bars(root) if cls == "fail")
    pass_left = min(x for cls, _, _, x, *_ in bars(root) if cls == "pass")
    assert fail_right < 542.5 < pass_left  # through no bar
    assert "pass mark 12 of 15 (80.0%)" in all_text(threshold)


def test_a_pass_mark_between_whole_marks_draws_the_line_below_the_first_passing_total():
    root = parse(score_distribution_svg({9: 1, 10: 1}, FIFTEEN, F(19, 30)))  # 9.5 marks: 10 passes, 9 fails
    (line,) = find_all(root, "g", "threshold")[0].iter(SVG + "line")
    assert float(line.get("x1")) == pytest.approx((tick_x(root, "9") + tick_x(root, "10")) / 2, abs=0.01)


def test_the_legend_names_pass_and_fail_and_the_subtitle_the_selection():
    svg = score_distribution_svg({11: 5, 12: 3}, FIFTEEN, FOUR_FIFTHS, selection="first attempts, cohort 7B")
    root = parse(svg)
    (legend,) = find_all(root, "g", "legend")
    assert "failed (below 12)" in all_text(legend) and "passed (12 or more)" in all_text(legend)
    assert {rect.get("class") for rect in legend.iter(SVG + "rect")} == {"legend-fail", "legend-pass"}
    assert root.find(SVG + "title").text == "Score distribution (first attempts, cohort 7B)"
    assert find_all(root, "text", "subtitle")[0].text == "first attempts, cohort 7B"


@pytest.mark.parametrize(
    ("totals", "max_total", "threshold", "expected"),
    [
        ({11: 5, 12: 3}, FIFTEEN, FOUR_FIFTHS, {"11": "fail", "12": "pass"}),
        ({9: 1, 10: 1}, FIFTEEN, F(2, 3), {"9": "fail", "10": "pass"}),
        ({0: 2, 1: 1}, F(3), F(0), {"0": "pass", "1": "pass"}),
        ({2: 2, 3: 1}, F(3), F(1), {"2": "fail", "3": "pass"}),
        # 1/10 of 3 marks is 0.3, but 0.1 x 3 is 0.30000000000000004 in floats, which would fail a total of 0.3
        ({F(3, 10): 2, F(2, 10): 1}, F(3), F(1, 10), {"0.3": "pass", "0.2": "fail"}),
    ],
)
def test_a_total_equal_to_the_threshold_mark_passes(totals, max_total, threshold, expected):
    root = parse(score_distribution_svg(totals, max_total, threshold))
    assert {total: cls for cls, total, *_ in bars(root)} == expected


def test_caption_states_attempts_and_the_exact_pass_rate():
    text = all_text(parse(score_distribution_svg({11: 5, 12: 3}, FIFTEEN, FOUR_FIFTHS)))
    assert "8 attempts" in text and "3 passed (37.5%) at 12 or more" in text


def test_without_a_pass_mark_bars_are_neither_pass_nor_fail_and_there_is_no_line():
    root = parse(score_distribution_svg({3: 2, 5: 7}, F(7), None))
    assert {cls for cls, *_ in bars(root)} == {"bar"}
    assert not find_all(root, "g", "threshold")
    assert "no pass mark set" in all_text(root)


def test_half_marks_are_binned_one_possible_total_a_bin():
    totals = {F(23, 2): 4, F(12): 2, F(25, 2): 1, F(15): 3}
    root = parse(score_distribution_svg(totals, FIFTEEN, FOUR_FIFTHS))
    assert "total mark out of 15, in 31 bins of 0.5" in all_text(root)
    drawn = bars(root)
    assert [(cls, total, count) for cls, total, count, *_ in drawn] == [
        ("fail", "11.5", 4),
        ("pass", "12", 2),
        ("pass", "12.5", 1),
        ("pass", "15", 3),
    ]
    # 31 bins over [-0.25, 15.25] on 630 px: each 20.32 px, the bar 80% of it
    assert {width for *_, width, _ in drawn} == {16.26}
    (line,) = find_all(root, "g", "threshold")[0].iter(SVG + "line")
    # between the 11.5 and 12 bins: 70 + 12 x 630/15.5, rounded
    assert float(line.get("x1")) == 557.74
    fail_right = max(x + width for cls, _, _, x, _, width, _ in drawn if cls == "fail")
    pass_left = min(x for cls, _, _, x, *_ in drawn if cls == "pass")
    assert fail_right < 557.74 < pass_left


def test_thirds_fall_into_whole_mark_bins_that_hold_equally_many_possible_totals():
    # totals in thirds of 20 marks: 61 possible totals, no equal split into centred bins, so 20 bins of 1 from 0
    totals = {F(28, 3): 2, F(29, 3): 1, F(10): 4, F(59, 3): 2, F(20): 1}
    root = parse(score_distribution_svg(totals, F(20), F(1, 2)))
    assert "in 20 bins of 1" in all_text(root)
    assert [(cls, total, count) for cls, total, count, *_ in bars(root)] == [
        ("fail", "9 to ≈9.67", 3),
        ("pass", "10 to ≈10.67", 4),
        ("pass", "19 to 20", 3),
    ]


def test_a_bin_holding_passes_and_fails_stacks_fail_under_pass():
    # pass mark 10.2 of 20: 10 fails and 10 1/3 passes, and no even binning of thirds separates them
    root = parse(score_distribution_svg({F(10): 2, F(31, 3): 3, F(20): 1}, F(20), F(51, 100)))
    (stacked, _) = find_all(root, "g", "bar")
    (fail, passed) = stacked.iter(SVG + "rect")
    assert (fail.get("class"), fail.get("data-count"), passed.get("class"), passed.get("data-count")) == (
        "fail",
        "2",
        "pass",
        "3",
    )
    fail_y, fail_h = float(fail.get("y")), float(fail.get("height"))
    pass_y, pass_h = float(passed.get("y")), float(passed.get("height"))
    assert fail_y + fail_h == pytest.approx(baseline_y(root), abs=0.01)
    assert pass_y + pass_h == pytest.approx(fail_y, abs=0.01)
    assert pass_h / fail_h == pytest.approx(3 / 2, abs=0.001)


def test_many_whole_mark_totals_are_binned_into_at_most_forty_bins():
    totals = {k: 1 + k % 3 for k in range(0, 101)}
    root = parse(score_distribution_svg(totals, F(100), F(13, 20)))
    assert "in 20 bins of 5" in all_text(root)
    drawn = bars(root)
    assert len(drawn) == 20
    assert sum(count for _, _, count, *_ in drawn) == sum(totals.values())
    assert [total for _, total, *_ in drawn][12:14] == ["60 to 64", "65 to 69"]
    assert {cls for cls, total, *_ in drawn if total == "60 to 64"} == {"fail"}
    assert {cls for cls, total, *_ in drawn if total == "65 to 69"} == {"pass"}


def test_bins_hold_equal_shares_of_the_possible_totals():
    bins = choose_bins([F(1, 2), F(7)], FIFTEEN, F(12))
    assert lattice([F(1, 2), F(7), FIFTEEN]) == F(1, 2)
    assert (bins.origin, bins.width, bins.count) == (F(-1, 4), F(1, 2), 31)
    per_bin = {}
    for k in range(31):
        per_bin[bins.index(F(k, 2))] = per_bin.get(bins.index(F(k, 2)), 0) + 1
    assert set(per_bin.values()) == {1} and len(per_bin) == 31


@pytest.mark.parametrize("totals", [{}, {F(5): 0}])
def test_no_attempts_is_still_a_valid_picture(totals):
    root = parse(score_distribution_svg(totals, FIFTEEN, FOUR_FIFTHS))
    assert "no scored attempts yet" in all_text(root)
    assert not bars(root)
    assert_accessible(root)


def test_a_test_worth_no_marks_has_nothing_to_chart():
    assert "worth no marks" in all_text(parse(score_distribution_svg({0: 4}, F(0), FOUR_FIFTHS)))


@pytest.mark.parametrize(
    ("totals", "max_total", "threshold", "message"),
    [
        ({16: 1}, FIFTEEN, FOUR_FIFTHS, "outside"),
        ({-1: 1}, FIFTEEN, FOUR_FIFTHS, "outside"),
        ({5: 1}, FIFTEEN, F(6, 5), "between 0 and 1"),
        ({5: -1}, FIFTEEN, FOUR_FIFTHS, "non-negative"),
    ],
)
def test_inconsistent_input_is_refused(totals, max_total, threshold, message):
    with pytest.raises(ValueError, match=message):
        score_distribution_svg(totals, max_total, threshold)


# --- item map ------------------------------------------------------------------------------------------------

# Ten learners, weakest first. Slots 1-3 rise with ability; slot 4 is keyed A but the strong learners chose B
# (a miskey); everyone got slot 5, so it has no variance.
S1 = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]
S2 = [0, 0, 0, 0, 1, 0, 1, 1, 1, 1]
S3 = [0, 0, 0, 1, 0, 1, 0, 1, 1, 1]
S4 = ["A", "C", "A", "A", "C", "B", "A", "B", "B", "B"]


@pytest.fixture(scope="module")
def report():
    attempts = [[S1[i], S2[i], S3[i], Answer(F(S4[i] == "A"), option=S4[i]), 1] for i in range(10)]
    slots = [SlotSpec(n, F(1)) for n in range(1, 6)]
    versions = [VersionSpec(4, options=(("A", True), ("B", False), ("C", False)))]
    report = analyse(build_count_tables(attempts, slots, versions))
    assert {flag.slot for flag in report.flags} == {4, 5}  # the data does what the comment says
    assert report.slots[3].discrimination_index < 0
    return report


def points(root):
    found = {}
    for group in find_all(root, "g"):
        if group.get("class") in {"ok", "flagged"}:
            x, y = map(float, re.fullmatch(r"translate\((\S+) (\S+)\)", group.get("transform")).groups())
            found[int(group.get("data-slot"))] = (group.get("class"), x, y, group)
    return found


def expected_position(item):
    """Facility [0, 1] across 80..580 px; discrimination [-1, 1] up 424..64 px, 0 at 244."""
    return round(80 + float(item.facility) * 500, 2), round(244 - item.discrimination_index * 180, 2)


def test_the_miskeyed_item_is_marked_and_the_others_are_not(report):
    """Ten learners are too few for the miskey screen (an exact test), so slot 4 is marked for its negative
    discrimination, worth a look, and the reason says it is within chance."""
    root = parse(item_map_svg(report.slots, report.flags))
    drawn = points(root)
    assert {slot: cls for slot, (cls, *_) in drawn.items()} == {1: "ok", 2: "ok", 3: "ok", 4: "flagged"}
    for item in report.slots[:4]:
        assert drawn[item.slot][1:3] == expected_position(item)
    assert drawn[4][1:3] == (280.0, 335.54)  # facility 2/5, discrimination -0.51: below the zero line
    flagged = drawn[4][3]
    assert [child.tag for child in flagged] == [SVG + "title", SVG + "path", SVG + "text"]
    assert flagged.get("data-mark") == "limits"
    for slot in (1, 2, 3):
        assert drawn[slot][3].get("data-mark") == "ok"
    tip = flagged.find(SVG + "title").text
    for flag in report.flags:
        if flag.slot == 4:
            assert reason(flag) in tip
    assert "within chance for 10 attempts" in tip
    assert flagged.find(SVG + "text").text == "4"
    assert drawn[1][3].find(SVG + "title").text == "slot 1: facility 50.0%, discrimination 0.60"
    (legend,) = find_all(root, "g", "reasons")
    texts = [text.text for text in legend.iter(SVG + "text")]
    assert "Slot 4" in texts and "Slot 5" in texts  # slot 5 is not plotted but still needs its reason told
    assert any(text.startswith("Worth a look: discrimination -0.51, below 0, but within chance") for text in texts)


def test_items_without_coordinates_are_listed_not_plotted(report):
    root = parse(item_map_svg(report.slots, report.flags))
    assert 5 not in points(root)
    desc = root.find(SVG + "desc").text
    assert "slot 5 (no variance; 1 flag to review)" in desc
    assert "Not plotted: slot 5 (no variance; 1 flag to review)." in all_text(find_all(root, "g", "caption")[0])
    assert "facility 100.0%, above 95%: too easy" in desc


def test_the_shaded_region_is_where_no_facility_or_discrimination_rule_fires(report):
    root = parse(item_map_svg(report.slots, report.flags))
    (region,) = find_all(root, "g", "acceptable")
    rect = region.find(SVG + "rect")
    # facility 10%..95% is 130..555 px; discrimination 0.2..1 is 208..64 px
    assert [float(rect.get(name)) for name in ("x", "y", "width", "height")] == [130, 64, 425, 144]
    strict = FlagThresholds(min_facility=F(1, 4), max_facility=F(3, 4), min_discrimination=0.5)
    rect = find_all(parse(item_map_svg(report.slots, report.flags, thresholds=strict)), "g", "acceptable")[0]
    assert [float(rect[0].get(name)) for name in ("x", "y", "width", "height")] == [205, 64, 250, 90]


def test_a_version_carries_only_its_own_flags(report):
    root = parse(item_map_svg(report.versions, report.flags))
    drawn = points(root)
    assert drawn[4][0] == "ok"  # no option flag on version "1" of slot 4
    tip = drawn[4][3].find(SVG + "title").text
    assert "negative" not in tip  # the slot's own flags stay with the slot
    assert drawn[4][3].find(SVG + "text").text == "4 v1"


def test_an_empty_item_list_is_still_a_valid_picture():
    root = parse(item_map_svg([], []))
    assert "no items to plot" in all_text(root)
    assert_accessible(root)


# --- shared: accessibility, escaping, determinism ------------------------------------------------------------


def assert_accessible(root):
    assert root.tag == SVG + "svg" and root.get("role") == "img"
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox"))
    title, desc = root[0], root[1]
    assert (title.tag, desc.tag) == (SVG + "title", SVG + "desc")
    assert title.text and desc.text
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")


def every_picture(report, title=None):
    extra = {} if title is None else {"title": title}
    return [
        score_distribution_svg({3: 1, 7: 4, 12: 2}, FIFTEEN, FOUR_FIFTHS, **extra),
        score_distribution_svg({F(23, 2): 1, F(12): 1}, FIFTEEN, FOUR_FIFTHS, **extra),
        score_distribution_svg({}, FIFTEEN, FOUR_FIFTHS, **extra),
        item_map_svg(report.slots, report.flags, **extra),
        item_map_svg([], [], **extra),
    ]


def test_every_picture_is_accessible(report):
    for svg in every_picture(report):
        assert_accessible(parse(svg))


def test_hostile_titles_are_escaped(report):
    for svg in every_picture(report, HOSTILE):
        root = parse(svg)
        assert root.find(SVG + "title").text == HOSTILE.replace("\x00", "\ufffd")
        assert not list(root.iter(SVG + "script")) and not list(root.iter("script"))
        assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_same_input_same_bytes(report):
    assert every_picture(report) == every_picture(report)
    shuffled = list({3: 1, 7: 4, 12: 2, 15: 3}.items())
    random.Random(4).shuffle(shuffled)
    assert score_distribution_svg(dict(shuffled), FIFTEEN, FOUR_FIFTHS) == score_distribution_svg(
        {3: 1, 7: 4, 12: 2, 15: 3}, FIFTEEN, FOUR_FIFTHS
    )


def test_different_pictures_get_different_ids(report):
    ids = {parse(svg).get("aria-labelledby") for svg in every_picture(report)}
    assert len(ids) == 5


def test_layout_constants_the_tests_rely_on():
    assert (item_map.PLOT_LEFT, item_map.PLOT_RIGHT, item_map.PLOT_TOP, item_map.PLOT_BOTTOM) == (80, 580, 64, 424)


def test_labels_of_clustered_points_keep_clear_of_each_other_and_of_every_marker():
    cluster = [(F(100), F(100), "12"), (F(112), F(100), "13"), (F(106), F(110), "4"), (F(100), F(88), "10")]
    spots = place_labels(cluster)
    boxes = [label_box(x, y, text, spot) for (x, y, text), spot in zip(cluster, spots, strict=True)]
    markers = [(x - 7, y - 7, x + 7, y + 7) for x, y, _ in cluster]
    assert len({spot.anchor + str(spot.dy) for spot in spots}) > 1  # the crowd forced labels apart
    for index, box in enumerate(boxes):
        assert not any(overlaps(box, other) for other in boxes[index + 1 :])
        assert not any(overlaps(box, marker) for marker in markers)


def test_labels_on_a_crowded_item_map_do_not_overlap():
    """Twelve items within a few points of facility and discrimination of each other: every label clears every
    other label and every marker (the layout the map itself computes, read back from the SVG)."""
    rng = random.Random(7)
    rows = []
    for learner in range(60):
        ability = learner / 60
        rows.append([int(rng.random() < 0.45 + 0.3 * ability + 0.01 * (slot % 3)) for slot in range(12)])
    report = analyse(build_count_tables(rows, [SlotSpec(n, F(1)) for n in range(1, 13)]))
    root = parse(item_map_svg(report.slots, report.flags))
    boxes, markers = [], []
    for _slot, (_cls, x, y, group) in points(root).items():
        label = group.find(SVG + "text")
        spot = Spot(int(label.get("x")), int(label.get("y")), label.get("text-anchor"))
        boxes.append(label_box(F(x), F(y), label.text, spot))
        markers.append((F(x) - 7, F(y) - 7, F(x) + 7, F(y) + 7))
    assert len(boxes) == 12
    spots = {(label_spot.dx, label_spot.dy) for label_spot in placed_spots(root)}
    assert len(spots) > 2  # crowded enough that labels had to move off the first spot
    for index, box in enumerate(boxes):
        assert not any(overlaps(box, other) for other in boxes[index + 1 :])
        assert not any(overlaps(box, marker) for marker in markers)


def placed_spots(root):
    for _slot, (_cls, _x, _y, group) in points(root).items():
        label = group.find(SVG + "text")
        yield Spot(int(label.get("x")), int(label.get("y")), label.get("text-anchor"))
