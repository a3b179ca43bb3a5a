"""Small values the reading of a body produces: references and headings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Reference:
    """A pointer from one source to an item (`[[id#section|text]]` or a front-matter id)."""

    target: str
    section: str | None
    text: str | None
    line: int
    #: As the author wrote it (an alias, say), for messages.
    written: str = ""


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    anchor: str
    line: int


class Year(date):
    """A date of which only the year is known (guidance 'published: 2015')."""
