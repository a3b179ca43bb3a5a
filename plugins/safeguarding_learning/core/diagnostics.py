"""Diagnostics are data: where a problem is, how bad, what to do about it.

Every check yields `Diagnostic` values; one formatter prints them as text or JSON.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in one file, at one line (1-based)."""

    path: str
    line: int
    severity: Severity
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_text(self) -> str:
        text = f"{self.path}:{self.line}: {self.severity.value}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return visible(text)


#: Bidirectional embeddings, overrides and isolates (as a character class's inside): one
#: reverses the text after it.
DIRECTION_CONTROLS = "\u202a-\u202e\u2066-\u2069"
#: What a terminal or a log would act on rather than show: control characters (escape
#: codes could erase the lines above, or forge a summary) and bidirectional overrides.
_INVISIBLE = re.compile(f"[\x00-\x1f\x7f-\x9f{DIRECTION_CONTROLS}]")


def visible(text: str) -> str:
    """`text` with each such character written as its code (`\\x1b`), as an author's
    text quoted in a message may hold them."""
    return _INVISIBLE.sub(lambda found: repr(found[0])[1:-1] if ord(found[0]) < 0x100
                          else f"\\u{ord(found[0]):04x}", text)


def excerpt(text: str, limit: int = 60) -> str:
    """At most `limit` characters of an author's text, for a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def error(path: str, line: int, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, max(line, 1), Severity.ERROR, message, hint)


def warning(path: str, line: int, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, max(line, 1), Severity.WARNING, message, hint)


#: No one reads more problems than this for one file; past it, counting them all would
#: cost more than the check (a file of half a million phone numbers, say).
MAX_PER_FILE = 200


def at_most(diagnostics: Iterable[Diagnostic], rel: str,
            limit: int = MAX_PER_FILE) -> list[Diagnostic]:
    """The first `limit` problems, then one line saying there are more; stops reading."""
    found: list[Diagnostic] = []
    for diagnostic in diagnostics:
        if len(found) == limit:
            found.append(error(rel, 1, f"more than {limit} problems in this file; only the "
                               "first are listed", "fix these, then run check again"))
            break
        found.append(diagnostic)
    return found


def sort_key(diagnostic: Diagnostic) -> tuple:
    return (diagnostic.path, diagnostic.line, diagnostic.severity.value, diagnostic.message)


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    return "".join(d.as_text() + "\n" for d in sorted(diagnostics, key=sort_key))


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    """A JSON list, one object per problem: path, line, severity, message, hint."""
    rows = []
    for d in sorted(diagnostics, key=sort_key):
        row = asdict(d)
        row["severity"] = d.severity.value
        rows.append(row)
    return json.dumps(rows, indent=2) + "\n"


def format_github(diagnostics: Iterable[Diagnostic]) -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on its line."""
    return "".join(
        f"::{d.severity.value} file={_github_property(visible(d.path))},line={d.line},"
        f"title=check::{_github_data(d.as_text())}\n"
        for d in sorted(diagnostics, key=sort_key))


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def with_article(noun: str) -> str:
    """'a briefing', 'an audit': a kind of item as a message names it."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"
