"""Which files a site project has, and which of them reach the public site.

MkDocs publishes every Markdown page in `docs_dir` (whatever its folder depth and
Markdown file ending) and copies every other file there; the plugin adds item pages
and the files items link to. Everything listed here is checked before it is published.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

from .ids import suggest_id
from .model import Audit, Briefing, Document, Guidance, Item, Review
from .project import Project
from .site_addresses import html_addresses, site_address

#: The file endings MkDocs reads as Markdown pages (as `mkdocs.utils.markdown_extensions`),
#: letter case too: `readme.MD` is copied as it is, not made a page.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
#: Documents a browser reads as XML, where any namespace prefix may name a script
#: (`<svg:script>`, `<h:script>` in XHTML's namespace) and a DOCTYPE may define entities.
XML_SUFFIXES = (".xhtml", ".xht", ".xml", ".xsl", ".xslt")
#: Scripts: a page or picture of the site could run one as its own (the site's content
#: security policy allows scripts of the site itself).
SCRIPT_SUFFIXES = (".js", ".mjs", ".cjs")
#: Text files published as they are, read here for personal data first.
TEXT_DATA_SUFFIXES = (".txt", ".csv", ".tsv", ".json", ".yaml", ".yml", ".vcf", ".ics",
                      ".rtf", ".log", ".vtt")
#: Attachments that are text, and so can carry personal data or, as HTML or SVG, code:
#: each is read (core/attachment_checks.py) before it is published.
TEXT_ATTACHMENT_SUFFIXES = (*TEXT_DATA_SUFFIXES, ".svg", ".html", ".htm")
#: The only kinds of file published besides pages, in any letter case (cameras name
#: pictures `.JPG`), by what they are, as the error refusing any other kind lists them.
PUBLISHED_KINDS = {
    "text": TEXT_DATA_SUFFIXES,
    "pictures": (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".svg"),
    "documents": (".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".doc", ".xls",
                  ".ppt"),
    "media": (".mp3", ".mp4", ".webm", ".ogg", ".wav", ".m4a"),
    "web pages": (".html", ".htm"),
    "fonts": (".woff", ".woff2", ".ttf", ".otf"),
}
PUBLISHED_SUFFIXES = frozenset(suffix for kind in PUBLISHED_KINDS.values() for suffix in kind)


def item_files(project: Project) -> list[tuple[type[Item], Path]]:
    """Every item source file, with the kind its folder says it is."""
    found = []
    folders = {Briefing: project.briefings_dir, Review: project.reviews_dir,
               Audit: project.audits_dir, Guidance: project.guidance_dir}
    for kind, folder in folders.items():
        try:
            with os.scandir(folder) as entries:  # a folder holds thousands: no glob, no stat
                names = sorted(entry.name for entry in entries
                               if entry.name.endswith(".md") and entry.is_file())
        except OSError:  # no such folder (or not one)
            continue
        found += [(kind, folder / name) for name in names]
    return found


def stray_item_files(project: Project) -> list[tuple[Path, str, str]]:
    """Markdown files in an item folder that are not read as items, with why and what to
    do: a file ending other than `.md` (`Safer-Sleep.MD`, `.markdown`), or one in a
    folder within; and measures in a folder within the dashboard's. Nothing else would
    say they were left out. (Guidance lives in docs_dir, where MkDocs publishes such
    files as pages.)"""
    found = []
    for folder in (project.briefings_dir, project.reviews_dir, project.audits_dir):
        for here, _, names in os.walk(folder):
            for name in names:  # names only: a folder holds thousands of items
                suffix = os.path.splitext(name)[1]
                if suffix.lower() not in MARKDOWN_SUFFIXES or (here == str(folder)
                                                               and suffix == ".md"):
                    continue
                path = Path(here, name)
                if not path.is_file():
                    continue
                named = f"{project.relative(folder)}/{suggest_id(path.stem)}.md"
                if here != str(folder):
                    found.append((path, f"items sit directly in '{project.relative(folder)}/', "
                                  "not in a folder within it: this file is not read",
                                  f"move it to '{named}'"))
                else:
                    found.append((path, f"a file ending '{suffix}' is not read: items end "
                                  "'.md'", f"rename it to '{named}'"))
    dashboard = project.dashboard_dir
    for here, _, names in os.walk(dashboard):
        if here == str(dashboard):
            continue
        for name in names:
            if name.lower().endswith((".yml", ".yaml")) and not name.startswith("."):
                found.append((Path(here, name), "measures sit directly in "
                              f"'{project.relative(dashboard)}/', not in a folder within it: "
                              "this file is not read",
                              f"move it to '{project.relative(dashboard)}/{name}'"))
    return sorted(found)


def item_src_uri(item: Item) -> str:
    """Where an item's page sits among the site's source files."""
    return f"{item.plural}/{item.id}.md"


T = TypeVar("T")

#: While a load of the project runs (`walking_docs_once`), what docs_files found and
#: where each file leads, by docs_dir: the checks ask eight times, and every answer is the
#: one walk's. (Per thread: a live preview loads in a thread of its own.)
_walked: ContextVar[dict[tuple[str, Path], Any] | None] = ContextVar("walked", default=None)


@contextmanager
def walking_docs_once() -> Iterator[None]:
    """docs_dir is walked at most once until the end of this block."""
    token = _walked.set({})
    try:
        yield
    finally:
        _walked.reset(token)


def _once(name: str, project: Project, find: Callable[[Project], T]) -> T:
    walked = _walked.get()
    if walked is None:
        return find(project)
    key = (name, project.docs_dir)
    if key not in walked:
        walked[key] = find(project)
    return walked[key]


def docs_files(project: Project) -> list[Path]:
    """Every file MkDocs would take from `docs_dir`, as its default exclusions leave them:
    no file or folder whose name starts with '.', nothing in a top-level `templates/`."""
    return list(_once("files", project, _docs_files))


def _docs_files(project: Project) -> list[Path]:
    docs = project.docs_dir
    if not docs.is_dir():
        return []
    found, seen = [], set()
    root = project.root.resolve()
    for folder, folders, files in os.walk(docs, followlinks=True):  # as MkDocs walks
        here = Path(folder)
        real = here.resolve()
        seen.add(real)
        folders[:] = sorted(
            name for name in folders
            if not name.startswith(".") and not (here == docs and name == "templates")
            and _inside(here / name, project.root) and (here / name).resolve() not in seen)
        # A file that is not a link is where its folder is: only links need resolving.
        found += [here / name for name in sorted(files) if not name.startswith(".") and (
            _inside(here / name, root) if os.path.islink(os.path.join(folder, name))
            else real.is_relative_to(root))]
    return found


def linkable_files(project: Project) -> list[Path]:
    """Every file an item or page may link to or show: all those of docs_dir (also those
    MkDocs leaves out: a link to one passes while it is there), of the item folders and
    of the dashboard's, through linked folders too. (A live preview, and `check` with its
    store, read again what links to one that appears or goes.)"""
    found: list[Path] = []
    for folder in _content_folders(project):
        found += [Path(here, name) for here, _, names in _walk_once(folder, set())
                  for name in names]
    return found


def _content_folders(project: Project) -> tuple[Path, ...]:
    return (project.docs_dir, project.briefings_dir, project.reviews_dir,
            project.audits_dir, project.dashboard_dir)


def _walk_once(folder: Path, seen: set[str]) -> Iterator[tuple[str, list[str], list[str]]]:
    """os.walk through linked folders, as MkDocs walks, each real folder once (`seen`):
    one reached again through a link is a loop, or walked already."""
    for here, folders, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(here)
        if real in seen:
            folders[:] = []
            continue
        seen.add(real)
        yield here, folders, names


def page_files(project: Project) -> list[Path]:
    """The hand-written Markdown pages of `docs_dir` (guidance items are read as items)."""
    guidance = project.guidance_dir
    return [
        path for path in docs_files(project)
        if is_page_name(path.name)
        and not (path.parent == guidance and path.suffix == ".md")
    ]


def static_text_files(project: Project) -> list[Path]:
    """Text files MkDocs copies from `docs_dir` as they are."""
    return [path for path in docs_files(project) if is_text_attachment(path)]


def is_text_attachment(path: Path) -> bool:
    return path.suffix.lower() in TEXT_ATTACHMENT_SUFFIXES


def is_page_name(name: str) -> bool:
    """Whether MkDocs makes a file of this name a page: by its ending, letter case too."""
    return name.endswith(MARKDOWN_SUFFIXES)


def attachments(item: Item) -> list[tuple[Path, str]]:
    """Files an item brings with it, each with its path among the site's files: its full
    report and the files its body links to, from its own folder or below it.

    Worked out once per item: a live preview keeps an unchanged item from one rebuild to
    the next (a file added beside it shows once the item is saved again)."""
    found = item.__dict__.get("_attachments")
    if found is None:
        found = item.__dict__["_attachments"] = _attachments(item)
    return found


def _attachments(item: Item) -> list[tuple[Path, str]]:
    found: list[Path] = []
    if isinstance(item, Review) and item.report_file is not None \
            and item.report_file.is_file():  # a missing one is an error: a preview goes on
        found.append(item.report_file)
    if not isinstance(item, Guidance):  # guidance lives in docs_dir: MkDocs copies its files
        for link in item.links:
            path = (item.source.path.parent / link.path).resolve()
            if path.is_file() and not is_page_name(path.name):
                found.append(path)
    if not found:
        return []
    folder = item.source.path.parent.resolve()
    result = []
    for path in dict.fromkeys(found):
        try:
            inside = path.resolve().relative_to(folder).as_posix()
        except ValueError:
            if isinstance(item, Review) and path == item.report_file:
                # Elsewhere in the project (`check` refuses outside it): published beside
                # the review's page, as the folders above it have no address of their own.
                result.append((path, f"{item.plural}/{item.id}/{path.name}"))
            continue  # a link outside the item's folder: `check` has judged it already
        result.append((path, f"{item.plural}/{inside}"))
    return result


def docs_files_withheld(hidden: Iterable[Document], shown: Iterable[Document],
                        project: Project) -> dict[Path, Document]:
    """The files MkDocs would copy from docs_dir (resolved; not pages) that `hidden`
    documents name, by a link of any kind or as their report, and no `shown` document
    names, each with a document it waits for. MkDocs copies every file of docs_dir
    whoever links to it (guidance's files, a report kept in `content/reports/`, or in a
    folder beside it that docs_dir links to): a public build takes these out, under
    every name docs_dir gives them."""
    copied = {real for real, path in docs_files_by_real_path(project).items()
              if path[0].suffix.lower() not in MARKDOWN_SUFFIXES}
    held: dict[Path, Document] = {}
    for document in hidden:
        for path in named_files(document, project):
            if path in copied:
                held.setdefault(path, document)
    names = {path.name for path in held}
    for document in shown if held else ():
        for path in named_files(document, project, names):
            held.pop(path, None)
    return held


def docs_files_by_real_path(project: Project) -> dict[Path, list[Path]]:
    """Each file MkDocs would take from docs_dir, resolved, with the names docs_dir gives
    it (more than one where a linked folder or file leads to it again)."""
    return {real: list(paths) for real, paths
            in _once("by real path", project, _docs_files_by_real_path).items()}


def _docs_files_by_real_path(project: Project) -> dict[Path, list[Path]]:
    found: dict[Path, list[Path]] = {}
    for path in docs_files(project):
        found.setdefault(path.resolve(), []).append(path)
    return found


def published_anyway(project: Project) -> frozenset[Path]:
    """Files (resolved) published, or read into what is published, whatever becomes of
    an item that names them: every file of docs_dir, the dashboard's measures and
    mkdocs.yml. An unpublished item's report or link never excuses their errors."""
    dashboard = project.dashboard_dir
    measures = [Path(here, name) for here, _, names in _walk_once(dashboard, set())
                for name in names] if dashboard.is_dir() else []
    return frozenset([*docs_files_by_real_path(project), project.config_file.resolve(),
                      *(path.resolve() for path in measures)])


def named_files(document: Document, project: Project,
                names: set[str] | None = None) -> Iterator[Path]:
    """The files (resolved) a document names: by its Markdown links, its raw HTML
    (`<a href>`, `<img src>`), links from the site's root (`/files/x.pdf`), and a review's
    report; with `names`, only those of these names (resolving each link of every page
    would take long). An address in raw HTML or from a root is read every way it could
    lead into docs_dir, as the page's address is not known here."""
    folder = document.source.path.parent
    for link in document.links:
        if names is None or PurePosixPath(link.path).name in names:
            yield (folder / link.path).resolve()
    report = getattr(document, "report_file", None)
    if report is not None and (names is None or report.name in names):
        yield report
    addresses = [target for _, target in document.root_links] + html_addresses(document.prose)
    if not addresses:
        return
    docs = project.docs_dir
    pages = _page_addresses(document)
    for address in addresses:
        path = _path_part(address)
        if not path or (names is not None and PurePosixPath(path).name not in names):
            continue
        within = {site_address(address, page, project.site_url) for page in pages}
        for found in within - {None}:
            yield (docs / found).resolve()
        if not path.startswith("/"):
            yield (folder / path).resolve()


def _path_part(address: str) -> str:
    """The file part of an address (%-decoded), empty for one of another site or none."""
    try:
        parts = urlsplit(address)
    except ValueError:  # e.g. 'http://[x': not a file of the project
        return ""
    return "" if parts.scheme or parts.netloc else unquote(parts.path)


def _page_addresses(document: Document) -> tuple[str, ...]:
    """Where a document's page may be within the site, and its source file among the
    site's files: what its relative addresses may be read from."""
    src_uri = item_src_uri(document) if isinstance(document, Item) else \
        getattr(document, "src_uri", "")
    stem = PurePosixPath(src_uri).with_suffix("").as_posix()
    return src_uri, stem + "/", stem + ".html"


def docs_links_into_items(project: Project) -> Iterator[tuple[Path, Path]]:
    """(file, where it leads) for each file of docs_dir that is a symbolic link to a file
    of an item folder (or lies in a linked folder that leads there): MkDocs would publish
    it as a page or file of its own, whatever the item's status."""
    folders = [folder.resolve() for folder in
               (project.briefings_dir, project.reviews_dir, project.audits_dir)]
    for path in docs_files(project):
        real = path.resolve()
        if real != path and any(real.is_relative_to(folder) for folder in folders):
            yield path, real


def docs_links_into_sources(project: Project) -> Iterator[tuple[Path, Path, str]]:
    """(file, where it leads, what that is) for each file of docs_dir that is a symbolic
    link (or lies in a linked folder) leading to a measure's file in the dashboard's
    folder, or to a guidance entry's source from elsewhere in docs_dir: MkDocs would
    publish it from there as it is (a measure with its quarters not yet shown, guidance
    whatever its status)."""
    dashboard = project.dashboard_dir.resolve()
    guidance = project.guidance_dir.resolve()
    for path in docs_files(project):
        real = path.resolve()
        if real == path:
            continue
        if real.is_relative_to(dashboard):
            yield path, real, "a file of the dashboard's measures"
        elif real.parent == guidance and real.suffix == ".md" \
                and path.parent != project.guidance_dir:
            yield path, real, "the source of a guidance entry"


def links_leaving_project(project: Project) -> Iterator[tuple[Path, Path]]:
    """(link, where it leads) for each symbolic link among the sources that leads outside
    the project: publishing through it would publish files from elsewhere."""
    root = project.root
    walked: set[str] = set()
    for folder in _content_folders(project):
        if folder.is_symlink() and not _inside(folder, root):
            yield folder, folder.resolve()
            continue
        if not folder.is_dir():
            continue
        # Links are followed as MkDocs follows them: a folder linked from inside the
        # project may itself hold links that lead out of it.
        for here, folders, files in _walk_once(folder, walked):
            leaving = set()
            for name in folders + files:
                if not os.path.islink(os.path.join(here, name)):  # most: no Path made
                    continue
                path = Path(here, name)
                if not _inside(path, root):
                    leaving.add(name)
                    yield path, path.resolve()
            folders[:] = [name for name in folders if name not in leaving]


def sources_outside(paths: Iterable[str], root: Path) -> list[str]:
    """Those of `paths` (files MkDocs would copy or render) that lie outside the project
    `root`: through a symbolic link, to a file or to a folder above them. `check` refuses
    such links; a live preview shows that error and goes on, and must not serve the files.
    Each folder is resolved once, and a file only if it is itself a link."""
    real_root = os.path.realpath(root)
    folders: dict[str, bool] = {}
    found = []
    for path in paths:
        folder = os.path.dirname(path)
        if folder not in folders:
            folders[folder] = _within(os.path.realpath(folder), real_root)
        if not folders[folder] or (
                os.path.islink(path) and not _within(os.path.realpath(path), real_root)):
            found.append(path)
    return found


def _within(real: str, real_root: str) -> bool:
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def _inside(path: Path, root: Path) -> bool:
    return path.resolve().is_relative_to(root.resolve())
