"""The typed model: briefings, reviews, guidance and hand-written pages.

Each kind of item is declared once, here: a field read from front matter says so with
`front_matter(parser, ...)`, and the front-matter rules, the parsing and the messages
(`schema.rules_for`) all come from these declarations. Fields the kinds share are
declared once on the class they share.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from . import review_record as record
from . import schema as rules
from .review_record import Recommendation
from .schema import front_matter
from .sources import Source
from .values import Heading, Quarter, Reference, Year

if TYPE_CHECKING:
    from .markdown_reading import MarkdownSettings
    from .markdown_text import LinkTarget, RelativeLink


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

    @functools.cached_property
    def prose(self) -> str:
        """The body with code blanked (same lines): what checks and links read."""
        from .markdown_text import prose_view

        return prose_view(self.source.body)

    @functools.cached_property
    def links(self) -> tuple[RelativeLink, ...]:
        """The body's relative links, to files of the project. Read once: `check` follows
        them, and an item's attachments are the files they lead to (0.16 s at 5,000 items)."""
        from .markdown_text import relative_links

        return tuple(relative_links(self.prose, self._link_targets))

    @property
    def same_page_links(self) -> list[tuple[int, str]]:
        """(start, fragment) of each link to a place on this page."""
        from .markdown_text import same_page_links

        return same_page_links(self._link_targets)

    @property
    def root_links(self) -> list[tuple[int, str]]:
        """(start, target) of each link written from the web server's root (`/x/`)."""
        return [(start, target) for start, _, target in self._link_targets
                if target.startswith("/") and not target.startswith("//")]

    @functools.cached_property
    def _link_targets(self) -> list[LinkTarget]:
        from .markdown_text import link_targets

        return link_targets(self.prose)


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
    title: str = front_matter(rules.plain_text, required=True,
                              example="title: Safer sleep for babies")
    published: date = front_matter(rules.iso_date, required=True,
                                   example="published: 2024-03-31")
    status: str = front_matter(rules.choice("draft", "published"), default="published")
    #: False when its front matter has errors: it is still checked and can be cited, so
    #: one round of `check` shows every problem, but it is never published.
    usable: bool = True
    #: Whether `status` and `published` were read: only then is "draft" or "embargoed" known.
    publication_known: bool = True

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    def will_not_publish(self, as_of: date) -> bool:
        """True if it is clearly a draft or embargoed as of `as_of`, errors or not."""
        return self.publication_known and (self.is_draft or self.published > as_of)

    def section_label(self, section: str) -> str | None:
        """The label of a section of this item, or None if it has no such section."""
        label = self.anchors.get(section)
        return None if label is None else label or section


@dataclass(kw_only=True, eq=False)
class LearningItem(Item):
    """What briefings and reviews share: they are listed, themed, cited and fed."""

    summary: str = front_matter(rules.summary_text, required=True,
                                example="summary: One or two plain sentences.")
    themes: list[str] = front_matter(rules.vocabulary_list("themes", "theme", minimum=1),
                                     required=True, example="themes: [neglect]")
    audience: list[str] = front_matter(rules.vocabulary_list("audiences", "audience"),
                                       default_factory=list)
    guidance: list[Reference] = front_matter(rules.reference_list, default_factory=list)
    updated: date | None = front_matter(rules.iso_date, default=None)
    #: Ids it had before it was renamed: their addresses redirect here, `[[old-id]]` works.
    aliases: list[str] = front_matter(rules.id_list, default_factory=list)


@dataclass(kw_only=True, eq=False)
class Briefing(LearningItem):
    kind: ClassVar[str] = "briefing"
    plural: ClassVar[str] = "briefings"
    reviews: list[Reference] = front_matter(rules.reference_list, default_factory=list)
    format: str | None = front_matter(rules.choice("seven-minute"), default=None)


@dataclass(kw_only=True, eq=False)
class Review(LearningItem):
    kind: ClassVar[str] = "review"
    plural: ClassVar[str] = "reviews"
    review_type: str = front_matter(rules.vocabulary_choice("review_types", "review type"),
                                    required=True, example="review_type: lcspr")
    subject: str | None = front_matter(rules.plain_text, default=None)
    agencies: list[str] = front_matter(rules.text_list, default_factory=list)
    #: The full report's path as written, relative to the review's file.
    report: str | None = front_matter(rules.plain_text, default=None)
    url_elsewhere: str | None = front_matter(rules.web_address, key="url", default=None)
    # The review record (review_record.py): bands and years only, never exact ages or dates
    # of birth.
    child_age: list[str] = front_matter(record.child_ages, default_factory=list)
    child_sex: list[str] = front_matter(record.child_sexes, default_factory=list)
    outcome: str | None = front_matter(record.outcome, default=None)
    incident_year: int | None = front_matter(record.year_number, default=None)
    commissioned: date | None = front_matter(rules.iso_date, default=None)
    completed: date | None = front_matter(rules.iso_date, default=None)
    recommendations: list[Recommendation] = front_matter(record.recommendations,
                                                         default_factory=list)

    @property
    def report_file(self) -> Path | None:
        """The full report, if the review has one beside it."""
        if not self.report:
            return None
        return (self.source.path.parent / self.report).resolve()


#: The kinds of audit a partnership publishes, with how a page says them.
AUDIT_TYPES = {
    "section-11": "Section 11 audit",
    "multi-agency-case-file": "Multi-agency case file audit",
    "themed-deep-dive": "Themed deep dive",
    "single-agency": "Single-agency audit",
}


@dataclass(kw_only=True, eq=False)
class Audit(LearningItem):
    """An audit summary: listed, themed, searched and fed exactly as briefings are."""

    kind: ClassVar[str] = "audit"
    plural: ClassVar[str] = "audits"
    audit_type: str = front_matter(rules.choice(*AUDIT_TYPES), required=True,
                                   example="audit_type: multi-agency-case-file")
    #: The quarter audited.
    period: Quarter | None = front_matter(rules.quarter, default=None)
    agencies: list[str] = front_matter(rules.text_list, default_factory=list)
    reviews: list[Reference] = front_matter(rules.reference_list, default_factory=list)


@dataclass(kw_only=True, eq=False)
class Guidance(Item):
    kind: ClassVar[str] = "guidance"
    plural: ClassVar[str] = "guidance"
    publisher: str = front_matter(rules.plain_text, required=True,
                                  example="publisher: Department for Education")
    published: date = front_matter(rules.date_or_year, required=True, example="published: 2015")
    source_url: str | None = front_matter(rules.web_address, key="url", default=None)
    superseded_by: Reference | None = front_matter(rules.single_reference, default=None)
    sections: dict[str, str] = front_matter(rules.section_map, default_factory=dict)
    aliases: list[str] = front_matter(rules.text_list, default_factory=list)
    summary: str = front_matter(rules.summary_text, default="")
    status: str = "published"  # guidance is never a draft

    @property
    def year_only(self) -> bool:
        """True when only a year was given: shown as "2015", not "1 January 2015"."""
        return isinstance(self.published, Year)

    def section_label(self, section: str) -> str | None:
        return self.sections.get(section) or super().section_label(section)


ITEM_KINDS: tuple[type[Item], ...] = (Briefing, Review, Audit, Guidance)


def front_matter_references(item: Item) -> list[Reference]:
    """Every reference an item makes in its front matter."""
    refs: list[Reference] = list(getattr(item, "guidance", []))
    refs += getattr(item, "reviews", [])
    if isinstance(item, Guidance) and item.superseded_by:
        refs.append(item.superseded_by)
    return refs
