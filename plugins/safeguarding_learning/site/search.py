"""The search page's facets: which filters exist, their values (as in the address) and labels.

The index itself is built by Pagefind from the built pages; templates mark what it indexes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..core import Document, Item
from ..core.review_record import AGE_BANDS, OUTCOMES, SEXES
from .formatting import type_label
from .view import SiteView

TYPE_LABELS = {
    "briefing": "Learning briefing",
    "review": "Case review",
    "audit": "Audit",
    "guidance": "Guidance",
    "page": "Page",
}


@dataclass(frozen=True)
class Facet:
    name: str  # the address parameter: ?type=review
    label: str
    options: list[tuple[str, str]]  # (value, label)


class SearchFacets:
    def __init__(self, view: SiteView) -> None:
        self.view = view

    def type_label(self, document: Document) -> str:
        """As a search result says it: the filter's label, a seven-minute briefing named."""
        if document.kind == "review":
            return TYPE_LABELS["review"]
        return type_label(document, {})

    def facets(self) -> list[Facet]:
        settings = self.view.corpus.project.settings
        items: list[Item] = self.view.all_items()
        years = sorted({i.published.year for i in items}, reverse=True)
        return [
            Facet("type", "Type", list(TYPE_LABELS.items())),
            Facet("theme", "Theme", sorted(settings.themes.items(), key=lambda t: t[1].lower())),
            Facet("year", "Year", [(str(y), str(y)) for y in years]),
            Facet("audience", "Audience", list(settings.audiences.items())),
            Facet("child_age", "Child's age", list(AGE_BANDS.items())),
            Facet("child_sex", "Child's sex", list(SEXES.items())),
            Facet("outcome", "Outcome", list(OUTCOMES.items())),
        ]

    def labels_json(self) -> str:
        """Value -> label for each facet, for the page's script (safe inside <script>)."""
        labels = {f.name: dict(f.options) for f in self.facets()}
        return json.dumps(labels, sort_keys=True).replace("<", "\\u003c")
