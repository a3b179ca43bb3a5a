"""Running Lighthouse (tools/, pinned) on a page, with Debian's Chromium."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from browser import CHROMIUM_ARGS, chromium_path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "tools" / "node_modules" / ".bin" / "lighthouse"


def lighthouse(url: str, categories: tuple[str, ...], *, form_factor: str = "mobile") -> dict:
    """Lighthouse's report for `url` as a dict: categories' scores and each audit."""
    if not LIGHTHOUSE.exists():
        raise RuntimeError("Lighthouse is not installed: run ./scripts/test (tools/, npm)")
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        flags = " ".join(["--headless=new", *CHROMIUM_ARGS, f"--user-data-dir={scratch}/profile"])
        command = [str(LIGHTHOUSE), url, f"--only-categories={','.join(categories)}",
                   "--output=json", f"--output-path={report}", "--quiet",
                   f"--chrome-flags={flags}"]
        if form_factor == "desktop":
            command.append("--preset=desktop")
        # Lighthouse stops Chromium by killing it, which leaves its singleton folder in
        # TMPDIR: pointing TMPDIR at the scratch folder removes it with the rest.
        subprocess.run(command, check=True, timeout=240, capture_output=True,
                       env={**os.environ, "CHROME_PATH": chromium_path(), "TMPDIR": scratch})
        return json.loads(report.read_text(encoding="utf-8"))


def scores(report: dict) -> dict[str, float]:
    return {name: category["score"] for name, category in report["categories"].items()}


def failing_audits(report: dict) -> list[str]:
    """Audits below full marks that count towards a score, for the failure message."""
    return [f"{name}: {audit['title']}" for name, audit in report["audits"].items()
            if audit.get("score") is not None and audit["score"] < 1
            and audit.get("scoreDisplayMode") in ("binary", "numeric")]
