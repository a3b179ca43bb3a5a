"""`build` turns a site project into the public site SPEC describes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import AS_OF, Site, briefing, guidance, review, site_files, with_plugin_option
from sites import SECRET_WORDS, populate


@pytest.fixture
def built(site: Site) -> Site:
    populate(site)
    result = site.build()
    assert result.exit_code == 0, result.out + result.err
    return site


def test_item_pages_exist_at_their_addresses(built: Site) -> None:
    for page in ("briefings/public-briefing/index.html", "reviews/child-a/index.html",
                 "guidance/wt-2015/index.html", "briefings/index.html", "reviews/index.html",
                 "themes/index.html", "themes/neglect/index.html", "guidance/index.html",
                 "index.html", "404.html", "sitemap.xml"):
        assert (built.root / "site" / page).is_file(), page


def test_briefing_page_has_its_metadata_panel(built: Site) -> None:
    html = built.html("briefings/public-briefing/index.html")
    assert '<html lang="en-GB"' in html
    assert "10 January 2024" in html
    assert 'href="../../themes/neglect/">Neglect</a>' in html
    assert "Professionals" in html
    assert ('href="../../guidance/wt-2015/#chapter-4">Working Together 2015: '
            "Chapter 4: Learning and improvement</a>") in html
    assert 'href="../../reviews/child-a/">Child A</a>' in html


def test_cross_references_become_links_titled_from_their_target(built: Site) -> None:
    html = built.html("briefings/public-briefing/index.html")
    assert '<a href="../../reviews/child-a/">Child A</a> and' in html
    assert '<a href="../../guidance/wt-2018/">the 2018 guidance</a>' in html
    assert "[[" not in html


def test_image_beside_a_briefing_is_copied(built: Site) -> None:
    assert (built.root / "site/briefings/chart.png").is_file()
    assert 'src="../chart.png"' in built.html("briefings/public-briefing/index.html")


def test_unpublished_items_appear_nowhere_in_a_public_build(built: Site) -> None:
    """No page, listing, theme page, backlink, sitemap entry or attachment."""
    files = site_files(built.root / "site")
    for name in files:
        assert "draft-briefing" not in name and "embargoed-briefing" not in name, name
        assert "child-z" not in name, name
    for name, data in files.items():
        for word in SECRET_WORDS:
            assert word.encode() not in data, (word, name)
    assert b"draft-briefing" not in files["sitemap.xml"]


def test_a_link_to_an_unpublished_item_or_its_file_is_shown_as_its_text(site: Site) -> None:
    """An ordinary Markdown link would publish the address of what is not yet public."""
    site.write("reviews/child-q.md", review("Child Q", published="2099-01-01",
                                             extra="report: q-report.pdf\n"))
    site.write_bytes("reviews/q-report.pdf", b"%PDF-1.4 not yet public")
    site.write("briefings/draft-notes.md", briefing("Draft notes", extra="status: draft\n"))
    site.write("briefings/public.md", briefing("Public", body=(
        "See [the review](../reviews/child-q.md) and [its *report*](../reviews/q-report.pdf).\n"
        "Also ![a chart](../reviews/q-report.pdf), [notes](draft-notes.md) and [a ref][r].\n\n"
        "[r]: ../reviews/child-q.md\n")))
    checked = site.check()
    assert checked.exit_code == 0, checked.out
    assert ("briefings/public.md:8: warning: link to '../reviews/child-q.md': reviews/child-q.md"
            " is embargoed until 2099-01-01; the public site shows the link's text without the "
            "link") in checked.out
    assert "briefings/public.md:8: warning: link to '../reviews/q-report.pdf': it belongs to " \
           "reviews/child-q.md, which is embargoed until 2099-01-01" in checked.out
    assert "briefings/public.md:9: warning: link to 'draft-notes.md': briefings/draft-notes.md " \
           "is a draft" in checked.out
    assert "briefings/public.md:11: warning: link to '../reviews/child-q.md'" in checked.out

    assert site.build().exit_code == 0
    html = site.html("briefings/public/index.html")
    assert "See the review and its <em>report</em>.\nAlso a chart, notes and <a>a ref</a>." in html
    for name, data in site_files(site.root / "site").items():
        assert b"child-q" not in data and b"q-report" not in data and b"draft-notes" not in data, \
            name
    # However written: raw HTML, or an address from the site's root (it is at /learning/)
    site.write("content/about.md", "# About\n\n<a href=\"../reviews/child-q/\">raw</a> "
               "[root](/learning/reviews/child-q/) [host root](/reviews/child-q/) "
               '<img alt="Report" src="../reviews/q-report.pdf"> '
               "[full](https://example.org/learning/reviews/child-q/)\n")
    assert site.build().exit_code == 0
    about = site.html("about/index.html")
    assert "<a>raw</a> <a>root</a> <a>host root</a> <img alt=\"Report\"> <a>full</a>" in about
    for name, data in site_files(site.root / "site").items():
        assert b"child-q" not in data and b"q-report" not in data, name
    # The same links, once the review is published, are links
    site.write("reviews/child-q.md", review("Child Q", extra="report: q-report.pdf\n"))
    assert site.build().exit_code == 0
    html = site.html("briefings/public/index.html")
    assert '<a href="../../reviews/child-q/">the review</a>' in html
    assert '<a href="../../reviews/q-report.pdf">its <em>report</em></a>' in html
    assert '<a href="../../reviews/child-q/">a ref</a>' in html
    assert '<a href="../reviews/child-q/">raw</a>' in site.html("about/index.html")
    assert '<a href="https://example.org/learning/reviews/child-q/">full</a>' in \
        site.html("about/index.html")


def test_raw_html_naming_an_unpublished_items_source_file_is_shown_as_text(
        site: Site) -> None:
    """`<a href="draft.md">` and `<blockquote cite="draft.md">`, written from the page's
    own file, kept the draft's id in the public page."""
    populate(site)
    site.write("briefings/now.md", briefing("Now", body=(
        'Soon: <a href="draft-briefing.md#x">more</a> and <a href="older-briefing.md">older'
        '</a>.\n\n<blockquote cite="../reviews/child-z.md">Quoted.</blockquote>\n')))
    assert site.build().exit_code == 0
    html = site.html("briefings/now/index.html")
    assert "draft-briefing" not in html and "child-z" not in html
    assert "more</a>" in html and 'href="older-briefing.md">older</a>' in html


def test_a_link_keeps_its_query(site: Site) -> None:
    site.write("briefings/a.md", briefing("A"))
    site.write("briefings/b.md", briefing("B", body="See [a](a.md?version=2#what-to-do).\n"))
    assert site.build().exit_code == 0
    assert '<a href="../a/?version=2#what-to-do">a</a>' in site.html("briefings/b/index.html")


def test_a_document_an_embargoed_item_shares_with_a_public_one_is_said_to_go_now(
        site: Site) -> None:
    """Published with the public page that links it, early for the embargoed one."""
    site.write_bytes("briefings/leaflet.pdf", b"%PDF-1.4 leaflet")
    site.write_bytes("briefings/logo.png", b"\x89PNG\r\n\x1a\n")
    site.write("briefings/later.md", briefing("Later", published="2099-01-01", body=(
        "Get [the leaflet](leaflet.pdf). ![Logo](logo.png)\n")))
    site.write("briefings/now.md", briefing("Now", body=(
        "Get [the leaflet](leaflet.pdf). ![Logo](logo.png)\n")))
    result = site.check()
    assert result.lines == [
        "briefings/now.md:8: warning: 'leaflet.pdf' is also a file of briefings/later.md, "
        "which is embargoed until 2099-01-01: this page publishes it now (if it should wait, "
        "link it from this page once both are published)"], result.out


def test_files_of_the_content_folder_only_unpublished_items_link_wait_for_them(
        site: Site) -> None:
    """MkDocs copies every file of docs_dir: an embargoed guidance's PDF and picture, and a
    draft review's report kept in content/reports/, are taken out until they publish, and
    errors in them do not stop the public build. A file a public page links stays."""
    populate(site)
    site.write("content/guidance/strategy-2027.md", guidance(
        "Strategy 2027", extra="published: 2027-03-01\n").replace("published: 2015\n", "")
        + "Get [the strategy](strategy-2027.pdf).\n\n![On a page](strategy-poster.png)\n")
    site.write_bytes("content/guidance/strategy-2027.pdf", b"%PDF-1.4 quokkaembargoword")
    site.write_bytes("content/guidance/strategy-poster.png", b"\x89PNG\r\n\x1a\n")
    site.write("reviews/child-h.md", review("Child H", extra="status: draft\n"
                                             "report: ../content/reports/child-h.pdf\n"))
    site.write_bytes("content/reports/child-h.pdf", b"%PDF-1.4 zebradraftword")
    site.write("content/reports/notes.txt", "Call 07700 900123.\n")  # an error, a draft's
    site.write("briefings/now.md", briefing("Now", extra="status: draft\n",
                                            body="See [notes](../content/reports/notes.txt).\n"))
    site.write_bytes("content/shared.pdf", b"%PDF-1.4 shared")
    site.write("content/about.md", "# About\n\nGet [it](shared.pdf).\n")
    site.write("briefings/later.md", briefing("Later", published="2099-01-01",
                                              body="Get [it](../content/shared.pdf).\n"))
    result = site.build()
    assert result.exit_code == 0, result.out + result.err
    files = site_files(site.root / "site")
    assert not [name for name in files if "strategy" in name or "reports/" in name]
    assert "shared.pdf" in files
    for name, data in files.items():
        for word in SECRET_WORDS + ("zebradraftword",):
            assert word.encode() not in data, (word, name)
    assert site.build("--as-of", "2027-03-02").exit_code == 0
    public = site_files(site.root / "site")
    assert "guidance/strategy-2027.pdf" in public and "guidance/strategy-poster.png" in public


def test_guidance_is_not_superseded_by_what_is_embargoed(site: Site) -> None:
    """Saying that the current guidance is replaced would tell of its unpublished successor."""
    site.write("content/guidance/wt-2015.md", guidance("Working Together 2015",
                                                       "superseded_by: wt-2027\n"))
    site.write("content/guidance/wt-2027.md", guidance("Working Together 2027").replace(
        "published: 2015", "published: 2027-04-01"))
    assert site.build().exit_code == 0
    for page in ("guidance/wt-2015/index.html", "guidance/index.html"):
        assert "uperseded" not in site.html(page).replace("sl-superseded", ""), page
    assert site.build("--as-of", "2027-04-01").exit_code == 0
    assert "This guidance has been superseded by" in site.html("guidance/wt-2015/index.html")
    assert "Superseded</strong>" in site.html("guidance/index.html")


def test_a_nav_entry_for_an_unpublished_item_is_left_out(site: Site) -> None:
    """A `nav:` naming a draft or an embargoed item would link its address from every page."""
    populate(site)
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text() + "nav:\n  - Home: index.md\n"
                      "  - Coming: reviews/child-z.md\n  - briefings/draft-briefing.md\n")
    assert site.build().exit_code == 0
    for name, data in site_files(site.root / "site").items():
        assert b"child-z" not in data and b"draft-briefing" not in data, name


def test_review_page_offers_the_full_report_with_type_and_size(built: Site) -> None:
    html = built.html("reviews/child-a/index.html")
    assert '<a href="../child-a-report.pdf">Full report (PDF, 2 KB)</a>' in html
    assert (built.root / "site/reviews/child-a-report.pdf").read_bytes().startswith(b"%PDF")
    # the summary is there too: the report is offered in addition, never instead
    assert "Agencies did not share what they knew." in html


def test_review_lists_public_briefings_that_draw_on_it(built: Site) -> None:
    html = built.html("reviews/child-a/index.html")
    section = html[html.index('id="sl-drawn-on"'):]
    assert "Public briefing" in section
    assert "Draft briefing" not in html and "Embargoed briefing" not in html


def test_guidance_page_lists_citations_by_section_and_supersession(built: Site) -> None:
    html = built.html("guidance/wt-2015/index.html")
    assert "This guidance has been superseded by" in html
    assert '<a href="../wt-2018/">Working Together 2018</a>' in html
    cited = html[html.index('id="sl-cited-by"'):]
    assert "<h3>Chapter 4: Learning and improvement</h3>" in cited
    assert "Public briefing" in cited
    assert 'id="chapter-4"' in html


def test_guidance_cited_by_omits_unpublished_items(built: Site) -> None:
    html = built.html("guidance/wt-2018/index.html")
    assert "Public briefing" in html
    assert "Draft briefing" not in html and "Embargoed briefing" not in html


def test_briefing_citing_superseded_guidance_says_so(built: Site) -> None:
    html = built.html("briefings/public-briefing/index.html")
    assert "Guidance has changed" in html
    assert "superseded by" in html and "Working Together 2018" in html


def test_cross_reference_to_superseded_guidance_in_the_body_says_so(site: Site) -> None:
    populate(site)
    site.write("briefings/older-briefing.md", (site.root / "briefings/older-briefing.md")
               .read_text() + "\nSee [[wt-2015#chapter-4]].\n")
    assert site.build().exit_code == 0
    html = site.html("briefings/older-briefing/index.html")
    assert "Guidance has changed" in html
    assert '<a href="../../guidance/wt-2018/">Working Together 2018</a>' in html


def test_briefings_listing_is_newest_first(built: Site) -> None:
    html = built.html("briefings/index.html")
    assert html.index("Public briefing") < html.index("Older briefing")
    assert "A short summary of public briefing." in html


def test_reviews_listing_is_a_list_of_cards_grouped_by_year(built: Site) -> None:
    html = built.html("reviews/index.html")
    assert '<h2 id="sl-year-2023">2023</h2>' in html
    card = html[html.index('<li class="sl-card"'):]
    card = card[:card.index("</li>")]
    assert "Child A" in card and "Local child safeguarding practice review" in card
    assert "PDF, 2 KB" in card and "Full report" in card


def test_theme_page_lists_everything_on_the_theme(built: Site) -> None:
    html = built.html("themes/neglect/index.html")
    for title in ("Public briefing", "Older briefing", "Child A"):
        assert title in html
    assert "Embargoed" not in html


def test_home_page_shows_latest_briefings_and_reviews(built: Site) -> None:
    html = built.html("index.html")
    assert "Latest learning briefings" in html and "Public briefing" in html
    assert "Latest case reviews" in html and "Child A" in html


def test_every_page_links_the_accessibility_statement(built: Site) -> None:
    for page in (built.root / "site").rglob("*.html"):
        assert ">Accessibility statement</a>" in page.read_text(), page


def test_items_are_not_in_the_navigation(built: Site) -> None:
    """Items reach readers through listings: the nav must not grow with them."""
    html = built.html("index.html")
    nav = html[html.index('<nav class="md-nav md-nav--primary"'):html.index("</nav>")]
    assert "public-briefing" not in nav


def test_preview_build_includes_drafts_with_a_banner(site: Site) -> None:
    populate(site)
    result = site.run("build", "--as-of", AS_OF, "--preview", "-d", str(site.root / "preview"))
    assert result.exit_code == 0, result.err
    html = site.html("briefings/draft-briefing/index.html", "preview")
    assert "Draft preview." in html
    assert "Embargoed preview." in site.html("reviews/child-z/index.html", "preview")
    assert "until 15 January 2027" in site.html("reviews/child-z/index.html", "preview")
    assert "Draft preview." not in site.html("briefings/public-briefing/index.html", "preview")


def test_embargo_lifts_on_its_date(site: Site) -> None:
    populate(site)
    assert site.run("build", "--as-of", "2027-01-15").exit_code == 0
    assert (site.root / "site/reviews/child-z/index.html").is_file()
    assert (site.root / "site/reviews/child-z-report.pdf").is_file()
    assert not (site.root / "site/briefings/embargoed-briefing").exists()


def test_failed_build_leaves_the_previous_site_untouched(built: Site) -> None:
    before = site_files(built.root / "site")
    built.write("briefings/broken.md", "---\ntitle: [broken\n---\n")
    result = built.build()
    assert result.exit_code == 1
    assert "briefings/broken.md:2: error:" in result.out
    assert site_files(built.root / "site") == before
    assert not [p for p in built.root.iterdir() if p.name.startswith(".site")]


def test_a_search_index_part_that_fails_stops_the_build_and_says_why(
        built: Site, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    """The index in 4 parts (of 2 pages), the third Pagefind run failing: one plain error
    line, the previous site as it was, no staging or parts left in the temp folder."""
    from safeguarding_learning.site import search_index

    before = site_files(built.root / "site")
    config = (built.root / "mkdocs.yml").read_text(encoding="utf-8")
    built.write("mkdocs.yml", with_plugin_option(config, "search_pages_per_part: 2"))
    runs = tmp_path / "runs"
    fails_third = (f"import sys, pathlib; runs = pathlib.Path({str(runs)!r}); "
                   "runs.open('a').write('x'); "
                   "len(runs.read_text()) == 3 and sys.exit('Error: out of memory'); "
                   + search_index._PLAIN)
    monkeypatch.setattr(search_index, "_PLAIN", fails_third)
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(search_index.tempfile, "tempdir", str(temp))
    result = built.build()
    assert result.exit_code == 1
    # MkDocs logs the plugin's error (to the terminal, as `ERROR: ...`) and stops
    assert "the search index could not be built: Error: out of memory" in caplog.text
    assert "Traceback" not in result.err + caplog.text
    assert runs.read_text() == "xxx"  # the fourth part never started
    assert site_files(built.root / "site") == before
    assert list(temp.iterdir()) == []


def test_two_builds_of_the_same_input_are_identical(built: Site) -> None:
    first = site_files(built.root / "site")
    assert built.build().exit_code == 0
    assert site_files(built.root / "site") == first


def test_plain_mkdocs_build_gives_the_same_site(built: Site) -> None:
    """`mkdocs build` on the same config builds the same files as `build.py build`."""
    mkdocs = Path(sys.executable).with_name("mkdocs")
    # mkdocs judges embargo as of today; only compare when today is the test date's peer
    result = subprocess.run([str(mkdocs), "build", "-q", "-d", str(built.root / "plain")],
                            cwd=built.root, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    ours = built.run("build", "-d", str(built.root / "ours"))
    assert ours.exit_code == 0
    assert site_files(built.root / "plain") == site_files(built.root / "ours")


def test_plain_mkdocs_build_refuses_content_errors(site: Site) -> None:
    site.write("briefings/broken.md", "---\ntitle: x\n---\n")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run([str(mkdocs), "build", "-q"], cwd=site.root, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode != 0
    assert "briefings/broken.md:1: error: required front-matter key 'published' is missing" \
        in result.stderr
    assert not (site.root / "site").exists()


def test_build_with_use_directory_urls_off(site: Site) -> None:
    populate(site)
    site.write("mkdocs.yml", (site.root / "mkdocs.yml").read_text() + "use_directory_urls: false\n")
    assert site.build().exit_code == 0
    html = site.html("briefings/public-briefing.html")
    assert 'href="../reviews/child-a.html"' in html


def internal_links(site_dir: Path) -> list[tuple[Path, str]]:
    pattern = re.compile(r'(?:href|src)="([^"#?]*)[^"]*"')
    links = []
    for page in site_dir.rglob("*.html"):
        for target in pattern.findall(page.read_text()):
            if target and not re.match(r"^[a-z]+:", target) and not target.startswith("//"):
                links.append((page, target))
    return links


def test_example_site_builds_and_every_internal_link_resolves(tmp_path: Path) -> None:
    """The README's build of the example site: no broken internal link anywhere."""
    from conftest import ROOT, main

    out = tmp_path / "site"
    assert main(["build", "--as-of", AS_OF, "-d", str(out), "-f", str(ROOT / "mkdocs.yml")]) == 0
    links = internal_links(out)
    assert len(links) > 500
    broken = []
    for page, target in links:
        if target.startswith("/"):  # 404.html links from the root of site_url's path
            assert target.startswith("/learning/"), target
            resolved = out / target.removeprefix("/learning/")
        else:
            resolved = (page.parent / target).resolve()
        if target.endswith("/") or resolved.is_dir():
            resolved = resolved / "index.html"
        if not resolved.is_file():
            broken.append(f"{page.relative_to(out)} -> {target}")
    assert broken == []


def test_feed_lists_public_briefings_and_reviews(built: Site) -> None:
    """feed.xml is Atom, newest first, public items only, with absolute links."""
    from xml.etree import ElementTree as ET

    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(built.root / "site/feed.xml").getroot()
    entries = feed.findall(f"{atom}entry")
    assert [e.find(f"{atom}title").text for e in entries] == [
        "Public briefing", "Child A", "Older briefing"]
    assert entries[0].find(f"{atom}link").get("href") == \
        "https://example.org/learning/briefings/public-briefing/"


def test_every_page_links_the_feed(built: Site) -> None:
    for page in (built.root / "site").rglob("*.html"):
        html = page.read_text()
        assert re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*feed\.xml', html), page


def test_builds_on_different_days_with_the_same_as_of_are_identical(
        site: Site, monkeypatch) -> None:
    """The sitemap said every page changed on the day of the build: two builds of the
    same input and --as-of, a day apart, differed. A page's lastmod is now its item's
    update or publication date; any other page's, the latest of those."""
    site.write("briefings/old.md", briefing("Old", published="2020-03-01",
                                            extra="updated: 2021-04-02\n"))
    site.write("briefings/new.md", briefing("New", published="2024-05-06"))
    outputs = []
    for day in ("1767225600", "1767312000"):  # 1 and 2 January 2026, as MkDocs reads it
        monkeypatch.setenv("SOURCE_DATE_EPOCH", day)
        assert site.build("-d", str(site.root / day)).exit_code == 0
        outputs.append(site_files(site.root / day))
    assert outputs[0] == outputs[1]
    sitemap = outputs[0]["sitemap.xml"].decode()
    assert re.search(r"briefings/old/</loc>\s*<lastmod>2021-04-02</lastmod>", sitemap)
    assert re.search(r"briefings/new/</loc>\s*<lastmod>2024-05-06</lastmod>", sitemap)
    assert re.search(r"learning/</loc>\s*<lastmod>2024-05-06</lastmod>", sitemap)


def test_a_label_with_a_control_character_is_refused(site: Site) -> None:
    """A theme label from mkdocs.yml with a control character made every feed it is in
    unreadable XML, and one with a carriage return split a row of the dashboard's CSV,
    whose new first cell could be a spreadsheet formula: such labels are refused."""
    config = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    site.write("briefings/x.md", briefing())
    for label, shown in (("Neg\\u0007lect", "'\\x07'"), ("Neglect\\r+cmd", "'\\r'")):
        site.write("mkdocs.yml", with_plugin_option(config, f'themes: {{neglect: "{label}"}}'))
        result = site.build()
        assert result.exit_code == 2
        assert f"the label of 'neglect' holds a control character ({shown})" in result.err


def test_a_new_site_with_nothing_published_builds(tmp_path: Path) -> None:
    """No option set, no pages, then only a draft: Pagefind, which refuses to index
    nothing, is not run, and the rest of the site is built."""
    project = Site(tmp_path / "new")
    project.write("mkdocs.yml", "site_name: New partnership\ntheme: material\n"
                                "plugins:\n  - safeguarding-learning\n")
    (project.root / "docs").mkdir()
    for step in ("empty", "a draft"):
        result = project.build()
        assert result.exit_code == 0, (step, result.out + result.err)
        assert "New partnership" in project.html("index.html"), step
        assert (project.root / "site/search/index.html").is_file(), step
        assert not (project.root / "site/pagefind").exists(), step
        assert project.run("new", "briefing", "First briefing").exit_code == 0
