"""Checks of what mkdocs.yml itself publishes: the `concern_contact` text, Markdown shown
at the end of every item and on the home page, passes the same allowlist as content; and
`site_url`, without which the sitemap and feeds cannot name full addresses.

Its phone number, email and address are the partnership's public contact, which is what
the option is for: they are not read as personal data; anything else in mkdocs.yml (and the
files it builds on) is, as in an item.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from yaml.nodes import Node

from .author_html import html_findings
from .diagnostics import Diagnostic, error, warning
from .markdown_text import LineIndex, prose_view
from .personal_data import find_personal_data, normalise_allowlist, personal_data_error
from .project import PLUGIN_NAME, Project


def settings_problems(project: Project) -> list[Diagnostic]:
    found = []
    if not project.site_url:
        found.append(warning(project.relative(project.config_file), 1,
                             "'site_url' is not set: the sitemap lists no pages, robots.txt "
                             "names no sitemap, and feeds cannot give their items' full "
                             "addresses", "add the site's public address, e.g. site_url: "
                             "https://www.example.gov.uk/learning/"))
    for extension in project.markdown.extensions:
        name = extension_module(extension)
        rel, line = where_written(project, ("markdown_extensions", str(extension))) \
            if isinstance(extension, str) else where_written(project, "markdown_extensions")
        if name in UNCHECKED_EXTENSIONS:
            found.append(error(rel, line or 1, f"markdown_extensions: '{name}' "
                               f"{UNCHECKED_EXTENSIONS[name]}", "remove it from "
                               "markdown_extensions, and write the text into the page"))
        elif name in STRIPPED_EXTENSIONS:
            found.append(warning(rel, line or 1, f"markdown_extensions: '{name}' writes "
                                 f"{STRIPPED_EXTENSIONS[name]}, which the site's allowlist "
                                 "removes from every page", "remove it from "
                                 "markdown_extensions"))
    if project.settings.as_of is not None:
        rel, line = where_written(project, "as_of")
        if line:  # not when `serve` or `build --as-of` set it for one run
            found.append(warning(
                rel, line, f"'as_of: {project.settings.as_of.isoformat()}' is set: every "
                "build without --as-of judges embargoes as of that date, not today, and "
                "publishes what is embargoed until then", "remove it once you have seen the "
                "site as of that date; give --as-of for one build instead"))
    text = project.settings.concern_contact
    if text:
        rel, line = where_written(project, "concern_contact")
        found += [error(rel, line or 1, f"concern_contact: {finding.message}", finding.hint)
                  for _, finding in html_findings(prose_view(text))]
    return found + personal_data_in_config(project)


def extension_module(extension: object) -> str:
    """The module an entry of markdown_extensions loads: `pymdownx.snippets` for
    `pymdownx.snippets` and `pymdownx.snippets:SnippetExtension` alike (Python-Markdown
    imports what is before the colon), or an extension object's own module."""
    if not isinstance(extension, str):
        return type(extension).__module__
    return extension.split(":", 1)[0].strip()


def personal_data_in_config(project: Project) -> list[Diagnostic]:
    """Personal data anywhere in mkdocs.yml or a file it builds on, comments too, at its
    line; but for the public contact details `concern_contact` is there to give, and
    the entries of `personal_data_allowlist` (in every file: what one lists, the file
    building on it may list again)."""
    allowlist = normalise_allowlist(project.settings.personal_data_allowlist)
    found = []
    for path, written in config_files(project):
        public = {*_lines_of(written, ("plugins", PLUGIN_NAME, "concern_contact")),
                  *_lines_of(written, ("plugins", PLUGIN_NAME, "personal_data_allowlist"))}
        lines = LineIndex(written, 1)
        for finding in find_personal_data(written, allowlist):
            line = lines.line(finding.offset)
            if line not in public or finding.kind not in PUBLIC_CONTACT:
                found.append(personal_data_error(project.relative(path), line, finding))
    return found


#: What of personal data a partnership's public contact is made of.
PUBLIC_CONTACT = ("an email address", "a phone number", "a full postcode")


#: Extensions that put text into pages from elsewhere, which `check` cannot see.
UNCHECKED_EXTENSIONS = {
    "pymdownx.snippets": "puts other files' text into pages, where check cannot read it "
                         "for personal data",
}
#: Extensions whose output the allowlist removes, so that a page loses what they make.
STRIPPED_EXTENSIONS = {
    "pymdownx.tasklist": "checkboxes",
    "pymdownx.tabbed": "tab controls (every tab's text then shows, one after another)",
    "pymdownx.emoji": "pictures",
    "pymdownx.arithmatex": "formulae for a script to draw",
}


#: Where a value is written in mkdocs.yml: keys of mappings, with the index of a list's
#: entry or the name of a list entry written `- name` or `- name: {...}`
#: (`("markdown_extensions", "toc", "title")`).
KeyPath = tuple[str | int, ...]


def where_written(project: Project, option: str | KeyPath) -> tuple[str, int]:
    """The config file and the line of `option:` in it: mkdocs.yml, or a file it builds on
    (`INHERIT:`, followed as MkDocs does); line 0 if no file writes it (the command line
    set it for one run).

    `option` is a plugin option's name (its line, at any depth), or the keys to a value;
    for keys, the line of the deepest of them that is written, where MkDocs takes it
    from (mkdocs.yml before the file it builds on)."""
    if isinstance(option, tuple):
        found = _written_value(project, option)
        return (project.relative(found[0]), found[1]) if found else \
            (project.relative(project.config_file), 0)
    for path, written in config_files(project):
        found = re.search(rf"^[ \t]*{re.escape(option)}[ \t]*:", written, re.MULTILINE)
        if found:
            return project.relative(path), written.count("\n", 0, found.start()) + 1
    return project.relative(project.config_file), 0


def config_files(project: Project) -> list[tuple[Path, str]]:
    """mkdocs.yml and the files it builds on (`INHERIT:`), each with its text, nearest
    first; as far as they can be read."""
    found = []
    path = project.config_file
    for _ in range(_MOST_INHERITED):
        try:
            written = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            break
        found.append((path, written))
        parent = _INHERIT.search(written)
        if parent is None:
            break
        path = path.parent / parent[1].strip()
    return found


def _written_value(project: Project, keys: KeyPath) -> tuple[Path, int, Node | None] | None:
    """The file, the line of the deepest of `keys` written and, if all are, the value's
    node: where MkDocs takes it from (mkdocs.yml before the file it builds on)."""
    best: tuple[int, Path, int] | None = None
    for path, written in config_files(project):
        depth, line, node = _value_in(written, keys)
        if depth == len(keys):
            return path, line, node
        if depth and (best is None or depth > best[0]):
            best = (depth, path, line)
    return (best[1], best[2], None) if best else None


def _value_in(written: str, keys: KeyPath) -> tuple[int, int, Node | None]:
    """How many of `keys` a file's text writes, the line of the last of them, and the
    node it leads to (read with `yaml.compose`, which builds no values: `!ENV` and the
    like stay tags, and an alias is not expanded)."""
    try:
        node = yaml.compose(written, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return 0, 0, None
    depth, line = 0, 0
    for key in keys:
        child = _child(node, key)
        if child is None:
            break
        line, node = child
        depth += 1
    return depth, line, node


def _lines_of(written: str, keys: KeyPath) -> range:
    """The lines of a file's text that the value at `keys` takes up (none if it does not
    write it)."""
    depth, _, node = _value_in(written, keys)
    if depth < len(keys) or node is None:
        return range(0)
    last = node.end_mark.line + (1 if node.end_mark.column else 0)
    return range(node.start_mark.line + 1, max(last, node.start_mark.line + 1) + 1)


def _child(node: Node | None, key: str | int) -> tuple[int, Node] | None:
    """The line of `key` in `node` and the node it leads to."""
    if isinstance(node, yaml.MappingNode):
        for name, value in node.value:
            if isinstance(name, yaml.ScalarNode) and name.value == str(key):
                return name.start_mark.line + 1, value
    elif isinstance(node, yaml.SequenceNode):
        if isinstance(key, int):
            return (node.value[key].start_mark.line + 1, node.value[key]) \
                if 0 <= key < len(node.value) else None
        for entry in node.value:
            if isinstance(entry, yaml.ScalarNode) and entry.value == key:
                return entry.start_mark.line + 1, entry
            found = _child(entry, key) if isinstance(entry, yaml.MappingNode) else None
            if found:
                return found
    return None


_INHERIT = re.compile(r"""^INHERIT:[ \t]*['"]?([^'"#\n]+?)['"]?[ \t]*(?:#.*)?$""", re.MULTILINE)
#: How many files an INHERIT chain is followed through.
_MOST_INHERITED = 10
