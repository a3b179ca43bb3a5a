"""Build the search index with Pagefind, alongside the site build.

Pagefind (PyPI `pagefind[bin]`, which ships its binary) writes a chunked index: a query
fetches only the chunks and fragments it needs, and it works on any static host. What
every query fetches still grows with the site: its code is 159 KB, and its list of pages
about 9 KB per 1,000 pages (a first query took 318 KB at 5,000 pages, 645 KB at 20,000).

Pagefind reads HTML. Rather than scraping the finished pages, we give it a small page
per public document, made from the model: its converted content, and its type, themes,
year and audience as filters. Those pages are written as MkDocs converts each page, and
Pagefind starts as soon as the last one is written (MkDocs' `env` event), so it indexes
on the second core while MkDocs renders the templates of the whole site.

Pagefind holds every page of a run in memory, about 0.3 MB a page whatever its length
(measured: 5.1 GiB for 19,283 pages, 786 MiB for 2,411, 941 MiB for 19,283 pages of a
title and summary only). So a site of more than `pages_per_part` pages is indexed in
parts, one after another, each its own Pagefind bundle: the first in `pagefind/`, the
others in `pagefind/part-2/` and on, listed in `pagefind/parts.json`, which the search
page merges in the browser (Pagefind's `mergeIndex`). Results, filter counts and the order by
date are those of one index. The order by relevance is not: each part scores against its
own word statistics (on generated pages, one part took the whole top ten).
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import cbor2

from ..core import Document, Item, Review
from ..core.output_dir import remove_stale
from .formatting import published_label
from .search import SearchFacets

OUTPUT_SUBDIR = "pagefind"
#: In the bundle: the folders of the other parts, for the search page to merge.
PARTS_FILE = "parts.json"

#: Staging folders in the system temp folder carry their process id, so that those of a
#: build that was killed can be told from those of a build still running.
STAGING_PREFIX = "safeguarding-search-"
_STAGING = re.compile(re.escape(STAGING_PREFIX) + r"(?P<pid>\d+)-[a-z0-9_]+")


#: The review record's keys readers can filter search results by.
RECORD_FILTERS = ("child_age", "child_sex", "outcome")


def _as_list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def index_page(document: Document, content_html: str, facets: SearchFacets) -> str:
    """The page Pagefind indexes for one document: its main content, filters, meta, sort."""
    marks = [f'<span data-pagefind-filter="type:{document.kind}"></span>',
             f'<span data-pagefind-meta="kind:{html.escape(facets.type_label(document))}">'
             "</span>"]
    summary = ""
    extra = []
    if isinstance(document, Item):
        published = document.published
        shown = published_label(document)
        marks += [f'<span data-pagefind-filter="year:{published.year}"></span>',
                  f'<span data-pagefind-sort="published:{published.isoformat()}"></span>',
                  f'<span data-pagefind-meta="date:{shown}"></span>']
        marks += [f'<span data-pagefind-filter="theme:{theme}"></span>'
                  for theme in getattr(document, "themes", [])]
        marks += [f'<span data-pagefind-filter="audience:{audience}"></span>'
                  for audience in getattr(document, "audience", [])]
        summary = getattr(document, "summary", "")
        if isinstance(document, Review):
            # so that "police" or "Child D" finds the reviews they concern
            extra = [document.subject or "", ", ".join(document.agencies)]
            marks += [f'<span data-pagefind-filter="{name}:{value}"></span>'
                      for name in RECORD_FILTERS for value in _as_list(getattr(document, name))]
    lines = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(document.title)}</title></head><body><main data-pagefind-body>",
        *marks,
        f"<h1>{html.escape(document.title)}</h1>",
    ]
    if summary:
        lines.append(f'<p data-pagefind-meta="summary">{html.escape(summary)}</p>')
    lines += [f"<p>{html.escape(text)}</p>" for text in extra if text]
    lines += [content_html, "</main></body></html>"]
    return "\n".join(lines)


@dataclass(frozen=True)
class IndexReport:
    """How indexing went: what it cost the build is only the time the build waited."""

    pages: int
    seconds: float  # Pagefind's whole run
    waited: float  # of which the build waited, after rendering every page

    def __str__(self) -> str:
        return (f"search index: {self.pages} pages in {self.seconds:.1f} s, "
                f"of which the build waited {self.waited:.1f} s")


#: `python -m pagefind`, as code for `python -c` (the arguments follow it).
_PLAIN = "import runpy; runpy.run_module('pagefind', run_name='__main__', alter_sys=True)"
#: The same at the lowest priority, which Pagefind's own processes inherit. Set in the
#: child itself: a `preexec_fn` is not safe in a process with threads, as `serve` has.
_AT_LOWEST_PRIORITY = "import os; hasattr(os, 'nice') and os.nice(19); " + _PLAIN


class SearchIndexBuilder:
    """Collects index pages during a build, then runs Pagefind on them in the background."""

    def __init__(self, facets: SearchFacets, staging: Path | None,
                 pages_per_part: int) -> None:
        """`staging`: a folder kept from one build to the next (a live preview, where
        each rebuild adds only the pages that changed), or None for a new one.
        `pages_per_part`: more pages than this are indexed in parts."""
        self.facets = facets
        self.pages_per_part = pages_per_part
        self.keep_staging = staging is not None
        if staging is None:
            remove_stale(Path(tempfile.gettempdir()), _STAGING)
            staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-"))
        self.staging = staging
        _live.add(self)
        self.output: Path | None = None
        self.process: subprocess.Popen | None = None
        self.bundles: list[Path] = []
        self._runner: threading.Thread | None = None
        self._lock = threading.Lock()
        self._stopped = False
        self._failure: str | None = None
        self.count = 0
        self.started = 0.0
        self.report: IndexReport | None = None

    def add(self, dest_uri: str, document: Document, content_html: str) -> None:
        """Add the page that will be published at `dest_uri` (e.g. briefings/x/index.html)."""
        path = self.staging / dest_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(index_page(document, content_html, self.facets), encoding="utf-8")
        self.count += 1

    def start(self, site_dir: Path, *, low_priority: bool = False) -> None:
        """Start indexing into `site_dir/pagefind`; MkDocs goes on rendering meanwhile.

        `low_priority`: Pagefind gets only the processor time nothing else wants (a live
        preview, where the next rebuild must not wait for the search index)."""
        self.output = site_dir / OUTPUT_SUBDIR
        self.started = time.perf_counter()
        self._runner = threading.Thread(target=self._run, args=(low_priority,), daemon=True)
        self._runner.start()

    def _plan_parts(self, output: Path) -> list[tuple[Path, Path]]:
        """(pages folder, bundle folder) of each Pagefind run: the staging folder itself
        when the site fits one part, else a folder of hard links per part."""
        parts_root = self.staging / _PARTS_DIR
        shutil.rmtree(parts_root, ignore_errors=True)
        pages = sorted(path.relative_to(self.staging).as_posix()
                       for path in self.staging.rglob("*.html"))
        if not pages:  # a new site, nothing published yet: Pagefind refuses to index nothing
            return []
        count = math.ceil(len(pages) / self.pages_per_part)
        if count <= 1:
            return [(self.staging, output)]
        dated = sorted((date, page) for page in pages
                       if (date := _published(self.staging / page)) is not None)
        undated = sorted(set(pages) - {page for _, page in dated})
        folders = [parts_root / str(number) for number in range(1, count + 1)]
        # Dealt in turn, oldest first, the newest of each round to the first part: each
        # part is like the others, and a page's place in its part's order by date is its
        # round. Pagefind scores a result sorted by date by that place, and merges the
        # parts' results by score, ties in the order of the parts: newest first, exactly.
        for number, (_, page) in enumerate(dated):
            _link(self.staging / page, folders[count - 1 - number % count] / page)
        for number, page in enumerate(undated):
            _link(self.staging / page, folders[number % count] / page)
        return [(folder, output if number == 0 else output / f"part-{number + 1}")
                for number, folder in enumerate(folders)]

    def _run(self, low_priority: bool) -> None:
        """In a thread: one Pagefind run after another, so that only one holds its pages."""
        try:
            self._run_parts(low_priority)
        except OSError as exc:  # the parts' pages could not be written (a full disk)
            self._failure = str(exc)

    def _run_parts(self, low_priority: bool) -> None:
        assert self.output is not None
        runs = self._plan_parts(self.output)
        self.bundles = [bundle for _, bundle in runs]
        if not runs:
            return  # the search page says search is not available
        wrapper = _AT_LOWEST_PRIORITY if low_priority else _PLAIN
        for site, bundle in runs:
            command = [sys.executable, "-c", wrapper, "--site", str(site),
                       "--output-path", str(bundle), "--force-language", "en", "--silent"]
            with self._lock:
                if self._stopped:
                    return
                process = self.process = subprocess.Popen(
                    command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            output, _ = process.communicate()
            if process.returncode != 0:
                if not self._stopped:
                    self._failure = " ".join(output.strip().splitlines()[-5:])
                return
        parts = [bundle.relative_to(self.output).as_posix() + "/" for bundle in self.bundles[1:]]
        self.output.mkdir(parents=True, exist_ok=True)
        (self.output / PARTS_FILE).write_text(json.dumps(parts), encoding="utf-8")

    def finish(self) -> None:
        """Wait for Pagefind, then make its output identical from one build to the next."""
        if self._runner is None:
            raise RuntimeError("the search index was never started")
        waiting = time.perf_counter()
        self._runner.join()
        self._runner = None
        done = time.perf_counter()
        self.report = IndexReport(self.count, done - self.started, done - waiting)
        try:
            if self._failure is not None:
                raise RuntimeError(f"the search index could not be built: {self._failure}")
            for number, bundle in enumerate(self.bundles):
                make_deterministic(bundle)
                remove_unused_ui(bundle, merged=number > 0)
        finally:
            self.abort()

    def remove(self, dest_uri: str) -> None:
        """Take a page that is no longer published out of a kept staging folder."""
        (self.staging / dest_uri).unlink(missing_ok=True)

    def abort(self) -> None:
        """Stop Pagefind if it runs, and remove the staging pages (unless they are kept)."""
        with self._lock:
            self._stopped = True
            if self.process is not None and self.process.poll() is None:
                self.process.kill()
        if self._runner is not None:
            self._runner.join()
            self._runner = None
        self.process = None
        if not self.keep_staging:
            shutil.rmtree(self.staging, ignore_errors=True)
        _live.discard(self)


#: In the staging folder, the pages of each part (hard links): a name no page can have.
_PARTS_DIR = ".parts"
_SORT_MARK = re.compile(r'data-pagefind-sort="published:([0-9-]+)"')


def _published(page: Path) -> str | None:
    """The date an index page is sorted by, or None for a page without one (guidance,
    hand-written pages). `index_page` puts it after the title: in the first 4 KB, unless
    the title is longer than that."""
    with page.open(encoding="utf-8", errors="replace") as file:
        start = file.read(4096)
        found = _SORT_MARK.search(start) or _SORT_MARK.search(start + file.read())
    return found[1] if found else None


def _link(source: Path, link: Path) -> None:
    link.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, link)
    except OSError:  # a file system without hard links
        shutil.copyfile(source, link)


#: Builders not yet finished or aborted. MkDocs tells plugins of errors, not of Ctrl-C
#: or SIGTERM (they are not `Exception`s), so `build.py` aborts these itself.
_live: set[SearchIndexBuilder] = set()


def abort_all() -> None:
    """Abort every builder of this process that is still running: Pagefind, staging pages."""
    for builder in list(_live):
        builder.abort()


#: Pagefind's ready-made interfaces: /search/ has its own, so they are not published.
_UNUSED_UI = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js",
              "pagefind-component-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
              "pagefind-highlight.js")
#: What a merged part does not need: the first bundle's code searches every part.
_CODE = ("pagefind.js", "pagefind-worker.js", "wasm.en.pagefind", "wasm.unknown.pagefind")


def remove_unused_ui(bundle: Path, *, merged: bool = False) -> None:
    for name in _UNUSED_UI + (_CODE if merged else ()):
        (bundle / name).unlink(missing_ok=True)


# --- identical output for identical input ------------------------------------------
# Pagefind 1.5 writes its filter indexes in hash-map order, so two runs over the same
# pages give differently named files (a known upstream limitation: its fragment files
# are stable, its filter and meta indexes are not). SPEC promises identical builds, so
# we rewrite those few files in a canonical order and rename them by their content.

_SIGNATURE = b"pagefind_dcd"


def _read(path: Path) -> object:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise RuntimeError(f"unexpected Pagefind file format in {path.name}")
    return cbor2.loads(data[len(_SIGNATURE):])


def _write(folder: Path, prefix: str, digits: int, suffix: str, value: object) -> str:
    data = _SIGNATURE + cbor2.dumps(value)
    name = f"{prefix}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(data, mtime=0))
    return name


def make_deterministic(bundle: Path) -> None:
    """Rewrite Pagefind's filter and meta indexes in sorted order, named by content."""
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language, details in entry["languages"].items():
        meta_file = bundle / f"pagefind.{details['hash']}.pf_meta"
        meta = _read(meta_file)
        filters = []
        for name, old_hash in meta[3]:
            filter_file = bundle / "filter" / f"{old_hash}.pf_filter"
            filter_name, values = _read(filter_file)
            values = sorted([value, sorted(pages)] for value, pages in values)
            filter_file.unlink()
            new_hash = _write(bundle / "filter", language, 7, ".pf_filter", [filter_name, values])
            filters.append([name, new_hash])
        meta[3] = sorted(filters)
        meta_file.unlink()
        details["hash"] = _write(bundle, f"pagefind.{language}", 10, ".pf_meta", meta)
        details["hash"] = details["hash"].removeprefix("pagefind.")
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")
