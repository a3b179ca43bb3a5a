"""The repository's own example site passes its own checks."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_example_site_checks_clean() -> None:
    """`python build.py check` on the example site: exit 0, no errors, no warnings."""
    result = subprocess.run(
        [sys.executable, "build.py", "check", "--as-of", "2026-11-26"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "0 errors, 0 warnings" in result.stderr


def test_example_site_has_the_content_the_design_asks_for() -> None:
    """At least 8 guidance, 10 briefings (3 seven-minute), 6 reviews of several types."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from datetime import date

    from safeguarding_learning.config import load_project
    from safeguarding_learning.core import Briefing, Guidance, Review, load_corpus

    corpus = load_corpus(load_project(ROOT / "mkdocs.yml"), date(2026, 11, 26))
    briefings = corpus.of_kind(Briefing)
    reviews = corpus.of_kind(Review)
    assert len(corpus.of_kind(Guidance)) >= 8
    assert len(briefings) >= 10
    assert sum(1 for b in briefings if b.format == "seven-minute") >= 3
    assert len(reviews) >= 6 and len({r.review_type for r in reviews}) >= 5
    assert sum(1 for r in reviews if r.report_file and r.report_file.suffix == ".pdf") >= 2


def test_every_page_skips_to_its_title(example_build: Path) -> None:
    """WCAG 2.4.1: "Skip to content" on every page (Material writes it only where the
    Markdown has headings), to the page's title rather than past it."""
    pages = sorted(example_build.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in html:
            continue  # an old address that redirects
        skip = re.search(r'<div data-md-component="skip"><a href="#([^"]+)" class="md-skip">'
                         r"Skip to content</a>", html)
        title = re.search(r'<h1 id="([^"]+)"', html)
        assert skip and title and skip[1] == title[1], page.relative_to(example_build)
