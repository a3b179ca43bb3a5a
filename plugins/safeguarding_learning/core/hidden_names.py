"""Where the public site would name a draft or embargoed item without publishing it.

A public build leaves such items out, and the files only they bring; what else it
publishes must not tell of them: a `nav:` entry leading to one, a link in an HTML file
of docs_dir, a folder of pictures named after one's id. Each is said here, at the place
the author can change it, for the whole project at once (`load_corpus` asks).
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path, PurePosixPath

from . import files
from .diagnostics import Diagnostic, error, excerpt, warning
from .files import docs_files_by_real_path, item_src_uri
from .markdown_text import LineIndex
from .model import Document, Item, LearningItem
from .project import Project
from .publication import unpublished_why
from .site_addresses import html_addresses_at, site_address

#: HTML files of docs_dir: the plugin passes them through the allowlist and takes out
#: links to what it leaves out. Other text files (SVG, XML) are published as they are.
UNLINKED_SUFFIXES = (".html", ".htm")


def hidden_name_problems(project: Project, items: dict[str, Item], shown: list[Document],
                         as_of: date) -> list[Diagnostic]:
    """Every place outside the unpublished items themselves that names one of them."""
    hidden = [item for item in items.values() if item.will_not_publish(as_of)]
    if not hidden:
        return []
    taken_out = files.docs_files_withheld(hidden, shown, project)
    by_real = docs_files_by_real_path(project)
    addresses = withheld_addresses(project, hidden, shown, taken_out, by_real)
    published = [path for real, paths in by_real.items() if real not in taken_out
                 for path in paths]
    return (_nav_problems(project, addresses, as_of)
            + _html_file_problems(project, published, addresses, as_of)
            + _folder_name_problems(project, hidden, shown, published, as_of))


def links_into_dashboard(project: Project, documents: list[Document]) -> list[Diagnostic]:
    """A link to a measure's file: the dashboard publishes its figures, never its files,
    and a file's values may run on past quarters the public site shows."""
    dashboard = project.dashboard_dir.resolve()
    found = []
    for document in documents:
        lines = None
        for link in document.links:
            if not (document.source.path.parent / link.path).resolve().is_relative_to(
                    dashboard):
                continue
            lines = lines or LineIndex(document.prose, document.source.body_line)
            found.append(error(document.rel, lines.line(link.start),
                               f"link to '{excerpt(link.target)}', a file of the dashboard's "
                               "measures: the site publishes their figures, not their files",
                               "link the published page instead: the dashboard, at "
                               "../dashboard/ from the site's root"))
    return found


def withheld_addresses(project: Project, hidden: list[Item], shown: list[Document],
                       taken_out: dict[Path, Document],
                       by_real: dict[Path, list[Path]]) -> dict[str, Item]:
    """The addresses within the site of what a public build leaves out, each with its
    item: the pages of `hidden` items, under their ids and old ids, with and without
    the `/` or `.html` a page's address ends with; their source files; the files only
    they bring; and the files of docs_dir taken out for them."""
    found: dict[str, Item] = {}
    shown_uris = {uri for document in shown if isinstance(document, Item)
                  for _, uri in files.attachments(document)}
    for item in hidden:
        stem = item_src_uri(item).removesuffix(".md")
        names = [stem] + [f"{item.plural}/{alias}" for alias in getattr(item, "aliases", [])]
        for name in names:
            for address in (name, name + "/", name + ".html", name + ".md"):
                found.setdefault(address, item)
        for _, uri in files.attachments(item):
            if uri not in shown_uris:
                found.setdefault(uri, item)
    docs = project.docs_dir
    for real, item in taken_out.items():
        for path in by_real.get(real, []):
            if isinstance(item, Item):
                found.setdefault(os.path.relpath(path, docs).replace(os.sep, "/"), item)
    return found


def _nav_problems(project: Project, addresses: dict[str, Item],
                  as_of: date) -> list[Diagnostic]:
    """A `nav:` entry leading to what is left out: the public site drops it."""
    found = []
    config = project.relative(project.config_file)
    for entry in project.nav:
        item = addresses.get(site_address(entry, "", project.site_url) or "")
        if item is None:
            continue
        found.append(warning(config, _line_of(project.config_file, entry),
                             f"the nav entry '{excerpt(entry)}' leads to {item.rel}, which "
                             f"is {unpublished_why(item, as_of)}: the public site leaves it "
                             "out of the navigation",
                             "take it out of nav until the item is published"))
    return found


def _html_file_problems(project: Project, published: list[Path], addresses: dict[str, Item],
                        as_of: date) -> list[Diagnostic]:
    """Links in the HTML, SVG and XML files docs_dir publishes to what is left out. An
    HTML file loses the link (its text stays); the others are published as they are."""
    found = []
    docs = project.docs_dir
    for path in published:
        if not files.is_text_attachment(path):
            continue
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # the attachment checks report a file that cannot be read
        page = os.path.relpath(path, docs).replace(os.sep, "/")
        for offset, address in html_addresses_at(text):
            item = addresses.get(site_address(address, page, project.site_url) or "")
            if item is None:
                continue
            line = text.count("\n", 0, offset) + 1
            why = f"link to '{excerpt(address)}': {item.rel} is {unpublished_why(item, as_of)}"
            if path.suffix.lower() in UNLINKED_SUFFIXES:
                found.append(warning(project.relative(path), line, f"{why}; the public site "
                                     "shows the link's text without the link",
                                     "publish both together, or add the link later"))
            else:
                found.append(warning(project.relative(path), line, f"{why}, and this file is "
                                     "published as it is: its address would tell of it",
                                     "remove the link until the item is published"))
    return found


def _folder_name_problems(project: Project, hidden: list[Item], shown: list[Document],
                          published: list[Path], as_of: date) -> list[Diagnostic]:
    """A published file in a folder named after an unpublished item's id (or an old id):
    its address tells readers that the item exists."""
    ids: dict[str, Item] = {}
    for item in hidden:
        for name in [item.id] + list(getattr(item, "aliases", [])):
            ids.setdefault(name, item)
    where: dict[Path, str] = {}
    docs = project.docs_dir
    for path in published:
        where[path] = os.path.relpath(path, docs).replace(os.sep, "/")
    for document in shown:
        if isinstance(document, LearningItem):
            for path, uri in files.attachments(document):
                where.setdefault(path, uri)
    found = []
    for path, uri in where.items():
        address = PurePosixPath(uri)
        for part in [*address.parts[:-1], address.stem]:
            item = _named_after(part, ids)
            if item is not None:
                what = "folder" if part != address.stem else "file"
                found.append(warning(project.relative(path), 1, f"the {what} '{part}' is named "
                                     f"after the id of {item.rel}, which is "
                                     f"{unpublished_why(item, as_of)}: this file's address "
                                     "tells readers that it exists",
                                     f"rename the {what}"))
                break
    return sorted(found, key=lambda d: d.path)


def _named_after(name: str, ids: dict[str, Item]) -> Item | None:
    """The item whose id `name` is, or begins with (`child-x-review-full-text`), in any
    letter case and with `_` or spaces for `-`. Only ids of two words or more are looked
    for at the start of a name: `x` would be in `x-ray`."""
    written = re.sub(r"[_\s]+", "-", name.lower())
    if written in ids:
        return ids[written]
    return next((item for id_, item in ids.items()
                 if "-" in id_ and written.startswith(id_ + "-")), None)


def _line_of(config_file: Path, written: str) -> int:
    """The line of mkdocs.yml that writes `written` (1 if it is not found there: a file
    it builds on, `INHERIT:`, may)."""
    try:
        text = config_file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return 1
    at = text.find(written)
    return text.count("\n", 0, at) + 1 if at != -1 else 1
