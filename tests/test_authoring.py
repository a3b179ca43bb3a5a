"""What authors meet between writing and publishing: templates, placeholders, one round of
problems, suggestions that help, renamed items, and drafts that do not block the rest."""

from __future__ import annotations

import re
from datetime import date

from conftest import AS_OF, Site, briefing, guidance, review
from safeguarding_learning.core.publication import uk_today


# --- `new`: no facts, every optional key, placeholders `check` knows -------------------------
def test_new_briefing_is_standard_unless_asked_for_seven_minutes(site: Site) -> None:
    assert site.run("new", "briefing", "Safer sleep").out.strip() == "briefings/safer-sleep.md"
    standard = (site.root / "briefings/safer-sleep.md").read_text()
    assert "\nformat:" not in standard and "# format: seven-minute" in standard
    site.run("new", "briefing", "--format", "seven-minute", "Bruising")
    seven = (site.root / "briefings/bruising.md").read_text()
    assert "\nformat: seven-minute" in seven
    assert seven.index("## Background") < seven.index("## Questions to consider")
    assert site.run("check").exit_code == 0
    assert site.run("check").err.endswith("0 errors, 0 warnings\n")


def test_templates_hold_every_optional_key_as_a_comment_and_no_facts(site: Site) -> None:
    site.run("new", "briefing", "A briefing")
    site.run("new", "review", "A review")
    written = (site.root / "briefings/a-briefing.md").read_text()
    for key in ("audience", "guidance", "reviews", "updated", "aliases"):
        assert re.search(rf"^# {key}: ", written, re.MULTILINE), key
    written = (site.root / "reviews/a-review.md").read_text()
    for key in ("subject", "agencies", "report", "url", "audience", "guidance", "updated",
                "aliases"):
        assert re.search(rf"^# {key}: ", written, re.MULTILINE), key
    assert "## What happened" in written
    assert "review_type: scr" not in written and "Child A" not in written
    assert f"published: {uk_today().isoformat()}" in written


def test_publishing_template_text_is_an_error_at_each_line(site: Site) -> None:
    site.run("new", "briefing", "--format", "seven-minute", "Half written")
    path = site.root / "briefings/half-written.md"
    path.write_text(path.read_text().replace("status: draft", "status: published", 1))
    result = site.run("check")
    assert result.exit_code == 1
    lines = [line for line in result.lines if "template text left" in line]
    numbered = path.read_text().splitlines()
    # the summary, the note on themes and each of the seven sections
    assert len(lines) == 9
    for line in lines:
        number = int(line.split(":")[1])
        assert "Write here:" in numbered[number - 1], line
    assert "or set 'status: draft' until it is ready" in lines[0]


def test_the_template_summary_without_its_marker_is_still_an_error(site: Site) -> None:
    site.write("briefings/b.md", briefing().replace(
        "summary: A short summary of safer sleep.",
        "summary: One or two plain sentences for listings, search results and feeds."))
    assert "briefings/b.md:4: error: the summary is still the template's example" \
        in site.check().out


def test_an_empty_report_or_attachment_is_an_error(site: Site) -> None:
    site.write_bytes("reviews/empty.pdf", b"")
    site.write_bytes("briefings/blank.docx", b"")
    site.write("reviews/r.md", review(extra="report: empty.pdf\n"))
    site.write("briefings/b.md", briefing(body="Read [the form](blank.docx).\n"))
    result = site.check()
    assert "reviews/r.md:7: error: report 'empty.pdf' is an empty file (0 bytes)" in result.out
    assert "briefings/b.md:8: error: 'blank.docx' is an empty file (0 bytes)" in result.out


def test_check_can_speak_github_annotations(site: Site) -> None:
    site.write("briefings/b.md", briefing(extra="themes: [nope]\n").replace(
        "themes: [neglect]\n", ""))
    result = site.check("--format", "github")
    assert result.exit_code == 1
    assert len(result.lines) == 1
    assert result.lines[0].startswith(
        "::error file=briefings/b.md,line=5,title=check::briefings/b.md:5: error: unknown "
        "theme 'nope' (use one of: ")


# --- one round: front-matter errors hide nothing ---------------------------------------------
def test_front_matter_errors_do_not_hide_the_body_s_errors(site: Site) -> None:
    site.write("content/guidance/wt.md", guidance("Working Together", "sections:\n  ch-1: One\n"))
    site.write("briefings/b.md", """\
        ---
        title: Broken
        published: 2024-13-01
        summary: S.
        themes: [neglectt]
        guidance: [wt#ch-9]
        format: seven-minute
        colour: red
        ---

        ## Background

        See [[nowhere]], call 07700 900123, and [this](missing.md).
        """)
    found = {(line.split(":")[1], line.split(": ", 2)[2][:30]) for line in site.check().lines}
    assert {line for line, _ in found} == {"3", "5", "6", "8", "11", "13"}
    messages = " ".join(message for _, message in found)
    for expected in ("'published' must be", "unknown theme", "'wt' has no section",
                     "seven-minute briefing: sect", "unknown front-matter key",
                     "unknown id 'nowhere'", "personal data", "broken link"):
        assert expected[:30] in messages, expected


def test_an_item_with_errors_can_still_be_cited(site: Site) -> None:
    """Citing a file whose front matter is wrong is not an 'unknown id' as well."""
    site.write("reviews/child-d.md", review(extra="review_type: nonsense\n").replace(
        "review_type: lcspr\n", ""))
    site.write("briefings/b.md", briefing(extra="reviews: [child-d]\n",
                                          body="From [[child-d]].\n"))
    result = site.check()
    assert [line.split(": ", 2)[2] for line in result.lines] == [
        "unknown review type 'nonsense' (use one of: scr, lcspr, rapid-review, "
        "national-review, thematic-review, learning-review, sar, dhr)"]


# --- suggestions that help ---------------------------------------------------------------------
def test_no_suggestion_of_another_child_another_chapter_or_another_year(site: Site) -> None:
    site.write("reviews/child-c-2020.md", review("Child C"))
    site.write("reviews/family-smith-2017.md", review("Family Smith"))
    site.write("content/guidance/wt-2015.md", guidance(
        "Working Together 2015", "sections:\n  chapter-6: Six\n"))
    site.write("briefings/b.md", briefing(
        extra="reviews: [child-b-2020, family-smyth-2017, child-c-2021]\n",
        body="[[wt-2015#chapter-9]] [[wt-2016]]\n"))
    result = site.check()
    assert "did you mean" not in result.out, result.out
    assert "'wt-2015' has no section 'chapter-9' (its sections are: chapter-6)" in result.out


def test_a_typing_slip_gets_a_suggestion_of_the_kind_expected(site: Site) -> None:
    site.write("reviews/neglect-thematic-review.md", review("Neglect thematic review"))
    site.write("briefings/neglect-thematic-reviews.md", briefing("Neglect"))
    site.write("briefings/b.md", briefing(extra="reviews: [neglect-thematik-review]\n",
                                          body="[[safer-slep]] and [[saferr-sleep]]\n"))
    site.write("briefings/safer-sleep.md", briefing())
    out = site.check().out
    assert "unknown id 'neglect-thematik-review' (did you mean 'neglect-thematic-review'?)" in out
    assert "unknown id 'safer-slep' (did you mean 'safer-sleep'?)" in out


def test_superseded_guidance_recommends_the_newest(site: Site) -> None:
    site.write("content/guidance/wt-2015.md", guidance("WT 2015", "superseded_by: wt-2018\n"))
    site.write("content/guidance/wt-2018.md", guidance("WT 2018", "superseded_by: wt-2023\n"))
    site.write("content/guidance/wt-2023.md", guidance("WT 2023"))
    site.write("briefings/b.md", briefing(extra="guidance: [wt-2015]\n"))
    assert ("briefings/b.md:6: warning: 'wt-2015' is superseded by 'wt-2018', itself replaced: "
            "the current version is 'wt-2023' (cite 'wt-2023' unless you mean the older "
            "version)") in site.check().out


def test_the_personal_data_hint_names_the_file_of_the_setting(site: Site) -> None:
    site.write("briefings/b.md", briefing(body="Email duty@example.org.\n"))
    assert "add it to 'personal_data_allowlist' in mkdocs.yml" in site.check().out


# --- renamed items: old addresses redirect ----------------------------------------------------
def test_an_old_id_redirects_to_the_new_address(site: Site) -> None:
    site.write("briefings/safer-sleep.md", briefing(extra="aliases: [safe-sleeping]\n"))
    site.write("briefings/other.md", briefing("Other", body="See [[safe-sleeping]].\n"))
    assert site.build().exit_code == 0
    old = site.html("briefings/safe-sleeping/index.html")
    assert '<meta http-equiv="refresh" content="0; url=../safer-sleep/">' in old
    assert '<a href="../safer-sleep/">Safer sleep</a>' in old
    assert 'content="noindex"' in old and "Content-Security-Policy" in old
    assert 'href="https://example.org/learning/briefings/safer-sleep/"' in old
    assert 'href="../safer-sleep/"' in site.html("briefings/other/index.html")
    assert "safe-sleeping" not in site.html("sitemap.xml")


def test_an_alias_cannot_take_another_item_s_id(site: Site) -> None:
    site.write("briefings/a.md", briefing("A", extra="aliases: [b, old-a, Not An Id]\n"))
    site.write("briefings/b.md", briefing("B", extra="aliases: [old-a]\n"))
    out = site.check().out
    assert "briefings/a.md:6: error: 'b' is already the id of briefings/b.md" in out
    assert "briefings/a.md:6: error: 'Not An Id' is not an id" in out
    assert "briefings/b.md:6: error: 'old-a' is already the alias of briefings/a.md" in out


def test_an_embargoed_item_s_old_address_says_nothing(site: Site) -> None:
    site.write("briefings/later.md", briefing(published="2027-01-01", extra="aliases: [soon]\n"))
    site.build()
    assert not (site.root / "site/briefings/soon").exists()


# --- drafts do not block the rest ------------------------------------------------------------
def test_errors_in_drafts_and_embargoed_items_do_not_stop_a_public_build(site: Site) -> None:
    site.write("briefings/public.md", briefing("Public one"))
    site.write("briefings/draft.md", briefing("Draft one", extra="status: draft\n",
                                              body="[[nowhere]] <script>x()</script>\n"))
    site.write("briefings/later.md", briefing("Later one", published="2027-01-01",
                                              extra="themes: [nope]\n").replace(
        "themes: [neglect]\n", ""))
    result = site.build()
    assert result.exit_code == 0, result.err
    assert "briefings/draft.md:9: error: unknown id 'nowhere'" in result.out
    assert "briefings/later.md:5: error: unknown theme 'nope'" in result.out
    assert "3 errors in drafts or embargoed items: those items stay unpublished" in result.err
    assert ("briefings/later.md: warning: embargoed until 2027-01-01: fix its errors before "
            "then, or the build on that day will stop") in result.err
    assert (site.root / "site/briefings/public/index.html").exists()
    assert not (site.root / "site/briefings/draft").exists()
    assert "Later one" not in site.html("briefings/index.html")
    assert site.check().exit_code == 1  # check still says every error


def test_errors_in_what_would_be_published_still_stop_the_build(site: Site) -> None:
    site.write("briefings/draft.md", briefing("Draft", extra="status: draft\n",
                                              body="[[nowhere]]\n"))
    site.write("briefings/bad-date.md", briefing("Bad date", published="2024-02-30"))
    result = site.build()
    assert result.exit_code == 1 and not (site.root / "site").exists()
    assert "nothing was written" in result.err
    preview = Site(site.root)
    preview.write("briefings/bad-date.md", briefing("Fixed"))
    result = preview.build("--preview")  # a preview would show the draft: it must be right
    assert result.exit_code == 1 and not (site.root / "site-preview").exists()


def test_a_draft_s_errors_do_not_stop_plain_mkdocs_build(site: Site) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site.write("briefings/draft.md", briefing("Draft", extra="status: draft\n",
                                              body="[[nowhere]]\n"))
    site.write("briefings/public.md", briefing("Public one"))
    config = load_config(str(site.root / "mkdocs.yml"))
    config.plugins["safeguarding-learning"].config.as_of = date.fromisoformat(AS_OF)
    build(config)
    assert (site.root / "site/briefings/public/index.html").exists()
    assert not (site.root / "site/briefings/draft").exists()
