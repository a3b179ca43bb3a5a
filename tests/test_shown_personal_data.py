"""The last look before a public site is written: personal data a built page shows stops
the build, whatever in the source hid it from `check`; and `mkdocs build --dirty`, which
would keep withdrawn items' pages, is refused."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import CONFIG, Site, briefing, with_plugin_option
from safeguarding_learning.core import checks
from safeguarding_learning.core.shown_text import LastLook, shown_text


def test_a_page_s_text_is_read_as_a_browser_shows_it() -> None:
    """Inline tags join the text around them; other elements, and hidden ones, do not."""
    page = ("<header>0113 000 0000</header><article><h1>T</h1>"
            "<p>Call 07700 <b>900</b>1&#50;3.</p><table><tr><td>07700</td><td>900124</td>"
            "</tr></table><script>var n = '07700 900125'</script><!-- 07700 900126 -->"
            "</article>")
    text = shown_text(page)
    assert "Call 07700 900123." in text
    assert "07700 900124" not in text and "900125" not in text and "900126" not in text
    assert "0113" not in text  # only the page's own content: the rest is the theme's
    assert [finding.text for finding in LastLook(set()).shown_in(page)] == ["07700 900123"]


def test_the_allowlist_and_the_partnership_s_contact_are_not_personal_data() -> None:
    page = ("<article><p>Ring 0113 496 0000, email help@example.org, or write to Civic "
            "Hall, LS1 1UR.</p></article>")
    assert LastLook({"01134960000"}, ["Write to Civic Hall, LS1 1UR, or email help@example.org"]
                    ).shown_in(page) == []
    assert {finding.kind for finding in LastLook(set()).shown_in(page)} == {
        "a phone number", "an email address", "a full postcode"}


def test_a_public_build_stops_on_what_check_did_not_see(
        site: Site, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """Were check to miss a number that emphasis splits in the source, the page shows it
    whole: the build stops, names the page, and writes nothing."""
    monkeypatch.setattr(checks, "personal_data_errors", lambda *args: iter(()))
    site.write("mkdocs.yml", CONFIG)
    site.write("briefings/x.md", briefing(body="## What to do\n\nCall 07700 9**00**123.\n"))
    assert site.check().exit_code == 0  # as check would, had it missed it
    result = site.build()
    said = result.out + result.err + caplog.text
    assert result.exit_code != 0
    assert ("briefings/x.md: error: the page shows a phone number ('07700 900123'), which "
            "must not be published") in said, said
    assert not (site.root / "site").exists()
    # a preview, which no reader outside sees, shows it (check's errors are its business)
    assert site.build("--preview").exit_code == 0


def test_a_yaml_escape_never_brings_personal_data_to_a_public_site(
        site: Site, caplog: pytest.LogCaptureFixture) -> None:
    """`\\x40` is `@` and `\\x20` a space once YAML has read the summary."""
    site.write("mkdocs.yml", CONFIG)
    site.write("briefings/x.md", briefing().replace(
        "summary: A short summary of safer sleep.",
        'summary: "Ask jo\\x40example.co.uk or ring 07700\\x20900123."'))
    result = site.build()
    assert result.exit_code != 0
    assert "07700 900123" in result.out + result.err + caplog.text
    assert not (site.root / "site").exists()


def test_the_partnership_s_contact_on_every_page_builds(site: Site) -> None:
    site.write("mkdocs.yml", with_plugin_option(
        CONFIG, 'concern_contact: "Call 0113 496 0001 or email front.door@example.org."'))
    site.write("briefings/x.md", briefing(body="## What to do\n\nRing 0113 496 0000.\n"))
    assert site.build().exit_code == 0
    assert "0113 496 0001" in site.html("briefings/x/index.html")


def test_mkdocs_build_dirty_is_refused(site: Site) -> None:
    """`--dirty` writes only pages whose sources changed: an item made a draft again
    would keep its page, and the listings that link it."""
    site.write("mkdocs.yml", CONFIG)
    site.write("briefings/x.md", briefing())
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(site.root / "mkdocs.yml")]
    built = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=site.root)
    assert built.returncode == 0, built.stderr
    site.write("briefings/x.md", briefing(extra="status: draft\n"))
    dirty = subprocess.run([*command, "--dirty"], capture_output=True, text=True, timeout=120,
                           cwd=site.root)
    assert dirty.returncode != 0
    assert "'mkdocs build --dirty' keeps the pages of items withdrawn" in dirty.stderr
    assert (site.root / "site/briefings/x/index.html").exists()  # as it was: nothing written


@pytest.mark.parametrize("rel, text, shown", [
    ("content/leaflet.html", "<h1>Leaflet</h1>\n<p>Call 07700<img alt=\"\">900123.</p>\n",
     "a phone number ('07700900123')"),
    ("content/leaflet.html", '<p>Ask <span title="jo.bloggs&#64;example.com">her</span>.</p>\n',
     "an email address ('jo.bloggs@example.com')"),
    ("content/about.md", "# About\n\n[Email her](mailto:jo.bloggs%40example.com).\n",
     "an email address ('jo.bloggs@example.com')"),
])
def test_what_attributes_and_html_files_show_is_read_too(
        site: Site, caplog: pytest.LogCaptureFixture, rel: str, text: str, shown: str) -> None:
    """A tooltip, a mail link's address as the mail program reads it, a number a picture
    splits, in a page or an HTML file published beside the pages."""
    site.write("mkdocs.yml", CONFIG)
    site.write(rel, text)
    result = site.build()
    said = result.out + result.err + caplog.text
    assert result.exit_code != 0, said
    assert f"{rel}: error: the page shows {shown}" in said, said
    assert not (site.root / "site").exists()
