#!/usr/bin/env python3
"""Compare two built sites page by page, ignoring how the HTML is spelt.

    python benchmarks/compare_sites.py BEFORE_DIR AFTER_DIR [--ignore-meta]

Each HTML page is parsed (HTML5, as a browser does) and written out again in one
canonical form, so that `<br />` and `<br>` compare equal; other files compare by
bytes. Prints the files only in one site, and a unified diff of each page that differs.
With --ignore-meta, the Content-Security-Policy, referrer and robots <meta> elements
are left out before comparing.
"""

from __future__ import annotations

import argparse
import difflib
import re
from pathlib import Path

from justhtml import JustHTML

_ADDED_META = re.compile(r'<meta (?:http-equiv="Content-Security-Policy"|name="referrer"|'
                         r'name="robots")[^>]*>')


def canonical(html: str, ignore_meta: bool) -> list[str]:
    if ignore_meta:
        html = _ADDED_META.sub("", html)
    text = JustHTML(html, sanitize=False).to_html(pretty=True)
    return text.splitlines()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--ignore-meta", action="store_true")
    args = parser.parse_args()
    before = {p.relative_to(args.before) for p in args.before.rglob("*") if p.is_file()}
    after = {p.relative_to(args.after) for p in args.after.rglob("*") if p.is_file()}
    for path in sorted(before - after):
        print(f"only before: {path}")
    for path in sorted(after - before):
        print(f"only after: {path}")
    differing = 0
    for path in sorted(before & after):
        old, new = args.before / path, args.after / path
        if path.suffix == ".html":
            a = canonical(old.read_text(encoding="utf-8"), args.ignore_meta)
            b = canonical(new.read_text(encoding="utf-8"), args.ignore_meta)
            if a != b:
                differing += 1
                print("".join(f"{line}\n" for line in difflib.unified_diff(
                    a, b, f"before/{path}", f"after/{path}", lineterm="", n=1)))
        elif old.read_bytes() != new.read_bytes():
            differing += 1
            print(f"differs: {path}")
    print(f"{len(before & after)} files in both, {differing} differ; "
          f"{len(before - after)} only before, {len(after - before)} only after")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
