"""`build.py serve`: a live preview with drafts and a banner, rebuilt when content changes."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import ROOT, Site, briefing, review, with_plugin_option


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


def wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        try:
            last = fetch(url)
            if text in last:
                return last
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} never contained {text!r}; last page:\n{last[:500]}")


def start_serve(site: Site, port: int, temp: Path | None = None) -> subprocess.Popen:
    """`build.py serve` on the site, its output (stdout and stderr) to read at the end;
    `temp`: the temp folder it is given."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    if temp is not None:
        env["TMPDIR"] = str(temp)
    return subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--as-of", "2026-11-26",
         "-a", f"127.0.0.1:{port}", "-f", str(site.root / "mkdocs.yml")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )


def test_serve_previews_drafts_and_reloads_on_change(site: Site, tmp_path: Path) -> None:
    """Stopped with SIGTERM, as a service manager or a test stops it, the preview leaves
    no rendered draft behind in the temp folder."""
    site.write("briefings/draft-one.md", briefing("Draft one", extra="status: draft\n"))
    port = free_port()
    temp = tmp_path / "temp"
    temp.mkdir()
    process = start_serve(site, port, temp)
    try:
        # site_url's path (/learning/) is where mkdocs serve mounts the site
        page = f"http://127.0.0.1:{port}/learning/briefings/draft-one/"
        assert "Draft preview." in wait_for(page, "Draft one")
        assert any(temp.rglob("draft-one/index.html"))  # the preview's own folder
        site.write("briefings/draft-one.md", briefing("Draft one, revised", extra="status: draft\n"))
        wait_for(page, "Draft one, revised")
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert process.returncode == 0
    assert sorted(p.name for p in temp.iterdir()) == []


def test_serve_is_quiet_and_shows_content_errors_in_the_open_page(site: Site, browser) -> None:
    """An author's browser reloads by itself (under the page's CSP), shows the errors in
    place of the page, then the page again once fixed; the terminal carries no notices."""
    site.write("mkdocs.yml", (site.root / "mkdocs.yml").read_text() + "nav:\n  - index.md\n")
    site.write("briefings/one.md", briefing("Briefing one"))
    port = free_port()
    process = start_serve(site, port)
    page_url = f"http://127.0.0.1:{port}/learning/briefings/one/"
    page = browser.new_page()
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    try:
        wait_for(page_url, "Briefing one")
        page.goto(page_url)
        page.wait_for_function("() => document.title.includes('Briefing one')")
        site.write("briefings/one.md", briefing("Briefing one", extra="themes: [nope]\n")
                   .replace("themes: [neglect]\n", ""))
        page.wait_for_selector("text=The preview has 1 problem to fix", timeout=30_000)
        assert "briefings/one.md:5" in page.inner_text("main")
        assert "unknown theme 'nope'" in page.inner_text("main")
        site.write("briefings/one.md", briefing("Briefing one, fixed"))
        page.wait_for_function("() => document.title.includes('Briefing one, fixed')",
                               timeout=30_000)
        assert violations == []
    finally:
        page.close()
        process.terminate()
        output = process.communicate(timeout=30)[0]
    assert "briefings/one.md:5: error: unknown theme 'nope'" in output
    assert "problem(s) in the browser" in output
    assert "Serving on http://127.0.0.1" in output
    assert "not included in the \"nav\"" not in output and "Doc file" not in output, output


def _search_titles(browser, url: str, query: str, expected: str | None,
                   seconds: float = 60) -> list[str]:
    """Titles the preview's search finds for `query`, once they include `expected` (or
    once they are empty, for None): Pagefind indexes in the background after a rebuild."""
    page = browser.new_page()
    deadline = time.monotonic() + seconds
    titles: list[str] = []
    try:
        while time.monotonic() < deadline:
            page.goto(f"{url}search/?q={query}")
            try:
                page.wait_for_function("() => { const s = document.getElementById("
                                       "'sl-search-status').textContent; return s &&"
                                       " !s.startsWith('Searching'); }", timeout=5000)
            except Exception:  # the index is being rewritten: try again
                continue
            titles = page.eval_on_selector_all(".sl-search__result h2 a",
                                               "els => els.map(e => e.textContent)")
            if (expected in titles) if expected else not titles:
                return titles
            time.sleep(0.5)
    finally:
        page.close()
    raise AssertionError(f"search for {query!r} gave {titles}, waiting for {expected!r}")


def test_serve_rebuilds_only_what_an_edit_touches_and_gets_it_all_right(site: Site,
                                                                        browser) -> None:
    """An edited, a new, a deleted item, and one whose embargo date passes: each shows in
    its page, the listings, the feed and search, in a preview that renders only them.
    Its search index is in parts of 10 pages, as a large site's is."""
    config = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    site.write("mkdocs.yml", with_plugin_option(config, "search_pages_per_part: 10"))
    site.write("briefings/edited.md", briefing("Kestrel briefing"))
    site.write("briefings/doomed.md", briefing("Heron briefing"))
    site.write("briefings/later.md", briefing("Osprey briefing", published="2030-01-01"))
    site.write("briefings/citing.md", briefing("Citing briefing", body="See [[edited]].\n"))
    site.write("content/briefings/index.md", "# Learning briefings\n\nIntro alpha.\n")
    for number in range(30):  # pages that an edit elsewhere must not render again
        site.write(f"briefings/other-{number}.md", briefing(f"Other {number}",
                                                            published="2020-01-01"))
    port = free_port()
    process = start_serve(site, port)
    url = f"http://127.0.0.1:{port}/learning/"
    try:
        wait_for(url + "briefings/edited/", "Kestrel briefing")
        _search_titles(browser, url, "kestrel", "Kestrel briefing")
        assert len(json.loads(fetch(url + "pagefind/parts.json"))) == 3  # 4 parts: 31 to 40 pages
        # edited
        site.write("briefings/edited.md", briefing("Kingfisher briefing"))
        wait_for(url + "briefings/edited/", "Kingfisher briefing")
        assert "Kingfisher briefing" in wait_for(url + "briefings/", "Kingfisher briefing")
        assert "Kestrel" not in fetch(url + "briefings/")
        assert "Kingfisher briefing" in fetch(url + "themes/neglect/")
        assert "Kingfisher briefing" in fetch(url + "feed.xml")
        assert "Kingfisher briefing" in fetch(url + "briefings/citing/")  # the link's text
        wait_for(url, "Kingfisher briefing")  # among the latest, on the home page
        _search_titles(browser, url, "kingfisher", "Kingfisher briefing")
        # its body alone edited: its page is converted again; the citing page keeps its title
        site.write("briefings/edited.md", briefing("Kingfisher briefing",
                                                   body="Wren paragraph.\n"))
        wait_for(url + "briefings/edited/", "Wren paragraph")
        assert "Kingfisher briefing" in fetch(url + "briefings/citing/")
        # a listing's hand-written intro
        site.write("content/briefings/index.md", "# Learning briefings\n\nIntro beta.\n")
        wait_for(url + "briefings/", "Intro beta")
        # new
        on_neglect = _neglect_count(fetch(url + "themes/"))
        site.write("briefings/new-one.md", briefing("Puffin briefing"))
        wait_for(url + "briefings/new-one/", "Puffin briefing")
        wait_for(url + "themes/", f">Neglect</a> ({on_neglect + 1} items)")
        assert "Puffin briefing" in wait_for(url + "briefings/", "Puffin briefing")
        assert "Puffin briefing" in fetch(url + "feed.xml")
        _search_titles(browser, url, "puffin", "Puffin briefing")
        # deleted
        (site.root / "briefings/doomed.md").unlink()
        deadline = time.monotonic() + 30
        while "Heron briefing" in fetch(url + "briefings/") and time.monotonic() < deadline:
            time.sleep(0.3)
        assert "Heron briefing" not in fetch(url + "briefings/")
        assert "Heron briefing" not in fetch(url + "feed.xml")
        try:
            gone = fetch(url + "briefings/doomed/")
        except urllib.error.HTTPError as missing:
            gone = str(missing.code)
        assert gone == "404"  # its page is gone
        _search_titles(browser, url, "heron", None)
        # an embargo that has passed: the banner goes
        assert "Embargoed preview" in fetch(url + "briefings/later/")
        site.write("briefings/later.md", briefing("Osprey briefing", published="2026-11-01"))
        deadline = time.monotonic() + 30
        while "Embargoed preview" in fetch(url + "briefings/later/") \
                and time.monotonic() < deadline:
            time.sleep(0.3)
        assert "Embargoed preview" not in fetch(url + "briefings/later/")
        listing = fetch(url + "briefings/")
        assert "Osprey briefing" in listing and ">Embargoed</strong>" not in listing
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0]
    assert len(re.findall(r"Documentation built in", output)) >= 5, output


def _neglect_count(themes_page: str) -> int:
    return int(re.search(r">Neglect</a> \((\d+) item", themes_page)[1])


def test_serve_follows_measures_and_reads_again_when_the_config_changes(site: Site) -> None:
    """A measure's edit and a new review show on the dashboard, and a change to mkdocs.yml
    reads every file again (their checks depend on it)."""
    site.write("dashboard/conferences.yml", MEASURE.format(title="Conferences on time"))
    site.write("briefings/call-us.md", briefing("Call us", body="Ring 0161 496 0123 now.\n"))
    port = free_port()
    process = start_serve(site, port)
    url = f"http://127.0.0.1:{port}/learning/"
    try:
        # the number is personal data: every page shows the problem instead
        assert "0161 496 0123" in wait_for(url + "briefings/call-us/", "call-us.md")
        config = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
        site.write("mkdocs.yml", config.replace("0113 496 0000", "0113 496 0000, 0161 496 0123"))
        assert "Ring 0161 496 0123 now." in wait_for(url + "briefings/call-us/", "Ring 0161")
        assert "Conferences on time" in wait_for(url + "dashboard/", "Conferences on time")
        site.write("dashboard/conferences.yml", MEASURE.format(title="Conferences held in time"))
        assert "Conferences held in time" in wait_for(url + "dashboard/",
                                                      "Conferences held in time")
        # and so is its data file
        assert "Conferences held in time" in fetch(url + "dashboard/data/measures.json")
        # the dashboard counts reviews: the first one (reviews/ is made now) is counted
        assert "2023" not in fetch(url + "dashboard/data/reviews-by-year.csv")
        site.write("reviews/child-a.md", review("Child A", published="2023-05-01"))
        assert "2023,1" in wait_for(url + "dashboard/data/reviews-by-year.csv", "2023")
    finally:
        process.terminate()
        process.communicate(timeout=30)


MEASURE = """\
title: {title}
description: Conferences held on time.
unit: percent
target: 85
better: higher
values:
  2025-Q2: 80
  2025-Q1: 68.2
"""


def test_serve_goes_on_through_a_broken_config_and_shows_what_is_wrong(site: Site) -> None:
    """A save of mkdocs.yml MkDocs cannot read stopped the rebuild with a traceback and
    every request hung until it was fixed. The preview now goes on with the last config
    that worked and shows the mistake, at its line, in place of the page."""
    site.write("briefings/one.md", briefing("Briefing one"))
    config = site.root / "mkdocs.yml"
    good = config.read_text(encoding="utf-8")
    port = free_port()
    process = start_serve(site, port)
    page = f"http://127.0.0.1:{port}/learning/briefings/one/"
    try:
        wait_for(page, "Briefing one")
        config.write_text(good.replace("theme:\n", "theme:\n   bad: [\n", 1), encoding="utf-8")
        shown = wait_for(page, "The preview has 1 problem to fix", seconds=30)
        assert "mkdocs.yml:" in shown and "not valid YAML" in shown
        config.write_text(good, encoding="utf-8")
        assert "problem to fix" not in wait_for(page, "Briefing one</h1>", seconds=30)
        # MkDocs reads it, the plugin refuses it: the same
        config.write_text(with_plugin_option(good, "reviews_dir: ../elsewhere"),
                          encoding="utf-8")
        assert "outside the site project" in wait_for(page, "problem to fix", seconds=30)
        config.write_text(good, encoding="utf-8")
        assert "problem to fix" not in wait_for(page, "Briefing one</h1>", seconds=30)
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0]
    assert "Traceback" not in output, output
    assert "error: the file is not valid YAML" in output


def status(url: str, host: str | None = None) -> int:
    """The HTTP status of a GET of `url` (with this Host header, if given)."""
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as refused:
        return refused.code


def test_serve_leaves_out_what_links_bring_from_outside_the_project(site: Site,
                                                                   tmp_path: Path) -> None:
    """`check` and `build` refuse links in content/ that lead out of the project; the
    preview shows those errors and goes on, and served the files: a link to /etc/passwd
    was served, and one to /etc (which holds a broken link) stopped the preview."""
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.txt").write_text("Words from outside the project.\n")
    (outside / "folder/inner.txt").write_text("Words from a folder outside.\n")
    (outside / "folder/broken.conf").symlink_to(outside / "nowhere")
    (site.root / "content/x.txt").symlink_to(outside / "secret.txt")
    (site.root / "content/linked").symlink_to(outside / "folder")
    site.write("reviews/child-a.md", review(extra="report: child-a-report.pdf\n"))
    (outside / "report.pdf").write_bytes(b"%PDF-1.4 from outside the project\n")
    (site.root / "reviews/child-a-report.pdf").symlink_to(outside / "report.pdf")
    port = free_port()
    process = start_serve(site, port)
    url = f"http://127.0.0.1:{port}/learning/"
    try:
        shown = wait_for(url, "The preview has 4 problems to fix")
        assert "content/x.txt" in shown and "content/linked" in shown
        assert "reviews/child-a-report.pdf" in shown
        for rel in ("x.txt", "linked/inner.txt", "linked/broken.conf",
                    "reviews/child-a/child-a-report.pdf"):
            assert status(url + rel) == 404, rel
        # and the preview goes on: the links taken away, the site shows again
        for rel in ("content/x.txt", "content/linked", "reviews/child-a-report.pdf"):
            (site.root / rel).unlink()
        site.write_bytes("reviews/child-a-report.pdf", b"%PDF-1.4 the report itself\n")
        home = wait_for(url, "Welcome.")
        assert status(url + "x.txt") == 404
        # with the theme's files and ours, which lie outside the project too
        theme_css = re.search(r'href="(assets/stylesheets/main\.[^"]+)"', home)[1]
        assert status(url + theme_css) == status(url + "assets/safeguarding/site.css") == 200
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0]
    assert "Traceback" not in output and "internal error" not in output, output


def answer(port: int, host: str | None, path: str = "/learning/") -> int:
    """The status of a raw GET to the preview with this Host header (None: no Host)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        return connection.getresponse().status
    finally:
        connection.close()


def test_serve_answers_only_requests_that_name_this_computer(site: Site) -> None:
    """DNS rebinding: a page elsewhere makes its own name lead to 127.0.0.1, and reads the
    drafts through the reader's browser, which sends that name as the Host."""
    site.write("briefings/draft-one.md", briefing("Draft one", extra="status: draft\n"))
    port = free_port()
    process = start_serve(site, port)
    try:
        wait_for(f"http://127.0.0.1:{port}/learning/briefings/draft-one/", "Draft one")
        for host in ("evil.example", f"evil.example:{port}", f"localhost.evil.example:{port}",
                     f"127.0.0.1.evil.example:{port}", None):
            assert answer(port, host) == 421, host
            assert answer(port, host, "/learning/briefings/draft-one/") == 421, host
        for host in (f"localhost:{port}", "localhost", f"127.0.0.1:{port}", "127.0.0.1",
                     f"[::1]:{port}", "[::1]", f"LocalHost:{port}"):
            assert answer(port, host) == 200, host
    finally:
        process.terminate()
        process.communicate(timeout=30)
