"""Lighthouse on each kind of page: accessibility, best practices and SEO at 100.

Performance is measured, not asserted: `benchmarks/lighthouse_bench.py` prints it.
"""

from __future__ import annotations

import pytest
from browser import serve
from lighthouse import failing_audits, lighthouse, scores

PAGE_KINDS = {
    "home": "",
    "review": "reviews/child-g-2026/",
    "reviews": "reviews/",
    "seven-minute briefing": "briefings/safer-sleep/",
    "search": "search/?q=sleep",
}


@pytest.fixture(scope="module")
def example_url(tmp_path_factory, example_build):
    with serve(example_build, tmp_path_factory.mktemp("lighthouse")) as url:
        yield url


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_accessibility_best_practices_and_seo_are_full_marks(example_url, kind) -> None:
    report = lighthouse(example_url + PAGE_KINDS[kind],
                        ("accessibility", "best-practices", "seo"))
    assert scores(report) == {"accessibility": 1, "best-practices": 1, "seo": 1}, \
        failing_audits(report)
