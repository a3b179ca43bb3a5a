#!/usr/bin/env python3
"""Benchmark the search: build time and memory, Pagefind indexing, index size, and the bytes
a reader's browser fetches for a search.

Run from the repository root:

    .venv/bin/python benchmarks/search_bench.py --items 0        # the example site (mkdocs.yml)
    .venv/bin/python benchmarks/search_bench.py --items 5000     # a generated 5,000-item site
    .venv/bin/python benchmarks/search_bench.py --items 500 --out /tmp/sb --queries "abuse,sleep"

`--items 0` builds the repository's own example site; `--items N` writes a synthetic site
project of N items with `bench.generate` (into a temporary folder, or under `--out DIR`, kept).

It measures, and prints:

1. the build (`build.py build` in a child process): wall time and peak memory. Pagefind runs
   as a grandchild; wait4's ru_maxrss is the peak of the largest single process in the tree,
   not their sum, so a sampler also reads /proc for each descendant's own peak (VmHWM) and
   the summed RSS of the whole tree;
2. the indexing: the plugin runs Pagefind on the second core while MkDocs renders, and
   `build.py build` reports how long Pagefind ran and how long the build then waited for it;
   the time indexing adds to the build is that wait. Pagefind's peak memory is sampled, and
   the whole build's peak is the whole tree's sampled peak (Python and Pagefind at once);
3. the size of `SITE/pagefind/`;
4. in headless Chromium, with the site served at http://127.0.0.1:PORT/learning/ (the server
   does not compress): the bytes under /learning/pagefind/ fetched on opening /search/, for a
   first query, a second query, and the second query filtered to reviews, with what they would
   be if the host gzipped the responses Pagefind has not already compressed, and how much of
   the first query is Pagefind's code and list of pages, which any query fetches;
5. a summary against the targets (first query <= 300 KB at 5,000 items, indexing <= a third
   of the build, whole-build peak memory <= 2 GiB). 1 KB = 1,000 bytes here.

Needs Chromium at /usr/bin/chromium (see tests/browser.py). Nothing is fetched from the network.
This is a benchmark: it exits 1 only if the build, Pagefind or the page fails.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT / "tests")]

from bench import AS_OF, ChildRun, build_py, fail, generate, run_child  # noqa: E402
from browser import CHROMIUM_ARGS, SUB_PATH, chromium_path, serve  # noqa: E402
from playwright import sync_api  # noqa: E402

EXAMPLE_CONFIG = ROOT / "mkdocs.yml"
EXAMPLE_QUERIES = ("neglect", "sleep")
# "neglect" is in the generator's filler vocabulary, so it is on nearly every page (a heavy,
# common query); "fostering" is only in the "Private fostering" topic (about 5% of items).
GENERATED_QUERIES = ("neglect", "fostering")
KB = 1000
MIB = 1024 * 1024
TARGET_FIRST_QUERY = 300 * KB
TARGET_ITEMS = 5000
TARGET_INDEX_SHARE = 1 / 3
TARGET_PEAK = 2 * 1024 * MIB
TIMEOUT_MS = 120_000


def kb(size: float) -> str:
    return f"{size / KB:,.1f} KB"


def mib(size: float) -> str:
    return f"{size / MIB:,.0f} MiB"


# --- processes and their memory ---------------------------------------------------------------


def read_status(pid: int) -> dict[str, str]:
    """Fields of /proc/PID/status; empty once the process is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return dict(line.split(":\t", 1) for line in text.splitlines() if ":\t" in line)


def status_bytes(value: str | None) -> int:
    return int(value.split()[0]) * 1024 if value else 0


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def descendants(pid: int) -> Iterator[int]:
    for child in children(pid):
        yield child
        yield from descendants(child)


@dataclass
class Seen:
    """One descendant process as the sampler saw it."""

    name: str
    depth: int
    peak: int = 0  # its own VmHWM, bytes
    first: float = 0.0
    last: float = 0.0


@dataclass
class TreeSampler:
    """Samples this process's descendants every `interval` seconds, in a thread."""

    interval: float = 0.02
    processes: dict[int, Seen] = field(default_factory=dict)
    tree_peak: int = 0  # largest sum of RSS over all descendants at one sample
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> TreeSampler:
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        now, total = time.perf_counter(), 0
        for pid in descendants(os.getpid()):
            status = read_status(pid)
            if "VmHWM" not in status:  # gone, or a zombie whose memory is already freed
                continue
            seen = self.processes.setdefault(pid, Seen("", self.depth(pid), first=now))
            name = status["Name"].strip()
            if name != seen.name:  # a fork, then exec (`python -m pagefind` execs the binary):
                seen.name, seen.peak = name, 0  # the new program's peak starts afresh
            seen.peak = max(seen.peak, status_bytes(status["VmHWM"]))
            seen.last = now
            total += status_bytes(status.get("VmRSS"))
        self.tree_peak = max(self.tree_peak, total)

    def depth(self, pid: int) -> int:
        return 1 if pid in children(os.getpid()) else 2

    def own_peak(self) -> int:
        """Peak of the direct child alone (the build's Python process)."""
        return max((s.peak for s in self.processes.values() if s.depth == 1), default=0)

    def named(self, prefix: str) -> list[Seen]:
        return [s for s in self.processes.values() if s.name.startswith(prefix)]


@dataclass
class Measured:
    run: ChildRun
    sampler: TreeSampler

    @property
    def peak(self) -> int:
        return int(self.run.peak_rss_mb * MIB)


def measure(args: Sequence[str], env: Mapping[str, str] | None = None) -> Measured:
    """Run a command in a child process, sampling the memory of its whole process tree."""
    with TreeSampler() as sampler:
        run = run_child(args, env)
    return Measured(run, sampler)


# --- 1 to 3: build, indexing, index size ------------------------------------------------------


def build(config: Path, site: Path, as_of: str) -> Measured:
    built = measure(build_py("build", "--as-of", as_of, "-d", str(site), "-f", str(config)))
    if built.run.exit_code != 0:
        fail("build", built.run)
    return built


@dataclass
class Indexing:
    """What `build.py build` reports of the search index: Pagefind's run and the wait."""

    pages: int
    seconds: float
    waited: float


_INDEX_REPORT = re.compile(
    r"search index: (\d+) pages in ([\d.]+) s, of which the build waited ([\d.]+) s")


def indexing_of(built: Measured) -> Indexing:
    match = _INDEX_REPORT.search(built.run.stderr)
    if match is None:
        fail("reading the search index report of the build", built.run)
    return Indexing(int(match[1]), float(match[2]), float(match[3]))


def report_build(built: Measured) -> None:
    sampler = built.sampler
    print(f"build: {built.run.seconds:.1f} s wall; peak RSS (wait4, largest single process of "
          f"the tree) {mib(built.peak)}")
    print(f"  sampled from /proc every {sampler.interval * 1000:.0f} ms: build Python alone "
          f"{mib(sampler.own_peak())}, whole tree at once {mib(sampler.tree_peak)}")
    runs = sampler.named("pagefind")
    if runs:
        parts = f"{len(runs)} runs (the index in parts), one after another, " \
            if len(runs) > 1 else ""
        print(f"  Pagefind inside the build: {parts}about "
              f"{max(r.last for r in runs) - min(r.first for r in runs):.1f} s, "
              f"peak {mib(max(r.peak for r in runs))}")


def whole_build_peak(built: Measured) -> int:
    """Peak memory of the whole build: Python and Pagefind run at the same time.

    wait4's ru_maxrss is the peak of the largest single process, not their sum, so the
    sampled peak of the whole tree at one moment is used, or Python's own peak (VmHWM)
    plus the largest Pagefind run's if that is larger (the sampler can miss the moment
    both peak). A large site is indexed in parts, one Pagefind run after another: only
    one runs at a time, so their peaks are not added up.
    """
    runs = built.sampler.named("pagefind")
    own_peaks = built.sampler.own_peak() + max((s.peak for s in runs), default=0)
    return max(built.peak, built.sampler.tree_peak, own_peaks)


def report_indexing(built: Measured, indexing: Indexing) -> float:
    """Print the indexing figures; return the share of build time indexing adds."""
    rest = built.run.seconds - indexing.waited
    share = indexing.waited / rest if rest > 0 else float("inf")
    print(f"indexing (Pagefind, alongside the build): {indexing.pages:,} pages in "
          f"{indexing.seconds:.1f} s; the build waited {indexing.waited:.1f} s for it")
    print(f"  indexing adds {share:.0%} to the build "
          f"({indexing.waited:.1f} s / ({built.run.seconds:.1f} - {indexing.waited:.1f}) s)")
    print(f"  whole-build peak memory: {mib(whole_build_peak(built))} "
          f"(Python alone {mib(built.sampler.own_peak())}, whole tree at once "
          f"{mib(built.sampler.tree_peak)})")
    return share


def kind_of(name: str) -> str:
    for suffix in ("pf_fragment", "pf_index", "pf_filter", "pf_meta"):
        if name.endswith("." + suffix):
            return suffix
    if name.startswith("wasm."):
        return "wasm"
    return name if name.startswith("pagefind") and "." in name else "other"


def report_index(site: Path) -> None:
    files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    kinds: dict[str, list[int]] = {}
    for path in files:
        kinds.setdefault(kind_of(path.name), []).append(path.stat().st_size)
    pages = sum(1 for _ in site.rglob("*.html"))
    print(f"index: {site / 'pagefind'}: {len(files):,} files, {total:,} bytes ({kb(total)}), "
          f"for a site of {pages:,} HTML files")
    for kind, sizes in sorted(kinds.items(), key=lambda kv: -sum(kv[1])):
        print(f"  {kind:<26} {len(sizes):>6,} files {kb(sum(sizes)):>14}")


# --- 4: bytes per query, in Chromium ----------------------------------------------------------


class Tally:
    """Bytes the server sent under one path prefix, counted across its threads."""

    def __init__(self, prefix: str) -> None:
        self.prefix, self.bytes, self.files = prefix, 0, 0
        self._lock = threading.Lock()

    def add(self, path: str, size: int) -> None:
        if urlsplit(path).path.startswith(self.prefix):
            with self._lock:
                self.bytes, self.files = self.bytes + size, self.files + 1

    def take(self) -> tuple[int, int]:
        with self._lock:
            taken, self.bytes, self.files = (self.bytes, self.files), 0, 0
        return taken


class CountingHandler(SimpleHTTPRequestHandler):
    """Serves files as they are (no compression), counting the body bytes it sends."""

    def __init__(self, *args: object, tally: Tally, **kwargs: object) -> None:
        self.tally = tally
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def copyfile(self, source: BinaryIO, outputfile: BinaryIO) -> None:  # type: ignore[override]
        data = source.read()
        outputfile.write(data)
        self.tally.add(self.path, len(data))

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Fetch:
    url: str
    size: int
    gzipped: int  # what a host that gzips would send: Pagefind's pf_* files already are


def fetched(response: sync_api.Response) -> Fetch:
    body = response.body()
    already = body[:2] == b"\x1f\x8b"
    return Fetch(response.url, len(body),
                 len(body) if already else len(gzip.compress(body, compresslevel=6)))


@dataclass
class Recorder:
    """Everything the page asks for, what the server sent, and what looks wrong."""

    tally: Tally
    responses: list[sync_api.Response] = field(default_factory=list)
    in_flight: int = 0
    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    mark: int = 0

    def attach(self, context: sync_api.BrowserContext, page: sync_api.Page) -> None:
        context.on("request", self.on_request)
        context.on("requestfinished", self.on_done)
        context.on("requestfailed", self.on_failed)
        context.on("response", self.on_response)
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))

    def on_request(self, request: sync_api.Request) -> None:
        self.in_flight += 1
        url = urlsplit(request.url)
        if url.scheme not in ("data", "blob") and url.hostname != "127.0.0.1":
            self.foreign.append(request.url)

    def on_done(self, request: sync_api.Request) -> None:
        self.in_flight -= 1

    def on_failed(self, request: sync_api.Request) -> None:
        self.in_flight -= 1
        self.errors.append(f"request failed: {request.url} ({request.failure})")

    def on_response(self, response: sync_api.Response) -> None:
        self.responses.append(response)
        if response.status >= 400:
            self.errors.append(f"HTTP {response.status}: {response.url}")

    def on_console(self, message: sync_api.ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"console {message.type}: {message.text}")

    def take(self) -> tuple[list[Fetch], list[Fetch], tuple[int, int]]:
        """Since the last call: responses under pagefind/, all others, and the server's
        own count of (bytes, files) it sent under pagefind/."""
        new, self.mark = self.responses[self.mark:], len(self.responses)
        ours: list[Fetch] = []
        others: list[Fetch] = []
        for response in new:
            mine = urlsplit(response.url).path.startswith(self.tally.prefix)
            (ours if mine else others).append(fetched(response))
        return ours, others, self.tally.take()


@dataclass
class Phase:
    name: str
    fetches: list[Fetch]
    served: tuple[int, int]  # (bytes, files) under pagefind/, as the server counted them
    seconds: float  # until the status said what was found
    status: str

    @property
    def size(self) -> int:
        return sum(f.size for f in self.fetches)

    @property
    def gzipped(self) -> int:
        return sum(f.gzipped for f in self.fetches)


def wait_quiet(page: sync_api.Page, recorder: Recorder, quiet_ms: int = 600) -> None:
    """Until nothing is in flight and nothing new arrives for `quiet_ms` (longer than the
    page's 300 ms typing debounce, so a search started by the input event is caught too)."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        seen = len(recorder.responses)
        page.wait_for_timeout(quiet_ms)
        if recorder.in_flight <= 0 and len(recorder.responses) == seen:
            return
    raise TimeoutError("the page kept fetching")


SETTLED = """([query, filtered]) => {
  const s = document.getElementById('sl-search-status').textContent;
  if (!s || s.startsWith('Searching')) return false;
  if (query && !s.includes('\\u201c' + query + '\\u201d')) return false;
  if (filtered && !s.includes('filtered by')) return false;
  return !query || s.startsWith('No results')
    || document.querySelector('#sl-search-results li') !== null;
}"""


def settle(page: sync_api.Page, recorder: Recorder, query: str, filtered: bool,
           start: float) -> tuple[str, float]:
    """Wait until the status reports this search and the network is quiet; return the
    status and the seconds from `start` until it first reported the search."""
    page.wait_for_function(SETTLED, arg=[query, filtered], timeout=TIMEOUT_MS)
    seconds = time.perf_counter() - start
    wait_quiet(page, recorder)
    page.wait_for_function(SETTLED, arg=[query, filtered], timeout=TIMEOUT_MS)
    return page.inner_text("#sl-search-status"), seconds


def run_phases(page: sync_api.Page, recorder: Recorder, base: str,
               queries: Sequence[str]) -> tuple[list[Phase], list[Fetch]]:
    """Open /search/, then the two queries and the filtered one; the page's own files too."""
    start = time.perf_counter()
    page.goto(f"{base}search/")
    page.wait_for_selector("form[data-sl-ready]", timeout=TIMEOUT_MS)
    status, seconds = settle(page, recorder, "", False, start)
    ours, page_files, served = recorder.take()
    phases = [Phase("on page open", ours, served, seconds, status)]
    steps = [(f"first query \u201c{queries[0]}\u201d", queries[0], None),
             (f"second query \u201c{queries[1]}\u201d", queries[1], None),
             (f"\u201c{queries[1]}\u201d filtered to type=review", queries[1], "review")]
    for name, query, review in steps:
        start = time.perf_counter()
        if review:
            page.select_option("select[name=type]", review)
        else:
            page.fill("input[name=q]", query)
            page.press("input[name=q]", "Enter")
        status, seconds = settle(page, recorder, query, bool(review), start)
        ours, others, served = recorder.take()
        page_files += others
        phases.append(Phase(name, ours, served, seconds, status))
    return phases, page_files


def browse(site: Path, scratch: Path, queries: Sequence[str]) -> tuple[list[Phase], Recorder]:
    tally = Tally(f"{SUB_PATH}pagefind/")
    with serve(site, scratch, CountingHandler, tally=tally) as base, \
            sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            page = context.new_page()
            recorder = Recorder(tally)
            recorder.attach(context, page)
            phases, page_files = run_phases(page, recorder, base, queries)
            total = sum(f.size for f in page_files)
            print(f"browser: {base}search/ itself (HTML, CSS, scripts): {len(page_files)} "
                  f"responses, {kb(total)} (if the host gzips "
                  f"{kb(sum(f.gzipped for f in page_files))}); largest: {largest(page_files)}")
            return phases, recorder
        finally:
            browser.close()


def largest(fetches: Sequence[Fetch], count: int = 3) -> str:
    biggest = sorted(fetches, key=lambda f: -f.size)[:count]
    return ", ".join(f"{urlsplit(f.url).path} {kb(f.size)}" for f in biggest)


def breakdown(fetches: Sequence[Fetch]) -> str:
    kinds: dict[str, list[int]] = {}
    for fetch in fetches:
        kinds.setdefault(kind_of(urlsplit(fetch.url).path.rsplit("/", 1)[-1]), []).append(
            fetch.size)
    return ", ".join(f"{k} {len(v)}x {kb(sum(v))}" for k, v in sorted(kinds.items()))


def report_phases(phases: Sequence[Phase]) -> int:
    """Print each phase; return the bytes for the first query including page open."""
    for phase in phases:
        print(f"  {phase.name}: {len(phase.fetches)} responses under pagefind/, "
              f"{phase.size:,} bytes ({kb(phase.size)}); if the host gzips {kb(phase.gzipped)}"
              f"; results shown after {phase.seconds:.2f} s")
        if phase.served != (phase.size, len(phase.fetches)):
            print(f"    NOTE: the server counted {phase.served[1]} files, {phase.served[0]:,} "
                  "bytes: the browser's events missed some (a worker's fetches?)")
        print(f"    status: {phase.status!r}")
        if phase.fetches:
            print(f"    {breakdown(phase.fetches)}")
    if all(p.served == (p.size, len(p.fetches)) for p in phases):
        print("  (the server's own count of bytes sent under pagefind/ agrees for every step)")
    opening, first = phases[0], phases[1]
    total = opening.size + first.size
    print(f"  page open + first query: {total:,} bytes ({kb(total)}); "
          f"if the host gzips {kb(opening.gzipped + first.gzipped)}")
    return total


def site_path(config: Path) -> str:
    """The path of `site_url` in a config (the plugin's tag needs no constructor here)."""
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("", lambda *_: None)
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=loader)
    return urlsplit(str(data.get("site_url", ""))).path


# --- 5: summary and the whole run -------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def summary(items: int, first: int, first_gz: int, share: float, peak: int) -> None:
    scale = "" if items == TARGET_ITEMS else (
        f" (the target is for {TARGET_ITEMS:,} items; this run: "
        f"{f'{items:,} items' if items else 'the example site'})")
    print("\nsummary against targets")
    print(f"  first query <= {kb(TARGET_FIRST_QUERY)}: {kb(first)} as served "
          f"{verdict(first <= TARGET_FIRST_QUERY)}, {kb(first_gz)} if the host gzips "
          f"{verdict(first_gz <= TARGET_FIRST_QUERY)}{scale}")
    print(f"  indexing adds <= 33% of build time: {share:.0%} "
          f"{verdict(share <= TARGET_INDEX_SHARE)}")
    print(f"  whole-build peak memory <= {mib(TARGET_PEAK)}: {mib(peak)} "
          f"{verdict(peak <= TARGET_PEAK)}")


def prepare(args: argparse.Namespace, workdir: Path) -> tuple[Path, Path, list[str]]:
    """The config to build, the site folder, and the queries."""
    if args.items == 0:
        config, site, default = EXAMPLE_CONFIG, workdir / "site-example", EXAMPLE_QUERIES
        print(f"corpus: the example site {config}")
    else:
        start = time.perf_counter()
        corpus = generate(workdir / f"corpus-{args.items}", args.items, args.kb, args.seed,
                          date.fromisoformat(args.as_of))
        os.sync()  # no write-back of the new files during the timed build
        config, site, default = corpus.config, workdir / f"site-{args.items}", GENERATED_QUERIES
        print(f"corpus: generated {len(corpus.item_paths):,} items {corpus.counts} "
              f"({corpus.megabytes:.1f} MB) in {corpus.root} in "
              f"{time.perf_counter() - start:.1f} s")
    queries = [q.strip() for q in args.queries.split(",")] if args.queries else list(default)
    if len(queries) != 2 or not all(queries):
        raise SystemExit("--queries takes two words, comma-separated: \"neglect,sleep\"")
    if site_path(config) != SUB_PATH:
        raise SystemExit(f"{config}: site_url must have the path {SUB_PATH} for this benchmark")
    return config, site, queries


@dataclass
class SearchRun:
    """The figures of one build and its search, as printed along the way."""

    built: Measured
    index_share: float  # share of the build's time that indexing adds
    peak: int  # whole-build peak memory, bytes (see whole_build_peak)
    first_query: int  # bytes under pagefind/ for page open + first query, as served
    first_query_gzipped: int  # the same if the host gzipped what is not already
    #: Of first_query, what any first query fetches whatever its words: Pagefind's code and
    #: its list of every page (meta), as served. It grows with the number of pages.
    fixed: int
    problems: list[str]  # browser problems and requests off 127.0.0.1


def report_problems(recorder: Recorder) -> list[str]:
    problems = [f"browser problem: {p}" for p in recorder.errors]
    problems += [f"request to another host: {url}" for url in recorder.foreign]
    for problem in problems:
        print(f"  {problem}")
    if not problems:
        print("  no console errors or warnings, failed requests, or requests off 127.0.0.1")
    return problems


def measure_site(config: Path, site: Path, workdir: Path, queries: Sequence[str],
                 as_of: str) -> SearchRun:
    """Build `config` into `site` and search it in Chromium, printing steps 1 to 4."""
    built = build(config, site, as_of)
    report_build(built)
    share = report_indexing(built, indexing_of(built))
    report_index(site)
    phases, recorder = browse(site, workdir, queries)
    first = report_phases(phases)
    fixed = fixed_bytes(phases[0].fetches + phases[1].fetches)
    print(f"  of which Pagefind's code and list of pages, fetched for any query: {kb(fixed)}")
    problems = report_problems(recorder)
    return SearchRun(built, share, whole_build_peak(built), first,
                     phases[0].gzipped + phases[1].gzipped, fixed, problems)


#: What a query fetches for its words and results; the rest is fetched for any query.
PER_QUERY_KINDS = ("pf_index", "pf_fragment", "pf_filter")


def fixed_bytes(fetches: Sequence[Fetch]) -> int:
    return sum(f.size for f in fetches
               if kind_of(urlsplit(f.url).path.rsplit("/", 1)[-1]) not in PER_QUERY_KINDS)


def run(args: argparse.Namespace, workdir: Path) -> int:
    config, site, queries = prepare(args, workdir)
    found = measure_site(config, site, workdir, queries, args.as_of)
    summary(args.items, found.first_query, found.first_query_gzipped, found.index_share,
            found.peak)
    return 0


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--items", type=int, default=0,
                        help="0: the example site (default); N: generate N items")
    parser.add_argument("--out", type=Path, default=None,
                        help="write the project and site under this folder and keep them")
    parser.add_argument("--queries", default=None,
                        help="two comma-separated queries (default: neglect,sleep for the "
                             "example site; neglect,fostering for a generated one)")
    parser.add_argument("--kb", type=int, default=12, help="size of each generated item (12)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    parser.add_argument("--as-of", default=AS_OF, help=f"date for --as-of ({AS_OF})")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sl-search-bench-") as scratch:
        workdir = args.out.resolve() if args.out else Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, as of {args.as_of}")
        return run(args, workdir)


if __name__ == "__main__":
    raise SystemExit(main())
