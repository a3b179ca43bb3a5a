"""Which files of content/, of the item folders and of the theme's custom_dir reach the
public site: only kinds known to be read as data, under names that are plain text and
hold no personal data, at addresses that are not the theme's or a host's own."""

from __future__ import annotations

from pathlib import Path

import material
import pytest
from conftest import CONFIG, Site, briefing

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def errors(site: Site) -> list[str]:
    result = site.check()
    assert "Traceback" not in result.out + result.err
    found = [line for line in result.lines if ": error: " in line]
    assert (result.exit_code == 1) == bool(found), result.out + result.err
    return found


def reported(site: Site, expected: str) -> None:
    found = errors(site)
    assert any(line.startswith(expected) for line in found), found


def refused_by_build(site: Site, *published: str) -> None:
    """The build stops on the error, and so publishes none of `published`."""
    result = site.build()
    assert result.exit_code == 1, result.out + result.err
    assert "nothing was written" in result.err, result.err
    for rel in published:
        assert not (site.root / "site" / rel).exists(), rel


# --- 1. kinds: an allowlist ---------------------------------------------------------


@pytest.mark.parametrize("name", ["app.es", "page.xhtm", "process.xpdl", "data.xml",
                                  "style.xsl", "page.xhtml", "notes.js", "old.mht",
                                  "style.css", "run.exe"])
def test_a_file_of_a_kind_not_listed_is_an_error(site: Site, name: str) -> None:
    kind = name.rpartition(".")[2]
    site.write(f"content/files/{name}", "text\n")
    reported(site, f"content/files/{name}:1: error: files of kind '.{kind}' are not "
                   "published")


def test_the_error_says_which_kinds_are_published(site: Site) -> None:
    site.write("content/app.es", 'alert("same-origin")\n')
    line = errors(site)[0]
    for kind in (".md", ".txt", ".csv", ".png", ".jpg", ".svg", ".pdf", ".docx", ".mp4",
                 ".woff2"):
        assert kind in line, line


def test_a_style_sheet_is_refused_with_its_own_reason(site: Site) -> None:
    """The site's look is the theme's: a style sheet could hide "Exit this page"."""
    site.write("content/css/own.css", ".md-header { display: none }\n")
    reported(site, "content/css/own.css:1: error: files of kind '.css' are not published: a "
                   "style sheet could hide parts of every page, such as 'Exit this page'")


def test_a_file_of_a_kind_not_listed_is_not_published(site: Site) -> None:
    site.write("content/app.es", 'alert("same-origin")\n')
    refused_by_build(site, "app.es")


def test_an_item_attachment_of_a_kind_not_listed_is_refused(site: Site) -> None:
    site.write("briefings/x.md", briefing(body="See [the data](data.xpdl).\n"))
    site.write("briefings/data.xpdl", "<Package/>\n")
    reported(site, "briefings/data.xpdl:1: error: files of kind '.xpdl' are not published")
    refused_by_build(site, "briefings/data.xpdl")


ALLOWED = {
    "content/files/report.pdf": b"%PDF-1.4\n",
    "content/files/form.docx": b"PK\x03\x04",
    "content/files/figures.xlsx": b"PK\x03\x04",
    "content/files/old.DOC": b"\xd0\xcf\x11\xe0",
    "content/files/slides.odp": b"PK\x03\x04",
    "content/files/photo.JPG": b"\xff\xd8\xff",
    "content/files/chart.webp": b"RIFF",
    "content/files/icon.ico": b"\x00\x00\x01\x00",
    "content/files/talk.mp3": b"ID3",
    "content/files/film.mp4": b"\x00\x00\x00\x18ftyp",
    "content/files/film.vtt": b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n",
    "content/files/font.woff2": b"wOF2",
    "content/files/data.json": b'{"agencies": 8}\n',
    "content/files/data.yaml": b"agencies: 8\n",
    "content/files/contact.vcf": b"BEGIN:VCARD\nFN:Safeguarding team\nEND:VCARD\n",
    "content/CNAME": b"learning.example.org\n",
    "content/.nojekyll": b"",
}


def test_files_of_the_listed_kinds_are_published(site: Site) -> None:
    for rel, data in ALLOWED.items():
        site.write_bytes(rel, data)
    site.write("briefings/x.md", briefing(body="![A chart](chart.png)\n\n[Form](form.odt)\n"))
    site.write_bytes("briefings/chart.png", PNG)
    site.write_bytes("briefings/form.odt", b"PK\x03\x04")
    assert errors(site) == []
    assert site.build().exit_code == 0
    for rel in ALLOWED:
        if rel != "content/.nojekyll":  # MkDocs leaves out names starting with '.'
            assert (site.root / "site" / rel.removeprefix("content/")).is_file(), rel
    assert (site.root / "site/briefings/chart.png").is_file()
    assert (site.root / "site/briefings/form.odt").is_file()


@pytest.mark.parametrize("name, text", [
    ("contacts.tsv", "agency\temail\npolice\tjo.bloggs@example.net\n"),
    ("data.json", '{\n"email": "jo.bloggs@example.net"}\n'),
    ("data.yaml", "a: 1\nemail: jo.bloggs@example.net\n"),
    ("data.yml", "a: 1\nemail: jo.bloggs@example.net\n"),
    ("card.vcf", "BEGIN:VCARD\nEMAIL:jo.bloggs@example.net\nEND:VCARD\n"),
    ("meeting.ics", "BEGIN:VCALENDAR\nATTENDEE:mailto:jo.bloggs@example.net\n"),
    ("letter.rtf", "{\\rtf1\n jo.bloggs@example.net}\n"),
    ("import.log", "ok\nsent to jo.bloggs@example.net\n"),
    ("film.vtt", "WEBVTT\nEmail jo.bloggs@example.net\n"),
])
def test_text_files_of_every_listed_kind_are_read_for_personal_data(
        site: Site, name: str, text: str) -> None:
    site.write(f"content/files/{name}", text)
    reported(site, f"content/files/{name}:2: error: personal data: an email address")


def test_a_text_attachment_of_an_item_is_read_for_personal_data(site: Site) -> None:
    site.write("briefings/x.md", briefing(body="See [the data](data.json).\n"))
    site.write("briefings/data.json", '{"postcode": "LS1 4AP"}\n')
    reported(site, "briefings/data.json:1: error: personal data: a full postcode")
    refused_by_build(site, "briefings/data.json")


@pytest.mark.parametrize("name, text, shown", [
    ("contacts.json", '{"contact": "jo\\u0040example.com"}\n',
     "an email address ('jo@example.com'), as a JSON reader shows it"),
    ("contacts.json", '{"nhs": "943\\u0020476\\u00205919"}\n',
     "an NHS number ('943 476 5919'), as a JSON reader shows it"),
    ("map.svg", '<svg xmlns="http://www.w3.org/2000/svg"><text>Ring 07700 '
     "<tspan>900126</tspan></text></svg>\n",
     "a phone number ('07700 900126'), as the picture shows it"),
])
def test_personal_data_only_a_files_reader_puts_together_is_found(
        site: Site, name: str, text: str, shown: str) -> None:
    site.write(f"content/files/{name}", text)
    reported(site, f"content/files/{name}:1: error: personal data: {shown}")


# --- 2. no ending -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["notes", "page.html.", "LICENSE"])
def test_a_file_with_no_ending_is_an_error(site: Site, name: str) -> None:
    site.write(f"content/files/{name}", "<script>alert(1)</script>\n")
    reported(site, f"content/files/{name}:1: error: a file with no ending is not published")
    refused_by_build(site, f"files/{name}")


# --- 3. hosts' own settings -------------------------------------------------------


@pytest.mark.parametrize("rel", ["content/_redirects", "content/deep/_redirects",
                                 "content/_headers", "content/_routes.json",
                                 "content/netlify.toml", "content/vercel.json",
                                 "content/sub/staticwebapp.config.json",
                                 "content/_config.yml"])
def test_a_hosts_settings_file_is_an_error_wherever_it_is(site: Site, rel: str) -> None:
    site.write(rel, "/*  https://elsewhere.example/  302\n")
    reported(site, f"{rel}:1: error: '{rel.rpartition('/')[2]}' is read by web hosts as "
                   "their own settings")


def test_a_redirects_file_is_not_published(site: Site) -> None:
    site.write("content/_redirects", "/*  https://elsewhere.example/  302\n")
    refused_by_build(site, "_redirects")


def test_a_hosts_settings_file_an_item_links_to_is_an_error(site: Site) -> None:
    site.write("briefings/x.md", briefing(body="See [the rules](.htaccess).\n"))
    site.write("briefings/.htaccess", "Redirect / https://elsewhere.example/\n")
    reported(site, "briefings/.htaccess:1: error: '.htaccess' is read by web hosts as their "
                   "own settings")
    refused_by_build(site, "briefings/.htaccess")


# --- 4. pages are told as MkDocs tells them ---------------------------------------


@pytest.mark.parametrize("name", ["readme.MD", "notes.Markdown", "page.MKD"])
def test_a_markdown_ending_in_other_letter_case_is_not_a_page_and_is_refused(
        site: Site, name: str) -> None:
    """MkDocs 1.6 tells pages by their ending, letter case too: `readme.MD` would be
    copied as it is, unchecked as a page."""
    site.write(f"content/{name}", "# Notes\n\nRing 07700 900123.\n")
    found = errors(site)
    kind = name.rpartition(".")[2]
    assert any(line.startswith(f"content/{name}:1: error: files of kind '.{kind}' are not "
                               "published") for line in found), found
    assert not any("personal data" in line for line in found), found  # not read as a page
    assert any(f"rename it to '{name.rpartition('.')[0]}.{kind.lower()}'" in line
               for line in found), found
    refused_by_build(site, name)


# --- 5. the theme's own files, and the theme's custom_dir --------------------------


def _material_stylesheet() -> str:
    folder = Path(material.__file__).parent / "templates"
    found = sorted(folder.glob("assets/stylesheets/main.*.min.css"))
    assert found
    return found[0].relative_to(folder).as_posix()


@pytest.mark.parametrize("address", [_material_stylesheet(), "assets/images/favicon.png",
                                     "assets/javascripts/bundle.js"])
def test_a_file_at_an_address_of_the_theme_is_an_error(site: Site, address: str) -> None:
    if address.endswith(".js"):  # the name changes with each release of the theme
        folder = Path(material.__file__).parent / "templates"
        address = next(folder.glob("assets/javascripts/bundle.*.min.js")).relative_to(
            folder).as_posix()
    site.write_bytes(f"content/{address}", PNG)
    reported(site, f"content/{address}:1: error: the theme publishes a file of its own at "
                   f"'{address}'")


@pytest.mark.parametrize("address", ["assets/safeguarding/site.css",
                                     "assets/safeguarding/logo.png", "pagefind/parts.json"])
def test_a_file_in_a_folder_of_the_sites_own_files_is_an_error(site: Site,
                                                                address: str) -> None:
    site.write_bytes(f"content/{address}", b"{}\n")
    folder = address.partition("/")[0] if address.startswith("pagefind") else \
        "assets/safeguarding"
    reported(site, f"content/{address}:1: error: '{folder}/' holds the site's own scripts")


def test_a_file_at_an_address_of_the_theme_does_not_replace_it(site: Site) -> None:
    site.write_bytes("content/assets/images/favicon.png", PNG)
    refused_by_build(site)
    assert not (site.root / "site").exists()


CUSTOM_CONFIG = CONFIG.replace("  name: material\n", "  name: material\n  custom_dir: theme\n")


def test_files_of_the_themes_custom_dir_are_checked_like_content(site: Site) -> None:
    site.write("mkdocs.yml", CUSTOM_CONFIG)
    site.write("theme/main.html", '{% extends "base.html" %}\n')
    site.write("theme/notes.txt", "Ring 07700 900123\n")
    site.write("theme/assets/app.es", 'alert("same-origin")\n')
    site.write_bytes("theme/assets/logo.png", PNG)
    found = errors(site)
    assert any(line.startswith("theme/notes.txt:1: error: personal data: a phone number")
               for line in found), found
    assert any(line.startswith("theme/assets/app.es:1: error: files of kind '.es' are not "
                               "published") for line in found), found
    assert not any("theme/main.html" in line or "logo.png" in line for line in found), found
    refused_by_build(site, "notes.txt", "assets/app.es")


def test_personal_data_in_a_template_of_the_custom_dir_is_an_error(site: Site) -> None:
    """A template's words are on every page it makes: an announcement bar, say."""
    site.write("mkdocs.yml", CUSTOM_CONFIG)
    site.write("theme/main.html", '{% extends "base.html" %}\n{% block announce %}\n'
               "Family contact: jo@example.com\n{% endblock %}\n")
    [found] = errors(site)
    assert found.startswith("theme/main.html:3: error: personal data: an email address "
                            "('jo@example.com') must not be published"), found


def test_a_clean_custom_dir_builds(site: Site) -> None:
    site.write("mkdocs.yml", CUSTOM_CONFIG)
    site.write("theme/main.html", '{% extends "base.html" %}\n')
    site.write_bytes("theme/assets/logo.png", PNG)
    assert errors(site) == []
    assert site.build().exit_code == 0
    assert (site.root / "site/assets/logo.png").is_file()


# --- 6. markup in names -------------------------------------------------------------


@pytest.mark.parametrize("rel", ["content/<script src=notes.txt>/notes.txt",
                                 'content/a"b.txt', "content/Tom & Jerry.md",
                                 "content/<b>.md"])
def test_markup_characters_in_a_name_are_an_error(site: Site, rel: str) -> None:
    site.write_bytes(rel, PNG if rel.endswith((".png", ".pdf")) else b"# Page\n")
    reported(site, f"{rel}:1: error: the name '")


def test_an_apostrophe_in_a_name_is_plain_text(site: Site) -> None:
    """The theme quotes attributes with `"`: "Children's services" is a fine name."""
    site.write("content/children's services/index.md", "# Children's services\n")
    assert site.run("check").exit_code == 0
    assert site.build().exit_code == 0


def test_a_folder_named_as_markup_is_reported_once_and_not_published(site: Site) -> None:
    site.write("content/<script src=notes.txt>/notes.txt", "alert(1)\n")
    site.write("content/<script src=notes.txt>/page.md", "# Page\n")
    found = [line for line in errors(site) if "the name '<script src=notes.txt>'" in line]
    assert len(found) == 1, found
    assert "<" in found[0] and "'>'" in found[0]
    refused_by_build(site, "<script src=notes.txt>/notes.txt")


def test_markup_in_the_name_of_an_items_attachment_is_an_error(site: Site) -> None:
    site.write("briefings/x.md", briefing(body="![A chart](<a&b.png>)\n"))
    site.write_bytes("briefings/a&b.png", PNG)
    reported(site, "briefings/a&b.png:1: error: the name 'a&b.png'")


# --- 7. personal data in names ------------------------------------------------------


@pytest.mark.parametrize("rel, kind", [
    ("content/child-jo-bloggs-07700900123.pdf", "a phone number"),
    ("content/files/nhs_9434765919.pdf", "an NHS number"),
    ("content/jo.bloggs@example.net.pdf", "an email address"),
    ("content/jo.bloggs (at) example (dot) net.pdf", "an email address"),
    ("content/visit-ls1-4ap.png", "a full postcode"),
    ("content/LS1 4AP/photo.png", "a full postcode"),
])
def test_personal_data_in_a_name_is_an_error(site: Site, rel: str, kind: str) -> None:
    site.write_bytes(rel, PNG)
    reported(site, f"{rel}:1: error: personal data in the name: {kind}")


def test_a_file_named_with_personal_data_is_not_published(site: Site) -> None:
    site.write_bytes("content/child-jo-bloggs-07700900123.pdf", b"%PDF-1.4\n")
    refused_by_build(site, "child-jo-bloggs-07700900123.pdf")


def test_personal_data_in_the_name_of_an_items_attachment_is_an_error(site: Site) -> None:
    site.write("briefings/x.md", briefing(body="[Notes](notes-07700900123.pdf)\n"))
    site.write_bytes("briefings/notes-07700900123.pdf", b"%PDF-1.4\n")
    reported(site, "briefings/notes-07700900123.pdf:1: error: personal data in the name: "
                   "a phone number")


def test_personal_data_in_an_items_id_is_an_error(site: Site) -> None:
    """An item's id is its address."""
    site.write("briefings/visit-ls1-4ap.md", briefing())
    reported(site, "briefings/visit-ls1-4ap.md:1: error: personal data in the name: a full "
                   "postcode ('ls1-4ap')")


def test_ordinary_names_with_numbers_pass(site: Site) -> None:
    for rel in ("content/files/annual-report-2023-24.pdf", "content/files/q3-2024.csv",
                "content/files/child-b-2019.pdf", "content/files/figure-1.png",
                "content/files/chapter_4_v2.docx"):
        site.write_bytes(rel, b"1,2\n" if rel.endswith(".csv") else PNG)
    assert errors(site) == []
