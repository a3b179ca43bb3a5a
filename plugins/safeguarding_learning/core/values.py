"""Small values: references and headings a body holds, years, quarters."""

from __future__ import annotations

import re
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

    def __reduce__(self) -> tuple:
        # Stored by `check` (ReadStore) by thousands: made again through __init__, twice as
        # fast as the field-by-field state a slotted dataclass is otherwise unpickled from.
        return Reference, (self.target, self.section, self.text, self.line, self.written)


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    anchor: str
    line: int

    def __reduce__(self) -> tuple:  # as Reference's
        return Heading, (self.level, self.text, self.anchor, self.line)


class Year(date):
    """A date of which only the year is known (guidance 'published: 2015')."""


_QUARTER = re.compile(r"(\d{4})-[Qq]([1-4])")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter: Q1 is January to March."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError(f"a quarter is numbered 1 to 4, not {self.number}")

    @classmethod
    def parse(cls, value: object) -> Quarter | None:
        """`2025-Q1` (or `2025-q1`) as a quarter; None for anything else."""
        if not isinstance(value, str):
            return None
        found = _QUARTER.fullmatch(value.strip())
        return cls(int(found[1]), int(found[2])) if found else None

    def __str__(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def start(self) -> date:
        """Its first day: 1 April 2025 for 2025-Q2."""
        return date(self.year, (self.number - 1) * 3 + 1, 1)

    @property
    def label(self) -> str:
        """Jan to Mar 2025."""
        first = (self.number - 1) * 3
        return f"{_MONTHS[first]} to {_MONTHS[first + 2]} {self.year}"

    @property
    def short_label(self) -> str:
        """Q1 25: a chart's axis label."""
        return f"Q{self.number} {self.year % 100:02d}"

    def quarters_since(self, earlier: Quarter) -> int:
        """How many quarters this one is after `earlier`: 1 for 2025-Q1 after 2024-Q4."""
        return self._index - earlier._index

    def after(self, count: int) -> Quarter:
        """The quarter `count` quarters after this one."""
        index = self._index + count
        return Quarter(index // 4, index % 4 + 1)

    @property
    def _index(self) -> int:
        return self.year * 4 + self.number - 1
