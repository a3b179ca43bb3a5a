"""What a build shows: the corpus seen as of a date, with or without unpublished items."""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass
from datetime import date

from ..core import Audit, Briefing, Corpus, Document, Guidance, Item, Page, Review
from ..core.corpus import newest_first
from ..core.publication import is_public, publication_state
from ..core.references import Citation

LATEST_ON_HOME = 5
RELATED_LIMIT = 5


@dataclass(frozen=True)
class ThemeListing:
    id: str
    label: str
    items: list[Item]


@dataclass(frozen=True)
class CitationGroup:
    """The documents citing one section of a guidance entry (section None: the whole)."""

    section: str | None
    label: str | None
    documents: list[Document]


class SiteView:
    """The corpus as one build shows it; every visibility question is answered here."""

    def __init__(self, corpus: Corpus, as_of: date, preview: bool = False) -> None:
        self.corpus = corpus
        self.as_of = as_of
        self.preview = preview
        self._items: dict[type[Item], list[Item]] = {}
        self._learning: list[Item] | None = None
        self._theme_bits: dict[str, int] = {}
        self._by_mask: dict[int, list[Item]] | None = None
        self._related: dict[int, list[Item]] = {}
        self._themes: list[ThemeListing] | None = None
        self._updated_first: list[Item] | None = None

    # --- visibility: is_public is the one rule; preview only adds a banner --------
    def visible(self, document: Document) -> bool:
        if isinstance(document, Item) and not document.usable:
            return False  # its front matter has errors: not even a preview shows it
        return self.preview or is_public(document, self.as_of)

    def state(self, document: Document) -> str:
        return publication_state(document, self.as_of)

    def items(self, kind: type[Item]) -> list[Item]:
        """Visible items of a kind, newest first (worked out once per build)."""
        found = self._items.get(kind)
        if found is None:
            if not self.preview:
                found = self.corpus.public(kind, self.as_of)
            else:
                found = sorted((i for i in self.corpus.of_kind(kind) if i.usable),
                               key=newest_first)
            self._items[kind] = found
        return list(found)

    def all_items(self) -> list[Item]:
        return [i for kind in (Briefing, Review, Audit, Guidance) for i in self.items(kind)]

    def learning(self) -> list[Item]:
        """What is listed, themed and fed: briefings, reviews and audits, newest first."""
        if self._learning is None:
            self._learning = sorted(self.items(Briefing) + self.items(Review)
                                    + self.items(Audit), key=newest_first)
        return list(self._learning)

    def updated_first(self) -> list[Item]:
        """`learning()`, the latest updated first (what feeds show), worked out once."""
        if self._updated_first is None:
            self._updated_first = sorted(self.learning(), key=lambda i: (
                -(i.updated or i.published).toordinal(), i.title.lower()))
        return list(self._updated_first)

    def last_changed(self, document: Document | None) -> date:
        """When a page last changed, for the sitemap: an item's update or publication
        date; any other page, the latest of those (what its lists show), or the build's
        date when there are none. Never the day of the build: a daily rebuild would
        claim every page changed, and two builds would differ."""
        if isinstance(document, Item):
            return getattr(document, "updated", None) or document.published
        learning = self.updated_first()
        return (learning[0].updated or learning[0].published) if learning else self.as_of

    def latest(self, kind: type[Item], count: int = LATEST_ON_HOME) -> list[Item]:
        return self.items(kind)[:count]

    def guidance(self) -> list[Item]:
        """Guidance, alphabetical: a register, not a news list."""
        return sorted(self.items(Guidance), key=lambda g: g.title.lower())

    # --- themes ------------------------------------------------------------------
    def themes(self) -> list[ThemeListing]:
        """Every theme in the vocabulary with its visible briefings and reviews (worked
        out once per build: the listings, feeds, files and summaries all ask)."""
        if self._themes is None:
            listed = self.learning()
            self._themes = [
                ThemeListing(theme, label, [i for i in listed if theme in i.themes])
                for theme, label in self.corpus.project.settings.themes.items()
            ]
        return list(self._themes)

    def theme_label(self, theme: str) -> str:
        return self.corpus.project.settings.themes.get(theme, theme)

    # --- the reference graph, seen through visibility --------------------------------
    def resolve(self, reference) -> Item | None:
        """The visible item a reference points at; None if missing or not visible."""
        target = self.corpus.index.resolve(reference)
        return target if target is not None and self.visible(target) else None

    def citations(self, item: Item) -> list[Citation]:
        return [c for c in self.corpus.incoming.get(item.id, []) if self.visible(c.source)]

    def cited_by(self, guidance: Guidance) -> list[CitationGroup]:
        """Who cites a guidance entry: the whole first, then each section in order."""
        groups: dict[str | None, list[Document]] = {}
        for citation in self.citations(guidance):
            section = citation.section if guidance.section_label(citation.section or "") else None
            bucket = groups.setdefault(section, [])
            if citation.source not in bucket:
                bucket.append(citation.source)
        order = [None] + list(guidance.sections) + [h.anchor for h in guidance.headings]
        result = []
        for section in dict.fromkeys(order):
            if section in groups:
                docs = sorted(groups[section], key=newest_first)
                label = guidance.section_label(section) if section else None
                result.append(CitationGroup(section, label, docs))
        return result

    def drawn_on_by(self, review: Review) -> list[Briefing]:
        """Briefings that draw learning from a review."""
        found = [c.source for c in self.citations(review) if isinstance(c.source, Briefing)]
        return sorted(dict.fromkeys(found), key=newest_first)

    def related_learning(self, item: Item, limit: int = RELATED_LIMIT) -> list[Item]:
        """Visible briefings, reviews and audits sharing the item's themes: most shared
        first, then newest; at most `limit`.

        Every item page asks, so the answer is worked out once per set of themes, over
        the sets of themes items have (a few hundred), not over every item: comparing
        each item with every other made a 5,000-item build quadratic.
        """
        mask = self._theme_mask(getattr(item, "themes", []))
        if not mask:
            return []
        found = self._related.get(mask)
        if found is None:
            found = self._related[mask] = self._sharing(mask, limit + 1)
        return [other for other in found if other is not item][:limit]

    def _theme_mask(self, themes: list[str]) -> int:
        bits = self._theme_bits
        if not bits:
            bits.update((theme, 1 << n) for n, theme in
                        enumerate(self.corpus.project.settings.themes))
        mask = 0
        for theme in themes:
            mask |= bits.get(theme, 0)
        return mask

    def _sharing(self, mask: int, count: int) -> list[Item]:
        """The first `count` items by (themes shared with `mask`, newest)."""
        if self._by_mask is None:
            self._by_mask = {}
            for other in self.learning():  # newest first, so each list is too
                self._by_mask.setdefault(self._theme_mask(other.themes), []).append(other)
        shared = sorted(((mask & other).bit_count(), other) for other in self._by_mask
                        if mask & other)
        found: list[Item] = []
        for _, group in itertools.groupby(reversed(shared), key=lambda pair: pair[0]):
            lists = [self._by_mask[other] for _, other in group]
            found += itertools.islice(heapq.merge(*lists, key=newest_first), count - len(found))
            if len(found) >= count:
                break
        return found

    def reviews_by_year(self) -> list[tuple[int, list[Item]]]:
        """Visible reviews grouped by year of publication, newest year first."""
        groups: dict[int, list[Item]] = {}
        for review in self.items(Review):
            groups.setdefault(review.published.year, []).append(review)
        return sorted(groups.items(), reverse=True)

    def audits_drawing_on(self, review: Review) -> list[Audit]:
        """Audits that follow up a review's learning (their `reviews` key or a reference)."""
        found = [c.source for c in self.citations(review) if isinstance(c.source, Audit)]
        return sorted(dict.fromkeys(found), key=newest_first)

    def related_reviews(self, briefing: Briefing) -> list[Item]:
        return [t for t in (self.resolve(r) for r in briefing.reviews) if t is not None]

    def cited_guidance(self, item: Item) -> list[tuple[Item, str | None, str | None]]:
        """(guidance, section, section label) for each guidance the front matter cites."""
        result = []
        for reference in getattr(item, "guidance", []):
            target = self.resolve(reference)
            if target is not None:
                label = target.section_label(reference.section) if reference.section else None
                result.append((target, reference.section, label))
        return result

    def successor(self, guidance: Guidance) -> Item | None:
        """What replaced `guidance`, if readers can see it: a successor not yet published
        does not make it superseded (saying so would tell of it)."""
        if guidance.superseded_by is None:
            return None
        return self.resolve(guidance.superseded_by)

    def superseded_citations(self, document: Document) -> list[tuple[Item, Item]]:
        """(old, new) for each superseded guidance a document cites, anywhere in it."""
        references = list(getattr(document, "guidance", [])) + document.body_references
        found: list[tuple[Item, Item]] = []
        for reference in references:
            target = self.resolve(reference)
            if isinstance(target, Guidance) and target.superseded_by is not None:
                successor = self.successor(target)
                if successor is not None and (target, successor) not in found:
                    found.append((target, successor))
        return found

    @property
    def accessibility_page(self) -> Page | None:
        """The accessibility statement, linked from every page's footer."""
        for page in self.corpus.pages:
            if "accessibility" in page.src_uri.lower():
                return page
        return None

    def theme(self, theme_id: str) -> ThemeListing | None:
        return next((t for t in self.themes() if t.id == theme_id), None)
