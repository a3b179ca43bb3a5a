"""The site's own settings: the plugin options of SPEC, each with a built-in default."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from .ids import is_valid_id

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
    briefings_dir: str = "briefings"
    reviews_dir: str = "reviews"
    themes: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_THEMES))
    audiences: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_AUDIENCES))
    review_types: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_REVIEW_TYPES))
    seven_minute_sections: tuple[str, ...] = DEFAULT_SEVEN_MINUTE_SECTIONS
    personal_data_allowlist: tuple[str, ...] = ()
    exit_this_page: str | None = None

    @classmethod
    def from_options(cls, options: dict[str, Any] | None) -> SiteSettings:
        """Validate raw plugin options (as written in mkdocs.yml) into settings."""
        options = dict(options or {})
        known = {f for f in cls.__dataclass_fields__}
        # MkDocs adds these to every plugin's config; they are not ours to judge.
        options.pop("enabled", None)
        for name in options:
            if name not in known:
                close = difflib.get_close_matches(name, sorted(known), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                raise ConfigError(
                    f"unknown option '{name}' for the safeguarding-learning plugin{hint}"
                )
        values: dict[str, Any] = {}
        for name in ("briefings_dir", "reviews_dir"):
            if options.get(name) is not None:
                values[name] = _text(name, options[name])
        for name in ("themes", "audiences", "review_types"):
            if options.get(name) is not None:
                values[name] = _vocabulary(name, options[name])
        if options.get("seven_minute_sections") is not None:
            values["seven_minute_sections"] = tuple(
                _text_list("seven_minute_sections", options["seven_minute_sections"])
            )
        if options.get("personal_data_allowlist") is not None:
            values["personal_data_allowlist"] = tuple(
                _text_list("personal_data_allowlist", options["personal_data_allowlist"])
            )
        if options.get("exit_this_page"):
            address = _text("exit_this_page", options["exit_this_page"])
            if not address.startswith(("https://", "http://")):
                raise ConfigError(
                    "option 'exit_this_page' must be a full web address starting https://"
                )
            values["exit_this_page"] = address
        return cls(**values)


def _text(name: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"option '{name}' must be a non-empty text value")
    return value.strip()


def _text_list(name: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise ConfigError(f"option '{name}' must be a list of text values")
    return [str(v).strip() for v in value]


def _vocabulary(name: str, value: Any) -> dict[str, str]:
    if isinstance(value, list):  # a plain list of ids is accepted; labels from the ids
        value = {str(v): str(v).replace("-", " ").capitalize() for v in value}
    if not isinstance(value, dict) or not value:
        raise ConfigError(f"option '{name}' must map each id to its label, e.g. neglect: Neglect")
    vocabulary = {}
    for key, label in value.items():
        if not isinstance(key, str) or not is_valid_id(key):
            raise ConfigError(
                f"option '{name}': '{key}' is not a valid id (lower-case letters, digits, hyphens)"
            )
        vocabulary[key] = str(label)
    return vocabulary
