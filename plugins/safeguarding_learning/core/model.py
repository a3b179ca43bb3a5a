"""The typed model: briefings, reviews, guidance and hand-written pages."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from .sources import Source

if TYPE_CHECKING:
    from .markdown_reading import MarkdownSettings


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


@dataclass(kw_only=True, eq=False)
class Document:
    """Anything with a Markdown body: an item or a hand-written page."""

    kind: ClassVar[str] = "page"
    source: Source
    title: str
    body_references: list[Reference] = field(default_factory=list)
    #: The site's Markdown, which decides what the body's headings and anchors are.
    markdown: MarkdownSettings | None = None

    @functools.cached_property
    def _reading(self) -> tuple[list[Heading], dict[str, str]]:
        from .markdown_reading import MarkdownSettings, read_headings

        return read_headings(self.source.body, self.source.body_line,
                             self.markdown or MarkdownSettings())

    @property
    def headings(self) -> list[Heading]:
        """The body's headings, read on first use: most checks never need them."""
        return self._reading[0]

    @property
    def anchors(self) -> dict[str, str]:
        """Every anchor of the rendered body (heading ids and others) with its text."""
        return self._reading[1]

    @property
    def rel(self) -> str:
        return self.source.rel

    @property
    def body(self) -> str:
        return self.source.body


@dataclass(kw_only=True, eq=False)
class Page(Document):
    """A hand-written page in `docs_dir` (home, accessibility statement, ...)."""

    kind: ClassVar[str] = "page"
    src_uri: str  # path inside docs_dir, as MkDocs names it


@dataclass(kw_only=True, eq=False)
class Item(Document):
    """A briefing, review or guidance entry: something with an id and a page of its own."""

    kind: ClassVar[str] = "item"
    plural: ClassVar[str] = "items"
    id: str
    published: date
    status: str = "published"

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    def section_label(self, section: str) -> str | None:
        """The label of a section of this item, or None if it has no such section."""
        label = self.anchors.get(section)
        return None if label is None else label or section


@dataclass(kw_only=True, eq=False)
class Briefing(Item):
    kind: ClassVar[str] = "briefing"
    plural: ClassVar[str] = "briefings"
    summary: str
    themes: list[str]
    audience: list[str] = field(default_factory=list)
    guidance: list[Reference] = field(default_factory=list)
    reviews: list[Reference] = field(default_factory=list)
    format: str | None = None
    updated: date | None = None
    attachments_dir: Path | None = None


@dataclass(kw_only=True, eq=False)
class Review(Item):
    kind: ClassVar[str] = "review"
    plural: ClassVar[str] = "reviews"
    summary: str
    themes: list[str]
    review_type: str
    subject: str | None = None
    agencies: list[str] = field(default_factory=list)
    report: Path | None = None
    url_elsewhere: str | None = None
    guidance: list[Reference] = field(default_factory=list)
    audience: list[str] = field(default_factory=list)
    updated: date | None = None


@dataclass(kw_only=True, eq=False)
class Guidance(Item):
    kind: ClassVar[str] = "guidance"
    plural: ClassVar[str] = "guidance"
    publisher: str
    #: True when only a year was given: shown as "2015", not "1 January 2015".
    year_only: bool = False
    source_url: str | None = None
    superseded_by: Reference | None = None
    sections: dict[str, str] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    summary: str = ""

    def section_label(self, section: str) -> str | None:
        return self.sections.get(section) or super().section_label(section)


ITEM_KINDS: tuple[type[Item], ...] = (Briefing, Review, Guidance)


def front_matter_references(item: Item) -> list[Reference]:
    """Every reference an item makes in its front matter."""
    refs: list[Reference] = list(getattr(item, "guidance", []))
    refs += getattr(item, "reviews", [])
    if isinstance(item, Guidance) and item.superseded_by:
        refs.append(item.superseded_by)
    return refs
