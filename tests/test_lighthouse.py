"""Lighthouse on each kind of page: accessibility, best practices and SEO at 100.

Performance is measured, not asserted: `benchmarks/lighthouse_bench.py` prints it.
"""

from __future__ import annotations

import pytest
from browser import serve
from conftest import AS_OF, ROOT, main
from lighthouse import failing_audits, lighthouse, scores

PAGE_KINDS = {
    "home": "",
    "review": "reviews/child-g-2026/",
    "reviews": "reviews/",
    "seven-minute briefing": "briefings/safer-sleep/",
    "search": "search/?q=sleep",
}


@pytest.fixture(scope="module")
def example_url(tmp_path_factory):
    scratch = tmp_path_factory.mktemp("lighthouse")
    out = scratch / "site"
    assert main(["build", "--as-of", AS_OF, "-d", str(out), "-f", str(ROOT / "mkdocs.yml")]) == 0
    with serve(out, scratch) as url:
        yield url


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_accessibility_best_practices_and_seo_are_full_marks(example_url, kind) -> None:
    report = lighthouse(example_url + PAGE_KINDS[kind],
                        ("accessibility", "best-practices", "seo"))
    assert scores(report) == {"accessibility": 1, "best-practices": 1, "seo": 1}, \
        failing_audits(report)
