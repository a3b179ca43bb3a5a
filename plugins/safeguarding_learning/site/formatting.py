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
    if getattr(document, "kind", "") == "audit":
        from ..core.model import AUDIT_TYPES

        return AUDIT_TYPES.get(document.audit_type, "Audit")  # type: ignore[attr-defined]
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


def review_record(review: object) -> list[tuple[str, str]]:
    """(label, words) for each fact of a review's record it gives, in plain words."""
    from ..core.review_record import AGE_BANDS, OUTCOMES, SEXES

    rows = []
    ages = getattr(review, "child_age", [])
    if ages:
        rows.append(("Age" if len(ages) == 1 else "Ages", _and([AGE_BANDS[a] for a in ages])))
    sexes = getattr(review, "child_sex", [])
    if sexes:
        rows.append(("Sex", _and([SEXES[s] for s in sexes])))
    if getattr(review, "outcome", None):
        rows.append(("Outcome", OUTCOMES[review.outcome]))  # type: ignore[attr-defined]
    if getattr(review, "incident_year", None):
        rows.append(("Year of the incident", str(review.incident_year)))  # type: ignore
    if getattr(review, "commissioned", None):
        rows.append(("Commissioned", long_date(review.commissioned)))  # type: ignore
    if getattr(review, "completed", None):
        rows.append(("Completed", long_date(review.completed)))  # type: ignore
    return rows


def _and(words: list[str]) -> str:
    """'Female and male'; 'Under 1, aged 1 to 4 and aged 5 to 9'."""
    if len(words) <= 1:
        return "".join(words)
    rest = [w[0].lower() + w[1:] for w in words[1:]]
    return ", ".join([words[0], *rest[:-1]]) + " and " + rest[-1]
