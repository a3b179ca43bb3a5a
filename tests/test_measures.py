"""Measures (`dashboard/<id>.yml`): read with every problem at its line, said in words, as
CSV and JSON, and drawn as static, accessible SVG."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import CONFIG, ROOT, Site
from safeguarding_learning.config import load_project
from safeguarding_learning.core.diagnostics import MAX_PER_FILE
from safeguarding_learning.core.measures import (
    Measure,
    Quarter,
    format_value,
    load_measures,
    measure_csv,
    measure_rows,
    measures_json,
    read_measure,
    trend_sentence,
)
from safeguarding_learning.core.settings import SiteSettings
from safeguarding_learning.site.charts import bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"

VALID = """\
title: Initial conferences within 15 working days
description: Conferences held on time.
unit: percent
target: 85
better: higher
priority: multi-agency-working
values:
  2025-Q2: 80
  2024-Q4: 71.4
  2025-Q1: 68.2
"""


def load(site: Site):
    return load_measures(load_project(site.root / "mkdocs.yml"))


def problems(site: Site, rel: str, text: str) -> list[str]:
    """The diagnostics, as printed, of one measure file in an otherwise empty site."""
    site.write(rel, text)
    measures, diagnostics = load(site)
    assert measures == []
    return [d.as_text() for d in diagnostics]


def measure(values: list[tuple[str, float]], unit: str = "percent", target: float | None = None,
            better: str | None = None) -> Measure:
    return Measure(id="m", rel="dashboard/m.yml", title="Conferences on time", unit=unit,
                   values=[(Quarter.parse(q), v) for q, v in values], target=target,
                   better=better)


# --- reading ---------------------------------------------------------------------------


def test_valid_measure_is_read_with_its_quarters_oldest_first(site: Site) -> None:
    """Every key is read; values are sorted by quarter whatever order they were written in."""
    site.write("dashboard/initial-conferences.yml", VALID)
    measures, diagnostics = load(site)
    assert diagnostics == []
    [found] = measures
    assert found.id == "initial-conferences"
    assert found.rel == "dashboard/initial-conferences.yml"
    assert found.title == "Initial conferences within 15 working days"
    assert found.description == "Conferences held on time."
    assert (found.unit, found.target, found.better) == ("percent", 85.0, "higher")
    assert found.priority == "multi-agency-working"
    assert found.values == [(Quarter(2024, 4), 71.4), (Quarter(2025, 1), 68.2),
                            (Quarter(2025, 2), 80.0)]
    assert found.latest == (Quarter(2025, 2), 80.0)
    assert found.previous == (Quarter(2025, 1), 68.2)


def test_a_measure_in_a_folder_within_the_dashboards_is_said_to_be_unread(site: Site) -> None:
    site.write("dashboard/2025/initial-conferences.yml", VALID)
    site.write("dashboard/places.yaml", "title: Places\nunit: count\nvalues:\n  2025-Q3: 12\n")
    result = site.check()
    assert result.lines == [
        "dashboard/2025/initial-conferences.yml:1: error: measures sit directly in "
        "'dashboard/', not in a folder within it: this file is not read (move it to "
        "'dashboard/initial-conferences.yml')"], result.out
    assert [m.id for m in load(site)[0]] == ["places"]  # .yaml is read as .yml is


def test_optional_keys_may_be_left_out(site: Site) -> None:
    """Only title, unit and values are required; a lower-case q is still a quarter."""
    site.write("dashboard/places.yml", "title: Places\nunit: count\nvalues:\n  2025-q3: 12\n")
    [found], diagnostics = load(site)
    assert diagnostics == []
    assert (found.description, found.target, found.better, found.priority) == ("", None, None,
                                                                               None)
    assert found.values == [(Quarter(2025, 3), 12.0)]
    assert found.previous is None


def test_a_measure_may_start_with_a_yaml_document_marker(site: Site) -> None:
    """`---` opens a YAML file; it is not front matter to be closed, and lines still count."""
    path = site.write("dashboard/m.yml", "---\ntitle: M\nunit: percent\nvalues:\n  2025-Q1: 101\n")
    found, diagnostics = read_measure(path, "dashboard/m.yml", SiteSettings())
    assert found is None
    assert [d.line for d in diagnostics] == [5]
    path.write_text("---\ntitle: M\nunit: percent\nvalues:\n  2025-Q1: 100\n", encoding="utf-8")
    found, diagnostics = read_measure(path, "dashboard/m.yml", SiteSettings())
    assert diagnostics == []
    assert found.values == [(Quarter(2025, 1), 100.0)]


def test_every_problem_in_a_measure_is_reported_at_its_line_in_one_round(site: Site) -> None:
    """Unknown key, unit, quarters, numbers, target, better and priority: all at once."""
    found = problems(site, "dashboard/re-referrals.yml", """\
        title: Re-referrals
        unit: percentage
        valeus: 3
        values:
          2025-Q5: 20
          2025Q1: 21
          Q1 2025: 22
          2025-Q2: 87,5
          2025-Q3: yes
          2025-Q4: 88%
          2026-Q1:
        target: high
        better: up
        priority: neglet
        """)
    assert found == [
        "dashboard/re-referrals.yml:2: error: unknown unit 'percentage' (did you mean 'percent'? use one of: percent, count, days)",
        "dashboard/re-referrals.yml:3: error: unknown key 'valeus' (did you mean 'values'?)",
        "dashboard/re-referrals.yml:5: error: '2025-Q5' is not a quarter (write a quarter as YEAR-Q1 to YEAR-Q4, e.g. 2025-Q2)",
        "dashboard/re-referrals.yml:6: error: '2025Q1' is not a quarter (write it as 2025-Q1)",
        "dashboard/re-referrals.yml:7: error: 'Q1 2025' is not a quarter (write it as 2025-Q1)",
        "dashboard/re-referrals.yml:8: error: the value for 2025-Q2 is not a number: '87,5' (use a full stop for decimals and no commas in thousands, e.g. 2025-Q2: 87.5)",
        "dashboard/re-referrals.yml:9: error: the value for 2025-Q3 is not a number: 'true' (write just the number, e.g. 2025-Q3: 87.5)",
        "dashboard/re-referrals.yml:10: error: the value for 2025-Q4 is not a number: '88%' (leave out the % sign: the unit says it is a percent, e.g. 2025-Q4: 87.5)",
        "dashboard/re-referrals.yml:11: error: 2026-Q1 has no value (write a number, or leave the quarter out until there is one, e.g. 2026-Q1: 87.5)",
        "dashboard/re-referrals.yml:12: error: 'target' must be a number, not 'high' (write just the number, e.g. target: 85)",
        "dashboard/re-referrals.yml:13: error: 'better' cannot be 'up' (use one of: higher, lower)",
        "dashboard/re-referrals.yml:14: error: unknown theme 'neglet' in 'priority' (did you mean 'neglect'? a priority is one of the theme ids listed under 'themes' in mkdocs.yml)",
    ]


def test_missing_required_keys_are_reported_on_line_1(site: Site) -> None:
    """A measure without title, unit or values says which key to add."""
    found = problems(site, "dashboard/empty.yml", "description: Nothing else.\n")
    assert found == [
        "dashboard/empty.yml:1: error: required key 'title' is missing (add a line such as 'title: Re-referrals within 12 months')",
        "dashboard/empty.yml:1: error: required key 'unit' is missing (add a line such as 'unit: percent')",
        "dashboard/empty.yml:1: error: required key 'values' is missing (add a line such as 'values: {2025-Q1: 87.5}')",
    ]


def test_personal_data_in_a_measure_is_reported_at_its_line(site: Site) -> None:
    """A measure's title and description are published as written."""
    text = VALID.replace("title: Initial conferences within 15 working days",
                         "title: Conferences (ask Jo on 07700 900444)").replace(
        "description: Conferences held on time.",
        "description: Figures from jo.bloggs@gmail.com.")
    found = problems(site, "dashboard/conferences.yml", text)
    assert [line.split(" (remove")[0] for line in found] == [
        "dashboard/conferences.yml:1: error: personal data: a phone number ('07700 900444') "
        "must not be published",
        "dashboard/conferences.yml:2: error: personal data: an email address "
        "('jo.bloggs@gmail.com') must not be published",
    ]


@pytest.mark.parametrize("title, kind", [
    ('"Calls to jo\\x40example.com"', "an email address"),  # a YAML escape
    ('"Ring 07700\\u0020900444"', "a phone number"),
    ("Ring 07700\n\n  900444", "a phone number"),  # folded over a blank line
])
def test_personal_data_in_a_measure_is_read_as_yaml_reads_it(site: Site, title: str,
                                                             kind: str) -> None:
    """The dashboard publishes a measure's title as YAML reads it: an escape or a line
    folded over a blank one must not hide personal data from `check` (the build's last
    look stopped it, blaming the dashboard's page)."""
    text = VALID.replace("title: Initial conferences within 15 working days", f"title: {title}")
    found = problems(site, "dashboard/conferences.yml", text)
    assert [line.split(" (")[0] for line in found] == [
        f"dashboard/conferences.yml:1: error: personal data: {kind}"]


def test_the_same_quarter_twice_is_reported_at_the_second(site: Site) -> None:
    """Written twice exactly (YAML would keep the last silently) or with a lower-case q."""
    found = problems(site, "dashboard/twice.yml", """\
        title: Twice
        unit: count
        values:
          2025-Q1: 10
          2025-Q2: 11
          2025-Q1: 12
          2025-q2: 13
        """)
    assert found == [
        "dashboard/twice.yml:6: error: 2025-Q1 is given twice (keep one; the first is on line 4)",
        "dashboard/twice.yml:7: error: 2025-Q2 is given twice (keep one; the first is on line 5)",
    ]


def test_the_same_quarter_twice_on_one_line_is_reported(site: Site) -> None:
    """`values: {2025-Q1: 1, 2025-Q1: 2}` is not one value silently dropped."""
    found = problems(site, "dashboard/twice.yml",
                     "title: Twice\nunit: count\nvalues: {2025-Q1: 1, 2025-Q1: 2}\n")
    assert found == ["dashboard/twice.yml:3: error: 2025-Q1 is given twice (keep one; the "
                     "first is on line 3)"]


@pytest.mark.parametrize(("unit", "value", "message"), [
    ("percent", "100.5", "the value for 2025-Q1 is 100.5: a percent must be between 0 and 100"),
    ("percent", "-1", "the value for 2025-Q1 is -1: a percent must be between 0 and 100"),
    ("count", "-3", "the value for 2025-Q1 is -3: a count cannot be negative"),
    ("days", "-0.5", "the value for 2025-Q1 is -0.5: a number of days cannot be negative"),
])
def test_a_value_outside_what_its_unit_allows(site: Site, unit: str, value: str,
                                              message: str) -> None:
    """A percent is 0 to 100; a count or a number of days is not negative."""
    found = problems(site, "dashboard/m.yml",
                     f"title: M\nunit: {unit}\nvalues:\n  2024-Q4: 1\n  2025-Q1: {value}\n")
    assert len(found) == 1
    assert found[0].startswith(f"dashboard/m.yml:5: error: {message} (")


def test_a_target_outside_what_its_unit_allows(site: Site) -> None:
    """A percent target of 850 is reported at the target's line."""
    found = problems(site, "dashboard/m.yml",
                     "title: M\nunit: percent\ntarget: 850\nvalues:\n  2025-Q1: 80\n")
    assert found == ["dashboard/m.yml:3: error: 'target' is 850: a percent must be between 0 "
                     "and 100 (check the figure; write 87.5 for 87.5%)"]


@pytest.mark.parametrize("value", ["123456789012345678", "1000000000000", "-2000000000000000.5",
                                   "1" + "0" * 400])
def test_a_figure_of_a_trillion_or_more_is_refused(site: Site, value: str) -> None:
    """123456789012345678 was published as 123,456,789,012,345,680 (a float cannot hold
    it), and a 401-digit figure as "not a number"; no measure is that large."""
    found = problems(site, "dashboard/m.yml",
                     f"title: M\nunit: count\ntarget: {value}\nvalues:\n  2025-Q1: {value}\n")
    assert found == [
        "dashboard/m.yml:3: error: 'target' is too large for a measure (a trillion or more) "
        "(check the figure: a measure counts people, days or a percent)",
        "dashboard/m.yml:5: error: the value for 2025-Q1 is too large for a measure (a "
        "trillion or more) (check the figure: a measure counts people, days or a percent)"]


@pytest.mark.parametrize("values", ["values: {}", "values: [80, 81]", "values: 80"])
def test_values_must_map_quarters_to_numbers(site: Site, values: str) -> None:
    """An empty map, a list or a lone number is not a measure's values."""
    [found] = problems(site, "dashboard/m.yml", f"title: M\nunit: percent\n{values}\n")
    assert found.startswith("dashboard/m.yml:3: error: 'values' ")


def test_empty_values_key_is_reported_at_its_line(site: Site) -> None:
    """`values:` with nothing under it."""
    [found] = problems(site, "dashboard/m.yml", "title: M\nunit: percent\nvalues:\n")
    assert found.startswith("dashboard/m.yml:3: error: 'values' is empty")


def test_a_file_name_that_is_not_an_id(site: Site) -> None:
    """The file name is the measure's id, so it must be one; the fix is suggested."""
    found = problems(site, "dashboard/Re Referrals.yml", VALID)
    assert found == ["dashboard/Re Referrals.yml:1: error: file name 'Re Referrals.yml' is not "
                     "a valid id (use lower-case letters, digits and hyphens: rename it to "
                     "'re-referrals.yml')"]


def test_a_priority_comes_from_the_sites_own_themes(site: Site) -> None:
    """A theme the site has removed from `themes` is not a priority."""
    site.write("mkdocs.yml", CONFIG + "      themes: {neglect: Neglect}\n")
    found = problems(site, "dashboard/m.yml", VALID)
    assert found == ["dashboard/m.yml:6: error: unknown theme 'multi-agency-working' in "
                     "'priority' (a priority is one of the theme ids listed under 'themes' in "
                     "mkdocs.yml)"]


@pytest.mark.parametrize(("text", "line", "start"), [
    ("title: M\nunit: count\nvalues:\n  2025-Q1: [1\n", 4,
     "the file is not valid YAML"),
    ("- title: M\n- unit: count\n", 1, "the file must be a list of 'key: value' lines"),
    ("title: &t M\nunit: count\ndescription: *t\nvalues: {2025-Q1: 1}\n", 3,
     "YAML anchors and aliases"),
    ("title: M\ntitle: N\nunit: count\nvalues: {2025-Q1: 1}\n", 2,
     "'title' is given twice"),
])
def test_yaml_that_is_not_a_measure_is_reported_at_its_line(site: Site, text: str, line: int,
                                                           start: str) -> None:
    """Bad YAML, a file that is not 'key: value' lines, aliases and repeated keys."""
    [found] = problems(site, "dashboard/m.yml", text)
    assert found.startswith(f"dashboard/m.yml:{line}: error: {start}")


def test_a_measure_that_is_not_utf8(site: Site) -> None:
    """Bytes that are not UTF-8 are reported at their line, not raised."""
    site.write_bytes("dashboard/m.yml", b"title: M\nunit: count\ndescription: caf\xe9\n")
    _, [found] = load(site)
    assert found.as_text().startswith("dashboard/m.yml:3: error: the file is not UTF-8 text")


def test_problems_in_one_file_are_capped(site: Site) -> None:
    """A file of thousands of bad quarters lists the first problems and says there are more."""
    lines = "".join(f"  {2000 + i}-Q9: 1\n" for i in range(MAX_PER_FILE + 50))
    found = problems(site, "dashboard/m.yml", f"title: M\nunit: count\nvalues:\n{lines}")
    assert len(found) == MAX_PER_FILE + 1
    assert found[0].startswith("dashboard/m.yml:4: error: '2000-Q9' is not a quarter")
    assert "more than 200 problems" in found[-1]


def test_measures_are_loaded_sorted_by_id_from_yml_and_yaml_files(site: Site) -> None:
    """Both endings are read; subfolders and other files are not; the order is by id."""
    body = "title: T\nunit: count\nvalues: {2025-Q1: 1}\n"
    for rel in ("dashboard/zeta.yml", "dashboard/alpha.yaml", "dashboard/mid.yml",
                "dashboard/old/ignored.yml", "dashboard/notes.txt"):
        site.write(rel, body)
    measures, diagnostics = load(site)
    assert diagnostics == []
    assert [m.id for m in measures] == ["alpha", "mid", "zeta"]


def test_two_files_with_one_id_are_an_error(site: Site) -> None:
    """`x.yml` and `x.yaml` would be one measure twice."""
    body = "title: T\nunit: count\nvalues: {2025-Q1: 1}\n"
    site.write("dashboard/places.yaml", body)
    site.write("dashboard/places.yml", body)
    measures, [found] = load(site)
    assert [m.id for m in measures] == ["places"]
    assert found.as_text() == ("dashboard/places.yml:1: error: another measure has the id "
                               "'places' (dashboard/places.yaml) (keep one of the two files)")


def test_no_dashboard_folder_means_no_measures(site: Site) -> None:
    """A site without a dashboard is not an error."""
    assert load(site) == ([], [])


# --- quarters and words ----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2025-Q5", "2025-Q0", "2025Q1", "Q1 2025", "25-Q1", "", "2025"])
def test_what_is_not_a_quarter(text: str) -> None:
    assert Quarter.parse(text) is None


def test_quarters_are_written_ordered_and_labelled() -> None:
    """2025-Q1 round-trips, sorts by time, and is called Jan to Mar 2025 on a page."""
    quarter = Quarter.parse(" 2025-q1 ")
    assert quarter == Quarter(2025, 1)
    assert str(quarter) == "2025-Q1"
    assert quarter.label == "Jan to Mar 2025"
    assert Quarter(2024, 4).label == "Oct to Dec 2024"
    assert quarter.short_label == "Q1 25"
    assert sorted([Quarter(2025, 2), Quarter(2024, 4), Quarter(2025, 1)]) == [
        Quarter(2024, 4), Quarter(2025, 1), Quarter(2025, 2)]
    assert Quarter.parse(2025) is None


@pytest.mark.parametrize(("value", "unit", "expected"), [
    (87.5, "percent", "87.5%"),
    (88.0, "percent", "88%"),
    (87.46, "percent", "87.5%"),
    (1234, "count", "1,234"),
    (1234.56, "count", "1,234.6"),
    (12, "days", "12 days"),
    (1, "days", "1 day"),
    (1.5, "days", "1.5 days"),
    (-0.01, "percent", "0%"),
])
def test_format_value(value: float, unit: str, expected: str) -> None:
    assert format_value(value, unit) == expected


@pytest.mark.parametrize(("values", "unit", "target", "better", "expected"), [
    ([80, 84.2], "percent", None, None, "Up 4.2 points on last quarter."),
    ([80, 84.2], "percent", 86.7, "higher",
     "Up 4.2 points on last quarter (better); 2.5 points below target."),
    ([24, 21], "percent", 20, "lower",
     "Down 3 points on last quarter (better); 1 point above target."),
    ([90, 89], "percent", 89, "higher", "Down 1 point on last quarter (worse); on target."),
    ([3, 3.02], "days", 1, "lower", "No change on last quarter; 2 days above target."),
    ([2, 3], "days", None, "lower", "Up 1 day on last quarter (worse)."),
    ([500, 620], "count", 600, "higher", "Up 120 on last quarter (better); 20 above target."),
    ([91.2], "percent", 90, "higher", "First quarter reported; 1.2 points above target."),
    ([91.2], "percent", None, None, "First quarter reported."),
])
def test_trend_sentence(values: list[float], unit: str, target: float | None,
                        better: str | None, expected: str) -> None:
    quarters = ["2025-Q4", "2026-Q1"][-len(values):]
    found = measure(list(zip(quarters, values, strict=True)), unit, target, better)
    assert trend_sentence(found) == expected


# --- as data -----------------------------------------------------------------------------


def test_rows_and_csv_list_the_quarters_latest_first() -> None:
    """The data table and its download say the same, newest quarter at the top."""
    found = measure([("2025-Q3", 80), ("2025-Q4", 84.2), ("2026-Q1", 86)], target=85)
    assert [(r["quarter"], r["label"], r["value"], r["value_text"], r["target"])
            for r in measure_rows(found)] == [
        ("2026-Q1", "Jan to Mar 2026", 86, "86%", 85),
        ("2025-Q4", "Oct to Dec 2025", 84.2, "84.2%", 85),
        ("2025-Q3", "Jul to Sep 2025", 80, "80%", 85),
    ]
    text = measure_csv(found)
    assert "\r" not in text
    assert list(csv.reader(io.StringIO(text))) == [
        ["quarter", "value", "unit", "target"],
        ["2026-Q1", "86", "percent", "85"],
        ["2025-Q4", "84.2", "percent", "85"],
        ["2025-Q3", "80", "percent", "85"],
    ]
    assert measure_csv(measure([("2025-Q1", 5)], unit="count")).splitlines()[1] == \
        "2025-Q1,5,count,"


def test_json_round_trips_every_measure(site: Site) -> None:
    """The JSON download holds each measure's keys and its values oldest first."""
    site.write("dashboard/initial-conferences.yml", VALID)
    measures, _ = load(site)
    data = json.loads(measures_json(measures))
    assert data == [{
        "id": "initial-conferences", "title": "Initial conferences within 15 working days",
        "description": "Conferences held on time.", "unit": "percent", "target": 85,
        "better": "higher", "priority": "multi-agency-working",
        "values": [{"quarter": "2024-Q4", "value": 71.4}, {"quarter": "2025-Q1", "value": 68.2},
                   {"quarter": "2025-Q2", "value": 80}],
    }]


# --- charts ----------------------------------------------------------------------------


def assert_safe_accessible_svg(svg: str, chart_id: str) -> ET.Element:
    """Parses; names its title and description; no script, style or link of any kind."""
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
    assert root.find(f"{SVG}title").get("id") == f"{chart_id}-title"
    assert root.find(f"{SVG}desc").get("id") == f"{chart_id}-desc"
    assert root.find(f"{SVG}title").text
    assert root.find(f"{SVG}desc").text
    lowered = svg.lower()
    for forbidden in ("<script", "style=", "<style", "href=", "<foreignobject", "<image"):
        assert forbidden not in lowered
    assert re.findall(r"https?:", svg) == ["http:"]  # the xmlns, and nothing else
    return root


def test_line_chart_is_a_safe_described_image_with_a_point_per_quarter() -> None:
    values = [("2024-Q4", 71.4), ("2025-Q1", 68.2), ("2025-Q2", 74.5), ("2025-Q3", 79.3)]
    found = measure(values, target=85, better="higher")
    svg = line_chart(found, "initial-conferences")
    root = assert_safe_accessible_svg(svg, "initial-conferences")
    assert len(root.findall(f"{SVG}circle")) == len(values)
    desc = root.find(f"{SVG}desc").text
    assert "Latest value 79.3% (Jul to Sep 2025)" in desc
    assert "Target 85%" in desc
    assert trend_sentence(found) in desc
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Target 85%" in texts
    assert "Q3 25" in texts
    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    plot_lines = [line for line in dashed if line.get("y1") == line.get("y2")
                  and float(line.get("x2")) - float(line.get("x1")) > 300]
    assert len(plot_lines) == 1  # the target, across the whole plot
    assert svg == line_chart(found, "initial-conferences")  # same bytes every build


def test_line_chart_without_a_target_has_no_dashed_line() -> None:
    svg = line_chart(measure([("2025-Q1", 5), ("2025-Q2", 7)], unit="count"), "places")
    root = assert_safe_accessible_svg(svg, "places")
    assert not [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert "Target" not in svg


def test_line_chart_labels_few_quarters_and_uses_ink_that_prints() -> None:
    """Twelve quarters get at most five axis labels, the latest always; colours are dark."""
    quarters = [f"{2024 + i // 4}-Q{i % 4 + 1}" for i in range(12)]
    svg = line_chart(measure([(q, 50 + i) for i, q in enumerate(quarters)]), "m")
    root = assert_safe_accessible_svg(svg, "m")
    x_labels = [t.text for t in root.iter(f"{SVG}text") if re.fullmatch(r"Q\d \d\d", t.text)]
    assert 3 <= len(x_labels) <= 5
    assert "Q4 26" in x_labels
    y_labels = [t.text for t in root.iter(f"{SVG}text") if t.text.endswith("%")]
    assert 3 <= len(y_labels) <= 5
    assert y_labels[0] == "0%"
    colours = set(re.findall(r'(?:fill|stroke)="(#[0-9a-f]{6})"', svg))
    assert colours <= {"#1d4ed8", "#111827", "#6b7280", "#ffffff"}


def test_chart_text_is_escaped() -> None:
    """A title with markup is text in the chart, not markup."""
    found = measure([("2025-Q1", 5)])
    found.title = "Under-5s <script>alert(1)</script> & more"
    svg = line_chart(found, "m")
    root = assert_safe_accessible_svg(svg, "m")
    assert root.find(f"{SVG}title").text == found.title


def test_bar_chart_writes_each_value_at_its_bar() -> None:
    rows = [("Open", 4), ("In progress", 10), ("Completed <all>", 0)]
    svg = bar_chart("Recommendations by status", "Recommendations by progress.", rows,
                    "recommendations")
    root = assert_safe_accessible_svg(svg, "recommendations")
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts == ["Open", "4", "In progress", "10", "Completed <all>", "0"]
    bars = root.findall(f"{SVG}rect")[1:]  # after the white background
    assert [float(b.get("width")) for b in bars][0] * 2.5 == pytest.approx(
        float(bars[1].get("width")), abs=0.1)
    assert len(bars) == 2  # nothing to draw for 0
    assert root.find(f"{SVG}desc").text == ("Recommendations by progress. Open: 4; "
                                            "In progress: 10; Completed <all>: 0.")
    assert svg == bar_chart("Recommendations by status", "Recommendations by progress.", rows,
                            "recommendations")


def test_a_chart_id_must_be_an_id() -> None:
    with pytest.raises(ValueError):
        bar_chart("T", "D", [("a", 1)], 'x" onload="alert(1)')


# --- the example site ------------------------------------------------------------------------


def test_example_measures_load_without_problems() -> None:
    """Every measure of the example site reads cleanly against its own mkdocs.yml."""
    project = load_project(Path(ROOT / "mkdocs.yml"))
    measures, diagnostics = load_measures(project)
    assert [d.as_text() for d in diagnostics] == []
    assert len(measures) == len(list((ROOT / "dashboard").glob("*.yml")))
    for found in measures:
        assert len(found.values) == 8
        assert (found.values[0][0], found.values[-1][0]) == (Quarter(2024, 4), Quarter(2026, 3))
        assert found.description and found.target is not None and found.better
        assert found.priority in project.settings.themes
        assert_safe_accessible_svg(line_chart(found, found.id), found.id)


def test_numbers_written_in_quotes_are_numbers(site: Site) -> None:
    """`target: "85"` and `2025-Q1: "87.5"` are what they look like; "87,5" is not."""
    assert "target: 85\n" in VALID
    site.write("dashboard/quoted.yml", VALID.replace("target: 85", 'target: "85"'))
    measures, diagnostics = load(site)
    assert diagnostics == [] and measures[0].target == 85.0
    found = problems(site, "dashboard/quoted.yml", VALID.replace("target: 85", 'target: "8,5"'))
    assert [line.split(" (")[0] for line in found] == [
        "dashboard/quoted.yml:4: error: 'target' must be a number, not '8,5'"]


def test_a_measure_file_is_not_told_about_front_matter(site: Site) -> None:
    site.write("dashboard/a.yml", "title: &t A\nunit: count\ndescription: *t\n"
                                  "values:\n  2025-Q1: 1\n")
    site.write("dashboard/b.yml", "title: [B\nunit: count\n")
    out = site.check().out
    assert "dashboard/a.yml:3: error: YAML anchors and aliases (&name, *name) are not allowed " \
           "in this file" in out
    assert "dashboard/b.yml:1: error: the file is not valid YAML" in out
    assert "front matter" not in out
