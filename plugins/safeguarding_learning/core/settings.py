"""The site's own settings: the plugin options of SPEC, each with a built-in default."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

DEFAULT_THEMES = {
    "neglect": "Neglect",
    "domestic-abuse": "Domestic abuse",
    "physical-abuse": "Physical abuse",
    "sexual-abuse": "Sexual abuse",
    "emotional-abuse": "Emotional abuse",
    "child-sexual-exploitation": "Child sexual exploitation",
    "criminal-exploitation": "Criminal exploitation",
    "online-safety": "Online safety",
    "mental-health": "Mental health",
    "substance-misuse": "Substance misuse",
    "safer-sleep": "Safer sleep",
    "information-sharing": "Information sharing",
    "multi-agency-working": "Multi-agency working",
}
DEFAULT_AUDIENCES = {
    "professionals": "Professionals",
    "volunteers": "Volunteers",
    "public": "Public",
}
DEFAULT_REVIEW_TYPES = {
    "scr": "Serious case review",
    "lcspr": "Local child safeguarding practice review",
    "rapid-review": "Rapid review",
    "national-review": "National review",
    "thematic-review": "Thematic review",
    "learning-review": "Learning review",
    "sar": "Safeguarding adults review",
    "dhr": "Domestic homicide review",
}
DEFAULT_SEVEN_MINUTE_SECTIONS = (
    "Background",
    "Why it matters",
    "Information",
    "Key learning",
    "Things to remember",
    "What to do",
    "Questions to consider",
)


class ConfigError(Exception):
    """A problem in mkdocs.yml or the plugin options: a usage error (exit 2)."""


@dataclass(frozen=True)
class SiteSettings:
    """The plugin options the core needs (declared, typed and validated in `options.py`)."""

    briefings_dir: str = "briefings"
    reviews_dir: str = "reviews"
    themes: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_THEMES))
    audiences: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_AUDIENCES))
    review_types: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_REVIEW_TYPES))
    seven_minute_sections: Sequence[str] = DEFAULT_SEVEN_MINUTE_SECTIONS
    personal_data_allowlist: Sequence[str] = ()
    exit_this_page: str | None = None
    #: Markdown shown at the end of every item and on the home page ("Worried about a child?").
    concern_contact: str | None = None
    audits_dir: str = "audits"
    dashboard_dir: str = "dashboard"
    #: Agencies recommendations may name: id -> label; empty means any text is accepted.
    agencies: dict[str, str] = field(default_factory=dict)
    #: Judge embargoes as of this date (the command line's --as-of wins; default today).
    as_of: date | None = None
    #: Show drafts and embargoed items, with a banner.
    preview: bool = False
