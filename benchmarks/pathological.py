#!/usr/bin/env python3
"""Time `build.py check` on one pathological file at a time: linear work, bounded memory.

Run from the repository root:

    .venv/bin/python benchmarks/pathological.py                 # every kind, 10 MB each
    .venv/bin/python benchmarks/pathological.py --mb 1 --kinds open-brackets,alias-bomb
    .venv/bin/python benchmarks/pathological.py --profile       # and cProfile the slow ones

Each kind of file is written, as the only briefing, into a small valid site project in a
temporary folder (the example site's settings and guidance, a home page, an accessibility
statement), and `build.py check` runs on it as a child process with a timeout. The table
gives the file's size, the wall-clock seconds, the child's peak memory (from wait4), its
exit code, how many lines it printed and the first of them. With `--profile`, every kind
slower than `--slow` seconds runs again under cProfile and its costliest functions are
listed, to show which check dominated.

This is a benchmark, not a test: tests/test_bounded_work.py asserts the diagnostics at
smaller sizes. The kinds marked "(outside)" exercise code the author of this script could
not change; they are here so that the table shows them too.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD_PY = ROOT / "build.py"
AS_OF = "2026-11-26"

FRONT_MATTER = (
    "---\ntitle: A pathological briefing\npublished: 2024-01-10\n"
    "summary: A file made to be slow to check.\nthemes: [neglect]\n{extra}---\n\n"
)

CONFIG = """\
site_name: Pathological inputs
site_url: https://example.org/learning/
docs_dir: content
theme:
  name: material
markdown_extensions:
  - toc:
      permalink: false
  - tables
  - attr_list
  - admonition
plugins:
  - safeguarding-learning:
      themes: {neglect: Neglect, safer-sleep: Safer sleep}
      audiences: {professionals: Professionals}
      seven_minute_sections: [Background, Why it matters, Information, Key learning,
                              Things to remember, What to do, Questions to consider]
      personal_data_allowlist: [safeguarding@example.gov.uk, 0113 496 0000]
"""


# --- the kinds -------------------------------------------------------------------------------


def repeat(unit: str, size: int) -> str:
    """`unit` repeated to `size` characters."""
    return (unit * (size // len(unit) + 1))[:size]


def body(text: str, extra: str = "") -> str:
    return FRONT_MATTER.format(extra=extra) + text


def backtick_runs(size: int) -> str:
    """Runs of 1, 3, 5, ... backticks: no run ever meets a closing run of its own length."""
    parts, total, length = [], 0, 1
    while total < size:
        parts.append("`" * length + " x ")
        total += length + 3
        length += 2
    return "".join(parts)[:size]


def alias_bomb(size: int) -> str:
    """Nine levels of nine aliases each (9**9 values if expanded), then an ordinary body."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return body(ordinary_paragraphs(size), extra="\n".join(lines) + "\n")


def ordinary_paragraphs(size: int) -> str:
    """The example site's real paragraphs, repeated: references to items the test project
    does not have, and links to its files, are turned into their plain text."""
    guidance = {path.stem for path in (ROOT / "content" / "guidance").glob("*.md")}
    sources = sorted((ROOT / "briefings").glob("*.md")) + sorted((ROOT / "reviews").glob("*.md"))
    text = "".join(path.read_text(encoding="utf-8").split("\n---\n", 1)[-1] for path in sources)

    def reference(match: re.Match[str]) -> str:
        target = match[1].split("#")[0].strip()
        return match[0] if target in guidance else (match[2] or target)

    text = re.sub(r"\[\[([^\]|]+)(?:\|([^\]]+))?\]\]", reference, text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return repeat(text + "\n\n", size)


@dataclass(frozen=True)
class Kind:
    name: str
    make: Callable[[int], str]  # size in characters -> whole file
    note: str = ""


KINDS: tuple[Kind, ...] = (
    Kind("open-brackets", lambda n: body("[" * n + "](")),
    Kind("unclosed-reference", lambda n: body("[[ " + repeat("a ", n))),
    Kind("unclosed-tags", lambda n: body(repeat("<a ", n))),
    Kind("lt-runs", lambda n: body(repeat("<" * 1000 + " x ", n))),
    Kind("backtick-runs", lambda n: body(backtick_runs(n))),
    Kind("backticks", lambda n: body("`" * n)),
    Kind("code-spans", lambda n: body(repeat("`a` ", n)), "many short spans"),
    Kind("fence-lines", lambda n: body(repeat("```\n", n))),
    Kind("digit-run", lambda n: body("1" * n)),
    Kind("digits-spaces", lambda n: body(repeat("2" * 1000 + " " * 1000, n))),
    Kind("digit-space-pairs", lambda n: body(repeat("1 ", n))),
    Kind("link-openers", lambda n: body(repeat("](", n))),
    Kind("link-targets", lambda n: body(repeat("[a](b", n))),
    Kind("emphasis-runs", lambda n: body(repeat("*" * 500 + "_" * 500 + " word ", n))),
    Kind("ordinary", lambda n: body(ordinary_paragraphs(n))),
    Kind("alias-bomb", alias_bomb),
    Kind("deep-nesting", lambda n: body("", extra="deep: " + "[" * n + "\n")),
    Kind("deep-dashes", lambda n: body("", extra="deep:\n  " + "- " * (n // 2) + "x\n")),
    Kind("huge-front-matter", lambda n: body("", extra="audience: [" + repeat("x, ", n) + "x]\n")),
    Kind("heading-spaces", lambda n: body("## a" + " " * n + "b\n",
                                          extra="format: seven-minute\n")),
    Kind("heading-braces", lambda n: body("## a " + repeat("{#a ", n) + "\n",
                                          extra="format: seven-minute\n")),
    Kind("born-tabs", lambda n: body("born" + "\t" * n + "1\n")),
    Kind("long-email", lambda n: body("x@" + repeat("a.", n) + "uk\n")),
    # What personal_data.py reads as a reader sees it: markup, escapes and references.
    Kind("character-references", lambda n: body(repeat("&#48;", n))),
    Kind("backslash-escapes", lambda n: body(repeat("1\\.", n))),
    Kind("comment-openers", lambda n: body(repeat("1<!--", n)), "never closed"),
    Kind("closed-comments", lambda n: body(repeat("1<!-- -->", n))),
    Kind("emphasis-in-digits", lambda n: body(repeat("9*4*3_4_", n))),
    Kind("zero-width-digits", lambda n: body(repeat("1\u200b", n))),
    Kind("full-width-digits", lambda n: body(repeat("\uff11\u2009", n))),
    Kind("digit-lines", lambda n: body(repeat("1\n", n))),
    Kind("born-in-places", lambda n: body(repeat("born in Leeds General on the 1 ", n))),
    Kind("many-references", lambda n: body(repeat("[[x]] ", n)), "(outside) validate.py"),
    Kind("many-phone-numbers", lambda n: body(repeat("Ring 07700 900123. ", n)),
         "(outside) one error each"),
    Kind("reference-spaces", lambda n: body("", extra="guidance: ['a" + " " * 2000 + "b']\n"),
         "(outside) schema.py"),
)


# --- running ---------------------------------------------------------------------------------


def make_project(root: Path) -> Path:
    """A small valid project: config, two pages, the example site's guidance."""
    (root / "content").mkdir(parents=True)
    (root / "briefings").mkdir()
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (root / "content" / "index.md").write_text("# Home\n\nWelcome.\n", encoding="utf-8")
    (root / "content" / "accessibility.md").write_text("# Accessibility\n\nWCAG 2.2 AA.\n",
                                                       encoding="utf-8")
    shutil.copytree(ROOT / "content" / "guidance", root / "content" / "guidance")
    return root / "mkdocs.yml"


@dataclass
class Run:
    seconds: float
    peak_mb: float
    exit_code: int | None  # None: killed at the timeout
    lines: int
    first: str


def check(config: Path, timeout: float, out: Path, prefix: tuple[str, ...] = ()) -> Run:
    """Run `build.py check` on the project; wait4 gives this child's own peak memory."""
    command = [sys.executable, *prefix, str(BUILD_PY), "check", "--as-of", AS_OF,
               "-f", str(config)]
    with open(out, "wb") as stdout:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=stdout, stderr=subprocess.STDOUT)
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > timeout:
                child.send_signal(signal.SIGKILL)
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.005)
        seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait again
    code = child.returncode if child.returncode >= 0 else None
    lines, first = 0, ""
    with open(out, encoding="utf-8", errors="replace") as printed:
        for line in printed:
            lines += 1
            first = first or line.rstrip("\n")
    return Run(seconds, usage.ru_maxrss / 1024, code, lines, first)


def profile(config: Path, out: Path, top: int) -> str:
    """The costliest functions of one `check`, by their own time and below."""
    import pstats

    stats_file = out.with_suffix(".prof")
    check(config, 600, out, prefix=("-m", "cProfile", "-o", str(stats_file)))
    report = out.with_suffix(".txt")
    with open(report, "w") as stream:
        stats = pstats.Stats(str(stats_file), stream=stream)
        stats.sort_stats("cumulative").print_stats(r"safeguarding_learning", top)
    lines = report.read_text().splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
    return "\n".join("    " + line for line in lines[start:] if line.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=10, help="size of each file (default 10)")
    parser.add_argument("--kinds", help="comma-separated kinds (default: all)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per run")
    parser.add_argument("--profile", action="store_true", help="cProfile the slow kinds")
    parser.add_argument("--slow", type=float, default=2.0, help="what --profile calls slow")
    args = parser.parse_args()
    chosen = [k for k in KINDS if not args.kinds or k.name in args.kinds.split(",")]
    size = int(args.mb * 1_000_000)

    with tempfile.TemporaryDirectory(prefix="pathological-") as folder:
        config = make_project(Path(folder) / "project")
        baseline = check(config, args.timeout, Path(folder) / "out.log")
        if baseline.exit_code != 0:
            print(f"the empty project does not check clean: {baseline.first}")
            return 1
        print(f"baseline (no briefing): {baseline.seconds:.2f} s, {baseline.peak_mb:.0f} MB\n")
        print(f"{'kind':20} {'MB':>5} {'seconds':>8} {'peak MB':>8} {'exit':>5} {'lines':>8}"
              "  first line")
        slow = []
        for kind in chosen:
            item = config.parent / "briefings" / "item.md"
            item.write_text(kind.make(size), encoding="utf-8")
            megabytes = item.stat().st_size / 1_000_000
            run = check(config, args.timeout, Path(folder) / "out.log")
            exit_code = "kill" if run.exit_code is None else str(run.exit_code)
            first = run.first.replace(str(config.parent) + "/", "")
            first = first if len(first) <= 90 else first[:89] + "…"
            note = f"  [{kind.note}]" if kind.note else ""
            print(f"{kind.name:20} {megabytes:5.1f} {run.seconds:8.2f} {run.peak_mb:8.0f} "
                  f"{exit_code:>5} {run.lines:8}  {first}{note}", flush=True)
            if run.seconds > args.slow:
                slow.append(kind)
            if args.profile and run.seconds > args.slow and run.exit_code is not None:
                print(profile(config, Path(folder) / "profile", 12), flush=True)
            item.unlink()
        if slow:
            print(f"\nslower than {args.slow:g} s: {', '.join(k.name for k in slow)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
