"""Screenshots of key pages at phone and desktop widths, and a printed seven-minute
briefing, for the README and reviews of the design (not a test).

    .venv/bin/python benchmarks/screenshots.py [--site site] [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import CHROMIUM_ARGS, chromium_path, serve  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

PAGES = {
    "review": "reviews/child-g-2026/",
    "reviews": "reviews/",
    "seven-minute-briefing": "briefings/safer-sleep/",
}
VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 900)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--full", action="store_true", help="whole pages, not the first screen")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch, \
            serve(args.site.resolve(), Path(scratch)) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for device, (width, height) in VIEWPORTS.items():
            page = browser.new_page(viewport={"width": width, "height": height},
                                    device_scale_factor=1)
            for name, rel in PAGES.items():
                page.goto(url + rel, wait_until="networkidle")
                if name == "reviews":  # past the introduction, to the filters and cards
                    page.evaluate("document.querySelector('.sl-filter').scrollIntoView()")
                    page.wait_for_timeout(800)  # Material's header finishes its change
                target = args.out / f"{name}-{device}.png"
                page.screenshot(path=str(target), full_page=args.full)
                print(f"{target}: {target.stat().st_size / 1024:.0f} KB")
            page.close()
        page = browser.new_page()
        page.goto(url + PAGES["seven-minute-briefing"], wait_until="networkidle")
        page.emulate_media(media="print")
        pdf = Path(scratch) / "briefing.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=False)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
        print(f"printed seven-minute briefing: {pages} A4 page(s)")
        page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
        target = args.out / "seven-minute-briefing-print.png"
        page.screenshot(path=str(target), full_page=True)
        print(f"{target}: {target.stat().st_size / 1024:.0f} KB")
        browser.close()


if __name__ == "__main__":
    main()
