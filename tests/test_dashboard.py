"""The learning and improvement dashboard: audits, recommendations and measures as data.

The example site's figures are pinned against its source files, read here with plain YAML
(not the tool's own reading), so a miscount in the tool cannot also be in the test.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections import Counter
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import yaml
from conftest import AS_OF, ROOT, Site, briefing, review

TODAY = date.fromisoformat(AS_OF)


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def public(folder: str) -> list[dict]:
    found = []
    for path in sorted((ROOT / folder).glob("*.md")):
        data = front_matter(path)
        if data.get("status", "published") != "draft" and data["published"] <= TODAY:
            found.append(data)
    return found


@pytest.fixture(scope="module")
def example(example_build: Path) -> Path:
    return example_build


def read_csv(site: Path, name: str) -> list[dict]:
    text = (site / "dashboard/data" / f"{name}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def html_table(page: str, caption: str) -> list[list[str]]:
    """The body rows of the table with this caption, as text."""
    for found, table in re.findall(r"<caption[^>]*>(.*?)</caption>(.*?)</table>", page,
                                   re.DOTALL):
        if html.unescape(found) == caption:
            body = table.split("<tbody>")[1]
            return [[html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
                     for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.DOTALL)]
                    for row in re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL)]
    raise AssertionError(f"no table captioned {caption!r}")


# --- figures against their sources ----------------------------------------------------------
def test_reviews_by_year_type_and_theme_match_the_review_files(example: Path) -> None:
    reviews = public("reviews")
    assert len(reviews) >= 7
    by_year = Counter(r["published"].year for r in reviews)
    assert {int(row["year"]): int(row["reviews"]) for row in read_csv(example, "reviews-by-year")} \
        == by_year
    by_type = Counter(r["review_type"] for r in reviews)
    labels = {"scr": "Serious case review", "lcspr": "Local child safeguarding practice review",
              "rapid-review": "Rapid review", "national-review": "National review",
              "thematic-review": "Thematic review", "learning-review": "Learning review"}
    assert {row["type"]: int(row["reviews"]) for row in read_csv(example, "reviews-by-type")} \
        == {labels[key]: count for key, count in by_type.items()}
    by_theme = Counter(theme for r in reviews for theme in r["themes"])
    assert sum(int(row["reviews"]) for row in read_csv(example, "reviews-by-theme")) \
        == sum(by_theme.values())


def test_recommendations_by_status_and_overdue_match_the_review_files(example: Path) -> None:
    recommendations = [rec for r in public("reviews") for rec in r.get("recommendations", [])]
    statuses = Counter(rec.get("status", "open") for rec in recommendations)
    overdue = [rec for rec in recommendations
               if rec.get("status", "open") != "completed" and rec.get("due")
               and rec["due"] < TODAY]
    rows = {row["status"]: int(row["recommendations"])
            for row in read_csv(example, "recommendations-by-status")}
    assert rows == {"Open": statuses["open"], "In progress": statuses["in-progress"],
                    "Completed": statuses["completed"],
                    "Overdue (not completed, past due)": len(overdue)}
    assert len(overdue) >= 2 and statuses["completed"] >= 10
    listed = read_csv(example, "recommendations-overdue")
    assert sorted(row["recommendation"] for row in listed) == sorted(
        " ".join(rec["text"].split()) for rec in overdue)
    page = (example / "dashboard/index.html").read_text(encoding="utf-8")
    assert f"{len(overdue)} recommendations are past their due date" in page


def test_recommendations_by_agency_add_up(example: Path) -> None:
    recommendations = [rec for r in public("reviews") for rec in r.get("recommendations", [])]
    expected = Counter(agency for rec in recommendations for agency in rec.get("agencies", []))
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    labels = config["plugins"][0]["safeguarding-learning"]["agencies"]
    rows = read_csv(example, "recommendations-by-agency")
    assert {row["agency"]: int(row["recommendations"]) for row in rows} \
        == {labels[agency]: count for agency, count in expected.items()}
    for row in rows:
        assert int(row["open"]) + int(row["in progress"]) + int(row["completed"]) \
            == int(row["recommendations"])


def test_audits_by_type_and_quarter_match_the_audit_files(example: Path) -> None:
    audits = public("audits")
    assert len(audits) >= 4
    by_quarter = Counter(a["period"] for a in audits if "period" in a)
    assert {row["quarter"]: int(row["audits"]) for row in read_csv(example, "audits-by-quarter")} \
        == by_quarter
    assert sum(int(row["audits"]) for row in read_csv(example, "audits-by-type")) == len(audits)


def test_each_measure_s_latest_value_and_its_csv_match_its_file(example: Path) -> None:
    page = (example / "dashboard/index.html").read_text(encoding="utf-8")
    measures = sorted((ROOT / "dashboard").glob("*.yml"))
    assert len(measures) >= 6
    for path in measures:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        quarters = sorted(data["values"].items(), reverse=True)
        rows = read_csv(example, f"measure-{path.stem}")
        assert [(row["quarter"], float(row["value"])) for row in rows] \
            == [(q, float(v)) for q, v in quarters]
        table = html_table(page, f"{data['title']}, latest first")
        assert len(table) == len(quarters)
        latest = table[0][1].rstrip("%").removesuffix(" days").removesuffix(" day")
        assert float(latest.replace(",", "")) == pytest.approx(quarters[0][1], abs=0.05)
    published = json.loads((example / "dashboard/data/measures.json").read_text())
    assert [m["id"] for m in published] == [p.stem for p in measures]


def test_every_csv_matches_the_table_on_the_page(example: Path) -> None:
    page = (example / "dashboard/index.html").read_text(encoding="utf-8")
    for name, caption in [("reviews-by-year", "Reviews published, by year"),
                          ("reviews-by-type", "Reviews published, by type"),
                          ("recommendations-by-status", "Recommendations from reviews, by status"),
                          ("recommendations-by-agency", "Recommendations from reviews, by agency"),
                          ("audits-by-type", "Audits published, by type"),
                          ("audits-by-quarter", "Audits published, by quarter audited")]:
        text = (example / "dashboard/data" / f"{name}.csv").read_text(encoding="utf-8")
        assert list(csv.reader(io.StringIO(text)))[1:] == html_table(page, caption), name
        rows = json.loads((example / "dashboard/data" / f"{name}.json").read_text())["rows"]
        assert len(rows) == len(html_table(page, caption))


def test_charts_are_static_svg_with_a_title_and_description(example: Path) -> None:
    page = (example / "dashboard/index.html").read_text(encoding="utf-8")
    charts = re.findall(r'<figure class="sl-figure__chart">(<svg.*?</svg>)', page, re.DOTALL)
    assert len(charts) >= 12
    for chart in charts:
        root = ET.fromstring(chart)
        labelled = root.get("aria-labelledby").split()
        ids = {element.get("id") for element in root.iter()}
        assert root.get("role") == "img" and set(labelled) <= ids
        assert "<script" not in chart and "style=" not in chart and "href" not in chart


# --- only public items count ---------------------------------------------------------------
def test_drafts_and_embargoed_items_never_reach_any_figure(site: Site) -> None:
    site.write("audits/public-audit.md", briefing("Public audit", extra="audit_type: section-11\n"
                                                  "period: 2025-Q2\n"))
    site.write("audits/secret-audit.md", briefing(
        "ZEBRAFINCH audit", published="2027-03-01",
        extra="audit_type: themed-deep-dive\nperiod: 2026-Q4\n",
        body="ZEBRAFINCH findings.\n"))
    site.write("reviews/public.md", review("Child P", extra="recommendations:\n"
                                           "  - text: Public recommendation\n    due: 2020-01-01\n"))
    site.write("reviews/secret.md", review("Child S", published="2027-01-01", extra=(
        "recommendations:\n  - text: OKAPIHIDDEN recommendation\n    due: 2020-01-01\n")))
    site.write("reviews/draft.md", review("Child T", extra=(
        "status: draft\nrecommendations:\n  - text: OKAPIDRAFT recommendation\n")))
    assert site.build().exit_code == 0
    for path in (site.root / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".csv", ".json", ".xml", ".txt", ".svg"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for secret in ("ZEBRAFINCH", "OKAPIHIDDEN", "OKAPIDRAFT", "Child S", "Child T",
                           "2026-Q4"):
                assert secret not in text, (path, secret)
    status = read_csv(site.root / "site", "recommendations-by-status")
    assert {row["status"]: row["recommendations"] for row in status}["Overdue (not completed, past due)"] == "1"
    assert read_csv(site.root / "site", "audits-by-type") == [
        {"type": "Section 11 audit", "audits": "1"}]


# --- audits as items ---------------------------------------------------------------------
def test_an_audit_has_a_page_a_listing_theme_pages_feeds_and_backlinks(site: Site) -> None:
    site.write("content/guidance/s11.md", "---\ntitle: Children Act 2004 section 11\n"
               "publisher: UK Parliament\npublished: 2004\n---\n\nThe duty.\n")
    site.write("reviews/child-a.md", review())
    site.write("audits/s11-2025.md", briefing(
        "Section 11 audit 2025", published="2025-07-01",
        extra="audit_type: section-11\nperiod: 2025-Q2\nguidance: [s11]\nreviews: [child-a]\n"
              "agencies: [Police, Schools]\n"))
    assert site.build().exit_code == 0
    page = site.html("audits/s11-2025/index.html")
    assert "Section 11 audit</dd>" in page and "Apr to Jun 2025" in page
    assert "Section 11 audit 2025" in site.html("audits/index.html")
    assert "Section 11 audit 2025" in site.html("themes/neglect/index.html")
    assert "Section 11 audit 2025" in site.html("themes/neglect/feed.xml")
    assert "Section 11 audit 2025" in site.html("feed.xml")
    assert "Section 11 audit 2025" in site.html("guidance/s11/index.html")  # cited by
    assert "Audits that follow up this review" in site.html("reviews/child-a/index.html")


def test_audit_mistakes_are_reported_at_their_line(site: Site) -> None:
    site.write("audits/a.md", briefing(extra="audit_type: section11\nperiod: 2025-Q5\n"
                                             "reviews: [nowhere]\n"))
    out = site.check().out
    assert "audits/a.md:6: error: 'audit_type' cannot be 'section11' (did you mean " \
           "'section-11'?)" in out
    assert "audits/a.md:7: error: 'period' must be a quarter such as 2025-Q2, not '2025-Q5'" in out
    assert "audits/a.md:8: error: unknown id 'nowhere'" in out


def test_new_audit_is_a_valid_draft(site: Site) -> None:
    assert site.run("new", "audit", "Neglect case file audit").out.strip() \
        == "audits/neglect-case-file-audit.md"
    text = (site.root / "audits/neglect-case-file-audit.md").read_text()
    assert "# period: 2025-Q2" in text and "## What we found" in text
    assert site.run("check").exit_code == 0


def test_measure_mistakes_are_checked_like_any_file_and_stop_the_build(site: Site) -> None:
    site.write("dashboard/waiting.yml", "title: Waiting\nunit: weeks\nvalues:\n"
                                        "  2025-Q5: 12\n  2025-Q1: lots\npriority: neglectt\n")
    result = site.build()
    assert result.exit_code == 1
    for expected in ("dashboard/waiting.yml:2: error:", "dashboard/waiting.yml:4: error:",
                     "dashboard/waiting.yml:5: error:", "dashboard/waiting.yml:6: error:"):
        assert expected in result.out, result.out


def test_a_downloaded_table_s_text_never_acts_as_a_spreadsheet_formula(site: Site) -> None:
    """An agency named `=HYPERLINK(...)` (no agency list is set, so any name goes) is
    written so that a spreadsheet shows it as text."""
    site.write("reviews/child-a.md", review(extra=(
        "recommendations:\n  - text: Share records\n    agencies: ['=HYPERLINK(\"x\")', "
        "'@SUM(A1)', '\uff1dHYPERLINK(\"y\")', Police]\n")))
    assert site.build().exit_code == 0
    rows = list(csv.reader(io.StringIO(site.html("dashboard/data/recommendations-by-agency.csv"))))
    names = {row[0] for row in rows[1:]}
    assert {"'=HYPERLINK(\"x\")", "'@SUM(A1)", "'\uff1dHYPERLINK(\"y\")", "Police"} <= names, names


def test_a_quarter_that_has_not_begun_is_held_back_and_check_says_so(site: Site) -> None:
    """As of 30 June, a figure for July to September was shown as the latest: it is held
    back until its quarter begins, as an item dated later is; a preview shows it."""
    site.write("dashboard/conferences.yml", "title: Conferences on time\nunit: percent\n"
               "values:\n  2026-Q1: 80\n  2026-Q2: 85\n  2026-Q3: 90\n")
    result = site.run("check", "--as-of", "2026-06-30")
    assert result.exit_code == 0
    assert [line.split(" (check")[0] for line in result.lines] == [
        "dashboard/conferences.yml:6: warning: 2026-Q3 has not begun (as of 2026-06-30): a "
        "quarter's value is shown once the quarter begins"]
    assert site.run("build", "--as-of", "2026-06-30").exit_code == 0
    rows = list(csv.reader(io.StringIO(site.html(
        "dashboard/data/measure-conferences.csv"))))
    assert [row[0] for row in rows[1:]] == ["2026-Q2", "2026-Q1"]
    assert "Jul to Sep 2026" not in site.html("dashboard/index.html")
    assert site.run("build", "--as-of", "2026-07-01").exit_code == 0
    assert "Jul to Sep 2026" in site.html("dashboard/index.html")
    assert site.run("build", "--as-of", "2026-06-30", "--preview").exit_code == 0
    assert "Jul to Sep 2026" in site.html("dashboard/index.html", "site-preview")


def test_a_measure_with_no_quarter_begun_waits_whole(site: Site) -> None:
    """Its title, chart and files are not published until its first quarter begins."""
    site.write("dashboard/zeta.yml", "title: Zetameasure\nunit: count\nvalues:\n  2026-Q3: 5\n")
    site.write("dashboard/visits.yml", "title: Visits\nunit: count\nvalues:\n  2026-Q1: 10\n")
    assert site.run("build", "--as-of", "2026-06-30").exit_code == 0
    published = "".join(path.read_text(encoding="utf-8", errors="replace")
                        for path in (site.root / "site").rglob("*") if path.is_file())
    assert "Zetameasure" not in published and "zeta" not in published
    assert "Visits" in site.html("dashboard/index.html")
    assert site.run("build", "--as-of", "2026-07-01").exit_code == 0
    assert "Zetameasure" in site.html("dashboard/index.html")
