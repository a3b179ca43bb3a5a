"""Checks of what mkdocs.yml itself publishes: the `concern_contact` text, Markdown shown
at the end of every item and on the home page, passes the same allowlist as content.

Its phone number and email are the partnership's public contact, which is what the
option is for: they are not read as personal data.
"""

from __future__ import annotations

import re

from .author_html import html_findings
from .diagnostics import Diagnostic, error
from .markdown_text import prose_view
from .project import Project


def settings_problems(project: Project) -> list[Diagnostic]:
    text = project.settings.concern_contact
    if not text:
        return []
    rel, line = _where_written(project, "concern_contact")
    return [error(rel, line, f"concern_contact: {finding.message}", finding.hint)
            for _, finding in html_findings(prose_view(text))]


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
