"""`build.py serve`: a live preview with drafts and a banner, rebuilt when content changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import ROOT, Site, briefing


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


def test_serve_previews_drafts_and_reloads_on_change(site: Site) -> None:
    site.write("briefings/draft-one.md", briefing("Draft one", extra="status: draft\n"))
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--as-of", "2026-11-26",
         "-a", f"127.0.0.1:{port}", "-f", str(site.root / "mkdocs.yml")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        # site_url's path (/learning/) is where mkdocs serve mounts the site
        page = f"http://127.0.0.1:{port}/learning/briefings/draft-one/"
        assert "Draft preview." in wait_for(page, "Draft one")
        site.write("briefings/draft-one.md", briefing("Draft one, revised", extra="status: draft\n"))
        wait_for(page, "Draft one, revised")
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_is_quiet_and_shows_content_errors_in_the_open_page(site: Site, browser) -> None:
    """An author's browser reloads by itself (under the page's CSP), shows the errors in
    place of the page, then the page again once fixed; the terminal carries no notices."""
    site.write("mkdocs.yml", (site.root / "mkdocs.yml").read_text() + "nav:\n  - index.md\n")
    site.write("briefings/one.md", briefing("Briefing one"))
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--as-of", "2026-11-26",
         "-a", f"127.0.0.1:{port}", "-f", str(site.root / "mkdocs.yml")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
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
