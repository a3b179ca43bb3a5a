"""`new briefing|review "Title"`: a draft that passes `check` and shows what to fill in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .ids import suggest_id
from .project import Project


def _yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def briefing_template(title: str, today: date, project: Project) -> str:
    settings = project.settings
    themes = ", ".join(settings.themes)
    sections = "\n\n".join(
        f"## {name}\n\nWrite this section." for name in settings.seven_minute_sections
    )
    return f"""---
title: {_yaml_text(title)}
published: {today.isoformat()}
status: draft
summary: "One or two plain sentences for listings, search results and feeds."
themes: [{next(iter(settings.themes))}]  # one or more of: {themes}
format: seven-minute
---

{sections}
"""


def review_template(title: str, today: date, project: Project) -> str:
    settings = project.settings
    review_type = next(iter(settings.review_types))
    return f"""---
title: {_yaml_text(title)}
published: {today.isoformat()}
status: draft
summary: "One or two plain sentences for listings, search results and feeds."
themes: [{next(iter(settings.themes))}]  # one or more of: {", ".join(settings.themes)}
review_type: {review_type}  # one of: {", ".join(settings.review_types)}
subject: Child A
agencies: []
# report: full-report.pdf   # the full report, saved beside this file
---

## Background

## Key findings

## Recommendations

## What has changed
"""


def new_item_path(kind: str, title: str, project: Project, taken: set[str]) -> Path:
    """A free file name for a new item: the title as an id, numbered if it clashes."""
    folder = project.briefings_dir if kind == "briefing" else project.reviews_dir
    base = suggest_id(title)
    candidate, number = base, 2
    while candidate in taken or (folder / f"{candidate}.md").exists():
        candidate, number = f"{base}-{number}", number + 1
    return folder / f"{candidate}.md"
