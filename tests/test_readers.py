"""Readers first: review records, /reviews/ on a phone, handouts, related learning, feeds
per theme, a 404 that helps, and markup that passes the Nu HTML Checker."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from conftest import AS_OF, CONFIG, ROOT, Site, briefing, guidance, review

ATOM = "{http://www.w3.org/2005/Atom}"
VNU = ROOT / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def record_site(site: Site) -> Site:
    site.write("mkdocs.yml", CONFIG + "      concern_contact: 'Worried? Call 01632 960 000 "
               "or email safeguarding@example.org.'\n      agencies:\n        police: Police\n"
               "        health: Health services\n")
    site.write("reviews/child-d.md", review("Child D", extra="""\
        child_age: 1-4
        child_sex: [female, male]
        outcome: died
        incident_year: 2022
        commissioned: 2022-03-03
        completed: 2023-02-01
        recommendations:
          - text: Share bruising concerns the same day.
            agencies: [police, health]
            status: in-progress
            due: 2024-01-31
          - text: Train staff in safer sleep.
            status: completed
            completed: 2023-12-01
          - text: Review the front door.
            due: 2030-01-01
        """.replace("        ", "")))
    return site


# --- the review record -------------------------------------------------------------------
def test_the_review_record_is_shown_in_plain_words(site: Site) -> None:
    record_site(site)
    assert site.build().exit_code == 0
    page = site.html("reviews/child-d/index.html")
    facts = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", page))
    assert facts["Age"] == "Aged 1 to 4"
    assert facts["Sex"] == "Female and male"
    assert facts["Outcome"] == "Died"
    assert facts["Year of the incident"] == "2022"
    assert facts["Commissioned"] == "3 March 2022"
    assert facts["Completed"] == "1 February 2023"


def test_recommendations_show_status_due_date_agencies_and_overdue(site: Site) -> None:
    record_site(site)
    site.build()
    section = site.html("reviews/child-d/index.html").split('id="sl-recommendations"')[1]
    # In a details panel, as SPEC shows the review record; open, so it is read and printed
    panel = re.search(r'<details class="sl-details" open>\s*<summary>(\d+) recommendations, '
                      r'each with its progress</summary>(.*?)</details>', section, re.DOTALL)
    assert panel and "Share bruising concerns the same day." in panel[2]
    items = re.findall(r"<li>(.*?)</li>", section, re.DOTALL)[:3]
    text = [" ".join(re.sub(r"<[^>]+>", " ", item).split()) for item in items]
    assert text[0] == ("Share bruising concerns the same day. In progress Overdue · due 31 "
                       "January 2024 · Police, Health services")
    assert text[1] == "Train staff in safer sleep. Completed · completed 1 December 2023"
    assert text[2] == "Review the front door. Open · due 1 January 2030"


@pytest.mark.parametrize("lines, expected", [
    ("child_age: 3\n", "reviews/r.md:7: error: '3' is an exact age: a review page gives an age band"),
    ("child_age: [under-1, 4 years]\n", "reviews/r.md:7: error: '4 years' is an exact age"),
    ("child_sex: boy\n", "reviews/r.md:7: error: 'child_sex' cannot be 'boy' (use female, male"),
    ("outcome: dead\n", "reviews/r.md:7: error: 'outcome' cannot be 'dead' (did you mean 'died'?)"),
    ("incident_year: 2022-05-01\n", "reviews/r.md:7: error: 'incident_year' must be a year"),
    ("commissioned: 2024-01-01\ncompleted: 2023-01-01\n",
     "reviews/r.md:8: error: 'completed' is before 'commissioned'"),
    ("recommendations:\n  - text: A\n    stauts: open\n",
     "reviews/r.md:9: error: a recommendation cannot have 'stauts' (did you mean 'status'?)"),
    ("recommendations:\n  - text: A\n    status: done\n",
     "reviews/r.md:9: error: a recommendation's status cannot be 'done'"),
    ("recommendations:\n  - text: A\n    due: 31/01/2024\n",
     "reviews/r.md:9: error: a recommendation's 'due' must be a date written YYYY-MM-DD"),
    ("recommendations:\n  - text: A\n    completed: 2024-01-01\n",
     "reviews/r.md:9: error: this recommendation has a 'completed' date but its status is 'open'"),
    ("recommendations:\n  - status: open\n", "reviews/r.md:8: error: this recommendation has no 'text'"),
])
def test_review_record_mistakes_are_reported_at_their_line(site: Site, lines: str,
                                                           expected: str) -> None:
    site.write("reviews/r.md", review(extra=lines))
    result = site.check()
    assert result.exit_code == 1
    assert any(line.startswith(expected) for line in result.lines), result.out


def test_a_recommendation_s_agency_comes_from_the_site_s_list_when_there_is_one(
        site: Site) -> None:
    record_site(site)
    site.write("reviews/r.md", review(extra="recommendations:\n  - text: A\n"
                                            "    agencies: [polise]\n"))
    assert "reviews/r.md:9: error: unknown agency 'polise' (did you mean 'police'?)" \
        in site.check().out
    site.write("reviews/r.md", review(extra="recommendations:\n  - text: A\n  - text: B\n"
                                            "    agencies:\n      - police\n      - polise\n"))
    assert "reviews/r.md:12: error: unknown agency 'polise' (did you mean 'police'?)" \
        in site.check().out


def test_recommendations_that_are_not_a_list_of_entries_are_errors(site: Site) -> None:
    """`recommendations: none` was published as an open recommendation called "none"."""
    record_site(site)
    site.write("reviews/r.md", review(extra="recommendations: none\n"))
    result = site.check()
    assert "reviews/r.md:7: error: 'recommendations' must be a list, one entry a " \
           "recommendation" in result.out
    site.write("reviews/r.md", review(extra="recommendations:\n  - text: [a, b]\n  - text: 5\n"
                                            "  - text: C\n    status: Completed\n"
                                            "    completed: 2024-01-01\n"))
    result = site.check()
    assert result.lines == [
        "reviews/r.md:8: error: a recommendation's 'text' must be text, not a list (write it "
        "on one line after 'text: ', in quotes if it starts with [ or {)",
        "reviews/r.md:11: error: a recommendation's status cannot be 'Completed' (did you "
        "mean 'completed'?)"], result.out


def test_a_key_given_twice_inside_a_value_is_an_error(site: Site) -> None:
    """YAML keeps the last: a second `status:` silently changed the published figures."""
    record_site(site)
    site.write("reviews/r.md", review(extra="recommendations:\n  - text: a\n    status: open\n"
                                            "    status: completed\n"))
    assert site.check().lines == [
        "reviews/r.md:10: error: 'status' is given twice in 'recommendations' (keep one; the "
        "first is on line 9)"]
    site.write("content/guidance/g.md", guidance("G", extra="sections:\n  one: One\n"
                                                           "  one: Two\n"))
    assert "content/guidance/g.md:7: error: 'one' is given twice in 'sections' (keep one; " \
           "the first is on line 6)" in site.check().out


def test_a_recommendation_is_judged_as_of_the_build_s_date(site: Site) -> None:
    """Completed on 1 December 2023: as of 1 November 2023 it was not, and, due on
    1 October 2023, it was overdue. A completion or an update after that date is said."""
    record_site(site)
    site.write("reviews/child-e.md", review("Child E", extra=(
        "updated: 2023-12-05\nrecommendations:\n  - text: Act sooner.\n    status: completed\n"
        "    due: 2023-10-01\n    completed: 2023-12-01\n")))
    result = site.run("check", "--as-of", "2023-11-01")
    assert "reviews/child-e.md:7: warning: 'updated' is 2023-12-05, after today (2023-11-01)" \
        in result.out
    assert "reviews/child-e.md:12: warning: this recommendation's 'completed' is 2023-12-01, " \
           "after today (2023-11-01): it shows as in progress until then" in result.out
    assert site.run("build", "--as-of", "2023-11-01").exit_code == 0
    section = site.html("reviews/child-e/index.html").split('id="sl-recommendations"')[1]
    progress = " ".join(re.sub(r"<[^>]+>", " ", section.split("</li>")[0]).split())
    assert progress.endswith("Act sooner. In progress Overdue · due 1 October 2023")
    overdue = (site.root / "site/dashboard/data/recommendations-overdue.csv").read_text()
    assert "Act sooner." in overdue
    assert site.run("check", "--as-of", "2023-12-05").out == ""
    assert site.run("build", "--as-of", "2023-12-05").exit_code == 0
    assert "Completed · completed 1 December 2023" in re.sub(
        r"<[^>]+>", "", site.html("reviews/child-e/index.html"))


# --- related learning and who to call ----------------------------------------------------
def test_related_learning_is_public_most_shared_first_and_at_most_five(site: Site) -> None:
    themes = ("themes: [neglect, safer-sleep, mental-health]\n", "themes: [neglect]\n")
    site.write("briefings/main.md", briefing("Main").replace(*themes[::-1]))
    site.write("briefings/three.md", briefing("Shares three", published="2020-01-01")
               .replace(*themes[::-1]))
    site.write("briefings/two.md", briefing("Shares two", published="2019-01-01").replace(
        "themes: [neglect]\n", "themes: [neglect, safer-sleep]\n"))
    for number in range(5):
        site.write(f"briefings/one-{number}.md", briefing(f"Shares one {number}",
                                                          published=f"202{number}-02-01"))
    site.write("briefings/hidden.md", briefing("Embargoed one", published="2027-01-01")
               .replace(*themes[::-1]))
    site.write("briefings/other.md", briefing("Other theme").replace(
        "themes: [neglect]", "themes: [online-safety]"))
    assert site.build().exit_code == 0
    section = site.html("briefings/main/index.html").split('id="sl-related-learning"')[1]
    titles = re.findall(r'class="sl-list__title"><a href="[^"]+">([^<]+)</a>', section)
    assert titles == ["Shares three", "Shares two", "Shares one 4", "Shares one 3",
                      "Shares one 2"]


def test_concern_contact_ends_every_item_and_the_home_page_with_tappable_links(
        site: Site) -> None:
    record_site(site)
    site.write("briefings/b.md", briefing())
    site.build()
    site.write("content/guidance/g.md", guidance("Some guidance"))
    site.build()
    for rel in ("index.html", "briefings/b/index.html", "reviews/child-d/index.html",
                "guidance/g/index.html"):
        page = site.html(rel)
        assert "Worried about a child?" in page, rel
        assert '<a href="tel:+441632960000">01632 960 000</a>' in page, rel
        assert '<a href="mailto:safeguarding@example.org">safeguarding@example.org</a>' in page


# --- listings and feeds ---------------------------------------------------------------------
def test_reviews_are_grouped_by_year_newest_first(site: Site) -> None:
    site.write("reviews/a.md", review("Review A", published="2021-03-01"))
    site.write("reviews/b.md", review("Review B", published="2023-03-01"))
    site.write("reviews/c.md", review("Review C", published="2023-01-01"))
    site.build()
    page = site.html("reviews/index.html")
    years = re.findall(r'<h2 id="sl-year-(\d+)">', page)
    assert years == ["2023", "2021"]
    assert page.index("Review B") < page.index("Review C") < page.index("Review A")
    assert 'data-type="lcspr" data-themes="neglect" data-year="2023"' in page


def test_each_theme_has_a_feed_of_its_public_items(site: Site) -> None:
    site.write("briefings/a.md", briefing("Neglect one"))
    site.write("briefings/b.md", briefing("Online one").replace("themes: [neglect]",
                                                               "themes: [online-safety]"))
    site.write("briefings/c.md", briefing("Neglect later", published="2027-01-01"))
    site.build()
    feed = ET.parse(site.root / "site/themes/neglect/feed.xml").getroot()
    assert [e.find(f"{ATOM}title").text for e in feed.iter(f"{ATOM}entry")] == ["Neglect one"]
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") \
        == "https://example.org/learning/themes/neglect/feed.xml"
    theme_page = site.html("themes/neglect/index.html")
    assert 'href="feed.xml" type="application/atom+xml">feed for this theme</a>' in theme_page
    assert ('<link rel="alternate" type="application/atom+xml" title="Test partnership: '
            'Neglect" href="feed.xml">') in theme_page
    feeds_page = site.html("feeds/index.html")
    assert "Copy a feed's address into a feed reader" in feeds_page
    assert 'href="../themes/online-safety/feed.xml"' in feeds_page
    assert 'href="../../feeds/">Follow new learning with a feed</a>' in site.html(
        "briefings/a/index.html")


def test_the_404_page_offers_a_way_on(site: Site) -> None:
    site.build()
    page = site.html("404.html")
    assert "<h1" in page and "Page not found" in page
    assert "<title>Page not found - Test partnership</title>" in page  # WCAG 2.4.2
    assert 'role="search" action="/learning/search/"' in page
    for listing in ("/learning/briefings/", "/learning/reviews/", "/learning/themes/"):
        assert f'href="{listing}"' in page
    assert "withdrawn review is no longer published" in page


def test_a_printed_item_says_whose_it_is_where_it_lives_and_when(site: Site) -> None:
    site.write("briefings/a.md", briefing(extra="updated: 2024-06-02\n"))
    site.build()
    page = site.html("briefings/a/index.html")
    header = re.search(r'<p class="sl-print-only sl-print-header">(.*?)</p>', page)[1]
    assert header == ("Test partnership · https://example.org/learning/briefings/a/ · "
                      "10 January 2024 (updated 2 June 2024)")
    site.write("content/guidance/g.md", guidance("Some guidance"))
    site.build()
    page = site.html("guidance/g/index.html")
    header = re.search(r'<p class="sl-print-only sl-print-header">(.*?)</p>', page)[1]
    assert header == "Test partnership · https://example.org/learning/guidance/g/ · 2015"


# --- valid markup -------------------------------------------------------------------------
def test_every_built_page_passes_the_nu_html_checker(site: Site, tmp_path: Path) -> None:
    """The example site and a site with every page kind (drafts previewed too)."""
    assert VNU.is_file(), "run ./scripts/test, which installs the checker (tools/)"
    record_site(site)
    site.write("briefings/b.md", briefing(extra="format: seven-minute\n", body="".join(
        f"## {name}\n\nText.\n\n" for name in ("Background", "Why it matters", "Information",
        "Key learning", "Things to remember", "What to do", "Questions to consider"))))
    assert site.build("--preview").exit_code == 0
    example = tmp_path / "example"
    assert subprocess.run(
        [str(ROOT / ".venv/bin/python"), str(ROOT / "build.py"), "build", "--as-of", AS_OF,
         "-d", str(example), "-f", str(ROOT / "mkdocs.yml")], capture_output=True).returncode == 0
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "gnu",
         str(site.root / "site-preview"), str(example)], capture_output=True, text=True)
    pages = len(list(example.rglob("*.html"))) + len(list((site.root / "site-preview").rglob("*.html")))
    assert pages > 60
    assert result.returncode == 0, result.stderr[:3000]
