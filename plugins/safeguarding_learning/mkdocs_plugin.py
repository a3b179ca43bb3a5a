"""The MkDocs adapter: a thin layer that turns the core's model into pages.

Everything that decides *what* the site contains lives in `core` and `site`; this
module only maps those answers onto MkDocs events, files and template contexts.
"""

from __future__ import annotations

import html
import logging
import os
import time
from collections.abc import Hashable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils import get_relative_url
from watchdog.events import FileSystemEventHandler

from .config import project_from_config, written_site_dir
from .config_checks import EXIT_SCRIPT, PAGE_SCRIPT, SITE_STYLESHEET
from .core import (
    Audit,
    Briefing,
    Corpus,
    Diagnostic,
    Guidance,
    Item,
    Page,
    Project,
    Review,
    format_text,
    load_corpus,
)
from .core.checks import PAGE_TEXT_KEYS
from .core.diagnostics import excerpt
from .core.files import attachments, docs_files_withheld, item_src_uri, sources_outside
from .core.html_policy import sanitise, text_only
from .core.measures import format_value, trend_sentence
from .core.model import LearningItem
from .core.output_dir import refusal
from .core.personal_data import Finding, normalise_allowlist
from .core.project import PLUGIN_NAME
from .core.publication import uk_today
from .core.review_record import RECOMMENDATION_STATUSES
from .core.settings import ConfigError
from .core.shown_text import LastLook
from .core.site_addresses import names_withheld
from .live_preview import CONFIG_PROBLEMS, SUMMARIES, LivePreview, show_config_problems
from .live_preview import stamp as live_stamp
from .options import PluginOptions
from .prerender import Converted, Prerenderer
from .preview_host import answer_this_computer_only
from .site import formatting
from .site.attachment_page import attachment_page
from .site.contact import concern_contact_html
from .site.dashboard import Dashboard
from .site.feed import atom_feed, feed_items, theme_feed_path
from .site.html_fixes import tidy_material_markup
from .site.links import plain_text_as_markdown, render_links, unlink_withheld
from .site.pages import LISTINGS, Listing, listing_for
from .site.problems_page import problems_page
from .site.redirects import redirect_page
from .site.search import SearchFacets
from .site.search_index import IndexReport, SearchIndexBuilder
from .site.security import (
    TemplateScripts,
    headers_file,
    inline_scripts,
    protect_page,
    robots_txt,
)
from .site.view import SiteView

log = logging.getLogger("mkdocs.plugins.safeguarding_learning")

PACKAGE = Path(__file__).parent
OVERRIDES = PACKAGE / "overrides"
LIVE_RELOAD = "assets/safeguarding/livereload.js"
ASSETS = {
    SITE_STYLESHEET: PACKAGE / "assets" / "site.css",
    EXIT_SCRIPT: PACKAGE / "assets" / "exit-this-page.js",
    "assets/safeguarding/search.js": PACKAGE / "assets" / "search.js",
    PAGE_SCRIPT: PACKAGE / "assets" / "page.js",
    "assets/safeguarding/reviews.js": PACKAGE / "assets" / "reviews.js",
    "assets/safeguarding/address-choices.js": PACKAGE / "assets" / "address-choices.js",
}


class SafeguardingLearningPlugin(BasePlugin[PluginOptions]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        #: A corpus `build.py` has already checked (and reported), to reuse.
        self.checked_corpus: Corpus | None = None
        self._is_serve = False
        self._dirty_build = False
        #: In `serve`: what one rebuild keeps for the next (live_preview.py).
        self._live: LivePreview | None = None
        self._rerender: set[str] | None = None
        #: In `serve`: the index Pagefind is still writing while the preview is shown.
        self._indexing: SearchIndexBuilder | None = None
        self._index: SearchIndexBuilder | None = None
        self._start_build()

    def _start_build(self) -> None:
        """Forget everything of the previous build.

        MkDocs keeps a plugin that has `on_startup` from one `serve` rebuild to the
        next; nothing a build knows may outlive it, or each rebuild grows.
        """
        self._abort_index()
        self._stop_prerender()
        self.project: Project | None = None
        self.view: SiteView | None = None
        self._documents: dict[str, Any] = {}
        self._pages: dict[str, Any] = {}
        self._src_uri_of_path: dict[Path, str] = {}
        self._withheld: set[Path] = set()
        self._withheld_urls: set[str] = set()
        self._site_url = ""
        self._files: Files | None = None
        self._urls: dict[str, str] = {}
        self._facets: SearchFacets | None = None
        self.index_report: IndexReport | None = None
        self._script_hashes: set[str] = set()
        self._template_scripts: TemplateScripts | None = None
        self._dashboard: Dashboard | None = None
        #: Personal data the pages of a public build show: (source, finding), stops it.
        self._shown_personal_data: list[tuple[str, Finding]] = []
        self._last_look: LastLook | None = None
        #: In `serve`, the errors every page shows until they are fixed.
        self._problems: list[Diagnostic] = []
        #: A build's worker converting Markdown on the second core (prerender.py).
        self._prerender: Prerenderer | None = None
        self._converted: dict[str, Converted] = {}
        #: A build's list entries, by item, heading level and the address they link to.
        self._entries: dict[tuple[str, int, str], str] = {}

    def _stop_prerender(self) -> None:
        prerender, self._prerender = getattr(self, "_prerender", None), None
        if prerender is not None:
            prerender.stop()
        self._converted = {}

    # --- configuration ---------------------------------------------------------------
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self._is_serve = command == "serve"
        # `mkdocs build --dirty` writes only pages whose sources changed: a withdrawn
        # item's page, the listings that link it and its search entries would stay.
        self._dirty_build = dirty and not self._is_serve
        if self._is_serve and self._live is None:
            self._live = LivePreview()

    def on_shutdown(self) -> None:
        if self._indexing is not None:
            self._indexing.abort()
        if self._live is not None:
            self._live.close()

    def _refuse_public_preview(self, site_dir: Path) -> None:
        """`preview: true` in a plain `mkdocs build`: never into the public site folder
        (`build.py build --preview` checks this before it starts)."""
        assert self.project is not None
        public = replace(self.project, site_dir=written_site_dir(self.project.config_file))
        if refusal(public, site_dir, preview=True, replacing=False) is not None:
            raise PluginError(
                f"safeguarding-learning: 'preview: true' would write drafts and embargoed "
                f"items into the public site folder '{self.project.relative(site_dir)}/': "
                "build a preview with 'python build.py build --preview', or give "
                "'mkdocs build' another folder with -d, e.g. -d site-preview")

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self._dirty_build:
            raise PluginError(
                "safeguarding-learning: 'mkdocs build --dirty' keeps the pages of items "
                "withdrawn since the last build (made drafts again or embargoed), and the "
                "listings and search entries that name them: build without --dirty")
        worked = self.project  # the last project read (a preview may go on with it)
        self._start_build()
        if self._live is not None:
            self._live.build_starts()
        try:
            self.project = project_from_config(config)
        except ConfigError as exc:
            if not (self._is_serve and worked is not None):
                raise PluginError(f"safeguarding-learning: {exc}") from None
            # A preview goes on with the folders that worked, and shows what is wrong.
            self.project = worked
            show_config_problems(exc)
        settings = self.project.settings
        # MkDocs' `serve` builds again and again into a temporary folder of its own.
        reason = refusal(self.project, Path(config.site_dir), replacing=not self._is_serve)
        if reason is not None:
            raise PluginError(f"safeguarding-learning: {reason}")
        if settings.preview and self.checked_corpus is None and not self._is_serve:
            self._refuse_public_preview(Path(config.site_dir))
        self._site_url = config.site_url or ""
        theme = config.theme
        theme["language"] = "en-GB"
        theme["font"] = False  # web fonts would tell a third party who reads what
        custom = 1 if theme.custom_dir else 0
        if str(OVERRIDES) not in theme.dirs:  # a config built with again keeps its dirs
            theme.dirs.insert(custom, str(OVERRIDES))
        config.extra_css.append(SITE_STYLESHEET)
        config.extra_javascript.append(PAGE_SCRIPT)
        if settings.exit_this_page:
            config.extra_javascript.append(EXIT_SCRIPT)
        return config

    def _build_options(self) -> tuple[date, bool]:
        """The plugin's options `as_of` and `preview`, which the command line sets."""
        settings = self.project.settings if self.project else None
        assert settings is not None
        return settings.as_of or uk_today(), settings.preview or self._is_serve

    # --- reading and checking -------------------------------------------------------
    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        assert self.project is not None
        as_of, preview = self._build_options()
        corpus, self.checked_corpus = self.checked_corpus, None  # used once
        live = self._live
        if live is not None:
            watched = [self.project.config_file, OVERRIDES, PACKAGE / "assets"]
            if config.theme.custom_dir:
                watched.append(Path(config.theme.custom_dir))
            live.begin(as_of, live_stamp(watched))
            live.list_theme_files_once(config.theme)
            if not live.full:  # 404.html and sitemap.xml change only with the nav or the
                config.theme.static_templates.clear()  # pages, and a preview needs neither
        if corpus is None:
            corpus = load_corpus(self.project, as_of, live.cache if live else None)
            shown = {d.as_text(): d for d in corpus.diagnostics}
            for text in (live.news(shown) if live else shown):
                (log.error if shown[text].is_error else log.warning)(text)
        if live is not None:
            self._rerender = live.plan(corpus)
        blocking = corpus.blocking_errors(as_of, preview)
        in_config = list(CONFIG_PROBLEMS) if self._is_serve else []
        if (blocking or in_config) and self._is_serve:  # in the browser, in place of pages
            self._problems = in_config + [d for d in corpus.diagnostics if d.is_error]
            log.warning(f"the preview shows {len(self._problems)} problem(s) in the browser, "
                        "in place of every page, until they are fixed")
        elif blocking:
            raise PluginError(
                f"{len(blocking)} content error(s); nothing was built.\n" + format_text(blocking)
            )
        self.view = SiteView(corpus, as_of, preview)
        self._abort_index()
        self._facets = SearchFacets(self.view)
        self._dashboard = Dashboard(self.view, corpus.measures)
        self._index = SearchIndexBuilder(self._facets, live.search_staging if live else None,
                                         pages_per_part=self.config.search_pages_per_part)

    # --- files ------------------------------------------------------------------------
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        view = self.view
        assert view is not None and self.project is not None
        self._files = files

        for page in view.corpus.pages:
            if page.src_uri:
                self._documents[page.src_uri] = self._pages[page.src_uri] = page
                self._src_uri_of_path[page.source.real_path] = page.src_uri

        for item in view.corpus.items.values():
            src_uri = item_src_uri(item)
            existing = _file_at(files, src_uri)
            if not view.visible(item):
                if existing is not None:  # guidance lives in docs_dir: take it out
                    files.remove(existing)
                continue
            if existing is None:
                files.append(File.generated(config, src_uri, abs_src_path=str(item.source.path),
                                            inclusion=NOT_IN_NAV))
            else:
                existing.inclusion = NOT_IN_NAV
            self._documents[src_uri] = item
            self._src_uri_of_path[item.source.real_path] = src_uri
            for path, attachment_uri in attachments(item):
                if _file_at(files, attachment_uri) is None:
                    files.append(File.generated(config, attachment_uri, abs_src_path=str(path)))
                self._src_uri_of_path[path.resolve()] = attachment_uri

        # Links to the files this build leaves out are shown as their text (render_links),
        # and so are links to their addresses however written (unlink_withheld).
        hidden = [item for item in view.corpus.items.values() if not view.visible(item)]
        self._withheld = {path for item in hidden for path in [item.source.real_path] + [
            found.resolve() for found, _ in attachments(item)]} - self._src_uri_of_path.keys()
        self._withheld_urls = _withheld_addresses(hidden, files, config.use_directory_urls)
        self._take_out_docs_files(files, hidden)
        self._take_out_sources_outside(files, config.docs_dir)
        self._add_redirects(files, config)
        if _file_at(files, "index.md") is None:  # a new site: a home page of the latest
            files.append(File.generated(config, "index.md",
                                        content=f"# {plain_text_as_markdown(config.site_name)}\n"))
        for listing in LISTINGS + [listing_for(theme) for theme in view.themes()]:
            if _file_at(files, listing.src_uri) is None:
                intro = f"# {listing.title}\n"
                files.append(File.generated(config, listing.src_uri, content=intro,
                                            inclusion=NOT_IN_NAV if listing.theme is not None else
                                            InclusionLevel.UNDEFINED))
            self._documents[listing.src_uri] = listing

        for src_uri, path in ASSETS.items():
            files.append(File.generated(config, src_uri, abs_src_path=str(path)))
        if self._is_serve:
            files.append(File.generated(config, LIVE_RELOAD, abs_src_path=str(
                PACKAGE / "assets" / "livereload.js")))
        html_files = _sanitise_html_files(files, config, self.project.root, self._preview,
                                          self._withheld_urls, self._site_url,
                                          self.project.settings.exit_this_page)
        if not self._preview:  # published as they are: the last look is now
            for source, page in html_files:
                self._look_for_personal_data(page, self.project.relative(source))
        if self._live is not None:
            self._forget_what_is_gone(files, Path(config.site_dir))
            self._live.files_are(file.src_uri for file in files)
            # Every page shows the navigation: a page added to it, gone or retitled
            # means every page. Asked on every rebuild, to remember what it shows.
            nav_changed = self._live.shows_something_new("nav", self._nav_shows(files))
            self._render_only_what_changed(files, everything=nav_changed)
        return files

    def _take_out_docs_files(self, files: Files, hidden: list[Item]) -> None:
        """Files of docs_dir that only hidden items link to or name as their report (an
        embargoed guidance's PDF, a draft review's report in `content/reports/`): MkDocs
        would copy them, so they are taken out, and links to them shown as text."""
        assert self.view is not None and self.project is not None
        shown = [item for item in self.view.corpus.items.values() if self.view.visible(item)]
        held = docs_files_withheld(hidden, shown + self.view.corpus.pages, self.project)
        if not held:
            return
        for file in list(files):
            if file.abs_src_path and Path(file.abs_src_path).resolve() in held:
                files.remove(file)
                self._withheld_urls.add(file.src_uri)
        self._withheld |= held.keys()

    def _take_out_sources_outside(self, files: Files, docs_dir: str) -> None:
        """Files of docs_dir and files items bring that a symbolic link leads to outside
        the project (`content/x.txt` to /etc/passwd, a folder linked to /etc, a review's
        report): `check` and `build` refuse them, but a preview shows that error and goes
        on, and MkDocs would serve them (or stop, at a broken link among them)."""
        assert self.view is not None and self.project is not None
        brought = {uri for item in self.view.corpus.items.values() if self.view.visible(item)
                   for _, uri in attachments(item)}
        ours = {file.abs_src_path: file for file in files if file.abs_src_path and (
            file.src_dir == docs_dir or file.src_uri in brought)}
        for path in sources_outside(ours, self.project.root):
            files.remove(ours[path])
            self._src_uri_of_path.pop(Path(path).resolve(), None)  # its page says "missing"

    def _forget_what_is_gone(self, files: Files, site_dir: Path) -> None:
        """A live preview renders only what changed, and MkDocs removes nothing: take out
        what the last rebuild wrote from files this one does not have (the page of an item
        or a page deleted, a report no longer named, an old id's redirect), and the search
        entries of documents gone, before search indexing starts."""
        assert self._live is not None
        self._live.outputs_are("files", (file.dest_uri for file in files), site_dir)
        # By document, not by file: a renamed item's old address is now its redirect.
        indexed = {file.dest_uri for file in files.documentation_pages()
                   if isinstance(self._documents.get(file.src_uri), (Item, Page))}
        if self._index is not None:
            for dest_uri in self._live.indexed - indexed:
                self._index.remove(dest_uri)
        self._live.indexed = indexed

    def _render_only_what_changed(self, files: Files, everything: bool) -> None:
        """In a live preview's rebuild (MkDocs renders only pages whose file says it is
        modified): the items an edit touched, the listings and summaries showing them,
        changed pages; or `everything`, as after a change to mkdocs.yml (no plan). MkDocs'
        own answer, that the source is newer than the page, would skip every page whose
        file did not change."""
        assert self._live is not None
        plan = self._rerender
        everything = everything or plan is None
        changed = self._live.cache.changed
        for file in files.documentation_pages():
            document = self._documents.get(file.src_uri)
            # A listing's or a summary's own text is its hand-written intro, if it has one.
            own_text_changed = file.abs_src_path is not None and Path(
                file.abs_src_path) in changed
            if isinstance(document, Item):
                needed = plan is None or file.src_uri in plan
            elif file.src_uri in SUMMARIES:  # what it sums up changed (always asked)
                needed = self._live.shows_something_new(
                    file.src_uri, self._summary_shows(file.src_uri)) or own_text_changed
            elif isinstance(document, Listing):
                needed = self._live.listing_needed(file.src_uri, document.theme) \
                    or own_text_changed
            else:
                needed = file.abs_src_path is None or own_text_changed
            file.is_modified = _always(needed or everything)

    def _nav_shows(self, files: Files) -> Hashable:
        """What the navigation shows: its pages and their titles (from their documents,
        which is how an edit changes them)."""
        shown = []
        for file in files.documentation_pages():
            document = self._documents.get(file.src_uri)
            if _in_nav(document):
                intro = self._pages.get(file.src_uri)
                shown.append((file.src_uri, getattr(document, "title", None),
                              intro.title if intro is not None else None))
        return tuple(shown)

    def _summary_shows(self, src_uri: str) -> Hashable:
        """What of the items a page in SUMMARIES shows (its templates say what)."""
        view, facets = self.view, self._facets
        assert view is not None and facets is not None
        if src_uri == "index.md":  # home.html: the latest of each kind
            return tuple(view.latest(Briefing)), tuple(view.latest(Review))
        if src_uri == "themes/index.md":  # themes-list.html: how many items each
            return tuple((theme.id, len(theme.items)) for theme in view.themes())
        if src_uri == "search/index.md":  # search-list.html: the filters' choices
            return facets.labels_json()
        return ()  # feeds-list.html: the themes of mkdocs.yml, which rebuilds everything

    def _add_redirects(self, files: Files, config: MkDocsConfig) -> None:
        """A page at each old id of a visible item, sending readers to its address now."""
        assert self.view is not None
        for item in self.view.all_items():
            if not isinstance(item, LearningItem):
                continue  # a guidance entry's aliases are names authors cite it by
            new = _file_at(files, item_src_uri(item))
            for alias in item.aliases:
                old_url = (f"{item.plural}/{alias}/" if config.use_directory_urls
                           else f"{item.plural}/{alias}.html")
                dest = old_url + "index.html" if old_url.endswith("/") else old_url
                if new is None or _file_at(files, dest) is not None:
                    continue  # `check` reports an alias that clashes with a page
                page = redirect_page(item.title, get_relative_url(new.url, old_url),
                                     (config.site_url or "") and config.site_url + new.url)
                files.append(File.generated(config, dest, content=self._protect(page, dest)))

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Items reach readers through listings and search, never one nav entry each.

        Material renders the whole navigation into every page, so a nav entry per
        item would make the build quadratic in the number of items. Their files are
        marked NOT_IN_NAV, which spares MkDocs' nav building them; an item a `nav:` in
        mkdocs.yml names anyway is taken out here.
        """
        def keep(entry: Any) -> bool:
            if isinstance(entry, MkDocsPage):
                return _in_nav(self._documents.get(entry.file.src_uri))
            if isinstance(entry, Link):  # one for what is left out, however written
                return not names_withheld(entry.url, self._withheld_urls, self._site_url)
            return True

        def prune(entries: list) -> list:
            kept = []
            for entry in entries:
                if isinstance(entry, Section):
                    entry.children = prune(entry.children)
                    if not entry.children:
                        continue
                if keep(entry):
                    kept.append(entry)
            return kept

        nav.items = prune(nav.items)
        nav.pages = [p for p in nav.pages if keep(p)]
        for page in files.documentation_pages():
            if page.page is not None and not keep(page.page):
                page.page.previous_page = page.page.next_page = None
        for before, after in zip(nav.pages, nav.pages[1:], strict=False):
            before.next_page, after.previous_page = after, before
        if self._live is not None:
            self._live.give_titles(nav.pages)
        else:  # every page is converted next: the last of them on the second core
            self._prerender = Prerenderer.start(config, files, only_plugin=PLUGIN_NAME)
        return nav

    # --- addresses: MkDocs decides them (use_directory_urls), so ask its files -------
    def _src_url(self, src_uri: str) -> str:
        url = self._urls.get(src_uri)
        if url is None:
            found = _file_at(self._files, src_uri)
            if found is None:
                raise PluginError(f"safeguarding-learning: no page at '{src_uri}'")
            url = self._urls[src_uri] = found.url
        return url

    def _document_url(self, document: Any) -> str:
        if isinstance(document, Item):
            return self._src_url(item_src_uri(document))
        return self._src_url(document.src_uri)

    @pass_context
    def _list_entry(self, context: Context, item: Item, level: int) -> Markup:
        def render() -> str:
            template = context.environment.get_template(LIST_ENTRY)
            return template.render(dict(context.get_all(), item=item, heading_level=level))

        if self._live is not None:
            return Markup(self._live.list_entry(item, context["page"].file.src_uri, level,
                                                render))
        # In a build, an entry depends on its page only through the address it links to:
        # each is rendered once (at 5,000 items, 43,635 entries took 2.5 s, most alike).
        if not ENTRIES_ONCE:
            return Markup(render())
        address = context.environment.filters["url"](context, self._document_url(item))
        key = (item.id, level, address)
        if key not in self._entries:
            self._entries[key] = render()
        return Markup(self._entries[key])

    def _file_url(self, path: Path) -> str:
        """The address of a file an item brings; empty if it is not published (a full
        report renamed while a preview runs: the page says it is missing)."""
        src_uri = self._src_uri_of_path.get(path.resolve())
        return self._src_url(src_uri) if src_uri is not None else ""

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        if self._prerender is not None:  # every page is converted
            log.debug(f"Markdown of {self._prerender.used} pages converted on the second core")
            self._stop_prerender()
        self._template_scripts = TemplateScripts.of(config.theme.dirs)
        if self._live is not None:
            env.bytecode_cache = self._live.templates
        else:  # a build: templates do not change under it, so do not stat each one per page
            env.auto_reload = False
        if self._index is not None and self._live is None:  # every page is converted:
            self._index.start(Path(config.site_dir))  # index them meanwhile
        for page_file in files.documentation_pages():
            if page_file.page is not None:
                _escape_page_text(page_file.page)
        self._script_hashes = set()
        env.filters["long_date"] = formatting.long_date
        env.filters["file_description"] = formatting.file_description
        env.filters["published_label"] = formatting.published_label
        review_types = self.project.settings.review_types if self.project else {}
        env.filters["type_label"] = lambda document: formatting.type_label(document, review_types)
        env.filters["review_record"] = formatting.review_record
        env.filters["recommendation_status"] = RECOMMENDATION_STATUSES.get
        agencies = self.project.settings.agencies if self.project else {}
        env.filters["agency_label"] = lambda agency: agencies.get(agency, agency)
        env.globals["sl_concern_contact"] = concern_contact_html(
            self.project.settings.concern_contact if self.project else None)
        env.filters["sl_src"] = self._src_url
        env.globals["sl_url"] = self._document_url
        env.globals["sl_list_entry"] = self._list_entry
        env.globals["sl_file_url"] = self._file_url
        env.globals["sl_kinds"] = {"Briefing": Briefing, "Review": Review, "Audit": Audit,
                                   "Guidance": Guidance}
        env.globals["sl_dashboard"] = self._dashboard
        env.filters["measure_value"] = format_value
        env.filters["trend_sentence"] = trend_sentence
        # Globals too, for templates rendered without a page (404.html).
        env.globals["sl"] = self.view
        env.globals["sl_search"] = self._facets
        env.globals["sl_settings"] = self.project.settings if self.project else None
        return env

    # --- pages --------------------------------------------------------------------------
    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig,
                         files: Files) -> str:
        document = self._documents.get(page.file.src_uri)
        page.update_date = self.view.last_changed(  # the sitemap's lastmod
            document if isinstance(document, Item) else None).isoformat()
        if isinstance(document, Listing):
            page.meta.setdefault("title", document.title)
            page.meta["template"] = document.template
            document = self._pages.get(page.file.src_uri)  # its hand-written intro, if any
        if isinstance(document, Item):
            page.meta["template"] = f"safeguarding/{document.kind}.html"
            page.meta["title"] = document.title
            if getattr(document, "summary", ""):
                page.meta["description"] = document.summary
        if page.file.src_uri == "index.md":
            page.meta.setdefault("template", "safeguarding/home.html")
        if self._live is not None:
            self._live.convert_once(page)
        if document is not None:
            assert self.view is not None
            markdown = render_links(markdown, document, page.file.src_uri, self.view,
                                    self._src_uri_of_path.get, self._withheld)
        if self._prerender is not None:
            found = self._prerender.take(page.file.src_uri, markdown)
            if found is not None:  # converted already, from exactly this Markdown
                self._converted[page.file.src_uri] = found
                return ""
        return markdown

    def on_page_content(self, html: str, *, page: MkDocsPage, config: MkDocsConfig,
                        files: Files) -> str:
        """Pass what authors wrote through the allowlist, then to the search index."""
        found = self._converted.pop(page.file.src_uri, None)
        if found is not None and self._prerender is not None:
            html = self._prerender.apply(page, found)
        html = unlink_withheld(sanitise(html), page.url, self._site_url, self._withheld_urls,
                               page.file.src_uri)
        escape_toc(page.toc)
        document = self._documents.get(page.file.src_uri)
        if self._index is not None and isinstance(document, (Item, Page)):
            self._index.add(page.file.dest_uri, document, html)
        # MkDocs converts every page before it renders any: the Markdown, converted, is
        # not needed again, and 20,000 items' worth of it held a quarter of a gigabyte.
        # Empty, not None: MkDocs gives a page with no Markdown no title, and a page
        # titled by its first heading would lose its title and its name in the nav.
        page.markdown = ""
        return html

    def _look_for_personal_data(self, output: str, source: str) -> None:
        """The last look before a public site is written: what the page shows, once YAML,
        Markdown, templates and HTML have joined what the source held apart
        (core/shown_text.py)."""
        assert self.project is not None
        if self._last_look is None:  # once a build, not once a page
            settings = self.project.settings
            self._last_look = LastLook(normalise_allowlist(settings.personal_data_allowlist),
                                       [settings.concern_contact or ""])
        self._shown_personal_data += [(source, finding)
                                      for finding in self._last_look.shown_in(output)]

    def on_page_context(self, context: dict, *, page: MkDocsPage, config: MkDocsConfig,
                        nav: Navigation) -> dict:
        if self._live is not None:
            self._live.rendered(page)
        document = self._documents.get(page.file.src_uri)
        context["sl_document"] = document
        context["sl_theme"] = (
            self.view.theme(document.theme)
            if self.view and isinstance(document, Listing) and document.theme else None)
        context["sl_state"] = (
            self.view.state(document) if self.view and isinstance(document, Item) else "public")
        return context

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        if not self._preview:
            path = page.file.abs_src_path
            self._look_for_personal_data(output, self.project.relative(Path(path)) if path
                                         else page.file.src_uri)
        return self._protect(output, page.file.src_uri)

    def on_post_template(self, output_content: str, *, template_name: str,
                         config: MkDocsConfig) -> str:
        return self._protect(output_content, template_name) \
            if template_name.endswith(".html") else output_content

    def _protect(self, output: str, where: str) -> str:
        """Every page: its Content-Security-Policy, and `noindex` in a preview. The
        policy allows the page's inline scripts, so each must be one a template writes."""
        page = tidy_material_markup(output)
        scripts = inline_scripts(page)  # found once: judged, then hashed for the policy
        unknown = self._template_scripts.unknown(page, scripts) if self._template_scripts \
            else []
        if unknown:
            raise PluginError(
                f"safeguarding-learning: {where} would hold a script that no template of the "
                f"site writes ({excerpt(unknown[0])}): text from an author reached the page "
                "as code, so nothing was published. Please report this, with the files you "
                "changed.")
        protected, hashes = protect_page(page, noindex=self._preview, scripts=scripts)
        self._script_hashes.update(hashes)
        return protected

    @property
    def _preview(self) -> bool:
        return bool(self.view and self.view.preview)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.view is not None and self.project is not None
        if self._shown_personal_data:
            raise PluginError("safeguarding-learning: " + "\n".join(
                _shown_personal_data_errors(self._shown_personal_data,
                                            self.project.relative(self.project.docs_dir) + "/"))
                + "\nnothing was published")
        site_dir = Path(config.site_dir)
        _write(site_dir, "robots.txt", robots_txt(config.site_url or "", noindex=self._preview))
        if self._dashboard is not None and (self._live is None or self._live.dashboard):
            downloads = self._dashboard.files()
            for rel, text in downloads.items():
                _write(site_dir, rel, text)
            if self._live is not None:
                self._live.outputs_are("dashboard", downloads, site_dir)
        feeds = [("feed.xml", None)] + [(theme_feed_path(t.id), t.id) for t in self.view.themes()]
        if self._live is not None:
            self._live.outputs_are("feeds", (path for path, _ in feeds), site_dir)
        for path, theme_id in feeds:
            items = feed_items(self.view, theme_id)
            if self._live is not None and not self._live.shows_something_new(
                    path, tuple(items)):
                continue  # a live preview writes again only the feeds an edit changed
            _write(site_dir, path, atom_feed(self.view, items, config.site_url or "",
                                             config.site_name, self._document_url,
                                             theme=theme_id))
        # Last, so that it can name what this build wrote (the index is written next):
        # `build -d` replaces a folder only if it holds nothing else (core/output_dir.py).
        written = sorted({*os.listdir(site_dir), "_headers",
                          *(["pagefind"] if self._index is not None else [])})
        _write(site_dir, "_headers", headers_file(self._script_hashes, noindex=self._preview,
                                                  written=written))
        index, self._index = self._index, None
        if self._live is not None:  # search catches up in the background; the page shows now
            self._live.build_ends()
            if index is not None:  # once the pages are written, so as not to delay them
                index.start(site_dir, low_priority=True)
            self._indexing = index
            return
        if index is not None:
            try:  # Pagefind's failure (its RuntimeError) is a build error MkDocs shows
                index.finish()
            except RuntimeError as exc:
                raise PluginError(f"safeguarding-learning: {exc}") from None
            self.index_report = index.report
            log.info(str(index.report))

    def problems_now(self) -> list[Diagnostic]:
        """The errors a live preview shows in place of every page (none: the pages)."""
        return self._problems

    def on_build_error(self, *, error: Exception) -> None:
        self._abort_index()
        self._stop_prerender()
        if self._live is not None:
            self._live.build_ends()

    def _abort_index(self) -> None:
        for index in (self._index, self._indexing):
            if index is not None:
                index.abort()
        self._index = self._indexing = None

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        assert self.project is not None
        folders = (self.project.briefings_dir, self.project.reviews_dir,
                   self.project.audits_dir, self.project.dashboard_dir)
        for folder in folders:
            if folder.is_dir():
                server.watch(str(folder))
        _watch_folders_made_later(server, [f for f in folders if not f.is_dir()])
        _reload_from_a_file(server, self)
        _notice_saves_sooner(server)
        answer_this_computer_only(server)
        return server


NOT_IN_NAV = InclusionLevel.NOT_IN_NAV
LIST_ENTRY = "safeguarding/partials/list-entry.html"
#: Whether a build renders each list entry once for each item, heading level and address
#: (tests build a site both ways and compare). The entry's template may use nothing else
#: of its page.
ENTRIES_ONCE = True

#: How often `serve` looks for saved files: MkDocs polls every 0.5 s, half the time an
#: author may wait for an edit to show. One look at a 1,000-item project took 7.9 ms, so
#: this costs about 8 % of one core while the preview runs.
POLL_SECONDS = 0.1
#: How long `serve` waits for more changes once it has seen one (MkDocs: 0.1 s).
GATHER_SECONDS = 0.02


def _watch_folders_made_later(server: Any, missing: list[Path]) -> None:
    """A folder made while the preview runs (a project's first review, say) is watched
    from then on, and rebuilt at once: MkDocs can only watch what exists."""
    wanted = {os.path.abspath(folder) for folder in missing}

    def on_created(event: Any) -> None:
        path = os.path.abspath(event.src_path)
        if not (event.is_directory and path in wanted):
            return
        server.watch(path)
        _notice_saves_sooner(server)
        with server._rebuild_cond:  # as MkDocs' own handler asks for a rebuild
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    handler = FileSystemEventHandler()
    handler.on_created = on_created
    for parent in {folder.parent for folder in missing if folder.parent.is_dir()}:
        server.observer.schedule(handler, str(parent), recursive=False)


def _notice_saves_sooner(server: Any) -> None:
    """Poll the watched folders more often (MkDocs' server offers no setting for it), and
    start rebuilding sooner after a change is seen. MkDocs waits until no change has come
    for 0.1 s; one poll reports all the changes it found at once, so a much shorter wait
    still gathers them (a save spread over two polls gets a second rebuild, as before)."""
    server.build_delay = GATHER_SECONDS
    for emitter in getattr(server.observer, "emitters", ()):
        if hasattr(emitter, "_timeout"):
            emitter._timeout = POLL_SECONDS


def _in_nav(document: Any) -> bool:
    """Items and theme pages are reached through listings, not the navigation."""
    return not isinstance(document, Item) and not (
        isinstance(document, Listing) and document.theme is not None)


def _withheld_addresses(hidden: list[Item], files: Files, directory_urls: bool) -> set[str]:
    """The addresses within the site of what a build leaves out: the pages of `hidden`
    items and their old ids (with and without the `/` a page's address ends with), their
    source files (as a nav entry or raw HTML may name them), and the files only they
    bring."""
    found: set[str] = set()
    for item in hidden:
        found.add(item_src_uri(item))
        stem = item_src_uri(item).removesuffix(".md")
        pages = [stem] + [f"{item.plural}/{alias}" for alias in getattr(item, "aliases", [])]
        for page in pages:
            found |= {page + "/", page} if directory_urls else {page + ".html"}
        found |= {uri for _, uri in attachments(item) if _file_at(files, uri) is None}
    return found


def _file_at(files: Files, src_uri: str) -> File | None:
    """The file at `src_uri` (a POSIX path, as every one here is). MkDocs' own
    `get_file_from_path` makes a PurePath of it first: 3,000 a rebuild at 1,000 items."""
    return files.src_uris.get(src_uri)


def _shown_personal_data_errors(found: list[tuple[str, Finding]], docs: str) -> list[str]:
    """One error for each piece of personal data, at the first page showing it: one item's
    summary is shown on its page, its listings and other items' related learning."""
    pages: dict[tuple[str, str], list[str]] = {}
    for source, finding in found:
        pages.setdefault((finding.kind, finding.text), []).append(source)
    errors = []
    for (kind, text), sources in pages.items():
        # an item's own page first: listings of docs_dir show what its front matter says
        sources.sort(key=lambda source: source.startswith(docs))
        also = (f" (and {len(sources) - 1} other page{'s' * (len(sources) > 2)}, such as "
                f"{sources[1]})" if len(sources) > 1 else "")
        errors.append(f"{sources[0]}: error: the page{also} shows {kind} ('{text}'), which "
                      "must not be published; check did not see it as written, as YAML or "
                      "Markdown escapes, emphasis or HTML split it: rewrite it where it is "
                      "written, in this page or in an item it shows")
    return errors


def _write(site_dir: Path, rel: str, content: str | bytes) -> None:
    """A file the plugin adds to the site, its folder made if need be."""
    path = site_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def _always(answer: bool) -> Any:
    return lambda: answer


def _reload_from_a_file(server: Any, plugin: SafeguardingLearningPlugin) -> None:
    """MkDocs' live reload adds an inline script to each page it serves, which the page's
    Content-Security-Policy blocks. Load ours from a file of the site instead; and while
    the content has errors, serve the list of them in place of every page. (MkDocs'
    server has no public hook for this; `serve` is MkDocs-only anyway.)"""
    mount = server.mount_path

    def inject(content: bytes, epoch: int) -> bytes:
        problems = plugin.problems_now()
        if problems:
            site_name = plugin.project.site_name if plugin.project else ""
            page, _ = protect_page(problems_page(problems, site_name), noindex=True)
            content = page.encode("utf-8")
        tag = (f'<script src="{mount}{LIVE_RELOAD}" data-build="{epoch}" '
               f'data-request="{time.monotonic_ns()}"></script>').encode()
        end = content.rfind(b"</body>")
        return content + tag if end == -1 else content[:end] + tag + content[end:]

    server._inject_js_into_html = inject
    handle_error = server.error_handler  # the 404 page: reloads too, e.g. once a page is fixed

    def error_page(code: int) -> bytes | None:
        content = handle_error(code)
        return None if content is None else inject(content, server._visible_epoch)

    server.error_handler = error_page


def _toc_entries(entries: Any) -> Any:
    for entry in entries:
        yield entry
        yield from _toc_entries(entry.children)


def escape_toc(toc: Any) -> None:
    """Make the table of contents' titles and ids escaped text: Material prints them into
    its links as they are. (`check` refuses an id with markup; this holds if one gets by.)"""
    for entry in _toc_entries(toc):
        entry.title = text_only(entry.title)
        entry.id = html.escape(entry.id, quote=True)


def _escape_page_text(page: MkDocsPage) -> None:
    """Titles and descriptions are plain text: Material writes them into pages unescaped.

    A title from front matter is text; one MkDocs took from a page's first heading is
    already HTML; one from mkdocs.yml's `nav` is the site's own. What the templates get
    is escaped HTML, once.
    """
    for key in PAGE_TEXT_KEYS:  # `check` refuses other types; escaped all the same
        value = page.meta.get(key)
        if value is not None and not isinstance(value, str):
            page.meta[key] = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    meta_title = page.meta.get("title")
    if isinstance(meta_title, str) and not isinstance(meta_title, Markup):
        page.meta["title"] = Markup.escape(meta_title)
    if "title" not in vars(page) and not isinstance(page.title, Markup):
        page.title = page.meta.get("title") or Markup(text_only(page.title or ""))
        if not page.is_homepage:  # without it, Material strips tags, then unescapes
            page.meta["title"] = page.title
    for key, value in list(page.meta.items()):
        if key not in ("title", "template"):
            page.meta[key] = _escaped(value)


def _escaped(value: Any) -> Any:
    """Every string in a front-matter value escaped, lists and mappings kept as they are
    (Material reads `hide: [toc]` and `search: {exclude: true}`): a value printed whole
    shows its text, never markup."""
    if isinstance(value, str):
        return value if isinstance(value, Markup) else Markup.escape(value)
    if isinstance(value, list):
        return [_escaped(entry) for entry in value]
    if isinstance(value, dict):
        return {_escaped(key): _escaped(entry) for key, entry in value.items()}
    return value


def _sanitise_html_files(files: Files, config: MkDocsConfig, root: Path, noindex: bool,
                         withheld: set[str], site_url: str,
                         exit_address: str | None) -> list[tuple[Path, str]]:
    """HTML files of the project, copied as they are by MkDocs, pass the allowlist too,
    and are set in a page of the site's own (character set, language, title, "Exit this
    page") with the policy (and in a preview, `noindex`) every page has. Their links to
    what the build leaves out (`withheld`) lose their address, as a page's do. Returns
    each file's source with the page made of it."""
    made = []
    for file in list(files):
        source = Path(file.abs_src_path) if file.abs_src_path else None
        if (source is None or source.suffix.lower() not in (".html", ".htm")
                or file.is_documentation_page() or not source.resolve().is_relative_to(root)):
            continue
        files.remove(file)
        text = unlink_withheld(sanitise(source.read_text(encoding="utf-8", errors="replace")),
                               file.url, site_url, withheld, file.src_uri)
        text = attachment_page(text, name=source.name, root="../" * file.url.count("/"),
                               exit_address=exit_address, site_name=config.site_name)
        page, _ = protect_page(text, noindex=noindex)
        files.append(File.generated(config, file.src_uri, content=page))
        made.append((source, page))
    return made
