"""Lighthouse (mobile) on each kind of page of the example site: all four scores, and
whether any page load asks for sitemap.xml.

    .venv/bin/python benchmarks/lighthouse_bench.py   (needs ./scripts/test to have run once)
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import serve  # noqa: E402
from conftest import AS_OF, main  # noqa: E402
from lighthouse import failing_audits, lighthouse, scores  # noqa: E402
from test_lighthouse import PAGE_KINDS  # noqa: E402

KINDS = {**PAGE_KINDS, "dashboard": "dashboard/", "audit": "audits/section-11-audit-2025/",
         "guidance": "guidance/working-together-2023/"}


CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


@dataclass
class PageScores:
    """Lighthouse's view of one kind of page."""

    kind: str
    scores: dict[str, int]  # category: score out of 100
    sitemap: bool  # whether the page load requested sitemap.xml
    failing: list[str]  # audits below full marks, for a performance under 95


def measure() -> Iterator[PageScores]:
    """Build the example site, serve it, and run Lighthouse on each kind of page."""
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "site"
        assert main(["build", "--as-of", AS_OF, "-d", str(out), "-f",
                     str(ROOT / "mkdocs.yml")]) == 0
        with serve(out, Path(scratch)) as url:
            for kind, path in KINDS.items():
                report = lighthouse(url + path, CATEGORIES)
                requests = report["audits"].get("network-requests", {}).get("details", {})
                sitemap = any(str(r.get("url", "")).endswith("sitemap.xml")
                              for r in requests.get("items", []))
                found = {k: round(v * 100) for k, v in scores(report).items()}
                failing = [] if found["performance"] >= 95 else [
                    a for a in failing_audits(report) if not a.startswith(("uses-", "unused"))]
                yield PageScores(kind, found, sitemap, failing)


def report(page: PageScores) -> None:
    print(f"{page.kind}: " + ", ".join(f"{k} {v}" for k, v in page.scores.items())
          + f"; sitemap.xml fetched: {'yes' if page.sitemap else 'no'}")
    if page.failing:
        print("   " + "; ".join(page.failing))


def run() -> None:
    for page in measure():
        report(page)


if __name__ == "__main__":
    run()
