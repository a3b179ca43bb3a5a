"""Build the search index with Pagefind, alongside the site build.

Pagefind (PyPI `pagefind[bin]`, which ships its binary) writes a chunked index: a query
fetches only the fragments it needs, so a search costs a few hundred KB however large
the site, and it works on any static host.

Pagefind reads HTML. Rather than scraping the finished pages, we give it a small page
per public document, made from the model: its converted content, and its type, themes,
year and audience as filters. Those pages are written as MkDocs converts each page, and
Pagefind starts as soon as the last one is written (MkDocs' `env` event), so it indexes
on the second core while MkDocs renders the templates of the whole site.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import cbor2

from ..core import Document, Item, Review
from ..core.output_dir import remove_stale
from .formatting import published_label
from .search import SearchFacets

OUTPUT_SUBDIR = "pagefind"

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

    def __init__(self, facets: SearchFacets, staging: Path | None = None) -> None:
        """`staging`: a folder kept from one build to the next (a live preview, where
        each rebuild adds only the pages that changed); by default a new one."""
        self.facets = facets
        self.keep_staging = staging is not None
        if staging is None:
            remove_stale(Path(tempfile.gettempdir()), _STAGING)
            staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-"))
        self.staging = staging
        _live.add(self)
        self.output: Path | None = None
        self.process: subprocess.Popen | None = None
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
        command = [sys.executable, "-c", _AT_LOWEST_PRIORITY if low_priority else _PLAIN,
                   "--site", str(self.staging), "--output-path", str(self.output),
                   "--force-language", "en", "--silent"]
        self.started = time.perf_counter()
        try:
            self.process = subprocess.Popen(command, stdout=subprocess.PIPE,
                                            stderr=subprocess.STDOUT, text=True)
        except OSError as exc:
            self.abort()
            raise RuntimeError(f"the search index could not be built: {exc}") from None

    def finish(self) -> None:
        """Wait for Pagefind, then make its output identical from one build to the next."""
        if self.process is None:
            raise RuntimeError("the search index was never started")
        waiting = time.perf_counter()
        output, _ = self.process.communicate()
        code = self.process.returncode
        self.process = None
        done = time.perf_counter()
        self.report = IndexReport(self.count, done - self.started, done - waiting)
        try:
            if code != 0:
                detail = " ".join(output.strip().splitlines()[-5:])
                raise RuntimeError(f"the search index could not be built: {detail}")
            assert self.output is not None
            make_deterministic(self.output)
            remove_unused_ui(self.output)
        finally:
            self.abort()

    def remove(self, dest_uri: str) -> None:
        """Take a page that is no longer published out of a kept staging folder."""
        (self.staging / dest_uri).unlink(missing_ok=True)

    def abort(self) -> None:
        """Stop Pagefind if it runs, and remove the staging pages (unless they are kept)."""
        if self.process is not None:
            self.process.kill()
            self.process.communicate()
            self.process = None
        if not self.keep_staging:
            shutil.rmtree(self.staging, ignore_errors=True)
        _live.discard(self)


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


def remove_unused_ui(bundle: Path) -> None:
    for name in _UNUSED_UI:
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
