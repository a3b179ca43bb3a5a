"""Author input is data, never code: what authors write cannot run or leak in readers' browsers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CONFIG, Site, briefing, guidance, review, with_plugin_option
from justhtml import JustHTML
from safeguarding_learning.core.html_policy import sanitise
from safeguarding_learning.site.security import TemplateScripts, inline_script_hashes


def errors(site: Site) -> list[str]:
    result = site.check()
    assert "Traceback" not in result.out + result.err
    return [line for line in result.lines if ": error: " in line]


def html_pages(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))


def elements(html: str) -> list:
    """Every element of a page, parsed as a browser would."""
    found, stack = [], [JustHTML(html, sanitize=False).root]
    while stack:
        node = stack.pop()
        if getattr(node, "attrs", None) is not None and not node.name.startswith("#"):
            found.append(node)
        stack.extend(node.children or [])
    return found


# --- check: anything the allowlist removes is an error at its line ----------------

UNSAFE = [
    ("<SCRIPT>alert(1)</SCRIPT>", "a <script> is not allowed"),
    ('<ScRiPt src="x.js"></sCrIpT>', "a <script> is not allowed"),
    ('<a href="jav&#x61;script:alert(1)">go</a>', "address 'javascript:alert(1)' is not allowed"),
    ('<a href="java\tscript:alert(1)">go</a>', "is not allowed"),
    ('<a href=" JAVASCRIPT:alert(1)">go</a>', "is not allowed"),
    ('<svg onload="alert(1)"><circle r="1"/></svg>', "<svg> is not allowed"),
    ('<img src="pic.png" ONERROR="alert(1)">', "event handler 'onerror' on <img>"),
    ("[Click](javascript:alert(1))", "address 'javascript:alert(1)' is not allowed"),
    ("[Click](jav&#97;script:alert(1))", "is not allowed"),
    ("[Click][evil]\n\n[evil]: javascript:alert(1)", "address 'javascript:alert(1)'"),
    ("A paragraph.\n{: onclick=\"alert(1)\" }", "event handler 'onclick'"),
    ("A paragraph.\n{: style=\"position:fixed;top:0\" }", "a 'style' attribute"),
    ('<form action="https://evil.example/"><input name="q"></form>', "<form> is not allowed"),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example/">',
     "<meta> is not allowed"),
    ('<base href="https://evil.example/">', "<base> is not allowed"),
    ('<div style="position:fixed;inset:0">Pay here</div>', "a 'style' attribute on <div>"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "address 'data:text/html"),
    ("![Tracker](https://tracker.example/pixel.gif)", "loads 'https://tracker.example/pixel.gif'"),
    ("![Tracker](//tracker.example/pixel.gif)", "from another website"),
    ('<img src="https://tracker.example/p.gif" alt="">', "from another website"),
    ("![Tracker][t]\n\n[t]: https://tracker.example/p.gif", "from another website"),
    ('<iframe src="https://video.example/embed"></iframe>', "<iframe> is not allowed"),
    ('<video src="https://video.example/v.mp4"></video>', "<video> is not allowed"),
    ('<object data="x.swf"></object>', "<object> is not allowed"),
    ('<p id="__search">Hijack</p>', "id '__search' is reserved"),
    ('<pre class="mermaid">graph TD; A-->B</pre>', "class 'mermaid' is reserved"),
    ('!!! note md-dialog "Title"', "class 'note md-dialog' is reserved"),
]


@pytest.mark.parametrize("markdown, expected", UNSAFE)
def test_check_reports_what_the_allowlist_removes_at_its_line(
        site: Site, markdown: str, expected: str) -> None:
    """However it is spelt, unsafe HTML is an error on the line that holds it (the last
    line of each case: a reference definition or an attribute list)."""
    site.write("briefings/x.md", briefing(body=f"Intro.\n\n{markdown}\n"))
    found = errors(site)
    assert found, f"no error for {markdown!r}"
    line = 10 + markdown.count("\n")
    assert found[0].startswith(f"briefings/x.md:{line}: error: "), found
    assert any(expected in line for line in found), found


@pytest.mark.parametrize("markdown", [
    "[Working Together](https://www.gov.uk/government/publications/working-together)",
    "[Email us](mailto:safeguarding@example.org) or [ring](tel:01134960000)",
    "![A chart](chart.png)",
    "| Agency | Role |\n|---|---|\n| Police | Lead |",
    '!!! note "Remember"\n    Talk to the child.',
    "<details><summary>More</summary>\n\nHidden text.\n</details>",
    "A heading {#custom-id}\n---",
    "Use `<script>` tags? Never.\n\n```html\n<iframe src=\"x\"></iframe>\n```",
    "<https://www.gov.uk/> and <safeguarding@example.org>",
    "Keep {placeholder} text as it is.",
    '<div markdown="1">\n\n**Read** with md_in_html.\n\n</div>',
])
def test_ordinary_content_passes(site: Site, markdown: str) -> None:
    """Links, pictures beside the item, tables, admonitions and code are not reported."""
    site.write_bytes("briefings/chart.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    site.write("briefings/x.md", briefing(body=f"Intro.\n\n{markdown}\n"))
    assert errors(site) == []


def test_sanitiser_keeps_what_markdown_makes_and_removes_the_rest() -> None:
    """The published fragment is the allowlist's: ordinary output intact, the rest gone."""
    ordinary = ('<h2 id="what-to-do">What to do</h2>\n<p><a href="../x/">x</a> '
                '<img alt="c" src="chart.png"></p>\n<div class="admonition note">'
                '<p class="admonition-title">Note</p></div>')
    assert sanitise(ordinary) == ordinary
    hostile = ('<p onclick="x()" style="color:red">Hi<script>steal()</script></p>'
               '<a href="JaVaScRiPt:x()">a</a><img src="https://t.example/p.gif">'
               '<iframe src="https://e.example"></iframe><form><input></form>')
    assert sanitise(hostile) == "<p>Hi</p><a>a</a><img>"


def test_a_tables_column_alignment_is_kept_without_a_style(site: Site) -> None:
    """Python-Markdown aligns a column (`|:-:|`) with a style, which the allowlist and the
    page's policy drop: it is published as `align`, which the theme styles, and check is
    silent about it as about any ordinary Markdown."""
    site.write("content/figures.md", "# Figures\n\n| Agency | Referrals |\n|:--|--:|\n"
                                     "| Police | 12 |\n")
    assert site.check().lines == []
    assert site.build().exit_code == 0
    html = site.html("figures/index.html")
    assert '<th align="left">Agency</th>' in html and '<td align="right">12</td>' in html
    assert "text-align" not in html


# --- front matter is text wherever it appears --------------------------------------

TITLE = "Under-5s <at home>"
SUMMARY = 'Say "no" to <script>alert(1)</script> & keep going.'


def test_front_matter_is_plain_text_on_every_page(site: Site) -> None:
    """A title with markup shows exactly as written; a summary with quotes stays whole."""
    site.write("briefings/under-5s.md", briefing(title="x").replace(
        "title: x", f"title: '{TITLE}'").replace(
        "summary: A short summary of x.", f"summary: '{SUMMARY}'"))
    site.write("reviews/child-b.md", review(
        "Child B", extra="subject: '<b>Child B</b>'\nagencies: ['<i>Police</i>']\n"
                         "guidance: ['wt#chapter-4']\n"))
    site.write("content/guidance/wt.md", guidance(
        "Working <u>Together</u>", "sections:\n  chapter-4: '<em>Chapter 4</em>'\n"))
    assert site.build().exit_code == 0
    pages = ["briefings/under-5s/index.html", "index.html", "briefings/index.html",
             "themes/neglect/index.html"]
    for rel in pages:
        html = site.html(rel)
        assert "<at home>" not in html and "<script>alert" not in html, rel
        texts = [node.to_text() for node in elements(html) if node.name in ("h1", "h2", "a")]
        assert any(TITLE in text for text in texts), rel
    item = site.html("briefings/under-5s/index.html")
    descriptions = [node.attrs["content"] for node in elements(item)
                    if node.name == "meta" and node.attrs.get("name") == "description"]
    assert descriptions == [SUMMARY]
    titles = [node.to_text() for node in elements(item) if node.name == "title"]
    assert titles[0].startswith(TITLE)
    review_page = site.html("reviews/child-b/index.html")
    assert "&lt;b&gt;Child B&lt;/b&gt;" in review_page
    assert "&lt;i&gt;Police&lt;/i&gt;" in review_page
    assert "Working &lt;u&gt;Together&lt;/u&gt;: &lt;em&gt;Chapter 4&lt;/em&gt;" in review_page
    guidance_page = site.html("guidance/wt/index.html")
    assert "<u>" not in guidance_page and "<em>Chapter" not in guidance_page


@pytest.mark.parametrize("front_matter, line, message", [
    ("description: ['\"><script>alert(1)</script>']\n", 3, "'description' must be plain "
                                                           "text, not a list"),
    ("title:\n  '<b>x</b>': y\n", 2, "'title' must be plain text, not a set of 'key: value'"),
])
def test_a_page_title_or_description_that_is_not_text_is_an_error(
        site: Site, front_matter: str, line: int, message: str) -> None:
    """The theme writes these into the page as text: a list there reached the page as
    Python prints it, markup and all, and its script ran."""
    site.write("content/notes.md", f"---\ntitle: Notes\n{front_matter}---\n\nBody.\n"
               .replace("title: Notes\ntitle:", "title:"))
    found = errors(site)
    assert any(entry.startswith(f"content/notes.md:{line}: error: {message}")
               for entry in found), found
    assert site.build().exit_code == 1
    assert not (site.root / "site").exists()


def test_a_cross_reference_shows_its_targets_title_as_written(site: Site) -> None:
    """`[[id]]`'s text is the target's title, which is plain text: not Markdown (emphasis,
    code) and not HTML, whatever extensions the site has."""
    title = "Under-5s <at home> *safe* _sleep_ `code` &amp; [x](y) <b>bold</b>"
    site.write("briefings/under-5s.md", briefing(title="x").replace(
        "title: x", f"title: '{title}'"))
    site.write("content/guidance/wt.md", guidance(
        "Working <u>Together</u>", "sections:\n  chapter-4: '**Chapter** 4 <em>now</em>'\n"))
    site.write("briefings/cites.md", briefing(
        "Cites", body="See [[under-5s]] and [[wt#chapter-4]].\n"))
    assert site.build().exit_code == 0
    links = {node.attrs["href"]: node.to_text() for node in
             elements(site.html("briefings/cites/index.html")) if node.name == "a"}
    assert links["../under-5s/"] == title
    assert links["../../guidance/wt/#chapter-4"] == \
        "Working <u>Together</u>: **Chapter** 4 <em>now</em>"


def test_concern_contact_passes_the_allowlist_and_check_says_so(site: Site) -> None:
    """mkdocs.yml's concern_contact is Markdown on every item: what the allowlist would
    remove from it is reported at its line of mkdocs.yml; its own number is not."""
    config = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    site.write("mkdocs.yml", with_plugin_option(
        config, "concern_contact: '[Call us](javascript:alert(1)) on 01632 960 000.'"))
    line = (site.root / "mkdocs.yml").read_text().splitlines().index(
        "      concern_contact: '[Call us](javascript:alert(1)) on 01632 960 000.'") + 1
    assert errors(site) == [
        f"mkdocs.yml:{line}: error: concern_contact: address 'javascript:alert(1)' is not "
        "allowed (links may start https://, http://, mailto: or tel:, or point to a page of "
        "this site)"]


def test_heading_addresses_keep_their_ids_unless_the_site_uses_them(site: Site) -> None:
    """"MD-1 referral form" keeps #md-1-referral-form (the sanitiser once removed it and
    the page's contents linked nowhere); a heading the site's own ids could clash with is
    a warning, at its line."""
    site.write("content/forms.md", "---\ntitle: Forms\n---\n\n## MD-1 referral form\n\n"
                                   "Text.\n\n## SL lessons\n\nText.\n")
    result = site.check()
    assert result.exit_code == 0
    assert [line.split(" (")[0] for line in result.lines] == [
        "content/forms.md:9: warning: the heading 'SL lessons' would have the address "
        "#sl-lessons, which the site keeps for its own use: links to it would lead nowhere"]
    assert site.build().exit_code == 0
    assert '<h2 id="md-1-referral-form">' in site.html("forms/index.html")


def test_a_page_titled_by_its_first_heading_keeps_that_title_as_text(site: Site) -> None:
    """A hand-written page with no front matter is titled, as in MkDocs, by its first
    heading: in its own <title> and as its link's text in every page's navigation."""
    site.write("content/working-together.md",
               "# Working *together* <b>now</b> & then\n\nHow agencies share.\n")
    assert site.build().exit_code == 0
    own = elements(site.html("working-together/index.html"))
    assert [n.to_text() for n in own if n.name == "title"][0].startswith(
        "Working together now & then - ")
    for rel in ("index.html", "accessibility/index.html", "briefings/index.html"):
        links = [n for n in elements(site.html(rel)) if n.name == "a"
                 and n.attrs.get("href", "").rstrip("/").endswith("working-together")]
        assert links, rel
        assert all(" ".join(n.to_text().split()) == "Working together now & then"
                   for n in links), rel


def test_no_author_script_or_handler_reaches_any_page(site: Site) -> None:
    """Every script on every page is the site's own and allowed by the page's policy."""
    site.write("briefings/x.md", briefing(title="Safe").replace(
        "summary: A short summary of safe.", "summary: '\"><script>alert(1)</script>'"))
    site.write("content/notes.md", "---\ntitle: '</title><script>alert(2)</script>'\n---\n\n"
                                   "# Notes &lt;/title&gt;&lt;script&gt;alert(3)&lt;/script&gt;\n")
    assert site.build().exit_code == 0
    pages = html_pages(site.root / "site")
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        policy = [node.attrs["content"] for node in elements(html)
                  if node.name == "meta" and node.attrs.get("http-equiv")
                  == "Content-Security-Policy"]
        assert len(policy) == 1, page
        for node in elements(html):
            assert not any(name.startswith("on") for name in node.attrs), (page, node.name)
            if node.name == "script" and "src" not in node.attrs \
                    and node.attrs.get("type") != "application/json":
                assert inline_script_hashes(f"<script>{node.to_text()}</script>")[0] \
                    in policy[0], page
        assert "alert(" not in re.sub(r"&lt;script&gt;alert\(\d\)", "", html) \
            .replace("&lt;script&gt;alert(1)&lt;/script&gt;", ""), page


def test_only_scripts_the_templates_write_are_published(site: Site, tmp_path: Path) -> None:
    """Each page's policy allows its own inline scripts, so each must be a template's:
    a template's script, whatever its expressions print, passes; anything else does not."""
    templates = tmp_path / "templates"
    (templates / "partials").mkdir(parents=True)
    (templates / "partials" / "a.html").write_text(
        '<script>var base = {{ base_url | tojson }};\n  go(base)</script>', encoding="utf-8")
    known = TemplateScripts.of([templates])
    assert known.unknown('<p>x</p><script>var base = "../..";  go(base)</script>') == []
    assert known.unknown('<script type="application/json">{"a": 1}</script><script></script>'
                         ) == []
    assert known.unknown('<script>var base = "x"; go(base)</script><script>alert(1)</script>'
                         ) == ['alert(1)']


def test_a_slip_in_escaping_stops_the_build_instead_of_publishing_a_script(
        site: Site, monkeypatch) -> None:
    """As if a front-matter value reached a template unescaped: the page would hold a
    script its own policy allows. The build stops, and nothing is written."""
    from safeguarding_learning import mkdocs_plugin

    monkeypatch.setattr(mkdocs_plugin, "_escaped", lambda value: value)
    site.write("content/notes.md", "---\ntitle: Notes\ndescription: '\"><script>alert(1)"
                                   "</script>'\n---\n\nBody.\n")
    result = site.build()
    assert result.exit_code != 0
    assert not (site.root / "site").exists()


# --- preview and public builds tell robots different things ------------------------


def test_preview_pages_say_noindex_and_robots_stay_away(site: Site) -> None:
    site.write("briefings/x.md", briefing(extra="status: draft\n"))
    assert site.build("--preview").exit_code == 0
    preview = site.root / "site-preview"
    for page in html_pages(preview):
        assert '<meta name="robots" content="noindex, nofollow">' in page.read_text(), page
    assert (preview / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    assert "X-Robots-Tag: noindex" in (preview / "_headers").read_text()


def test_public_pages_are_indexable_and_robots_txt_names_the_sitemap(site: Site) -> None:
    site.write("briefings/x.md", briefing())
    assert site.build().exit_code == 0
    public = site.root / "site"
    assert all("noindex" not in page.read_text() for page in html_pages(public))
    robots = (public / "robots.txt").read_text()
    assert "Sitemap: https://example.org/learning/sitemap.xml" in robots
    assert "Disallow: /" not in robots
    headers = (public / "_headers").read_text()
    assert "frame-ancestors 'none'" in headers and "Content-Security-Policy:" in headers


# --- every published file is checked ---------------------------------------------------


def test_pages_with_other_markdown_endings_and_depths_are_checked(site: Site) -> None:
    site.write("content/deep/er/page.markdown", "# Page\n\n<script>x()</script>\n")
    site.write("content/guidance/sub/extra.md", "# Extra\n\nRing 07700 900123.\n")
    found = errors(site)
    assert any(line.startswith("content/deep/er/page.markdown:3: error: a <script>")
               for line in found), found
    assert any(line.startswith("content/guidance/sub/extra.md:3: error: personal data: a phone")
               for line in found), found


@pytest.mark.parametrize("rel, text, expected", [
    ("content/data/figures.csv", "agency,contact\npolice,jo.bloggs@example.net\n",
     "content/data/figures.csv:2: error: personal data: an email address"),
    ("content/notes.txt", "Child's NHS number 943 476 5919\n",
     "content/notes.txt:1: error: personal data: an NHS number"),
    ("content/pic.svg", '<svg xmlns="http://www.w3.org/2000/svg">\n<script>alert(1)</script>'
     "\n</svg>\n", "content/pic.svg:2: error: this SVG picture holds a <script>"),
    ("content/pic2.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>\n',
     "content/pic2.svg:1: error: this SVG picture has an event handler 'onload'"),
    ("content/pic3.svg", '<svg xmlns="http://www.w3.org/2000/svg">\n\n<image href='
     '"https://tracker.example/p.png"/></svg>\n', "content/pic3.svg:3: error: this SVG picture "
     "refers to 'https://tracker.example/p.png'"),
    ("content/page.html", "<p>Hello</p>\n<p onclick=\"x()\">Hi</p>\n",
     "content/page.html:2: error: event handler 'onclick' on <p>"),
    # As a browser reads them, as XML: a prefix names a script in any namespace, and a
    # DOCTYPE's entities can spell one out.
    ("content/ns.svg", '<svg:svg xmlns:svg="http://www.w3.org/2000/svg">\n'
     "<svg:script>alert(1)</svg:script></svg:svg>\n",
     "content/ns.svg:2: error: this SVG picture holds a <script>"),
    ("content/ns2.svg", '<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/'
     '1999/xhtml">\n<h:script>alert(1)</h:script></svg>\n',
     "content/ns2.svg:2: error: this SVG picture holds a <script>"),
    ("content/ent.svg", '<?xml version="1.0"?>\n<!DOCTYPE svg [ <!ENTITY e "<script>alert(1)'
     '</script>"> ]>\n<svg xmlns="http://www.w3.org/2000/svg">&e;</svg>\n',
     "content/ent.svg:2: error: this SVG picture declares entities"),
    ("content/xl.svg", '<svg xmlns="http://www.w3.org/2000/svg" xmlns:l="http://www.w3.org/'
     '1999/xlink">\n<image l:href="https://tracker.example/p.png"/></svg>\n',
     "content/xl.svg:2: error: this SVG picture refers to 'https://tracker.example/p.png'"),
    ("content/anim.svg", '<svg xmlns="http://www.w3.org/2000/svg"><a>\n<set attributeName='
     '"href" to="javascript:alert(1)"/><text>x</text></a></svg>\n',
     "content/anim.svg:2: error: this SVG picture animates its 'href'"),
    ("content/style.svg", '<svg xmlns="http://www.w3.org/2000/svg">\n<style>@import url('
     '"https://tracker.example/s.css");</style></svg>\n',
     "content/style.svg:2: error: this SVG picture has a style that loads something"),
    ("content/sheet.svg", '<?xml-stylesheet href="https://tracker.example/x.xsl" type="text/'
     'xsl"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>\n',
     "content/sheet.svg:1: error: this SVG picture has the instruction '<?xml-stylesheet'"),
    # Other XML is not published at all, whatever it holds (tests/test_published_files.py).
    ("content/files/page.xhtml", '<html xmlns="http://www.w3.org/1999/xhtml"><body>\n'
     "<script>alert(1)</script></body></html>\n",
     "content/files/page.xhtml:1: error: files of kind '.xhtml' are not published"),
    ("content/files/data.xml", '<doc xmlns:h="http://www.w3.org/1999/xhtml">\n<h:script>'
     "alert(1)</h:script></doc>\n", "content/files/data.xml:1: error: files of kind '.xml' "
     "are not published"),
    # What an HTML parser takes for text (<style>, <textarea>) is markup to XML, as a
    # browser opening the file reads it: a script there ran.
    ("content/hidden.svg", '<svg xmlns="http://www.w3.org/2000/svg"><desc><style>\n'
     '<script href="notes.js"/></style></desc></svg>\n',
     "content/hidden.svg:2: error: this SVG picture holds a <script>"),
    ("content/hidden2.svg", '<svg xmlns="http://www.w3.org/2000/svg"><title><textarea>\n'
     '<svg onload="alert(1)"/></textarea></title></svg>\n',
     "content/hidden2.svg:2: error: this SVG picture has an event handler 'onload'"),
    ("content/files/hidden.xml", '<html xmlns="http://www.w3.org/1999/xhtml"><body>\n'
     "<textarea><script>alert(1)</script></textarea></body></html>\n",
     "content/files/hidden.xml:1: error: files of kind '.xml' are not published"),
    ("content/broken.svg", '<svg xmlns="http://www.w3.org/2000/svg">\n<g></svg>\n',
     "content/broken.svg:2: error: this SVG picture is not well-formed XML (mismatched tag)"),
    ("content/notes.js", 'alert("same-origin script")\n',
     "content/notes.js:1: error: files of kind '.js' are not published: it is a script"),
    ("content/files/old.mht", "MIME-Version: 1.0\n",
     "content/files/old.mht:1: error: files of kind '.mht' are not published"),
])
def test_text_attachments_in_docs_dir_are_checked(
        site: Site, rel: str, text: str, expected: str) -> None:
    site.write(rel, text)
    found = errors(site)
    assert any(line.startswith(expected) for line in found), found


def test_pictures_as_drawing_programs_save_them_pass(site: Site) -> None:
    """An XML declaration, a DOCTYPE naming the SVG DTD, an editor's own namespaces and
    attributes, styles and links within the picture are all ordinary."""
    site.write("content/chart.svg", '''<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
     xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" viewBox="0 0 10 10">
  <sodipodi:namedview inkscape:zoom="1"/>
  <style>.bar { fill: #1d70b8; }</style>
  <defs><linearGradient id="g"><stop offset="0" style="stop-color:#fff"/></linearGradient></defs>
  <rect class="bar" width="5" height="5" fill="url(#g)"/>
  <use xlink:href="#g"/>
  <animate attributeName="opacity" from="0" to="1" dur="1s"/>
</svg>
''')
    assert errors(site) == []


def test_a_text_attachment_an_item_links_to_is_checked(site: Site) -> None:
    site.write("briefings/x.md", briefing(body="See [the notes](notes.txt).\n"))
    site.write("briefings/notes.txt", "Family: 1 High Street, LS1 4AP\n")
    found = errors(site)
    assert any(line.startswith("briefings/notes.txt:1: error: personal data: a full postcode")
               for line in found), found


def test_reference_style_links_are_checked_and_published_like_inline_ones(site: Site) -> None:
    """`[form][f]` with `[f]: form.pdf`, at the top level, in a quotation or a list item:
    a missing file is a broken link at the definition's line, and a file that exists is
    published and linked, as an inline link's is."""
    body = ("See [the form][f].\n\n[f]: form.pdf\n\n> Quoted [note][n].\n>\n"
            "> [n]: notes/missing.txt\n\n- A [chart][c]\n\n    [c]: chart.png\n")
    site.write("briefings/x.md", briefing(body=body))
    site.write_bytes("briefings/form.pdf", b"%PDF-1.4\n")
    site.write_bytes("briefings/chart.png", b"\x89PNG\r\n")
    found = errors(site)
    assert [line.split(" (")[0] for line in found] == [
        "briefings/x.md:14: error: broken link: 'notes/missing.txt' does not exist"]
    site.write("briefings/x.md", briefing(body=body.replace("> [n]: notes/missing.txt",
                                                            "> [n]: form.pdf")))
    assert site.build().exit_code == 0
    links = {node.to_text(): node.attrs.get("href") for node in elements(
        site.html("briefings/x/index.html")) if node.name == "a"}
    assert (links["the form"], links["note"], links["chart"]) == (
        "../form.pdf", "../form.pdf", "../chart.png")
    assert (site.root / "site/briefings/form.pdf").exists()
    assert (site.root / "site/briefings/chart.png").exists()


def test_html_attachments_are_published_sanitised_with_the_pages_policy(site: Site) -> None:
    """Sanitised, and in its head, straight after its character set, the policy every
    page has; in a preview, noindex too."""
    site.write("content/extra.html", '<p>Kept</p>\n<p title="t">Also kept</p>\n')
    assert site.build().exit_code == 0
    published = site.html("extra.html")
    assert '<main>\n<p>Kept</p>\n<p title="t">Also kept</p>\n\n</main>' in published
    assert published.split("<head>\n", 1)[1].startswith(
        '<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="'
        "default-src 'self'")
    assert "noindex" not in published
    assert site.build("--preview").exit_code == 0
    assert '<meta name="robots" content="noindex, nofollow">' in site.html(
        "extra.html", "site-preview")


# --- addresses and links that would replace or leak --------------------------------


def test_an_item_named_index_is_an_error(site: Site) -> None:
    site.write("briefings/index.md", briefing())
    assert errors(site)[0].startswith(
        "briefings/index.md:1: error: a briefing cannot be called 'index'")


@pytest.mark.parametrize("rel", ["content/briefings/x.md", "content/briefings/x/index.md"])
def test_a_page_at_an_items_address_is_an_error(site: Site, rel: str) -> None:
    site.write("briefings/x.md", briefing())
    site.write(rel, "# Not the briefing\n")
    assert any(line.startswith(f"{rel}:1: error: this page has the address of the briefing 'x'")
               for line in errors(site))


def test_links_that_leave_the_project_are_errors_and_nothing_is_published(
        site: Site, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(briefing(title="Secret outside"), encoding="utf-8")
    (outside / "folder").mkdir()
    (outside / "folder" / "page.md").write_text("# Outside page\n", encoding="utf-8")
    (site.root / "briefings").mkdir()
    (site.root / "briefings" / "secret.md").symlink_to(outside / "secret.md")
    (site.root / "content" / "linked").symlink_to(outside / "folder", target_is_directory=True)
    found = errors(site)
    assert any(line.startswith("briefings/secret.md:1: error: this is a link to") for line in found)
    assert any(line.startswith("content/linked:1: error: this is a link to") for line in found)
    result = site.build()
    assert result.exit_code == 1
    assert not (site.root / "site").exists()


def test_a_link_reached_through_a_linked_folder_inside_the_project_is_found(
        site: Site, tmp_path: Path) -> None:
    """content/shared -> ../private is inside the project; private/ holds links out of it,
    which MkDocs follows. A folder linking back to its parent does not loop."""
    outside = tmp_path / "outside"
    (outside / "dir").mkdir(parents=True)
    (outside / "secret.txt").write_text("SECRET FROM OUTSIDE\n", encoding="utf-8")
    (outside / "dir" / "page.md").write_text("# Outside page\n", encoding="utf-8")
    private = site.root / "private"
    private.mkdir()
    (private / "leak.txt").symlink_to(outside / "secret.txt")
    (private / "leakdir").symlink_to(outside / "dir", target_is_directory=True)
    (private / "loop").symlink_to("..", target_is_directory=True)
    (site.root / "content" / "shared").symlink_to("../private", target_is_directory=True)
    found = errors(site)
    assert any(line.startswith("content/shared/leak.txt:1: error: this is a link to")
               for line in found), found
    assert any(line.startswith("content/shared/leakdir:1: error: this is a link to")
               for line in found), found
    assert site.build().exit_code == 1
    assert not (site.root / "site").exists()


def test_a_link_in_content_to_an_items_file_is_an_error(site: Site) -> None:
    """content/x.md -> ../briefings/draft.md would publish a draft as a page (it stopped
    check with an internal error), and content/x.pdf -> its file would publish that."""
    site.write("briefings/draft.md", briefing("Draft", extra="status: draft\n",
                                              body="zebradraftword\n"))
    site.write_bytes("briefings/draft-leaflet.pdf", b"%PDF-1.4 zebradraftword")
    (site.root / "content" / "linked.md").symlink_to("../briefings/draft.md")
    (site.root / "content" / "leaflet.pdf").symlink_to("../briefings/draft-leaflet.pdf")
    result = site.check()
    assert result.exit_code == 1
    assert {line for line in result.lines if ":1: error: " in line} == {
        f"content/{name}:1: error: this is a link to 'briefings/{target}', a file of the items: "
        "it would be published from here whatever the item's status (remove the link; cite "
        "the item with [[id]], or link its file from the item)"
        for name, target in (("leaflet.pdf", "draft-leaflet.pdf"), ("linked.md", "draft.md"))}
    assert site.build().exit_code == 1
    assert not (site.root / "site").exists()


# --- the table of contents the theme prints ----------------------------------------


def test_table_of_contents_ids_and_titles_reach_the_theme_escaped() -> None:
    """Material prints `page.toc` ids into its links as they are: if an id with markup got
    past check, the plugin still hands the theme only escaped ids and titles."""
    import markdown
    from mkdocs.structure.toc import get_toc
    from safeguarding_learning.mkdocs_plugin import escape_toc

    md = markdown.Markdown(extensions=["toc", "attr_list"])
    md.convert("## <b>Title</b> {: id='k\"><script src=notes.txt></script>' }\n\n"
               "### Plain {: #plain }\n")
    toc = get_toc(md.toc_tokens)
    escape_toc(toc)
    entries = [toc.items[0], toc.items[0].children[0]]
    for entry in entries:
        link = f'<a href="{entry.url}">{entry.title}</a>'
        assert [n.name for n in elements(link) if n.name not in ("html", "head", "body")] \
            == ["a"], link
    assert entries[0].url.startswith("#k&quot;&gt;")
    assert entries[1].url == "#plain"


@pytest.mark.parametrize("text, shown", [
    ("Ages 5<x and up.", "Ages 5&lt;x and up."),
    ("When x <y or y< z.", "When x &lt;y or y&lt; z."),
    ("Scores of 3<4<5 and a<b.", "Scores of 3&lt;4&lt;5 and a&lt;b."),
])
def test_a_less_than_sign_python_markdown_shows_as_text_passes(
        site: Site, text: str, shown: str) -> None:
    """`5<x` is text to Python-Markdown (no `>` closes it): check refused it as a tag."""
    site.write("content/ages.md", f"# Ages\n\n{text}\n")
    assert errors(site) == []
    assert site.build().exit_code == 0
    assert f"<p>{shown}</p>" in site.html("ages/index.html")


@pytest.mark.parametrize("markdown", [
    "<div>\nAges 5<x onclick=\"alert(1)\" and up.\n</div>",
    "Ages 5<x onclick=\"alert(1)\"> and up.",
])
def test_a_less_than_sign_that_opens_a_tag_is_still_read_as_one(
        site: Site, markdown: str) -> None:
    """In a block with a line starting `<` (raw HTML), or closed by `>`, it is a tag."""
    site.write("content/ages.md", f"# Ages\n\n{markdown}\n")
    assert any("<x> is not allowed" in line for line in errors(site)), errors(site)


def test_an_html_file_is_published_as_a_page_of_the_site(site: Site) -> None:
    """What the allowlist leaves of an HTML file is set in a page with its character set,
    language, a title from its heading, the site's style and "Exit this page": published
    bare, a browser guessed its encoding and a reader had no quick way out."""
    site.write("mkdocs.yml", with_plugin_option(
        CONFIG, "exit_this_page: https://www.bbc.co.uk/weather"))
    site.write("content/guide/leaflet.html",
               "<h1>Leaflet for <em>parents</em></h1>\n<p>Text about abuse, café.</p>\n")
    site.write("content/guide/index.md", "# Guide\n\nSee the [leaflet](leaflet.html).\n")
    assert site.build().exit_code == 0
    page = site.html("guide/leaflet.html")
    assert page.startswith('<!doctype html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">')
    assert "<title>Leaflet for parents - Test partnership</title>" in page
    assert '<a href="https://www.bbc.co.uk/weather" class="sl-exit-this-page__button"' in page
    assert '<script defer src="../assets/safeguarding/exit-this-page.js"></script>' in page
    assert '<link rel="stylesheet" href="../assets/safeguarding/site.css">' in page
    assert "<p>Text about abuse, café.</p>" in page
    assert (site.root / "site/assets/safeguarding/exit-this-page.js").is_file()


def test_an_html_file_has_no_exit_button_where_the_site_has_none(site: Site) -> None:
    site.write("content/leaflet.html", "<p>A leaflet.</p>\n")
    assert site.build().exit_code == 0
    page = site.html("leaflet.html")
    assert "<title>leaflet.html - Test partnership</title>" in page
    assert "sl-exit-this-page" not in page and "<main>\n<p>A leaflet.</p>" in page
