"""The generated pages of the public site: listings, the theme pages, search."""

from __future__ import annotations

from dataclasses import dataclass

from .view import ThemeListing


@dataclass(frozen=True)
class Listing:
    """A page whose body the site writes: what it lists and with which template."""

    name: str
    src_uri: str
    title: str
    theme: str | None = None

    @property
    def template(self) -> str:
        return "safeguarding/theme.html" if self.theme else f"safeguarding/{self.name}-list.html"


LISTINGS: list[Listing] = [
    Listing("briefings", "briefings/index.md", "Learning briefings"),
    Listing("reviews", "reviews/index.md", "Case reviews"),
    Listing("audits", "audits/index.md", "Audits"),
    Listing("dashboard", "dashboard/index.md", "Learning and improvement dashboard"),
    Listing("guidance", "guidance/index.md", "Guidance"),
    Listing("themes", "themes/index.md", "Themes"),
    Listing("search", "search/index.md", "Search"),
    Listing("feeds", "feeds/index.md", "Follow new learning with a feed"),
]


def theme_listing_src_uri(theme_id: str) -> str:
    return f"themes/{theme_id}.md"


def listing_for(theme: ThemeListing) -> Listing:
    return Listing("theme", theme_listing_src_uri(theme.id), theme.label, theme.id)
