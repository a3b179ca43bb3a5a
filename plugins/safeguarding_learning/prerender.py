"""Markdown converted on the second core, ahead of MkDocs (a `build`, not `serve`).

MkDocs reads and converts every page, one after another, before it renders any, and
Python-Markdown is most of that time (about 4.5 ms a page): while it runs, the second
core has nothing to do (Pagefind starts only once every page is converted). So, once the
files and the navigation are known (`on_nav`), a forked worker converts the last part of
the pages while MkDocs converts the first part; when MkDocs reaches a page the worker
converted, it takes the worker's result instead of converting the page again.

Only ever a faster route to the same result: the worker runs the same plugins'
`on_page_markdown` on a copy of the build (forked, so the same project, files and
options), and a result is taken only if the Markdown it converted is exactly the Markdown
MkDocs has for the page in this process (compared by SHA-256): otherwise the page is
converted here, as without the worker. Everything after the conversion (the allowlist,
the last look, the search index) runs in this process on every page, as before. A
worker that fails, or a result that is not ready, only means the page is converted here.

Used only where nothing else could see the difference: one plugin (ours; another
plugin's page events would run in the worker, their effects lost), not `strict` (the
worker's warnings would not be counted), `fork` available, two cores or more.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
from dataclasses import dataclass
from typing import Any

from mkdocs.structure.pages import Page as MkDocsPage

log = logging.getLogger("mkdocs.plugins.safeguarding_learning")

#: Pages per task: results come back, and are taken, a chunk at a time.
CHUNK = 48
#: The part of the pages the worker converts: MkDocs' own pass here also runs the
#: allowlist and the search index's pages (about 1 ms a page), so the worker takes more.
WORKER_SHARE = 0.57
#: Fewer pages than this: not worth a process.
MIN_PAGES = 200


@dataclass(frozen=True)
class Converted:
    """What `Page.render` sets, for one page, and the digest of the Markdown it read."""

    digest: bytes
    content: str
    toc: Any
    title: str | None
    anchors: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None  # by the linked file's src_uri


def digest(markdown: str) -> bytes:
    return hashlib.sha256(markdown.encode("utf-8", "surrogatepass")).digest()


#: In the worker: the build it is a fork of (set just before forking).
_BUILD: dict[str, Any] = {}


def _convert(src_uris: list[str]) -> list[tuple[str, Converted | None]]:
    """In the worker: read, `on_page_markdown` and convert each page, as MkDocs does."""
    config, files = _BUILD["config"], _BUILD["files"]
    done: list[tuple[str, Converted | None]] = []
    for src_uri in src_uris:
        try:
            file = files.src_uris[src_uri]
            page = file.page if file.page is not None else MkDocsPage(None, file, config)
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(
                page.markdown, page=page, config=config, files=files)
            read = digest(page.markdown)
            page.render(config, files)
            links = page.links_to_anchors
            done.append((src_uri, Converted(
                read, page.content, page.toc, page._title_from_render,
                page.present_anchor_ids,
                None if links is None else {f.src_uri: dict(v) for f, v in links.items()})))
        except Exception:  # converted again in the build, which reports the error
            done.append((src_uri, None))
    return done


class Prerenderer:
    """The worker, and what it has converted so far."""

    def __init__(self, config: Any, files: Any, src_uris: list[str]) -> None:
        share = src_uris[int(len(src_uris) * (1 - WORKER_SHARE)):]
        self._chunk_of: dict[str, int] = {}
        chunks = [share[at:at + CHUNK] for at in range(0, len(share), CHUNK)]
        for number, chunk in enumerate(chunks):
            for src_uri in chunk:
                self._chunk_of[src_uri] = number
        self._files = files
        _BUILD.update(config=config, files=files)
        try:
            self._pool = multiprocessing.get_context("fork").Pool(1)
        finally:
            _BUILD.clear()  # the worker has its copy
        self._pending = [self._pool.apply_async(_convert, (chunk,)) for chunk in chunks]
        self._pool.close()
        self._results: dict[str, Converted | None] = {}
        self.used = 0
        _live.add(self)

    @classmethod
    def start(cls, config: Any, files: Any, *, only_plugin: str) -> Prerenderer | None:
        """A worker for this build's pages, or None where one must not, or need not, run."""
        if (not hasattr(os, "fork") or (os.cpu_count() or 1) < 2 or config.strict
                or list(config.plugins.keys()) != [only_plugin]):
            return None
        pages = [file.src_uri for file in files.documentation_pages()]
        if len(pages) < MIN_PAGES:
            return None
        return cls(config, files, pages)

    def take(self, src_uri: str, markdown: str) -> Converted | None:
        """The worker's conversion of the page, if it converted exactly `markdown`."""
        number = self._chunk_of.pop(src_uri, None)
        if number is None:
            return None
        if src_uri not in self._results:
            try:
                self._results.update(self._pending[number].get())
            except Exception:  # the worker died: the page is converted here
                return None
        found = self._results.pop(src_uri, None)
        if found is None or found.digest != digest(markdown):
            return None
        self.used += 1
        return found

    def apply(self, page: MkDocsPage, found: Converted) -> str:
        """Set on `page` what `Page.render` would have; the content."""
        page.toc = found.toc
        page._title_from_render = found.title
        page.present_anchor_ids = found.anchors
        if found.links_to_anchors is not None:
            page.links_to_anchors = {self._files.src_uris[uri]: links for uri, links
                                     in found.links_to_anchors.items()
                                     if uri in self._files.src_uris}
        return found.content

    def stop(self) -> None:
        self._pool.terminate()
        self._pool.join()
        self._results.clear()
        self._chunk_of.clear()
        _live.discard(self)


#: Workers not yet stopped: MkDocs tells plugins of errors, not of Ctrl-C or SIGTERM.
_live: set[Prerenderer] = set()


def stop_all() -> None:
    for prerenderer in list(_live):
        prerenderer.stop()
