"""How long an edit takes to show in the browser during `build.py serve`.

Generates a site (bench.py's corpus), starts `serve`, opens an item's page in headless
Chromium, then saves ten edits to that item, one after another, and times each from the
save to the moment the open page shows it (live reload included). The same-run baseline
is the first, full build.

    .venv/bin/python benchmarks/serve_bench.py [--items 1000] [--edits 10]
"""

from __future__ import annotations

import argparse
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench  # noqa: E402
from browser import CHROMIUM_ARGS, chromium_path  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ServeRun:
    """One `serve` session: its first (full) build, then the edits, timed."""

    items: int
    first_build: float  # seconds MkDocs reported for the first, full build
    ready: float  # seconds from starting `serve` to "Serving on"
    edits: list[float]  # seconds from each save to the page showing it
    rebuilds: list[float]  # seconds MkDocs reported for each rebuild

    @property
    def median(self) -> float:
        return statistics.median(self.edits)

    @property
    def growth(self) -> float:
        """The median of the last three edits over that of the first three: one edit
        against one edit varies by a quarter from noise alone on this machine."""
        window = min(3, len(self.edits) // 2) or 1
        return (statistics.median(self.edits[-window:])
                / statistics.median(self.edits[:window]))


def measure(workdir: Path, items: int, edits: int) -> ServeRun:
    """Generate `items` items under `workdir`, serve them, and time `edits` edits."""
    corpus = bench.generate(workdir / "project", items, 12, 1, date.fromisoformat(bench.AS_OF))
    target = next(p for p in corpus.item_paths if "/briefings/" in str(p))
    port = free_port()
    log = workdir / "serve.log"
    started = time.perf_counter()
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--as-of", bench.AS_OF,
             "-a", f"127.0.0.1:{port}", "-f", str(corpus.config)],
            stdout=out, stderr=subprocess.STDOUT)
    try:
        url = _wait_for_site(port, log)
        ready = time.perf_counter() - started
        times = _edit_and_watch(url + f"briefings/{target.stem}/", target, edits)
    finally:
        server.terminate()
        server.wait(timeout=30)
    built = [float(b) for b in
             re.findall(r"Documentation built in ([\d.]+) seconds", log.read_text())]
    return ServeRun(items, built[0], ready, times, built[1:])


def report(run: ServeRun) -> None:
    print(f"serve on {run.items} items: first (full) build {run.first_build:.2f} s "
          f"(ready after {run.ready:.1f} s)")
    print("edit shown in the browser after (s): " + ", ".join(f"{t:.2f}" for t in run.edits))
    print(f"median {run.median:.2f} s (target at most 1 s); first "
          f"{run.edits[0]:.2f} s, last {run.edits[-1]:.2f} s (growth, last three against first "
          f"three, {run.growth:.2f}x); "
          f"rebuilds took " + ", ".join(f"{b:.2f}" for b in run.rebuilds) + " s")
    print(f"ratio to a full build: {run.median / run.first_build:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sl-serve-bench-") as scratch:
        run = measure(Path(scratch), args.items, args.edits)
    report(run)


def _wait_for_site(port: int, log: Path) -> str:
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        found = re.search(r"Serving on (http://\S+)", log.read_text())
        if found:
            return found[1].rstrip("/") + "/"
        time.sleep(0.2)
    raise SystemExit("serve did not start:\n" + log.read_text()[-2000:])


def _edit_and_watch(page_url: str, source: Path, edits: int) -> list[float]:
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(page_url, wait_until="load")
        text = source.read_text(encoding="utf-8")
        title = re.search(r"^title: (.*)$", text, re.MULTILINE)[1]
        for number in range(1, edits + 1):
            time.sleep(1.0 + random.random() / 2)  # a person between saves
            marker = f"edit {number}"
            new_title = title.rstrip('"') + f" {marker}" + ('"' if title.endswith('"') else "")
            edited = text.replace(f"title: {title}", f"title: {new_title}", 1)
            start = time.perf_counter()
            source.write_text(edited, encoding="utf-8")
            page.wait_for_function(f"() => document.title.includes({marker!r})",
                                   timeout=120_000)
            times.append(time.perf_counter() - start)
        browser.close()
    return times


if __name__ == "__main__":
    main()
