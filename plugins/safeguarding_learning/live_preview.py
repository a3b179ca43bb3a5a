"""`serve`: rebuild only what an edit changes, so it shows in the browser within a second.

MkDocs' live preview rebuilds the whole site on every save. Here, the plugin remembers,
from one rebuild to the next, what each file gave (`core.corpus.ReadCache`) and which
pages showed what. An edit to an item then renders again only that item's page, the
items it cites before and after the edit (their "cited by" lists), the items citing it
(its title is their link text), and the pages that list items of its kind or themes;
search is re-indexed in the background, at the lowest priority. Of those pages, only
Markdown that changed is converted again, and in listings only the entries of items
that changed. A change to mkdocs.yml, a template or the date renders everything, and
so does a page added to the navigation, removed from it or retitled.
Related learning on other items' pages is left as it was, unless it lists an item that
was deleted.
"""

from __future__ import annotations

import copy
import gc
import hashlib
import logging
import shutil
import tempfile
import threading
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket

from .config import config_diagnostics
from .core import Corpus, Item
from .core.files import item_src_uri
from .core.measures import Measure
from .core.model import front_matter_references
from .core.read_cache import ReadCache
from .core.references import ReferenceIndex
from .core.settings import ConfigError

#: Pages that show something of all items: rendered again when what they show changed.
SUMMARIES = frozenset({"index.md", "search/index.md", "feeds/index.md", "themes/index.md"})
#: Shows audits and the measures only: rendered again when one of those changed.
DASHBOARD = "dashboard/index.md"
#: What is wrong with mkdocs.yml since it was last saved, while the preview goes on with
#: the last config that worked (`publish.serve_site` sets it): shown like content errors.
CONFIG_PROBLEMS: list[Any] = []


def show_config_problems(exc: ConfigError) -> None:
    """Keep what is wrong with mkdocs.yml for the preview's pages, and log it."""
    CONFIG_PROBLEMS[:] = config_diagnostics(exc)
    for problem in CONFIG_PROBLEMS:
        logging.getLogger("mkdocs.plugins.safeguarding_learning").error(problem.as_text())

_NOTHING = object()
#: Seconds after a rebuild to collect its garbage: once the browser has shown the page.
COLLECT_AFTER_S = 1.0
#: The listing of each kind of item.
LISTING_OF = {"briefing": "briefings/index.md", "review": "reviews/index.md",
              "audit": "audits/index.md", "guidance": "guidance/index.md"}


class LivePreview:
    """What a live preview keeps between rebuilds."""

    def __init__(self) -> None:
        self.cache = ReadCache()
        self.search_staging = Path(tempfile.mkdtemp(prefix="safeguarding-preview-search-"))
        self._stamp: str | None = None
        self._as_of: date | None = None
        self._references: dict[str, set[str]] = {}
        #: id -> (kind, themes) at the last rebuild: what a deleted item was listed under.
        self._listed: dict[str, tuple[str, frozenset[str]]] = {}
        #: Listings to render again: kinds ("briefing", ...) and theme ids an edit touched.
        self.kinds: set[str] = set()
        self.themes: set[str] = set()
        #: dest_uri of every page the search index has an entry for.
        self.indexed: set[str] = set()
        #: What the last rebuild wrote, by kind: its files (dest_uri), and what the plugin
        #: writes after the pages (feeds, dashboard downloads).
        self._outputs: dict[str, set[str]] = {}
        self.full = True
        #: Whether the dashboard (page and data files) shows something that changed.
        self.dashboard = True
        self._measures: list[Measure] = []
        #: Compiled templates: MkDocs makes a new Jinja environment for every rebuild,
        #: and compiling Material's templates again took a second each time.
        self.templates = TemplateCache()
        self._reported: set[str] = set()
        #: The theme's static files, by the code of the filter MkDocs lists them with.
        self._theme_files: dict[object, list[str]] = {}
        self._collector: threading.Timer | None = None
        #: src_uri -> the Markdown a page gave MkDocs and what MkDocs made of it.
        self._converted: dict[str, _Converted] = {}
        self._converted_with = ""
        #: src_uri of a page in SUMMARIES, or a feed's path -> what it showed last time.
        self._shown: dict[str, Hashable] = {}
        #: (item id, page src_uri, heading level) -> the item listed and its entry's HTML.
        self._entries: dict[tuple[str, str, int], tuple[Item, str]] = {}
        #: src_uri -> the title of the page when it was last rendered.
        self._titles: dict[str, str] = {}
        #: item id -> src_uris of the pages that list it (related learning, listings).
        self._listed_on: dict[str, set[str]] = {}

    def build_starts(self) -> None:
        """A rebuild begins: the collection waiting since the last one can wait longer."""
        if self._collector is not None:
            self._collector.cancel()

    def build_ends(self) -> None:
        """A rebuild is done (or failed): collect its garbage once the page is shown."""
        gc.enable()
        self._collector = threading.Timer(COLLECT_AFTER_S, gc.collect)
        self._collector.daemon = True
        self._collector.start()

    def news(self, messages: Iterable[str]) -> list[str]:
        """The messages not reported by the last rebuild: a preview repeats no warning."""
        messages = list(messages)
        new = [m for m in messages if m not in self._reported]
        self._reported = set(messages)
        return new

    def listing_needed(self, src_uri: str, theme: str | None) -> bool:
        """Whether a listing or theme page shows something this rebuild changed."""
        if theme is not None:
            return theme in self.themes
        if src_uri == DASHBOARD:
            return self.dashboard
        return any(LISTING_OF[kind] == src_uri for kind in self.kinds)

    def shows_something_new(self, src_uri: str, shows: Hashable) -> bool:
        """Whether a page or a feed now shows something other than at its last rebuild.
        `shows` holds the items themselves, not copies: items are compared by identity,
        and an item read again is a new object."""
        new = self._shown.get(src_uri, _NOTHING) != shows
        self._shown[src_uri] = shows
        return new

    def begin(self, as_of: date, stamp: str) -> None:
        """Before reading: a new date, config or template means everything again (what a
        file's checks found can depend on the config, its allowlist say)."""
        self.full = self._stamp != stamp or self._as_of != as_of
        self._stamp, self._as_of = stamp, as_of
        if self.full:
            self.cache = ReadCache()
            self._theme_files = {}
            self._entries = {}
            self._converted = {}
            self._shown = {}
            self._titles = {}
        else:
            # No garbage collection during a partial rebuild: each full collection went
            # through all that the preview keeps (the files read, the compiled templates),
            # a tenth of a second every other rebuild. Its garbage is collected once the
            # page is shown (build_ends). A full rebuild, whose garbage grows with the
            # site, collects as usual.
            gc.disable()

    def outputs_are(self, kind: str, rels: Iterable[str], site_dir: Path) -> None:
        """The files of a `kind` the site has now: remove those of the last rebuild that
        it no longer has (a deleted page, the feed of a theme taken out, a measure's
        download)."""
        now = set(rels)
        for rel in self._outputs.get(kind, set()) - now:
            (site_dir / rel).unlink(missing_ok=True)
        self._outputs[kind] = now

    def rendered(self, page: Any) -> None:
        """`page` is rendered this rebuild: remember its title for the rebuilds that do
        not render it."""
        if page.title:
            self._titles[page.file.src_uri] = page.title

    def give_titles(self, pages: Iterable[Any]) -> None:
        """Give each page this rebuild does not render the title it had when it was.

        MkDocs reads a page's title from its Markdown, which a rebuild that skips the page
        never reads: the navigation and the footer of the pages it renders would link to
        the skipped pages with no text (found by comparing a preview's rebuilds with a
        whole build of the same files)."""
        for page in pages:
            if not page.file.is_modified():
                title = self._titles.get(page.file.src_uri)
                if title is not None:
                    page.title = title  # MkDocs' `weak_property`: set for this build

    def list_entry(self, item: Item, page_src_uri: str, level: int,
                   render: Callable[[], str]) -> str:
        """An item's entry in a listing, rendered again only if the item changed.

        Listings are most of what a rebuild renders (a briefing's title edit renders
        the 700 entries of /briefings/ again). An entry shows only the item itself, and
        an item read again is a new object; the date, the config and the templates
        make a full rebuild, which forgets every entry.
        """
        key = (item.id, page_src_uri, level)
        self._listed_on.setdefault(item.id, set()).add(page_src_uri)
        kept = self._entries.get(key)
        if kept is not None and kept[0] is item:
            return kept[1]
        html = render()
        self._entries[key] = (item, html)
        return html

    def files_are(self, src_uris: Iterable[str]) -> None:
        """The site's files this rebuild: links in Markdown are resolved against them, so
        a page converted when they were different is converted again."""
        signature = hashlib.sha256("\n".join(sorted(src_uris)).encode()).hexdigest()
        if signature != self._converted_with:
            self._converted, self._converted_with = {}, signature

    def convert_once(self, page: Any) -> None:
        """Let MkDocs convert `page`'s Markdown only if it is not the Markdown it converted
        last time. An item shown again because an item it cites was retitled gets the
        new title in its Markdown (the plugin writes the link text), so it is converted
        again; the others it cites are not."""
        convert = page.render

        def render(config: Any, files: Any) -> None:
            kept = self._converted.get(page.file.src_uri)
            if kept is not None and kept.markdown == page.markdown:
                kept.give(page)
                return
            convert(config, files)
            self._converted[page.file.src_uri] = _Converted.of(page)

        page.render = render

    def list_theme_files_once(self, theme: Any) -> None:
        """MkDocs lists every file of the theme again on every rebuild (a quarter of a
        second for Material's thousands of icons); the list changes only with the config
        or the templates, which make the next rebuild a full one."""
        make_env = theme.get_env

        def get_env() -> Environment:
            env = make_env()
            list_all = env.list_templates

            def list_templates(extensions: Any = None, filter_func: Any = None) -> list[str]:
                key = (extensions, getattr(filter_func, "__code__", filter_func))
                if key not in self._theme_files:
                    self._theme_files[key] = list_all(extensions, filter_func)
                return list(self._theme_files[key])

            env.list_templates = list_templates
            return env

        theme.get_env = get_env

    def plan(self, corpus: Corpus) -> set[str] | None:
        """src_uris of the item pages to render again; None to render every page."""
        measures, self._measures = self._measures, list(corpus.measures)
        references = {item.id: _targets(item, corpus.index) for item in corpus.items.values()}
        previous, self._references = self._references, references
        listed = {item.id: (item.kind, frozenset(getattr(item, "themes", ())))
                  for item in corpus.items.values()}
        before, self._listed = self._listed, listed
        if self.full:
            self.dashboard = True
            return None
        changed = {item.id for item in corpus.items.values()
                   if item.source.path in self.cache.changed}
        gone = set(before) - set(listed)
        self.kinds, self.themes = set(), set()
        for item_id in changed | gone:
            for kind, themes in filter(None, (listed.get(item_id), before.get(item_id))):
                self.kinds.add(kind)
                self.themes |= themes
        # The dashboard counts reviews and their recommendations, lists audits, and charts
        # the measures.
        self.dashboard = bool(self.kinds & {"audit", "review"}) or measures != self._measures
        affected = set(changed)
        for item_id in changed | gone:  # what a deleted item cited loses it from "cited by"
            affected |= references.get(item_id, set()) | previous.get(item_id, set())
        # Items that cite a changed, new or deleted item show its title or lose the link.
        touched = changed | gone
        affected |= {item_id for item_id, targets in references.items() if targets & touched}
        # Items whose related learning lists a deleted one would link to nothing. (A
        # retitled one is left as it was: many pages may list it.)
        listing = set().union(*(self._listed_on.pop(i, set()) for i in gone))
        return {item_src_uri(corpus.items[i]) for i in affected if i in corpus.items} | listing

    def close(self) -> None:
        if self._collector is not None:
            self._collector.cancel()
        shutil.rmtree(self.search_staging, ignore_errors=True)


@dataclass(frozen=True)
class _Converted:
    """What MkDocs' `Page.render` sets, for the Markdown it converted."""

    markdown: str
    content: str
    toc: Any
    title: str | None
    anchors: frozenset[str]

    @classmethod
    def of(cls, page: Any) -> _Converted:
        # A copy of the table of contents: the plugin rewrites its titles in place.
        return cls(page.markdown, page.content, copy.deepcopy(page.toc),
                   page._title_from_render, frozenset(page.present_anchor_ids or ()))

    def give(self, page: Any) -> None:
        page.content = self.content
        page.toc = copy.deepcopy(self.toc)
        page._title_from_render = self.title
        page.present_anchor_ids = set(self.anchors)
        # Links to other pages' anchors were checked when converted (and `check` checks
        # every cross-reference); the File objects they name belong to an older rebuild.
        page.links_to_anchors = {}


class TemplateCache(BytecodeCache):
    """Jinja's compiled templates, in memory, for the life of the preview."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


def _targets(item: Item, index: ReferenceIndex) -> set[str]:
    """The ids an item cites, as written and as resolved: one cited by an old id (an
    alias) shows the citation too."""
    refs = front_matter_references(item) + list(item.body_references)
    resolved = (index.resolve(ref) for ref in refs)
    return {ref.target for ref in refs} | {found.id for found in resolved if found is not None}


def stamp(paths: list[Path]) -> str:
    """What, when it changes, means every page must be rendered again: the config and
    the templates (their names, sizes and modification times)."""
    digest = hashlib.sha256()
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            stat = path.stat()
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()
