"""The review record: the facts a national repository records for every case review.

Age bands, sex, outcome, the incident year, when the review was commissioned and
completed, and its recommendations with their progress. Only bands and years: an exact
age or a birth date could identify a child, so they are refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .schema import Report, _quote, did_you_mean, parse_iso_date, text_list
from .sources import Field

#: Age bands, in order, with how a page says them.
AGE_BANDS = {
    "unborn": "Unborn",
    "under-1": "Under 1",
    "1-4": "Aged 1 to 4",
    "5-9": "Aged 5 to 9",
    "10-14": "Aged 10 to 14",
    "15-17": "Aged 15 to 17",
    "18-plus": "18 or over",
}
SEXES = {"female": "Female", "male": "Male"}
OUTCOMES = {"died": "Died", "serious-harm": "Seriously harmed"}
RECOMMENDATION_STATUSES = {"open": "Open", "in-progress": "In progress",
                           "completed": "Completed"}


@dataclass(frozen=True)
class Recommendation:
    text: str
    line: int
    agencies: list[str] = field(default_factory=list)
    status: str = "open"
    due: date | None = None
    completed: date | None = None

    def status_on(self, as_of: date) -> str:
        """Its status as of a date: one completed later was still in progress then."""
        if self.status == "completed" and self.completed is not None and self.completed > as_of:
            return "in-progress"
        return self.status

    def is_overdue(self, as_of: date) -> bool:
        return self.status_on(as_of) != "completed" and self.due is not None \
            and self.due < as_of


def _bands(noun: str, allowed: dict[str, str], hint: str):
    """One id from `allowed`, or a list of them (a sibling group); in `allowed`'s order."""

    def parse(found: Field, report: Report) -> list[str]:
        values = found.value if isinstance(found.value, list) else [found.value]
        kept = []
        for index, value in enumerate(values):
            text = str(value).strip() if value is not None else ""
            if text in allowed:
                kept.append(text)
                continue
            parts = [part.strip() for part in text.split(",")]
            if len(parts) > 1 and all(part in allowed for part in parts):
                report.error(found.line_of(index) if isinstance(found.value, list) else
                             found.line, f"'{found.name}' is written '{_quote(text)}'",
                             f"write a list in brackets: {found.name}: [{', '.join(parts)}]")
                continue
            if noun == "age band" and _an_exact_age(text):
                message = f"'{_quote(text)}' is an exact age: a review page gives an age band"
            else:
                message = f"'{found.name}' cannot be '{_quote(text)}'"
            report.error(found.line_of(index) if isinstance(found.value, list) else found.line,
                         message, did_you_mean(text, list(allowed)) or hint)
        return sorted(set(kept), key=list(allowed).index)

    return parse


def _an_exact_age(text: str) -> bool:
    """'3', '4 years', '18 months': not a band such as '1_4' or '5-10' mistyped."""
    return text[:1].isdigit() and not any(mark in text for mark in "-_–—/")


child_ages = _bands("age band", AGE_BANDS, f"use one or more of: {', '.join(AGE_BANDS)}")
child_sexes = _bands("sex", SEXES, "use female, male, or a list of both for siblings")


def outcome(found: Field, report: Report) -> str | None:
    value = str(found.value).strip()
    if value not in OUTCOMES:
        report.error(found.line, f"'outcome' cannot be '{_quote(value)}'",
                     did_you_mean(value, list(OUTCOMES)) or "use died or serious-harm")
        return None
    return value


def year_number(found: Field, report: Report) -> int | None:
    value = found.value
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2200:
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) == 4:
        return int(value)
    report.error(found.line, f"'{found.name}' must be a year such as 2023, not "
                 f"'{_quote(value)}'", "give the year only: no month or day")
    return None


_RECOMMENDATION_KEYS = ("text", "agencies", "status", "due", "completed")


def recommendations(found: Field, report: Report) -> list[Recommendation]:
    """A list; each entry has `text` and optionally agencies, status, due, completed."""
    if not isinstance(found.value, list):  # `recommendations: none` is not one called "none"
        report.error(found.line, "'recommendations' must be a list, one entry a "
                     "recommendation", "start each on its own line with '- text: ', e.g. "
                     "'- text: What the review recommends'; with none, leave the key out")
        return []
    entries = found.value
    parsed = []
    for index, entry in enumerate(entries):
        line = found.line_of(index)
        if isinstance(entry, str) and entry.strip():
            entry = {"text": entry}
        if not isinstance(entry, dict):
            report.error(line, "each recommendation needs at least 'text: ...'",
                         "write '- text: What the review recommends'")
            continue
        recommendation = _recommendation(entry, line, report,
                                         lambda *path, i=index: found.line_at(i, *path))
        if recommendation is not None:
            parsed.append(recommendation)
    return parsed


def _recommendation(entry: dict[str, Any], line: int, report: Report,
                    line_at: Callable[..., int]) -> Recommendation | None:
    """One recommendation; `line_at(key, ...)` is where a key (or its entry) is written."""
    problems = len(report.diagnostics)
    for key in entry:
        if key not in _RECOMMENDATION_KEYS:
            report.error(line_at(key), f"a recommendation cannot have '{_quote(key)}'",
                         did_you_mean(str(key), _RECOMMENDATION_KEYS)
                         or f"it may have: {', '.join(_RECOMMENDATION_KEYS)}")
    text = entry.get("text")
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        text = str(text)  # `text: 5` is a short text, not a number
    if isinstance(text, (list, dict)):
        report.error(line_at("text"), "a recommendation's 'text' must be text, not "
                     f"{'a list' if isinstance(text, list) else 'key: value lines'}",
                     "write it on one line after 'text: ', in quotes if it starts with [ or {")
    elif not isinstance(text, str) or not text.strip():
        report.error(line, "this recommendation has no 'text'",
                     "write what the review recommends, e.g. '- text: ...'")
    status = str(entry.get("status") or "open").strip()
    if status not in RECOMMENDATION_STATUSES:
        report.error(line_at("status"), f"a recommendation's status cannot be "
                     f"'{_quote(status)}'",
                     did_you_mean(status, list(RECOMMENDATION_STATUSES))
                     or f"use one of: {', '.join(RECOMMENDATION_STATUSES)}")
    dates = {}
    for key in ("due", "completed"):
        if entry.get(key) is not None:
            dates[key] = parse_iso_date(entry[key])
            if dates[key] is None:
                report.error(line_at(key), f"a recommendation's '{key}' must be a date written "
                             f"YYYY-MM-DD, not '{_quote(entry[key])}'")
    if dates.get("completed") and status in RECOMMENDATION_STATUSES and status != "completed":
        report.error(line_at("completed"), "this recommendation has a 'completed' date but "
                     "its status is "
                     f"'{status}'", "set 'status: completed', or remove the date")
    agencies = _agencies(entry.get("agencies"), line_at, report)
    if len(report.diagnostics) > problems:
        return None
    return Recommendation(" ".join(str(text).split()), line, agencies, status,
                          dates.get("due"), dates.get("completed"))


def _agencies(value: Any, line_at: Callable[..., int], report: Report) -> list[str]:
    if value is None:
        return []
    entries = value if isinstance(value, list) else [value]
    names = text_list(Field("agencies", value, line_at("agencies"),
                            [line_at("agencies", i) for i in range(len(entries))]), report)
    vocabulary = report.settings.agencies
    if not vocabulary:
        return names
    for index, name in enumerate(names):
        if name not in vocabulary:
            line = line_at("agencies", index) if len(names) == len(entries) else \
                line_at("agencies")
            report.error(line, f"unknown agency '{_quote(name)}'",
                         did_you_mean(name, list(vocabulary))
                         or "use an id from 'agencies' in mkdocs.yml (under plugins: "
                            "safeguarding-learning), or add it there")
    return [name for name in names if name in vocabulary]
