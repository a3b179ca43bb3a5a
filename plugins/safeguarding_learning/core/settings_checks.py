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
    text = project.settings.concern_contact
    if text:
        rel, line = _where_written(project, "concern_contact")
        found += [error(rel, line, f"concern_contact: {finding.message}", finding.hint)
                  for _, finding in html_findings(prose_view(text))]
    return found


def _where_written(project: Project, option: str) -> tuple[str, int]:
    """mkdocs.yml and the line of `option:` in it (line 1 if another file, through
    INHERIT, sets it)."""
    try:
        written = project.config_file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        written = ""
    found = re.search(rf"^[ \t]*{re.escape(option)}[ \t]*:", written, re.MULTILINE)
    line = written.count("\n", 0, found.start()) + 1 if found else 1
    return project.relative(project.config_file), line
