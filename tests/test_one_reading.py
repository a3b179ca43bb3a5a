"""One reading: what `check` approves is what Python-Markdown renders, with the site's settings."""

from __future__ import annotations

import re

import markdown
import pytest
from conftest import CONFIG, Site, briefing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from justhtml import JustHTML

EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list"]
SITE_CONFIG = CONFIG + "markdown_extensions:\n" + "".join(f"  - {e}\n" for e in EXTENSIONS)


def rendered_anchors(body: str) -> set[str]:
    """The ids of the page Python-Markdown renders, read from its HTML output."""
    output = markdown.markdown(body, extensions=EXTENSIONS)
    found, stack = set(), [JustHTML(output, fragment=True, sanitize=False).root]
    while stack:
        node = stack.pop()
        if getattr(node, "attrs", None) and node.attrs.get("id"):
            found.add(node.attrs["id"])
        stack.extend(node.children or [])
    return found


words = st.sampled_from(["Key", "learning", "What", "to", "do", "Safer", "sleep", "Ünïcode",
                         "2024", "C++", "A&E", "child's", "why?"])
phrase = st.lists(words, min_size=1, max_size=4).map(" ".join)
inline = st.one_of(
    phrase,
    phrase.map(lambda p: f"*{p}*"),
    phrase.map(lambda p: f"`{p}`"),
    phrase.map(lambda p: f"[{p}](https://www.gov.uk/)"),
    phrase.map(lambda p: f"{p} &amp; more"),
)
heading_text = st.lists(inline, min_size=1, max_size=3).map(" ".join)
block = st.one_of(
    st.tuples(st.integers(1, 4), heading_text).map(lambda t: "#" * t[0] + " " + t[1]),
    heading_text.map(lambda t: f"{t}\n{'=' * 5}"),
    heading_text.map(lambda t: f"{t}\n{'-' * 5}"),
    heading_text.map(lambda t: f"## {t} {{#custom-{abs(hash(t)) % 97}}}"),
    phrase.map(lambda p: f"A paragraph about {p}."),
    heading_text.map(lambda t: f"```\n# {t}\n```"),
    heading_text.map(lambda t: f"    # {t}"),
    heading_text.map(lambda t: f"<!--\n## {t}\n-->"),
    heading_text.map(lambda t: f"> ## {t}"),
)
documents = st.lists(block, min_size=1, max_size=8).map("\n\n".join)


@pytest.fixture(scope="module")
def reading_site(tmp_path_factory) -> Site:
    site = Site(tmp_path_factory.mktemp("reading") / "project")
    site.write("mkdocs.yml", SITE_CONFIG)
    site.write("content/index.md", "# Home\n")
    return site


@settings(max_examples=120, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=documents, extra=st.lists(phrase, max_size=3))
def test_section_verdicts_match_the_rendered_anchors(reading_site: Site, body: str,
                                                     extra: list[str]) -> None:
    """For every [[target#section]], check errs exactly when the rendered target lacks it."""
    anchors = rendered_anchors(body)
    from safeguarding_learning.core.ids import slugify

    candidates = sorted(anchors | {slugify(p) for p in extra if slugify(p)})
    candidates = [c for c in candidates if re.fullmatch(r"[^\]|#\n\s]+", c)]
    reading_site.write("briefings/target.md", briefing("Target", body=body + "\n"))
    references = "".join(f"- [[target#{c}]]\n" for c in candidates)
    reading_site.write("briefings/citing.md", briefing("Citing", body=references or "None.\n"))
    result = reading_site.check()
    assert "Traceback" not in result.out + result.err
    reported = set(re.findall(r"'target' has no section '([^']+)'", result.out))
    assert reported == {c for c in candidates if c not in anchors}, (body, result.out)


@pytest.mark.parametrize("body", [
    "    [[no-such-item]] in an indented code block",
    "<!-- [[no-such-item]] in a comment -->",
    "<div>\n[[no-such-item]] in raw HTML\n</div>",
    "\\[[no-such-item]] escaped",
    "```\n[[no-such-item]]\n```",
    "Some `[[no-such-item]]` code.",
])
def test_references_markdown_does_not_read_as_references_are_not_checked(
        site: Site, body: str) -> None:
    site.write("mkdocs.yml", SITE_CONFIG)
    site.write("briefings/x.md", briefing(body=f"Intro.\n\n{body}\n"))
    assert site.check().lines == []


def test_a_reference_beside_code_keeps_its_own_line(site: Site) -> None:
    site.write("mkdocs.yml", SITE_CONFIG)
    site.write("briefings/x.md", briefing(
        body="Intro.\n\n    [[missing]]\n\n<!-- [[missing]] -->\n\nSee [[missing]].\n"))
    assert site.check().lines == ["briefings/x.md:14: error: unknown id 'missing' "
                                  "(check the spelling: an id is the file name without .md)"]


def test_setext_heading_and_heading_with_a_link_are_sections(site: Site) -> None:
    site.write("mkdocs.yml", SITE_CONFIG)
    site.write("briefings/target.md", briefing(
        "Target", body="Key learning\n------------\n\n## See [the guide](https://x.example/)\n"))
    site.write("briefings/citing.md", briefing(
        "Citing", body="[[target#key-learning]] and [[target#see-the-guide]]\n"))
    assert site.check().lines == []


def test_seven_minute_sections_may_be_setext_headings(site: Site) -> None:
    sections = ["Background", "Why it matters", "Information", "Key learning",
                "Things to remember", "What to do", "Questions to consider"]
    body = "".join(f"{name}\n{'-' * len(name)}\n\nText.\n\n" for name in sections)
    site.write("briefings/x.md", briefing(extra="format: seven-minute\n", body=body))
    assert site.check().lines == []


def test_the_sites_own_slugify_is_used(site: Site) -> None:
    """With pymdownx's Unicode slugify, anchors keep their accents, as the page's do."""
    site.write("mkdocs.yml", CONFIG + "markdown_extensions:\n  - toc:\n      slugify: "
               "!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n")
    site.write("briefings/target.md", briefing("Target", body="## Ünïcode heading\n"))
    site.write("briefings/citing.md", briefing("Citing", body="[[target#ünïcode-heading]]\n"))
    assert site.check().lines == []
    site.write("briefings/citing.md", briefing("Citing", body="[[target#unicode-heading]]\n"))
    assert "has no section 'unicode-heading'" in site.check().out


def test_the_page_renders_only_what_check_reads_as_references(site: Site) -> None:
    """A [[...]] in an indented code block or a comment stays as written on the page."""
    site.write("mkdocs.yml", SITE_CONFIG)
    site.write("briefings/target.md", briefing("Target"))
    site.write("briefings/x.md", briefing(
        body="See [[target]].\n\n    [[target]] in code\n\n<!-- [[target]] -->\n"))
    assert site.check().lines == []
    assert site.build().exit_code == 0
    page = site.html("briefings/x/index.html")
    assert '<a href="../target/">Target</a>' in page
    assert "<code>[[target]] in code" in page


def test_links_are_read_as_python_markdown_reads_them(site: Site) -> None:
    """A footnote is not a link; a link in an HTML comment makes no link; an address in
    angle brackets may hold spaces, and is an address, not a tag."""
    site.write("mkdocs.yml", CONFIG + "markdown_extensions:\n  - footnotes\n")
    site.write("briefings/notes/a b.txt", "Notes.\n")
    site.write("briefings/linked.md", briefing("Linked"))
    site.write("briefings/links.md", briefing("Links", body=(
        "Text[^a] and [a title][t].\n\n"
        "[^a]: A plain note.\n"
        "[t]: linked.md \"Its title\"\n"
        "[u]: missing.md extra words make this a paragraph\n\n"
        "<!-- TODO: add [the old leaflet](old-leaflet.pdf) -->\n"
        "Read [the notes](<notes/a b.txt>) and [briefing](<linked.md>).\n\n"
        "See [gone](<no such file.pdf>).\n")))
    result = site.check()
    assert result.lines == [
        "briefings/links.md:17: error: broken link: 'no such file.pdf' does not exist (check "
        "the spelling; for briefings, reviews and guidance use [[id]])"], result.out
    site.write("briefings/links.md", site.root.joinpath("briefings/links.md").read_text()
               .replace("See [gone](<no such file.pdf>).\n", ""))
    assert site.build().exit_code == 0
    html = site.html("briefings/links/index.html")
    assert '<a href="../notes/a%20b.txt">the notes</a>' in html
    assert '<a href="../linked/">briefing</a>' in html
    assert '<a href="../linked/" title="Its title">a title</a>' in html
    assert 'class="footnote"' in html and "A plain note." in html
    assert "old-leaflet" not in html
    assert (site.root / "site/briefings/notes/a b.txt").is_file()
