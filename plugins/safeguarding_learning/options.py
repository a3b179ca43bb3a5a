"""The plugin's options in mkdocs.yml, declared once with MkDocs' typed config options.

MkDocs validates them when it loads the config, for `check` as for `mkdocs build`, and
the core's `SiteSettings` is made from the validated values.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import fields
from datetime import date

from mkdocs.config import base
from mkdocs.config import config_options as c

from .core.ids import is_valid_id
from .core.schema import is_web_address
from .core.settings import (
    DEFAULT_AUDIENCES,
    DEFAULT_REVIEW_TYPES,
    DEFAULT_SEVEN_MINUTE_SECTIONS,
    DEFAULT_THEMES,
    SiteSettings,
)


class Vocabulary(c.DictOfItems):
    """Ids (lower-case letters, digits, hyphens) mapped to labels; a plain list of ids is
    accepted, each labelled from its id."""

    def __init__(self, default: dict[str, str], required: bool = True,
                 example: str = "neglect: Neglect") -> None:
        super().__init__(c.Type(str), default=dict(default))
        self.must_have_entries = required
        self.example = example

    def run_validation(self, value: object) -> dict[str, str]:
        if isinstance(value, list):
            value = {str(v): _label(str(v)) for v in value}
        if not value and self.must_have_entries:
            raise base.ValidationError(f"map each id to its label, e.g. {self.example}")
        if isinstance(value, dict):
            problems = [f"'{key}' is not a valid id (lower-case letters, digits, hyphens)"
                        for key in value if not is_valid_id(str(key))]
            problems += [f"'{key}' needs its label as text, e.g. {key}: {_label(str(key))}"
                         for key, label in value.items() if not isinstance(label, str)
                         or not label.strip()]
            problems += [f"the label of '{key}' holds a control character "
                         f"({_CONTROL.search(label)[0]!r}): write it on one line, as text"
                         for key, label in value.items()
                         if isinstance(label, str) and _CONTROL.search(label)]
            if problems:
                raise base.ValidationError("; ".join(problems))
            # A label is one line: a line break in one split a row of the dashboard's CSV.
            value = {key: " ".join(label.split()) for key, label in value.items()}
        return super().run_validation(value)


#: Characters no label shows: a carriage return, an escape code, a bell (tab and line
#: breaks written in YAML are spaces in a label).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _label(key: str) -> str:
    """A label made from an id: `domestic-abuse` -> `Domestic abuse`."""
    return key.replace("-", " ").capitalize()


class WebAddress(c.Type):
    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        address = super().run_validation(value).strip()
        scheme, separator, rest = address.partition("://")
        address = scheme.lower() + separator + rest  # HTTPS:// is https://
        if not is_web_address(address):  # `https://` alone: the exit button went nowhere
            raise base.ValidationError("must be a full web address a browser can open, "
                                       "starting https://, e.g. https://www.bbc.co.uk/weather")
        return address


class Text(c.Type):
    """Text, also when YAML read it as a number (a phone number, say)."""

    def __init__(self) -> None:
        super().__init__((str, int))

    def run_validation(self, value: object) -> str:
        return " ".join(str(super().run_validation(value)).split())


class Count(c.Type):
    """A whole number of at least 1."""

    def __init__(self, default: int) -> None:
        super().__init__(int, default=default)

    def run_validation(self, value: object) -> int:
        number = super().run_validation(value)
        if isinstance(number, bool) or number < 1:
            raise base.ValidationError("must be a whole number, at least 1")
        return number


class AsOf(c.BaseConfigOption[date | None]):
    """A date written YYYY-MM-DD (YAML may already have read it as a date)."""

    default = None

    def run_validation(self, value: object) -> date | None:
        if value is None or isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise base.ValidationError(f"'{value}' is not a date written YYYY-MM-DD") from None


class PluginOptions(base.Config):
    """Options under `safeguarding-learning:` in mkdocs.yml; each has a working default."""

    briefings_dir = c.Type(str, default="briefings")
    """Folder of briefings, relative to mkdocs.yml."""
    reviews_dir = c.Type(str, default="reviews")
    """Folder of review summaries, relative to mkdocs.yml."""
    themes = Vocabulary(DEFAULT_THEMES)
    """The controlled vocabulary of themes: id -> label."""
    audiences = Vocabulary(DEFAULT_AUDIENCES, example="professionals: Professionals")
    """Audience ids -> labels."""
    review_types = Vocabulary(DEFAULT_REVIEW_TYPES, example="lcspr: Local child safeguarding "
                              "practice review")
    """Review type ids -> labels."""
    seven_minute_sections = c.ListOfItems(Text(), default=list(DEFAULT_SEVEN_MINUTE_SECTIONS))
    """The level-2 headings of a seven-minute briefing, in order."""
    personal_data_allowlist = c.ListOfItems(Text(), default=[])
    """Public contact details (emails, phone numbers) the site may show."""
    exit_this_page = c.Optional(WebAddress())
    """Address the "Exit this page" button goes to; no button when unset."""
    concern_contact = c.Optional(Text())
    """Markdown shown at the end of every item and on the home page (who to call when
    worried about a child); nothing when unset."""
    audits_dir = c.Type(str, default="audits")
    """Folder of audit summaries, relative to mkdocs.yml."""
    dashboard_dir = c.Type(str, default="dashboard")
    """Folder of the dashboard's measures (one .yml file each), relative to mkdocs.yml."""
    agencies = Vocabulary({}, required=False, example="police: Police")
    """Agencies that review recommendations may name: id -> label (optional)."""
    as_of = AsOf()
    """Judge embargoes as of this date (default: the day of the build)."""
    preview = c.Type(bool, default=False)
    """Include drafts and embargoed items, with a banner (`serve` always does)."""
    search_pages_per_part = Count(2000)
    """A larger site's search index is built in parts of this many pages, one after
    another, and merged in the browser: Pagefind takes about 650 MiB for 2,000 pages."""

    def validate(self) -> tuple[list, list]:
        """As MkDocs validates, but an unknown option is an error, not a warning: a
        misspelt `themes` would otherwise pass silently and the defaults apply."""
        failed, warnings = super().validate()
        known = sorted(name for name, _ in self._schema)
        for name in sorted(set(self.keys()) - set(known)):
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            failed.append((name, base.ValidationError(f"unknown option '{name}'{hint}")))
        warnings = [(key, w) for key, w in warnings if key in known]
        return failed, warnings


def site_settings(options: PluginOptions) -> SiteSettings:
    """The core's settings, from validated options (the same names)."""
    return SiteSettings(**{field.name: options[field.name] for field in fields(SiteSettings)})
