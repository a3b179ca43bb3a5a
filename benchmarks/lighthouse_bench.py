"""Lighthouse (mobile) on each kind of page of the example site: all four scores, and
whether any page load asks for sitemap.xml.

    .venv/bin/python benchmarks/lighthouse_bench.py   (needs ./scripts/test to have run once)
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import serve  # noqa: E402
from conftest import AS_OF, main  # noqa: E402
from lighthouse import failing_audits, lighthouse, scores  # noqa: E402
from test_lighthouse import PAGE_KINDS  # noqa: E402

KINDS = {**PAGE_KINDS, "dashboard": "dashboard/", "audit": "audits/section-11-audit-2025/",
         "guidance": "guidance/working-together-2023/"}


def run() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "site"
        assert main(["build", "--as-of", AS_OF, "-d", str(out), "-f",
                     str(ROOT / "mkdocs.yml")]) == 0
        with serve(out, Path(scratch)) as url:
            for kind, path in KINDS.items():
                report = lighthouse(url + path, ("performance", "accessibility",
                                                 "best-practices", "seo"))
                found = scores(report)
                requests = report["audits"].get("network-requests", {}).get("details", {})
                sitemap = any(str(r.get("url", "")).endswith("sitemap.xml")
                              for r in requests.get("items", []))
                print(f"{kind}: " + ", ".join(f"{k} {round(v * 100)}" for k, v in found.items())
                      + f"; sitemap.xml fetched: {'yes' if sitemap else 'no'}")
                if found["performance"] < 0.95:
                    print("   " + "; ".join(a for a in failing_audits(report)
                                           if not a.startswith(("uses-", "unused"))))


if __name__ == "__main__":
    run()
