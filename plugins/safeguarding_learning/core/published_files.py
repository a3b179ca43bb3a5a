"""Which files may reach the public site as they are: by kind, by name, by address.

MkDocs copies every file of docs_dir and of the theme's custom_dir, and the plugin
publishes the files items link to. Hosts serve each file by its ending (one they do not
know may be run as a script or shown as a page), read some names as their own settings,
and the theme's files sit at addresses a file of the same address replaces. The site's
navigation shows file and folder names. So only listed kinds are published, under names
that are plain text without personal data, at addresses that are not the theme's.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from .attachment_checks import check_text_attachment
from .diagnostics import Diagnostic, error, excerpt
from .files import (
    MARKDOWN_SUFFIXES,
    PUBLISHED_KINDS,
    PUBLISHED_SUFFIXES,
    SCRIPT_SUFFIXES,
    XML_SUFFIXES,
    attachments,
    docs_files,
    is_page_name,
    is_text_attachment,
    item_src_uri,
)
from .model import Item
from .personal_data import cannot_hold_personal_data, find_personal_data, personal_data_errors
from .project import Project

#: Names web hosts read as their own settings wherever they are: one line of `_redirects`
#: (Netlify, Cloudflare Pages) sends every reader elsewhere; the build writes `_headers`.
HOST_SETTINGS = frozenset({"_redirects", "_headers", "_routes.json", "netlify.toml",
                           "vercel.json", "staticwebapp.config.json", ".htaccess",
                           "_config.yml"})
#: Files without an ending that hosts read by name, harmlessly: GitHub Pages' domain,
#: and its switch that turns Jekyll off.
NAMED_FILES = frozenset({"CNAME", ".nojekyll"})
#: Characters that are markup where the theme shows a file or folder name. The theme
#: quotes its attributes with `"`, so an apostrophe is plain text ("Children's services").
MARKUP = "<>\"&"
#: Folders of the site's own files: the plugin's scripts and style, the search index.
OWN_FOLDERS = ("assets/safeguarding/", "pagefind/")
#: The plugin's templates, which may one day hold files the theme publishes.
OVERRIDES = Path(__file__).resolve().parents[1] / "overrides"


def published_file_problems(project: Project, items: Iterable[Item],
                            allowlist: set[str]) -> list[Diagnostic]:
    """Every file published as it is (of docs_dir, the theme's custom_dir, and those
    items bring) that may not be: of a kind not listed, a host's settings, named with
    markup or personal data, at an address of the theme; and the custom_dir's text files
    with personal data (docs_dir's and items' are read with the pages)."""
    found: list[Diagnostic] = []
    theme = theme_addresses(project)
    named: set[str] = set()  # addresses of the names judged: a folder's, once
    for path, address, is_content in published_files(project, items):
        rel = project.relative(path)
        found += _name_problems(rel, address, named, allowlist)
        if not is_page_name(path.name):
            found += _kind_problems(rel, path.name)
        if is_content:
            found += _address_problems(rel, address, theme)
    for path, _ in custom_dir_files(project):
        if is_text_attachment(path):
            found += check_text_attachment(path, project.relative(path), allowlist)
    for path in custom_templates(project):  # their words are on the pages they make
        text = path.read_text(encoding="utf-8", errors="replace")
        found += personal_data_errors(text, project.relative(path), allowlist)
    return found


def custom_templates(project: Project) -> list[Path]:
    """The site's own templates, in the theme's custom_dir (which MkDocs does not copy)."""
    if project.custom_dir is None:
        return []
    return sorted(path for path in project.custom_dir.rglob("*.html") if path.is_file())


def published_files(project: Project,
                    items: Iterable[Item]) -> Iterator[tuple[Path, str, bool]]:
    """(file, its address, whether it is content rather than the theme's) for every file
    of docs_dir, every item and file items bring, and every file of the custom_dir
    MkDocs copies."""
    docs = project.docs_dir
    for path in docs_files(project):
        yield path, os.path.relpath(path, docs).replace(os.sep, "/"), True
    seen: set[tuple[Path, str]] = set()
    for item in items:
        yield item.source.path, item_src_uri(item), True  # its id is part of its address
        for path, address in attachments(item):
            if (path, address) not in seen:
                seen.add((path, address))
                yield path, address, True
    for path, address in custom_dir_files(project):
        yield path, address, False


def custom_dir_files(project: Project) -> list[tuple[Path, str]]:
    """The files of the theme's custom_dir that MkDocs copies to the site, with their
    addresses (its templates it does not)."""
    if project.custom_dir is None:
        return []
    return list(_theme_files(project.custom_dir))


def theme_addresses(project: Project) -> set[str]:
    """The addresses of the files the theme (and the plugin's templates) publish."""
    folders = [folder for folder in project.template_dirs if folder != project.custom_dir]
    return {address for folder in [*folders, OVERRIDES]
            for _, address in _theme_files(folder)}


def _theme_files(folder: Path) -> Iterator[tuple[Path, str]]:
    """The files of a theme folder MkDocs copies to the site, as
    `Files.add_files_from_theme` chooses them: not templates, Python, readmes, pages,
    translations or names starting with '.'."""
    for here, folders, names in os.walk(folder):
        folders[:] = [name for name in folders
                      if not name.startswith(".") and name != "__pycache__"]
        for name in names:
            path = Path(here, name)
            address = os.path.relpath(path, folder).replace(os.sep, "/")
            lower = address.lower()
            if not (name.startswith(".") or lower.startswith("locales/") or "readme" in lower
                    or lower.endswith((".html", ".py", ".pyc", *MARKDOWN_SUFFIXES))
                    or lower == "mkdocs_theme.yml"):
                yield path, address


def _kind_problems(rel: str, name: str) -> list[Diagnostic]:
    """A file whose kind is not published: a host's settings, no ending, or a kind not
    listed (a Markdown ending in other letters than MkDocs reads included)."""
    if name in NAMED_FILES:
        return []
    if name.lower() in HOST_SETTINGS:
        return [error(rel, 1, f"'{name}' is read by web hosts as their own settings (one "
                      "line of '_redirects' can send every reader elsewhere): it is not "
                      "published", "remove it; the build writes the settings the site needs")]
    stem, dot, ending = name.rpartition(".")
    if not dot or not ending or not stem.strip("."):
        fix = ("remove the '.' at the end of its name" if name.endswith(".")
               else "give it the ending of its kind, e.g. '.txt' or '.pdf'")
        return [error(rel, 1, "a file with no ending is not published: a browser may show "
                      "it as a page when the host does not say what it is", fix)]
    suffix = f".{ending}"
    if suffix.lower() in PUBLISHED_SUFFIXES:
        return []
    if suffix.lower() in MARKDOWN_SUFFIXES:
        return [error(rel, 1, f"files of kind '{suffix}' are not published: MkDocs makes a "
                      f"page only of a file ending '{suffix.lower()}', in lower case, and "
                      f"would copy this one as it is", f"rename it to '{stem}{suffix.lower()}'")]
    return [error(rel, 1, f"files of kind '{suffix}' are not published: {_why(suffix)}",
                  f"save it as one of the kinds the site publishes: {_KINDS_LISTED}")]


def _why(suffix: str) -> str:
    if suffix.lower() in XML_SUFFIXES:
        return "a browser reads it as XML, where any part of it can be a script"
    if suffix.lower() in SCRIPT_SUFFIXES:
        return "it is a script, which a page or picture of the site could run as its own"
    if suffix.lower() == ".css":
        # the site's look is the theme's, set in mkdocs.yml: an author's style sheet could
        # hide "Exit this page" or the draft banner, or load from another website
        return ("a style sheet could hide parts of every page, such as 'Exit this page'; "
                "the site's colours and fonts are set under 'theme:' in mkdocs.yml")
    return "a host may serve it as a script or a page, which would run in readers' browsers"


_KINDS_LISTED = "; ".join(
    [f"pages ({MARKDOWN_SUFFIXES[0]})"]
    + [f"{kind} ({', '.join(suffixes)})" for kind, suffixes in PUBLISHED_KINDS.items()])


def _address_problems(rel: str, address: str, theme: set[str]) -> list[Diagnostic]:
    """A file at an address of the theme's own files would replace one on every page (a
    style sheet that hides 'Exit this page')."""
    if address in theme:
        return [error(rel, 1, f"the theme publishes a file of its own at '{address}': this "
                      "one would replace it on every page", "move or rename it")]
    for folder in OWN_FOLDERS:
        if address.startswith(folder):
            return [error(rel, 1, f"'{folder}' holds the site's own scripts, style and "
                          "search index: a file there could replace one of them",
                          "move it to a folder of another name")]
    return []


def _name_problems(rel: str, address: str, judged: set[str],
                   allowlist: set[str]) -> list[Diagnostic]:
    """Markup or personal data in the names of a file's address, each folder's once (at
    the first of its files)."""
    found: list[Diagnostic] = []
    parts = address.split("/")
    for depth, name in enumerate(parts, 1):
        where = "/".join(parts[:depth])
        if where in judged:
            continue
        judged.add(where)
        markup = [f"'{character}'" for character in MARKUP if character in name]
        if markup:
            found.append(error(rel, 1, f"the name '{excerpt(name)}' holds {', '.join(markup)}: "
                               "the site shows file and folder names in its navigation, "
                               "where these are markup", "rename it without < > \" or &"))
        for kind, text in _personal_data_in(name, allowlist):
            found.append(error(rel, 1, f"personal data in the name: {kind} ('{text}') must "
                               "not be published", "rename it without it"))
    return found


#: What separates the words of a file name: read as spaces, as in text.
_SEPARATORS = str.maketrans("-_.+", "    ")


def _personal_data_in(name: str, allowlist: set[str]) -> list[tuple[str, str]]:
    """(kind, text) of each piece of personal data in a name: as written (an email), with
    its separators read as spaces (`nhs_9434765919`), and in capitals (`ls1-4ap`)."""
    if cannot_hold_personal_data(name):
        return []
    spaced = name.translate(_SEPARATORS)
    found: dict[str, str] = {}
    for text in dict.fromkeys((name, spaced, spaced.upper())):
        for finding in find_personal_data(text, allowlist):
            found.setdefault(finding.kind, finding.text)
    return list(found.items())
