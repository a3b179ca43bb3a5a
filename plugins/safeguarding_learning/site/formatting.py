"""How dates and file sizes are written on the site."""

from __future__ import annotations

from datetime import date
from pathlib import Path

_FILE_TYPES = {
    ".pdf": "PDF", ".doc": "Word document", ".docx": "Word document", ".odt": "OpenDocument text",
    ".rtf": "Rich Text Format", ".txt": "Plain text", ".html": "Web page",
}


def long_date(value: date | None) -> str:
    """26 November 2026: the GOV.UK style, with no leading zero."""
    if value is None:
        return ""
    return f"{value.day} {value.strftime('%B')} {value.year}"


def published_label(document: object) -> str:
    """When an item was published, as shown: a year alone where only a year is known."""
    published = getattr(document, "published", None)
    if published is None:
        return ""
    return str(published.year) if getattr(document, "year_only", False) else long_date(published)


def type_label(document: object, review_types: dict[str, str]) -> str:
    """What kind of item this is, in words: the review's type, or the briefing's format."""
    if getattr(document, "kind", "") == "review":
        return review_types.get(document.review_type, "Case review")  # type: ignore[attr-defined]
    if getattr(document, "format", None) == "seven-minute":
        return "Seven-minute briefing"
    return {"briefing": "Learning briefing", "guidance": "Guidance"}.get(
        getattr(document, "kind", ""), "Page")


def file_size(size: int) -> str:
    """1.2 MB, 350 KB, 800 bytes."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def file_type(path: Path) -> str:
    return _FILE_TYPES.get(path.suffix.lower(), path.suffix.lstrip(".").upper() or "File")


def file_description(path: Path) -> str:
    """'PDF, 1.2 MB': what a reader needs to know before opening a download."""
    return f"{file_type(path)}, {file_size(path.stat().st_size)}"
