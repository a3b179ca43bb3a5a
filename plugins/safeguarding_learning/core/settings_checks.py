"""Checks of what mkdocs.yml itself publishes: the `concern_contact` text, Markdown shown
at the end of every item and on the home page, passes the same allowlist as content; and
`site_url`, without which the sitemap and feeds cannot name full addresses.

Its phone number and email are the partnership's public contact, which is what the
option is for: they are not read as personal data.
"""

from __future__ import annotations

import re

from .author_html import html_findings
from .diagnostics import Diagnostic, error, warning
from .markdown_text import prose_view
from .project import Project


def settings_problems(project: Project) -> list[Diagnostic]:
    found = []
    if not project.site_url:
        found.append(warning(project.relative(project.config_file), 1,
                             "'site_url' is not set: the sitemap lists no pages, robots.txt "
                             "names no sitemap, and feeds cannot give their items' full "
                             "addresses", "add the site's public address, e.g. site_url: "
                             "https://www.example.gov.uk/learning/"))
    config = project.relative(project.config_file)
    for extension in project.markdown.extensions:
        name = extension if isinstance(extension, str) else type(extension).__module__
        if name in UNCHECKED_EXTENSIONS:
            found.append(error(config, 1, f"markdown_extensions: '{name}' "
                               f"{UNCHECKED_EXTENSIONS[name]}", "remove it from "
                               "markdown_extensions, and write the text into the page"))
        elif name in STRIPPED_EXTENSIONS:
            found.append(warning(config, 1, f"markdown_extensions: '{name}' writes "
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
    return found


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


def where_written(project: Project, option: str) -> tuple[str, int]:
    """The config file and the line of `option:` in it: mkdocs.yml, or a file it builds on
    (`INHERIT:`, followed as MkDocs does); line 0 if no file writes it (the command line
    set it for one run)."""
    path = project.config_file
    for _ in range(_MOST_INHERITED):
        try:
            written = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            break
        found = re.search(rf"^[ \t]*{re.escape(option)}[ \t]*:", written, re.MULTILINE)
        if found:
            return project.relative(path), written.count("\n", 0, found.start()) + 1
        parent = _INHERIT.search(written)
        if parent is None:
            break
        path = path.parent / parent[1].strip()
    return project.relative(project.config_file), 0


_INHERIT = re.compile(r"""^INHERIT:[ \t]*['"]?([^'"#\n]+?)['"]?[ \t]*(?:#.*)?$""", re.MULTILINE)
#: How many files an INHERIT chain is followed through.
_MOST_INHERITED = 10
