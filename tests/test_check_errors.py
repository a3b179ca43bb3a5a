"""Each bad input of SPEC's list is reported at its exact `path:line`, with exit 1."""

from __future__ import annotations

import json

import pytest
from conftest import CONFIG, Site, briefing, guidance, review, with_plugin_option


def errors(result) -> list[str]:
    return [line for line in result.lines if ": error: " in line]


def only_error(site: Site) -> str:
    result = site.check()
    assert result.exit_code == 1, result.out + result.err
    found = errors(result)
    assert len(found) == 1, found
    assert "Traceback" not in result.err
    return found[0]


def test_clean_site_passes(site: Site) -> None:
    """A valid briefing and review give exit 0 and no diagnostics."""
    site.write("briefings/safer-sleep.md", briefing())
    site.write("reviews/child-a.md", review())
    result = site.check()
    assert result.exit_code == 0, result.out
    assert result.out == ""
    assert "checked 2 items" in result.err


def test_malformed_yaml_is_reported_at_its_line(site: Site) -> None:
    """A YAML syntax error points at the line YAML complains about."""
    site.write("briefings/bad.md", "---\ntitle: Fine\nsummary: [unclosed\npublished: 2024-01-01\n---\nBody\n")
    line = only_error(site)
    assert line.startswith("briefings/bad.md:3: error: the front matter is not valid YAML")


def test_front_matter_that_is_not_yaml_still_has_its_body_checked(site: Site) -> None:
    """Every problem in one round: the body's, and none invented in the files citing it."""
    site.write("briefings/bad.md", "---\ntitle: [a\npublished: 2025-01-01\nsummary: s\n"
                                   "themes: [neglect]\n---\n[[nope]] [x](missing.md) "
                                   "<script>alert(1)</script> call 07700 900123\n")
    site.write("briefings/citing.md", briefing("Citing", body="See [[bad]].\n"))
    site.write("content/about.md", "---\ntitle: [b\n---\nSee [y](gone.md).\n")
    result = site.check()
    assert result.exit_code == 1
    expected = [
        "briefings/bad.md:2: error: the front matter is not valid YAML",
        "briefings/bad.md:7: error: a <script> is not allowed in content",
        "briefings/bad.md:7: error: broken link: 'missing.md' does not exist",
        "briefings/bad.md:7: error: personal data: a phone number",
        "briefings/bad.md:7: error: unknown id 'nope'",
        "content/about.md:2: error: the front matter is not valid YAML",
        "content/about.md:4: error: broken link: 'gone.md' does not exist",
    ]
    assert len(result.lines) == len(expected), result.out
    for line, start in zip(result.lines, expected, strict=True):
        assert line.startswith(start), (line, start)
    built = site.build()
    assert built.exit_code == 1 and not (site.root / "site").exists()


@pytest.mark.parametrize("yaml_lines, line", [
    ("title: Fine\nthemes: [neglect]\n  audience: [professionals]\n", 4),  # indented key
    ("title: Fine\n\tsummary: Tabbed\n", 3),  # a tab
    ("title: \"Fine\nsummary: Unclosed quote\n", 2),  # where the quote opened
    # ... also when YAML reads on to the next quote and stumbles lines later
    ("title: \"Fine\npublished: 2024-01-01\nsummary: \"A summary.\"\nthemes: [a]\n", 2),
    ("title: Fine\nsummary: \"Closed\"\n  bad: indent\n", 4),  # a closed quote is no cause
])
def test_yaml_mistakes_are_reported_where_they_are_written(site: Site, yaml_lines: str,
                                                            line: int) -> None:
    site.write("briefings/bad.md", f"---\n{yaml_lines}---\nBody\n")
    assert only_error(site).startswith(
        f"briefings/bad.md:{line}: error: the front matter is not valid YAML")


def test_unclosed_front_matter(site: Site) -> None:
    """Front matter with no closing --- is reported at line 1."""
    site.write("briefings/open.md", "---\ntitle: Open\n")
    assert only_error(site).startswith("briefings/open.md:1: error: the front matter is not closed")


def test_missing_required_field(site: Site) -> None:
    """A missing required key names the key and how to add it."""
    site.write("briefings/no-summary.md", briefing().replace("summary: A short summary of safer sleep.\n", ""))
    line = only_error(site)
    assert line.startswith("briefings/no-summary.md:1: error: required front-matter key 'summary' is missing")


def test_mistyped_key_suggests_the_right_one(site: Site) -> None:
    """An unknown key is an error at its line, with a did-you-mean."""
    site.write("briefings/typo.md", briefing(extra="audiance: [professionals]\n"))
    line = only_error(site)
    assert line.startswith("briefings/typo.md:6: error: unknown front-matter key 'audiance'")
    assert "did you mean 'audience'?" in line


def test_bad_date(site: Site) -> None:
    """An impossible date is reported at its key's line."""
    site.write("reviews/child-b.md", review(published="2023-02-30"))
    assert only_error(site).startswith("reviews/child-b.md:3: error: 'published' must be a real date")


def test_wrong_date_format(site: Site) -> None:
    """A UK-style date is not accepted: dates are YYYY-MM-DD."""
    site.write("reviews/child-b.md", review(published="01/02/2023"))
    assert only_error(site).startswith("reviews/child-b.md:3: error: 'published' must be a real date")


def test_unknown_theme_points_at_the_list_entry(site: Site) -> None:
    """An unknown theme in a block list is reported at its own line, with a suggestion."""
    text = briefing().replace("themes: [neglect]\n", "themes:\n  - neglect\n  - neglet-x\n  - domestc-abuse\n")
    site.write("briefings/themes.md", text)
    result = site.check()
    assert result.exit_code == 1
    assert errors(result) == [
        "briefings/themes.md:7: error: unknown theme 'neglet-x' (did you mean 'neglect'?)",
        "briefings/themes.md:8: error: unknown theme 'domestc-abuse' (did you mean 'domestic-abuse'?)",
    ]


def test_unknown_review_type(site: Site) -> None:
    site.write("reviews/child-b.md", review().replace("review_type: lcspr", "review_type: lcpsr"))
    line = only_error(site)
    assert line.startswith("reviews/child-b.md:6: error: unknown review type 'lcpsr'")
    assert "did you mean 'lcspr'?" in line


def test_unknown_guidance_id(site: Site) -> None:
    """A guidance id that is not in the registry is reported at its list entry."""
    site.write("content/guidance/working-together-2015.md", guidance("Working Together 2015"))
    site.write("briefings/cites.md", briefing(extra="guidance:\n  - working-together-2051\n"))
    line = only_error(site)
    assert line.startswith("briefings/cites.md:7: error: unknown id 'working-together-2051'")
    assert "did you mean 'working-together-2015'?" in line


def test_guidance_list_must_name_guidance(site: Site) -> None:
    site.write("reviews/child-a.md", review())
    site.write("briefings/cites.md", briefing(extra="guidance: [child-a]\n"))
    assert only_error(site).startswith(
        "briefings/cites.md:6: error: 'guidance' lists 'child-a', which is a review, not a guidance")


def test_unknown_cross_reference_in_body(site: Site) -> None:
    """`[[id]]` to an unknown id is reported at the body line."""
    site.write("briefings/links.md", briefing(body="Intro.\n\nSee [[child-z]] for more.\n"))
    assert only_error(site).startswith("briefings/links.md:10: error: unknown id 'child-z'")


def test_unknown_section(site: Site) -> None:
    """`[[id#section]]` to a section the guidance does not have is an error, with choices."""
    site.write("content/guidance/wt.md", guidance("WT", "sections:\n  chapter-4: Chapter 4\n"))
    site.write("briefings/links.md", briefing(body="See [[wt#chapter-5|chapter five]].\n"))
    line = only_error(site)
    assert line.startswith("briefings/links.md:8: error: 'wt' has no section 'chapter-5'")
    assert "chapter-4" in line


def test_section_of_a_briefing_is_a_heading_anchor(site: Site) -> None:
    """A section of a briefing is one of its headings, as the page anchors it."""
    site.write("briefings/safer-sleep.md", briefing())
    site.write("briefings/other.md", briefing("Other", body="See [[safer-sleep#what-to-do]].\n"))
    assert site.check().exit_code == 0


def test_cross_reference_in_code_is_not_checked(site: Site) -> None:
    site.write("briefings/code.md", briefing(body="Write `[[an-id]]` to link.\n\n```\n[[other]]\n```\n"))
    assert site.check().exit_code == 0


def test_duplicate_id_across_kinds(site: Site) -> None:
    """Ids are unique across briefings, reviews and guidance."""
    site.write("briefings/child-a.md", briefing())
    site.write("reviews/child-a.md", review())
    site.write("briefings/citing.md", briefing("Citing", extra="reviews: [child-a]\n"))
    result = site.check()
    # Said of both files (either may be the new one), and nothing more: what cites the id
    # is not told it names a briefing, not a review
    assert [line.split(" (")[0] for line in result.lines] == [
        "briefings/child-a.md:1: error: id 'child-a' is also the id of reviews/child-a.md",
        "reviews/child-a.md:1: error: id 'child-a' is also the id of briefings/child-a.md"]


def test_invalid_file_name(site: Site) -> None:
    site.write("briefings/Safer Sleep.md", briefing())
    line = only_error(site)
    assert line.startswith("briefings/Safer Sleep.md:1: error: file name 'Safer Sleep.md' is not a valid id")
    assert "safer-sleep.md" in line


def test_broken_relative_link(site: Site) -> None:
    site.write("briefings/links.md", briefing(body="Intro.\n\nSee [the chart](chart.png).\n"))
    assert only_error(site).startswith("briefings/links.md:10: error: broken link: 'chart.png' does not exist")


def test_broken_link_in_a_hand_written_page(site: Site) -> None:
    site.write("content/audit.md", "# Audit\n\nSee [referral](referal.md).\n")
    assert only_error(site).startswith("content/audit.md:3: error: broken link: 'referal.md'")


def test_a_link_to_a_place_a_page_does_not_have_is_a_warning(site: Site) -> None:
    site.write("content/guidance/wt.md", guidance("WT", "sections:\n  chapter-4: Chapter 4\n"))
    site.write("reviews/child-a.md", review())
    site.write("briefings/x.md", briefing(body=(
        "## Real heading\n\n[a](#real-heading) [b](#nope) [c](../reviews/child-a.md#findings) "
        "[d](../reviews/child-a.md#findngs) [e](../content/guidance/wt.md#chapter-4) "
        "[f](../content/guidance/wt.md#chapter-9)\n")))
    result = site.check()
    assert result.exit_code == 0
    assert sorted(line.split(" (")[0] for line in result.lines) == [
        "briefings/x.md:10: warning: link to '#nope': briefings/x.md has no heading or section "
        "at #nope",
        "briefings/x.md:10: warning: link to '../content/guidance/wt.md#chapter-9': "
        "content/guidance/wt.md has no heading or section at #chapter-9",
        "briefings/x.md:10: warning: link to '../reviews/child-a.md#findngs': reviews/child-a.md "
        "has no heading or section at #findngs",
    ]
    assert any("#findngs (did you mean 'findings'?)" in line for line in result.lines)


def test_missing_report(site: Site) -> None:
    site.write("reviews/child-a.md", review(extra="report: child-a-report.pdf\n"))
    assert only_error(site).startswith(
        "reviews/child-a.md:7: error: report 'child-a-report.pdf' does not exist")


def test_report_outside_the_project(site: Site) -> None:
    (site.root.parent / "secret.pdf").write_bytes(b"%PDF-1.4\n")
    site.write("reviews/child-a.md", review(extra="report: ../../secret.pdf\n"))
    assert only_error(site).startswith(
        "reviews/child-a.md:7: error: report '../../secret.pdf' is outside the site project")


def test_a_report_elsewhere_in_the_project_is_published_beside_the_review(site: Site) -> None:
    """Inside the project but outside the reviews folder: check passes it, and the build
    offers it (it once stopped with an internal error)."""
    site.write_bytes("reports/child-a-full.pdf", b"%PDF-1.4\n" + b"x" * 3000)
    site.write("reviews/child-a.md", review(extra="report: ../reports/child-a-full.pdf\n"))
    assert site.check().exit_code == 0
    result = site.build()
    assert result.exit_code == 0, result.out + result.err
    assert '<a href="child-a-full.pdf">Full report (PDF, 3 KB)</a>' in site.html(
        "reviews/child-a/index.html")
    assert (site.root / "site/reviews/child-a/child-a-full.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("report, message", [
    ("../briefings", "report '../briefings' is a folder, not a file"),
    ("../briefings/safer-sleep.md", "report '../briefings/safer-sleep.md' is a Markdown page"),
    ("https://example.org/report.pdf", "does not exist (a report published elsewhere goes in "
                                       "'url:')"),
])
def test_a_report_that_is_not_a_document_says_what_it_is(site: Site, report: str,
                                                         message: str) -> None:
    site.write("briefings/safer-sleep.md", briefing())
    site.write("reviews/child-a.md", review(extra=f"report: {report}\n"))
    line = only_error(site)
    assert line.startswith("reviews/child-a.md:7: error: "), line
    assert message in line


@pytest.mark.parametrize("rel, expected", [
    ("briefings/Safer-Sleep.MD", "briefings/Safer-Sleep.MD:1: error: a file ending '.MD' is not "
     "read: items end '.md' (rename it to 'briefings/safer-sleep.md')"),
    ("reviews/child_b.markdown", "reviews/child_b.markdown:1: error: a file ending '.markdown' "
     "is not read: items end '.md' (rename it to 'reviews/child-b.md')"),
    ("briefings/2024/safer-sleep.md", "briefings/2024/safer-sleep.md:1: error: items sit "
     "directly in 'briefings/', not in a folder within it: this file is not read (move it to "
     "'briefings/safer-sleep.md')"),
])
def test_an_item_file_that_would_not_be_read_says_so(site: Site, rel: str,
                                                     expected: str) -> None:
    """Left out without a word before: the author would wonder where it went."""
    site.write(rel, briefing())
    assert only_error(site) == expected


def test_a_file_name_that_is_not_an_id_is_told_a_name_that_is(site: Site) -> None:
    site.write("briefings/my_briefing.md", briefing())
    assert "rename it to 'my-briefing.md'" in only_error(site)


def test_a_new_site_without_pages_builds_and_is_told_what_it_lacks(site: Site) -> None:
    """No home page: the site makes one (it once failed with "no page at 'index.md'"
    after check had passed). No accessibility statement: a warning, as every footer links
    one."""
    (site.root / "content/index.md").unlink()
    (site.root / "content/accessibility.md").unlink()
    site.write("briefings/safer-sleep.md", briefing())
    result = site.check()
    assert result.exit_code == 0
    assert result.lines == [
        "content/accessibility.md:1: warning: the site has no accessibility statement: every "
        "page's footer links one, and UK public sector websites must publish one (add it as "
        "this file: how accessible the site is, and who to contact about a problem)"]
    assert site.build().exit_code == 0
    home = site.html("index.html")
    assert "<h1" in home and "Test partnership</h1>" in home
    assert "Safer sleep" in home  # the latest briefings


def test_a_page_template_that_does_not_exist_is_an_error(site: Site) -> None:
    """The build stopped with an internal TemplateNotFound after check passed."""
    site.write("content/notes.md", "---\ntitle: Notes\ntemplate: nope.html\n---\n\nBody.\n")
    assert only_error(site).startswith(
        "content/notes.md:3: error: template 'nope.html' cannot be used")
    site.write("content/notes.md", "---\ntitle: Notes\ntemplate: main.html\n---\n\nBody.\n")
    assert site.check().exit_code == 0


@pytest.mark.parametrize("line, message", [
    ("icon: material/nope", "icon 'material/nope' does not exist"),
    ("hide: 5", "'hide' must be a list of what to hide"),
])
def test_page_front_matter_the_theme_stopped_on_is_an_error(
        site: Site, line: str, message: str) -> None:
    """The build stopped with an internal error after check passed."""
    site.write("content/notes.md", f"---\ntitle: Notes\n{line}\n---\n\nBody.\n")
    assert only_error(site).startswith(f"content/notes.md:3: error: {message}")
    site.write("content/notes.md", "---\ntitle: Notes\nicon: material/information\n"
               "hide: [toc]\n---\n\nBody.\n")
    assert site.check().exit_code == 0
    assert site.build().exit_code == 0


def test_a_hand_written_page_marked_draft_is_an_error(site: Site) -> None:
    """Pages are always published: `status: draft` on one published it silently."""
    site.write("content/annual-report.md", "---\ntitle: Annual report\nstatus: Draft\n---\n\nB.\n")
    assert only_error(site) == (
        "content/annual-report.md:3: error: a hand-written page is always published: "
        "'status: Draft' does not hold it back (keep the file out of the site project until "
        "it is ready, or remove the line)")
    assert site.build().exit_code == 1
    site.write("content/annual-report.md", "---\ntitle: Annual report\nstatus: published\n---\n\nB.\n")
    assert site.check().exit_code == 0


def test_a_site_without_site_url_is_warned(site: Site) -> None:
    """Its sitemap would list no pages and robots.txt name no sitemap, silently."""
    config = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    site.write("mkdocs.yml", config.replace("site_url: https://example.org/learning/\n", ""))
    result = site.check()
    assert result.exit_code == 0
    assert [line.split(" (")[0] for line in result.lines] == [
        "mkdocs.yml:1: warning: 'site_url' is not set: the sitemap lists no pages, robots.txt "
        "names no sitemap, and feeds cannot give their items' full addresses"]


def test_file_that_is_not_utf8(site: Site) -> None:
    """A Windows-1252 file is reported at the line of its first non-UTF-8 byte."""
    text = briefing(body="Line one.\n\nCaf\xe9 culture.\n").encode("cp1252")
    site.write_bytes("briefings/latin.md", text)
    assert only_error(site).startswith("briefings/latin.md:10: error: the file is not UTF-8 text")


@pytest.mark.parametrize(
    "html, expected",
    [
        ("<script>alert(1)</script>", "a <script> is not allowed in content"),
        ('<img src="x.png" onerror="steal()">', "event handler 'onerror' on <img> is not allowed"),
        ('<a href="javascript:go()">go</a>', "address 'javascript:go()' is not allowed"),
    ],
)
def test_unsafe_html(site: Site, html: str, expected: str) -> None:
    site.write("briefings/html.md", briefing(body=f"Intro.\n\n{html}\n"))
    line = only_error(site)
    assert line.startswith("briefings/html.md:10: error: ")
    assert expected in line


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Contact the worker at jo.bloggs@council.example.org today.", "an email address"),
        ("Ring the family on 07700 900123 after school.", "a phone number"),
        ("Ring the office on +44 20 7946 0018.", "a phone number"),
        ("Her NHS number 943 476 5919 was on the letter.", "an NHS number"),
        ("The record showed 9434765919 in the header.", "an NHS number"),
        ("His NI number QQ 12 34 56 C was given.", "a National Insurance number"),
        ("The family lived at NE1 4ST until May.", "a full postcode"),
        ("Child A (date of birth 03/02/2019) was seen.", "a date of birth"),
        ("Child B was born on 4 March 2020 in hospital.", "a date of birth"),
    ],
)
def test_personal_data_is_an_error(site: Site, text: str, kind: str) -> None:
    """Personal data in a body is reported at its line, naming what it is."""
    site.write("reviews/child-a.md", review(body=f"## Findings\n\n{text}\n"))
    line = only_error(site)
    assert line.startswith(f"reviews/child-a.md:11: error: personal data: {kind}")


def test_personal_data_in_front_matter(site: Site) -> None:
    site.write("reviews/child-a.md", review(extra="subject: Child A, NE1 4ST\n"))
    assert only_error(site).startswith("reviews/child-a.md:7: error: personal data: a full postcode")


def test_allowlisted_contact_details_pass(site: Site) -> None:
    site.write("content/contact.md", "# Contact\n\nEmail Safeguarding@example.org or ring 0113 496 0000.\n")
    assert site.check().exit_code == 0


def test_ordinary_numbers_are_not_personal_data(site: Site) -> None:
    site.write("briefings/figures.md", briefing(
        body="In 2019 there were 1,204 referrals; 12 reviews since 2014-04-01 and chapter 4.\n"))
    assert site.check().exit_code == 0


def test_seven_minute_briefing_missing_a_section(site: Site) -> None:
    sections = ["Background", "Why it matters", "Information", "Key learning",
                "Things to remember", "What to do", "Questions to consider"]
    body = "\n".join(f"## {s}\n\nText.\n" for s in sections if s != "Key learning")
    site.write("briefings/seven.md", briefing(extra="format: seven-minute\n", body=body))
    line = only_error(site)
    # reported at the last section found in order ("Information")
    assert line.startswith("briefings/seven.md:17: error: seven-minute briefing: section '## Key learning' is missing")


def test_seven_minute_briefing_out_of_order(site: Site) -> None:
    sections = ["Background", "Information", "Why it matters", "Key learning",
                "Things to remember", "What to do", "Questions to consider"]
    body = "\n".join(f"## {s}\n\nText.\n" for s in sections)
    site.write("briefings/seven.md", briefing(extra="format: seven-minute\n", body=body))
    line = only_error(site)
    assert line.startswith("briefings/seven.md:13: error: seven-minute briefing: '## Information' is out of order")


def test_seven_minute_briefing_reports_every_section_missing_or_moved(site: Site) -> None:
    """One round of check shows all of them; the one moved is named, not those after it."""
    sections = ["Why it matters", "Information", "Background", "Things to remember",
                "Questions to consider"]
    body = "\n".join(f"## {s}\n\nText.\n" for s in sections)
    site.write("briefings/seven.md", briefing(extra="format: seven-minute\n", body=body))
    found = [line.split(" (")[0] for line in errors(site.check())]
    assert found == [
        "briefings/seven.md:13: error: seven-minute briefing: section '## Key learning' is "
        "missing",
        "briefings/seven.md:17: error: seven-minute briefing: '## Background' is out of order",
        "briefings/seven.md:21: error: seven-minute briefing: section '## What to do' is missing",
    ]


def test_superseded_by_that_loops_is_an_error(site: Site) -> None:
    site.write("content/guidance/ga.md", guidance("A", "superseded_by: gb\n"))
    site.write("content/guidance/gb.md", guidance("B", "superseded_by: ga\n"))
    site.write("content/guidance/gs.md", guidance("S", "superseded_by: gs\n"))
    found = [line.split(" (")[0] for line in errors(site.check())]
    assert found == [
        "content/guidance/ga.md:5: error: 'superseded_by' makes a loop: 'ga' is superseded "
        "by 'gb', which is superseded by 'ga'",
        "content/guidance/gb.md:5: error: 'superseded_by' makes a loop: 'gb' is superseded "
        "by 'ga', which is superseded by 'gb'",
        "content/guidance/gs.md:5: error: 'superseded_by' makes a loop: 'gs' is superseded "
        "by 'gs'",
    ]


def test_a_guidance_section_label_must_be_text(site: Site) -> None:
    """A list there reached the page as Python prints it; no label keeps the section's id."""
    site.write("content/guidance/gl.md", guidance(
        "GL", "sections:\n  chapter-2:\n  chapter-3: [x, y]\n"))
    assert only_error(site).startswith(
        "content/guidance/gl.md:7: error: section 'chapter-3' must have plain text as its label")


@pytest.mark.parametrize("extra, expected", [
    ("audience: professionals, volunteers\n", "briefings/x.md:6: error: unknown audience "
     "'professionals, volunteers' (write a list in brackets: audience: [professionals, "
     "volunteers])"),
    ("updated: [2024-02-01]\n", "briefings/x.md:6: error: 'updated' must be a real date "
     "written YYYY-MM-DD, not '[2024-02-01]'"),
])
def test_messages_say_what_an_author_wrote_and_how_to_write_it(site: Site, extra: str,
                                                               expected: str) -> None:
    site.write("briefings/x.md", briefing(extra=extra))
    assert only_error(site).startswith(expected)


def test_a_title_yaml_reads_as_yes_or_no_says_to_quote_it(site: Site) -> None:
    site.write("briefings/x.md", briefing().replace("title: Safer sleep", "title: on"))
    assert only_error(site) == (
        "briefings/x.md:2: error: 'title' was read as true: YAML reads yes, no, on, off, true "
        "and false so (put the text in quotes, e.g. title: 'Yes')")


def test_a_review_record_list_written_with_commas_says_to_use_brackets(site: Site) -> None:
    site.write("reviews/r.md", review(extra="child_age: 15-17, 10-14\n"))
    assert only_error(site) == (
        "reviews/r.md:7: error: 'child_age' is written '15-17, 10-14' (write a list in "
        "brackets: child_age: [15-17, 10-14])")


def test_a_cross_reference_with_no_id_is_an_error(site: Site) -> None:
    """`[[]]` and `[[#part]]` were left on the page as they were, with no word."""
    site.write("briefings/x.md", briefing(body="See [[]] and [[#chapter-4]].\n"))
    found = [line.split(" (")[0] for line in errors(site.check())]
    assert sorted(found) == ["briefings/x.md:8: error: '[[#chapter-4]]' names no id",
                             "briefings/x.md:8: error: '[[]]' names no id"]


@pytest.mark.parametrize("title, expected", [
    ("'x\\u0007y'", "briefings/x.md:2: error: 'title' holds an invisible control character "
                   "(U+0007)"),
    ("'\\u200b'", "briefings/x.md:2: error: 'title' must be some text"),
    ("'Safer sleep \\u202eevil'", "briefings/x.md:2: error: 'title' holds an invisible "
                                 "character that reverses the text around it (U+202E)"),
])
def test_a_title_that_shows_nothing_or_holds_a_control_character_is_an_error(
        site: Site, title: str, expected: str) -> None:
    """A control character made every feed unreadable XML; a zero-width title made an
    invisible link in every listing."""
    site.write("briefings/x.md", briefing().replace("title: Safer sleep", f'title: "{title[1:-1]}"'))
    assert only_error(site).startswith(expected)


def test_summary_too_long(site: Site) -> None:
    site.write("briefings/long.md", briefing().replace("A short summary of safer sleep.", "word " * 70))
    assert only_error(site).startswith("briefings/long.md:4: error: 'summary' is 349 characters long")


def test_every_problem_is_reported_in_one_run(site: Site) -> None:
    """check reports all problems of all files, sorted by file and line."""
    site.write("briefings/a.md", briefing(extra="colour: red\n", body="See [[nowhere]].\n"))
    site.write("reviews/b.md", review(published="2023-13-01"))
    result = site.check()
    assert result.exit_code == 1
    assert [line.split(": error:")[0] for line in errors(result)] == [
        "briefings/a.md:6", "briefings/a.md:9", "reviews/b.md:3"]


def test_superseded_guidance_is_a_warning(site: Site) -> None:
    """Citing superseded guidance warns (exit 0) and names the successor."""
    site.write("content/guidance/wt-2015.md", guidance("WT 2015", "superseded_by: wt-2018\n"))
    site.write("content/guidance/wt-2018.md", guidance("WT 2018"))
    site.write("briefings/old.md", briefing(extra="guidance: [wt-2015]\n"))
    result = site.check()
    assert result.exit_code == 0
    assert result.lines == [
        "briefings/old.md:6: warning: 'wt-2015' is superseded by 'wt-2018' "
        "(cite 'wt-2018' unless you mean the older version)"]


def test_alias_resolves_to_guidance(site: Site) -> None:
    site.write("content/guidance/wt-2015.md", guidance("WT 2015", "aliases: [Working Together 2015]\n"))
    site.write("briefings/a.md", briefing(body="See [[Working Together 2015]].\n"))
    assert site.check().exit_code == 0


def test_json_format(site: Site) -> None:
    """--format json prints a list of problems, each with path, line, severity, message."""
    site.write("briefings/a.md", briefing(extra="colour: red\n"))
    result = site.check("--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.out)
    assert len(data) == 1
    assert data[0] | {"hint": ""} == {
        "path": "briefings/a.md", "line": 6, "severity": "error",
        "message": "unknown front-matter key 'colour'", "hint": ""}


def test_public_item_linking_to_embargoed_one_warns(site: Site) -> None:
    site.write("reviews/child-a.md", review(published="2027-01-01"))
    site.write("briefings/a.md", briefing(extra="reviews: [child-a]\n"))
    result = site.check()
    assert result.exit_code == 0
    assert result.lines == [
        "briefings/a.md:6: warning: 'child-a' is embargoed until 2027-01-01; the public site "
        "will not link to it or show its title (publish both together, or embargo this item too)"]
    assert site.run("check", "--as-of", "2027-01-01").out == ""
    # From a hand-written page and a guidance entry too: they are public
    site.write("content/about.md", "# About\n\nSee [[child-a]].\n")
    site.write("content/guidance/g.md", guidance("G").replace("About it.", "See [[child-a]]."))
    lines = site.check().lines
    assert "content/about.md:3: warning: 'child-a' is embargoed until 2027-01-01; the public " \
           "site will not link to it or show its title (publish both together, or embargo " \
           "this item too)" in lines
    assert any(line.startswith("content/guidance/g.md:") and "'child-a' is embargoed" in line
               for line in lines), lines


def test_missing_config_is_a_usage_error(tmp_path) -> None:
    result = Site(tmp_path).run("check")
    assert result.exit_code == 2
    assert "mkdocs.yml: no such file" in result.err


def test_unknown_plugin_option_is_a_usage_error(site: Site) -> None:
    site.write("mkdocs.yml", "site_name: x\ndocs_dir: content\nplugins:\n  - safeguarding-learning:\n      theme: [a]\n")
    result = site.check()
    assert result.exit_code == 2
    assert "unknown option 'theme'" in result.err and "did you mean 'themes'?" in result.err


def test_bad_as_of_is_a_usage_error(site: Site) -> None:
    result = site.run("check", "--as-of", "26/11/2026")
    assert result.exit_code == 2
    assert "is not a date written YYYY-MM-DD" in result.err


def test_an_as_of_left_in_mkdocs_yml_is_said_at_its_line(site: Site) -> None:
    """It lifts embargoes in every build that gives no --as-of: never silently."""
    site.write("mkdocs.yml", with_plugin_option(CONFIG, "as_of: 2030-01-01"))
    result = site.check()
    assert result.exit_code == 0
    assert ("mkdocs.yml:8: warning: 'as_of: 2030-01-01' is set: every build without --as-of "
            "judges embargoes as of that date, not today, and publishes what is embargoed "
            "until then") in result.out
    site.write("mkdocs.yml", CONFIG)
    assert "as_of" not in site.check().out  # --as-of given for one run: nothing to say
    # ... and when a file mkdocs.yml builds on sets it
    site.write("base.yml", with_plugin_option(CONFIG, "as_of: 2030-01-01"))
    site.write("mkdocs.yml", "INHERIT: base.yml\n")
    assert "base.yml:8: warning: 'as_of: 2030-01-01' is set" in site.check().out


def test_messages_name_an_audit_with_its_article(site: Site) -> None:
    site.write("audits/a.md", "---\ntitle: A\npublished: 2024-01-01\nsummary: S.\n"
                              "themes: [neglect]\naudit_type: section-11\nzzz: 1\n---\nBody\n")
    assert "an audit may have:" in site.check().out


@pytest.mark.parametrize(("lines", "expected"), [
    ("report: ''\n", ["reviews/r.md:7: error: 'report' must be some text (e.g. report: ...)"]),
    ("child_age: 1_4\n", ["reviews/r.md:7: error: 'child_age' cannot be '1_4' (did you mean "
                          "'1-4'?)"]),
    ("null: x\n", ["reviews/r.md:7: error: front-matter key 'null' is not a name"]),
])
def test_messages_quote_what_was_written_once(site: Site, lines: str,
                                              expected: list[str]) -> None:
    site.write("reviews/r.md", review(extra=lines))
    assert site.check().lines == expected


def test_a_summary_is_counted_in_characters_as_read(site: Site) -> None:
    """300 letters é, each typed as e and a combining accent, are 300 characters."""
    site.write("briefings/b.md", briefing().replace(
        "summary: A short summary of safer sleep.", "summary: " + "e\u0301" * 300))
    assert site.check().out == ""
    site.write("briefings/b.md", briefing().replace(
        "summary: A short summary of safer sleep.", "summary: " + "e\u0301" * 301))
    assert "'summary' is 301 characters long; the limit is 300" in site.check().out


def test_old_ids_and_guidance_names_lead_to_one_item(site: Site) -> None:
    """An alias taking a name guidance is cited by (every [[wt-fifteen]] then led to the
    briefing), a guidance name that is an item's id, and a page at an old id's address."""
    site.write("content/guidance/wt-2015.md", guidance("WT", extra="aliases: [wt-fifteen, "
                                                                   "Safer-Sleep]\n"))
    site.write("briefings/safer-sleep.md", briefing(extra="aliases: [wt-fifteen, old-sleep]\n"))
    site.write("content/briefings/old-sleep.md", "# A page\n")
    lines = [line.split(" (")[0] for line in site.check().lines]
    assert "briefings/safer-sleep.md:6: error: 'wt-fifteen' is already a name of " \
           "content/guidance/wt-2015.md" in lines, lines
    assert "content/guidance/wt-2015.md:5: error: 'Safer-Sleep' is the id of " \
           "briefings/safer-sleep.md: [[safer-sleep]] leads there, not to this guidance" in lines
    assert "content/briefings/old-sleep.md:1: error: this page has the address of " \
           "'old-sleep', an old id of briefings/safer-sleep.md that leads to it" in lines


def test_a_link_from_the_web_servers_root_is_said(site: Site) -> None:
    """`/reviews/x/` leads elsewhere on a site served from /learning/, and check cannot
    follow it to say whether it is there, or public."""
    site.write("content/about.md", "# About\n\n[gone](/no-such-page/) [ok](https://x.org/a)\n")
    assert site.check().lines == [
        "content/about.md:3: warning: link to '/no-such-page/' starts from the web server's "
        "root, not from this site, which may be served from a sub-path (link the file it "
        "shows instead, e.g. [[id]] or ../reviews/x.md)"]


def test_escape_codes_in_an_authors_text_are_shown_not_sent_to_the_terminal(site: Site) -> None:
    """A theme written "x\\e[2K\\e[1A..." made check's own output erase the lines above."""
    site.write("briefings/x.md", briefing(extra='audience: ["x\\e[2K\\e[1Achecked: 0 errors"]\n'))
    for output in ("text", "github"):
        result = site.check("--format", output)
        assert result.exit_code == 1
        assert "\x1b" not in result.out
        assert "x\\x1b[2K\\x1b[1Achecked" in result.out


@pytest.mark.parametrize("body", [
    'Hover <span title="See [[child-a]]">here</span>.',
    '<abbr title="[[child-a|<img src=x>]]">ab</abbr>',
    "![Chart from [[child-a]]](chart.png)",
    '[x](https://www.gov.uk/ "title [[child-a]] t")',
])
def test_a_cross_reference_inside_a_tag_or_a_link_is_an_error(site: Site, body: str) -> None:
    """It became a link inside an attribute, ending it early: what followed was markup."""
    site.write("reviews/child-a.md", review())
    site.write_bytes("briefings/chart.png", b"\x89PNG\r\n\x1a\n")
    site.write("briefings/x.md", briefing(body=f"## What to do\n\n{body}\n"))
    assert "briefings/x.md:10: error: a cross-reference ([[...]]) inside" in only_error(site)


def test_a_link_to_a_file_mkdocs_leaves_out_is_an_error(site: Site) -> None:
    """content/templates/ and dot files are not published: the link was broken on the site."""
    site.write("content/templates/form.txt", "A form.\n")
    site.write("content/.well-known/security.txt", "Contact: x\n")
    site.write("content/forms.md", "# Forms\n\n[Form](templates/form.txt) and "
               "[security](.well-known/security.txt).\n")
    found = [line.split(": MkDocs")[0] for line in errors(site.check())]
    assert found == ["content/forms.md:3: error: link to '.well-known/security.txt'",
                     "content/forms.md:3: error: link to 'templates/form.txt'"]


# --- check reads a page as MkDocs, Python-Markdown and Material do -----------------

ATTR_LIST_CONFIG = CONFIG + "markdown_extensions:\n  - toc\n  - attr_list\n"


@pytest.mark.parametrize("body, line", [
    ("Intro <!-- open\n## Title {: id='k\"><script src=notes.txt></script>' }\n", 6),
    ("## Title {: id='k\" onmouseover=\"alert(1)' }\n", 5),
    ("## Title {#a<b}\n", 5),
    ('<p id="two words">Text.</p>\n', 5),
])
def test_an_id_that_is_not_a_plain_name_is_an_error(site: Site, body: str, line: int) -> None:
    """Material prints the table of contents' ids into its links as they are: an id
    holding quotes or markup was markup on the page (an attachment ran as a script)."""
    site.write("mkdocs.yml", ATTR_LIST_CONFIG)
    site.write("content/notes.txt", "alert(1)\n")
    site.write("content/notes.md", f"---\ntitle: Notes\n---\n\n{body}\nText.\n")
    result = site.check()
    assert result.exit_code == 1
    found = [e for e in errors(result) if e.startswith(f"content/notes.md:{line}: error: id '")]
    assert found and "may hold only letters, digits" in found[0], result.out
    site.write("content/notes.md", "---\ntitle: Notes\n---\n\n## Title {: #what-to-do_2.1 }\n\n"
               '<p id="a:b">Text.</p>\n')
    assert site.check().lines == []


@pytest.mark.parametrize("first_line", ["Template: redirect.html", "Note: remember the form",
                                        "https://www.gov.uk/ is where it is"])
def test_a_first_line_mkdocs_reads_as_a_setting_is_an_error(site: Site, first_line: str) -> None:
    """Without --- front matter, MkDocs reads first lines like `Key: value` as settings
    (`Template: redirect.html` chose the page's template) and drops them from the page."""
    site.write("content/notes.md", f"{first_line}\nlocation: https://evil.example/\n\nBody.\n")
    found = only_error(site)
    assert found.startswith("content/notes.md:1: error: MkDocs reads the first line"), found
    assert "---" in found and "blank line" in found
    site.write_bytes("content/notes.md", f"\n{first_line}\n\nBody.\n".encode())
    assert site.check().lines == []
    site.write("content/notes.md", f"# Notes\n\n{first_line}\n")
    assert site.check().lines == []


def test_an_items_closing_fence_without_a_line_break_is_an_error(site: Site) -> None:
    """MkDocs reads front matter only when its closing --- ends with a line break: without
    one it showed the front matter as the page's text."""
    site.write("briefings/x.md", briefing(body="").rstrip("\n"))
    found = only_error(site)
    assert found.startswith("briefings/x.md:6: error: the front matter's closing ---"), found
    site.write("briefings/x.md", briefing(body=""))
    assert site.check().lines == []


@pytest.mark.parametrize("newline", ["\r", "\r\n"])
def test_lines_ending_in_cr_are_read_as_mkdocs_reads_them(site: Site, newline: str) -> None:
    """MkDocs reads files with universal newlines: a file whose lines end in CR alone had
    front matter (`template: redirect.html`) that check did not see."""
    text = "---\ntitle: Notes\ntemplate: redirect.html\n---\n\nBody.\n"
    site.write_bytes("content/notes.md", text.replace("\n", newline).encode())
    assert only_error(site).startswith(
        "content/notes.md:3: error: template 'redirect.html' cannot be used")
    site.write_bytes("briefings/x.md", briefing(
        "Old Mac briefing", extra="status: draft\n").replace("\n", newline).encode())
    site.write_bytes("content/notes.md", text.replace("template: redirect.html\n", "")
                     .replace("\n", newline).encode())
    assert site.check().lines == []
    assert site.build().exit_code == 0
    assert not (site.root / "site/briefings/x").exists()
    assert "Old Mac briefing" not in site.html("briefings/index.html")


@pytest.mark.parametrize("template", ["redirect.html", "blog-post.html", "404.html",
                                      "safeguarding/home.html", "../mkdocs.yml"])
def test_a_page_template_other_than_main_or_the_sites_own_is_an_error(
        site: Site, template: str) -> None:
    """Material's redirect.html (with `location:`) sent readers anywhere, and blog-post.html
    stopped the build with an internal error."""
    site.write("content/notes.md", f"---\ntitle: Notes\ntemplate: {template}\n"
               "location: https://evil.example/\n---\n\nBody.\n")
    assert only_error(site).startswith(
        f"content/notes.md:3: error: template '{template}' cannot be used")


def test_a_template_of_the_sites_custom_dir_may_be_used(site: Site) -> None:
    site.write("mkdocs.yml", CONFIG.replace("  name: material\n",
                                            "  name: material\n  custom_dir: overrides\n"))
    site.write("overrides/plain.html", '{% extends "main.html" %}\n')
    for template in ("plain.html", "main.html"):
        site.write("content/notes.md", f"---\ntitle: Notes\ntemplate: {template}\n---\n\nB.\n")
        assert site.check().lines == [], template
    assert site.build().exit_code == 0


@pytest.mark.parametrize("line", ["draft: true", "embargo: 2030-01-01"])
def test_a_hand_written_page_cannot_be_a_draft_or_embargoed(site: Site, line: str) -> None:
    """A page is always published: an author who expected `draft: true` to hide it
    published it."""
    site.write("content/plans.md", f"---\ntitle: Plans\n{line}\n---\n\nSecret plans.\n")
    found = only_error(site)
    assert found.startswith("content/plans.md:3: error: a hand-written page is always "
                            "published"), found
    assert "briefings" in found and "reviews" in found
    assert site.build().exit_code == 1
    site.write("content/plans.md", "---\ntitle: Plans\ndraft: false\n---\n\nPlans.\n")
    assert site.check().lines == []


@pytest.mark.parametrize("body, line", [
    ("## Learning from [[hidden]]\n", 8),
    ("Learning from [[hidden|the review]]\n---\n", 8),
    ("Intro.\n\n#Learning from [[hidden]]\n", 10),
    ("> ## Learning from [[hidden]]\n", 8),
])
def test_a_cross_reference_in_a_heading_is_an_error(site: Site, body: str, line: int) -> None:
    """Its target's id reached the search index, the table of contents, the page's title
    and the heading's address, even when the target was hidden."""
    site.write("reviews/hidden.md", review(extra="status: draft\n"))
    site.write("briefings/x.md", briefing(body=body))
    found = [e for e in errors(site.check()) if "heading" in e]
    assert found and found[0].startswith(
        f"briefings/x.md:{line}: error: a cross-reference ([[...]]) in a heading"), found
    assert "text below the heading" in found[0]


def test_a_cross_reference_in_a_paragraph_above_a_rule_is_not_in_a_heading(site: Site) -> None:
    """Only the first line of a paragraph is a heading when `---` is under it."""
    site.write("reviews/child-a.md", review())
    site.write("briefings/x.md", briefing(body="Intro.\nSee [[child-a]].\n---\n\nMore.\n"))
    assert site.check().lines == []
    site.write("briefings/x.md", briefing(body="See [[child-a]].\n---\n\nMore.\n"))
    assert site.check().exit_code == 1
    assert site.build().exit_code == 1
