"""Every way a draft or embargoed item, or a file of one, could reach a public build is
closed: its page, title, id and files appear in no file of the output, and `check` says
what the author must fix where that is the fix."""

from __future__ import annotations

import re

import pytest
from conftest import Site, briefing, guidance, review, site_files

#: A valid NHS number (its check digit is right): personal data.
NHS_NUMBER = "943 476 5919"


def assert_nowhere(site: Site, *words: str) -> None:
    """No file of the public build (default `site/`) names any of `words`, in its name
    or its bytes."""
    files = site_files(site.root / "site")
    assert files, "nothing was built"
    for name, data in files.items():
        for word in words:
            assert word not in name, (word, name)
            assert word.encode() not in data, (word, name)


def embargoed_review(site: Site, report: str) -> None:
    site.write("reviews/child-x.md", review(
        "Quokka hidden title", published="2099-01-01", extra=f"report: {report}\n",
        body="quokkahiddenbody\n"))


# --- 1: a hidden item's file reached through a link in docs_dir -------------------------

@pytest.mark.parametrize("report", ["../reports/child-x-report.pdf",
                                    "../content/reports/child-x-report.pdf"])
def test_an_embargoed_reviews_report_reached_through_a_linked_folder_waits(
        site: Site, report: str) -> None:
    """reports/ beside content/, and content/reports -> ../reports: MkDocs copied the
    report from content/ whatever the review's status."""
    embargoed_review(site, report)
    site.write_bytes("reports/child-x-report.pdf", b"%PDF-1.4 quokkasecretreport")
    (site.root / "content" / "reports").symlink_to("../reports", target_is_directory=True)
    result = site.build()
    assert result.exit_code == 0, result.out + result.err
    assert_nowhere(site, "child-x", "quokka", "Quokka")


def test_an_embargoed_reviews_report_linked_from_content_as_a_file_waits(site: Site) -> None:
    embargoed_review(site, "../reports/child-x-report.pdf")
    site.write_bytes("reports/child-x-report.pdf", b"%PDF-1.4 quokkasecretreport")
    (site.root / "content" / "full-report.pdf").symlink_to("../reports/child-x-report.pdf")
    result = site.build()
    assert result.exit_code == 0, result.out + result.err
    assert_nowhere(site, "child-x", "quokka", "Quokka")


# --- 2: a hidden item's report does not excuse a file published anyway ----------------

def test_a_draft_reviews_report_that_a_public_page_links_is_still_checked(site: Site) -> None:
    site.write("reviews/child-d.md", review("Child D", extra="status: draft\n"
                                             "report: ../content/data.csv\n"))
    site.write("content/data.csv", f"child,nhs\nD,{NHS_NUMBER}\n")
    site.write("content/about.md", "# About\n\nGet [the data](data.csv).\n")
    result = site.build()
    assert result.exit_code == 1, result.out
    assert "content/data.csv:2: error:" in result.out
    assert not (site.root / "site").exists()


def test_a_draft_reviews_report_that_is_a_page_is_still_checked(site: Site) -> None:
    site.write("reviews/child-d.md", review("Child D", extra="status: draft\n"
                                             "report: ../content/about.md\n"))
    site.write("content/about.md", f"# About\n\nNHS number {NHS_NUMBER}.\n")
    result = site.build()
    assert result.exit_code == 1, result.out
    assert "content/about.md:3: error:" in result.out
    assert not (site.root / "site").exists()


def test_a_draft_reviews_report_with_a_forbidden_ending_in_content_is_still_refused(
        site: Site) -> None:
    site.write("reviews/child-d.md", review("Child D", extra="status: draft\n"
                                             "report: ../content/tool.js\n"))
    site.write("content/tool.js", "alert(1)\n")
    site.write("content/about.md", "# About\n\nGet [the tool](tool.js).\n")
    result = site.build()
    assert result.exit_code == 1, result.out
    assert "content/tool.js:1: error:" in result.out
    assert not (site.root / "site").exists()


def test_a_draft_reviews_report_naming_mkdocs_yml_excuses_nothing_in_it(site: Site) -> None:
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text() + "markdown_extensions:\n  - pymdownx.snippets\n")
    site.write("reviews/child-d.md", review("Child D", extra="status: draft\n"
                                             "report: ../mkdocs.yml\n"))
    result = site.build()
    assert result.exit_code == 1, result.out
    assert re.search(r"mkdocs.yml:\d+: error: markdown_extensions: 'pymdownx.snippets'", result.out)
    assert not (site.root / "site").exists()


# --- 4: files only a hidden item's raw HTML or root links name --------------------------

def test_files_only_a_hidden_items_raw_html_or_root_links_name_wait(site: Site) -> None:
    site.write_bytes("content/files/quokka-a.pdf", b"%PDF-1.4 a")
    site.write_bytes("content/files/quokka-b.png", b"\x89PNG\r\n\x1a\n")
    site.write_bytes("content/files/quokka-c.pdf", b"%PDF-1.4 c")
    site.write_bytes("content/files/quokka-d.pdf", b"%PDF-1.4 d")
    site.write("briefings/later.md", briefing("Later", published="2099-01-01", body=(
        '<a href="../content/files/quokka-a.pdf">a</a> <img alt="b" '
        'src="../../files/quokka-b.png">\n\nSee [c](/files/quokka-c.pdf) and '
        "[d](/learning/files/quokka-d.pdf).\n")))
    result = site.build()
    assert result.exit_code == 0, result.out + result.err
    assert_nowhere(site, "quokka")
# --- 3: nav entries to hidden items, however written --------------------------------

@pytest.mark.parametrize("entry", [
    "reviews/child-x.md#part", "reviews/child-x/index.html", "/learning/reviews/child-x/",
    "https://example.org/learning/reviews/child-x/", "../learning/reviews/child-x/",
    "reviews/child-x/", "./reviews/child-x.md", "/reviews/child-x/"])
def test_a_nav_entry_to_an_embargoed_item_is_left_out_however_written(
        site: Site, entry: str) -> None:
    embargoed_review(site, "child-x-report.pdf")
    site.write_bytes("reviews/child-x-report.pdf", b"%PDF-1.4 quokka")
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text() + f"nav:\n  - Home: index.md\n  - Coming: '{entry}'\n")
    result = site.build()
    assert result.exit_code == 0, result.out + result.err
    assert_nowhere(site, "child-x", "quokka", "Quokka", "Coming")
    assert (f"mkdocs.yml:11: warning: the nav entry '{entry}' leads to reviews/child-x.md, "
            "which is embargoed until 2099-01-01") in site.check().out


# --- 5: HTML files of content/ linking hidden items -------------------------------------

def test_an_html_file_linking_an_embargoed_item_does_not_name_it(site: Site) -> None:
    embargoed_review(site, "child-x-report.pdf")
    site.write_bytes("reviews/child-x-report.pdf", b"%PDF-1.4 quokka")
    site.write("content/old.html", '<p><a href="reviews/child-x/">soon</a> '
               '<a href="/learning/reviews/child-x-report.pdf">report</a></p>\n')
    checked = site.check()
    assert "content/old.html:1: warning: link to 'reviews/child-x/'" in checked.out
    result = site.build()
    assert result.exit_code == 0, result.out + result.err
    assert_nowhere(site, "child-x", "quokka", "Quokka")
    assert "<a>soon</a>" in site.html("old.html")


# --- 6: links from docs_dir into the dashboard's sources and guidance ----------------------

def test_a_link_in_content_to_the_dashboards_sources_is_an_error(site: Site) -> None:
    site.write("dashboard/visits.yml", "title: Visits\nunit: count\nvalues:\n"
                                       "  2025-Q1: 10\n  2099-Q1: 12\n")
    (site.root / "content" / "data").symlink_to("../dashboard", target_is_directory=True)
    (site.root / "content" / "visits.yml").symlink_to("../dashboard/visits.yml")
    result = site.check()
    assert result.exit_code == 1, result.out
    assert "content/data/visits.yml:1: error: this is a link to 'dashboard/visits.yml'" \
        in result.out
    assert "content/visits.yml:1: error: this is a link to 'dashboard/visits.yml'" \
        in result.out
    assert "link the published page instead" in result.out


def test_a_link_in_content_to_an_embargoed_guidance_is_an_error(site: Site) -> None:
    site.write("content/guidance/plan-2099.md", guidance("Quokka plan").replace(
        "published: 2015", "published: 2099-01-01"))
    (site.root / "content" / "plan.md").symlink_to("guidance/plan-2099.md")
    result = site.check()
    assert result.exit_code == 1, result.out
    assert "content/plan.md:1: error: this is a link to 'content/guidance/plan-2099.md'" \
        in result.out
    assert site.build().exit_code == 1


# --- 7: an item folder that leads into docs_dir -------------------------------------------

def test_an_item_folder_linked_into_content_is_refused(site: Site) -> None:
    site.write("content/src/later.md", briefing("Later", published="2099-01-01"))
    (site.root / "briefings").symlink_to("content/src", target_is_directory=True)
    result = site.check()
    assert result.exit_code == 2, result.out + result.err
    assert "'briefings_dir: briefings' leads into docs_dir" in result.out + result.err
    assert site.build().exit_code == 2
    assert not (site.root / "site").exists()


# --- 8: a folder named after a hidden item ----------------------------------------------

def test_a_public_file_in_a_folder_named_after_a_hidden_item_warns(site: Site) -> None:
    embargoed_review(site, "child-x-report.pdf")
    site.write_bytes("reviews/child-x-report.pdf", b"%PDF-1.4 quokka")
    site.write_bytes("content/img/child-x/pic.png", b"\x89PNG\r\n\x1a\n")
    site.write("briefings/now.md", briefing("Now", body="![A picture](../content/img/child-x/"
                                                        "pic.png)\n"))
    result = site.check()
    assert result.exit_code == 0, result.out
    assert ("content/img/child-x/pic.png:1: warning: the folder 'child-x' is named after the "
            "id of reviews/child-x.md, which is embargoed until 2099-01-01") in result.out


@pytest.mark.parametrize("rel", ["content/files/child-x-full-text.pdf",
                                 "content/files/Child_X_summary.pdf", "content/Child X.pdf"])
def test_a_public_file_named_after_a_hidden_item_warns(site: Site, rel: str) -> None:
    """Its name tells readers the item exists, in any letter case or spacing."""
    embargoed_review(site, "child-x-report.pdf")
    site.write_bytes("reviews/child-x-report.pdf", b"%PDF-1.4 quokka")
    site.write_bytes(rel, b"%PDF-1.4 other")
    result = site.check()
    assert result.exit_code == 0, result.out
    assert f"{rel}:1: warning: the file '" in result.out, result.out
    assert "is named after the id of reviews/child-x.md" in result.out


def test_a_file_whose_name_only_begins_like_a_one_word_id_passes(site: Site) -> None:
    site.write("briefings/x.md", briefing(extra="status: draft\n"))
    site.write_bytes("content/files/x-ray.pdf", b"%PDF-1.4 other")
    assert "warning" not in site.check().out


def test_a_pages_link_to_a_measures_file_is_an_error(site: Site) -> None:
    """The dashboard publishes its figures, not its files (a file runs on past the
    quarters shown)."""
    site.write("dashboard/visits.yml", "title: Visits\nunit: count\nvalues:\n  2025-Q1: 10\n")
    site.write("content/about.md", "# About\n\nSee [the data](../dashboard/visits.yml).\n")
    result = site.check()
    assert result.exit_code == 1, result.out
    assert ("content/about.md:3: error: link to '../dashboard/visits.yml', a file of the "
            "dashboard's measures: the site publishes their figures, not their files (link "
            "the published page instead") in result.out
