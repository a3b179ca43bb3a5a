"""`build.py new briefing|review "Title"` writes a draft that passes check (more in
test_authoring.py: formats, commented keys, placeholders)."""

from __future__ import annotations

import yaml
from conftest import Site, briefing
from safeguarding_learning.core.publication import uk_today


def test_new_briefing_is_a_valid_draft(site: Site) -> None:
    """The template has today's date, status draft, and sections to write."""
    result = site.run("new", "briefing", "Safer sleep: what to say")
    assert result.exit_code == 0, result.err
    assert result.out.strip() == "briefings/safer-sleep-what-to-say.md"
    text = (site.root / "briefings/safer-sleep-what-to-say.md").read_text()
    assert f"published: {uk_today().isoformat()}" in text
    assert "status: draft" in text and "## What to do" in text
    assert site.run("check").exit_code == 0


def test_new_review_is_a_valid_draft(site: Site) -> None:
    result = site.run("new", "review", "Child B")
    assert result.out.strip() == "reviews/child-b.md"
    written = (site.root / "reviews/child-b.md").read_text()
    assert "review_type: lcspr" in written
    assert site.run("check").exit_code == 0
    # The review record's keys are there as commented examples, and read as YAML once
    # their '# ' is deleted
    for key in ("child_age", "child_sex", "outcome", "incident_year", "commissioned",
                "completed", "recommendations"):
        assert f"\n# {key}: " in written, key
    record = "\n".join(line[2:] for line in written.splitlines()
                       if line.startswith(("# child_", "# outcome", "# recommendations", "#   ",
                                           "#     ")))
    read = yaml.safe_load(record)
    assert read["recommendations"][0]["text"] == "What the review recommends"
    assert read["child_age"] == ["1-4"] and read["outcome"] == "serious-harm"


def test_format_is_for_briefings_only(site: Site) -> None:
    result = site.run("new", "review", "--format", "seven-minute", "Child B")
    assert result.exit_code == 2
    assert "error: --format is for briefings; a review has one format" in result.err
    assert not (site.root / "reviews").exists()


def test_new_does_not_clash_with_an_existing_id(site: Site) -> None:
    """A slug already used by any item gets a number, and no file is overwritten."""
    site.write("briefings/safer-sleep.md", briefing())
    site.write("reviews/child-b.md", briefing("Other"))
    assert site.run("new", "briefing", "Safer sleep").out.strip() == "briefings/safer-sleep-2.md"
    assert site.run("new", "briefing", "Child B").out.strip() == "briefings/child-b-2.md"
    assert "Talk about safer sleep" in (site.root / "briefings/safer-sleep.md").read_text()


def test_new_with_quotes_in_the_title(site: Site) -> None:
    site.run("new", "briefing", 'The "toxic trio": a rethink')
    assert site.run("check").exit_code == 0


def test_a_very_long_title_makes_a_short_file_name_and_keeps_the_title(site: Site) -> None:
    """A file name has a limit: 400 characters of title stopped `new` with an internal
    error. The id is cut at a word; the title stays whole."""
    title = "Learning from the review of " + "multi-agency practice " * 18
    result = site.run("new", "briefing", title)
    assert result.exit_code == 0, result.err
    written = result.out.strip()
    assert written.startswith("briefings/learning-from-the-review-of-multi-agency")
    assert len(written) <= len("briefings/.md") + 80 and not written.endswith("-.md")
    assert title.strip() in (site.root / written).read_text(encoding="utf-8")
    assert site.run("check").exit_code == 0


def test_a_title_with_line_breaks_is_written_on_one_line(site: Site) -> None:
    """A line `---` in the title ended the front matter of the file `new` wrote."""
    result = site.run("new", "briefing", "Safer\n---\nsleep")
    assert result.exit_code == 0
    assert 'title: "Safer --- sleep"\n' in (site.root / result.out.strip()).read_text()
    assert site.run("check").exit_code == 0


def test_new_does_not_write_through_a_link_to_a_file_that_is_gone(site: Site) -> None:
    (site.root / "briefings").mkdir()
    (site.root / "briefings/foo.md").symlink_to(site.root / "gone.md")
    result = site.run("new", "briefing", "Foo")
    assert result.exit_code == 0, result.err
    assert result.out.strip() == "briefings/foo-2.md"
    assert not (site.root / "gone.md").exists()


def test_a_title_with_an_unseen_character_is_refused_before_writing(site: Site) -> None:
    """A direction override (U+202E) or an escape character in a title would be written
    into the draft, which check then refuses; `new` says so and writes nothing."""
    for title in ("Child \u202eB", "Safer\x1b[2J sleep"):
        result = site.run("new", "briefing", title)
        assert result.exit_code == 2, result.out
        assert "error: the title holds a control character or a direction override" in result.err
    assert not (site.root / "briefings").exists()
