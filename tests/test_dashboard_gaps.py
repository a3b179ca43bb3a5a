"""A measure with quarters missing: its trend names the quarter it compares with, and its
chart stands each point at its quarter and breaks the line where a quarter has no value."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from conftest import Site, new_site

SVG = "{http://www.w3.org/2000/svg}"

GAP = """\
title: Gap measure
unit: days
target: 5
better: lower
priority: neglect
values:
  2025-Q3: 7
  2024-Q1: 4
"""

#: Two quarters, a year and a half with none, then two more.
SPLIT = """\
title: Split measure
unit: percent
values:
  2024-Q1: 60
  2024-Q2: 65
  2025-Q4: 70
  2026-Q1: 75
"""

#: One quarter on its own, one quarter missing, then two in a row.
LONE = """\
title: Lone measure
unit: count
values:
  2024-Q1: 10
  2024-Q3: 12
  2024-Q4: 15
"""

#: Across the turn of a year, the quarter before is still last quarter.
STEADY = """\
title: Steady measure
unit: days
target: 5
better: lower
values:
  2024-Q3: 9
  2024-Q4: 8
  2025-Q1: 6
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Site:
    """A small site with the four measures above, built once for the module."""
    site = new_site(tmp_path_factory.mktemp("dashboard-gaps") / "project")
    for name, text in (("gap", GAP), ("split", SPLIT), ("lone", LONE), ("steady", STEADY)):
        site.write(f"dashboard/{name}.yml", text)
    result = site.build()
    assert result.exit_code == 0, result.out
    return site


def article(site: Site, measure_id: str) -> str:
    """The dashboard's article on one measure, as built."""
    page = site.html("dashboard/index.html")
    found = re.search(rf'<article class="sl-measure" aria-labelledby="sl-measure-{measure_id}">'
                      r"(.*?)</article>", page, re.DOTALL)
    assert found, measure_id
    return found[1]


def latest_line(site: Site, measure_id: str) -> str:
    found = re.search(r'<p class="sl-measure__latest">(.*?)</p>', article(site, measure_id),
                      re.DOTALL)
    assert found, measure_id
    return html.unescape(re.sub(r"<[^>]+>", "", found[1]))


def chart(site: Site, measure_id: str) -> ET.Element:
    found = re.search(r"(<svg.*?</svg>)", article(site, measure_id), re.DOTALL)
    assert found, measure_id
    return ET.fromstring(found[1])


def description(svg: ET.Element) -> str:
    return svg.find(f"{SVG}desc").text


def circles(svg: ET.Element) -> list[tuple[float, float]]:
    return [(float(c.get("cx")), float(c.get("cy"))) for c in svg.iter(f"{SVG}circle")]


def lines(svg: ET.Element) -> list[list[tuple[float, float]]]:
    """Each polyline of the series, as its points."""
    return [[tuple(float(n) for n in point.split(",")) for point in line.get("points").split()]
            for line in svg.iter(f"{SVG}polyline")]


def shares(xs: list[float]) -> list[float]:
    """Each x as a share of the distance from the first to the last."""
    return [(x - xs[0]) / (xs[-1] - xs[0]) for x in xs]


# --- the trend in words ---------------------------------------------------------------------
def test_a_change_across_missing_quarters_names_the_quarter_compared_with(built: Site) -> None:
    """7 days in 2025-Q3 against 4 in 2024-Q1 is not a change 'on last quarter'."""
    expected = "Up 3 days on Jan to Mar 2024 (worse); 2 days above target."
    assert latest_line(built, "gap") == (
        f"7 days in Jul to Sep 2025, against a target of 5 days. {expected}")
    assert expected in description(chart(built, "gap"))
    assert "last quarter" not in article(built, "gap")
    # the download has no trend column to disagree with the page
    rows = list(csv.reader(io.StringIO(built.html("dashboard/data/measure-gap.csv"))))
    assert rows == [["quarter", "value", "unit", "target"],
                    ["2025-Q3", "7", "days", "5"], ["2024-Q1", "4", "days", "5"]]


def test_a_change_on_the_quarter_just_before_is_on_last_quarter(built: Site) -> None:
    """2024-Q4 to 2025-Q1 are consecutive, across the turn of the year."""
    expected = "Down 2 days on last quarter (better); 1 day above target."
    assert latest_line(built, "steady").endswith(expected)
    assert expected in description(chart(built, "steady"))
    assert "Up 5 points on last quarter." in latest_line(built, "split")


# --- the chart --------------------------------------------------------------------------------
def test_points_stand_at_their_quarter_and_the_line_breaks_at_a_gap(built: Site) -> None:
    """2024-Q1, 2024-Q2, 2025-Q4 and 2026-Q1 are quarters 0, 1, 7 and 8 of the chart's span:
    the points stand there, and no line crosses the seven quarters with no value."""
    svg = chart(built, "split")
    points = circles(svg)
    assert len(points) == 4
    assert shares([x for x, _ in points]) == pytest.approx([0, 1 / 8, 7 / 8, 1], abs=0.002)
    assert lines(svg) == [points[:2], points[2:]]
    assert "No values for 5 quarters, Jul to Sep 2024 to Jul to Sep 2025: the line breaks " \
           "there." in description(svg)


def test_a_value_with_no_neighbour_keeps_its_point_without_a_line(built: Site) -> None:
    svg = chart(built, "lone")
    points = circles(svg)
    assert shares([x for x, _ in points]) == pytest.approx([0, 2 / 3, 1], abs=0.002)
    assert lines(svg) == [points[1:]]
    assert "No value for Apr to Jun 2024: the line breaks there." in description(svg)


def test_consecutive_quarters_make_one_evenly_spaced_line(built: Site) -> None:
    svg = chart(built, "steady")
    points = circles(svg)
    assert shares([x for x, _ in points]) == pytest.approx([0, 0.5, 1], abs=0.002)
    assert lines(svg) == [points]
    assert "No value" not in description(svg)


def test_the_chart_stays_accessible_and_the_same_from_one_build_to_the_next(
        built: Site, tmp_path: Path) -> None:
    svg = chart(built, "split")
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "chart-split-title chart-split-desc"
    assert svg.find(f"{SVG}title").text == "Split measure"
    again = Site(tmp_path / "project")
    for rel in ("mkdocs.yml", "content/index.md", "content/accessibility.md",
                "dashboard/gap.yml", "dashboard/split.yml", "dashboard/lone.yml",
                "dashboard/steady.yml"):
        again.write(rel, (built.root / rel).read_text(encoding="utf-8"))
    assert again.build().exit_code == 0
    assert again.html("dashboard/index.html") == built.html("dashboard/index.html")


def test_the_dashboards_descriptions_give_dates_as_readers_read_them(built: Site) -> None:
    """SPEC: dates shown as `26 November 2026`, in what a screen reader reads too."""
    page = built.html("dashboard/index.html")
    assert "progress, as of 26 November 2026." in page
    assert "as of 2026-11-26" not in page
