"""Front-matter rules: the parsers a kind's fields are declared with, and their use.

Each field has a parser that turns a located YAML value into a typed value, reporting
problems (with the exact line) through the `Report` it is given. A kind declares its
fields once, in `model`, with `front_matter(parser, ...)`; `rules_for(kind)` reads the
declaration back for `parse_front_matter`.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from .diagnostics import DIRECTION_CONTROLS, Diagnostic, error, excerpt, with_article
from .settings import SiteSettings
from .sources import Field
from .values import Quarter, Reference, Year

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SUMMARY_LIMIT = 300


class Report:
    """Collects the problems of one file."""

    def __init__(self, rel: str, settings: SiteSettings) -> None:
        self.rel = rel
        self.settings = settings
        self.diagnostics: list[Diagnostic] = []

    def error(self, line: int, message: str, hint: str = "") -> None:
        self.diagnostics.append(error(self.rel, line, message, hint))


Parser = Callable[[Field, Report], Any]


@dataclass(frozen=True)
class FieldRule:
    parse: Parser
    required: bool = False
    #: What to write, for the "missing" message.
    example: str = ""


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _quote(value: Any) -> str:
    """An author's value, as much of it as a message should quote: a list as YAML writes
    it (`[died]`), not as Python prints it (`['died']`)."""
    if isinstance(value, list):
        text = "[" + ", ".join(map(str, value)) + "]"
    else:
        text = value if isinstance(value, str) else str(value)
    # Cut a long value before `excerpt` tidies its spaces: only its start is shown.
    return excerpt(text if len(text) <= 1000 else text[:1000] + "…")


# --- parsers -----------------------------------------------------------------


def plain_text(field: Field, report: Report) -> str | None:
    value = field.value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, bool):  # `on`, `off`, `yes`, `no` unquoted
        report.error(field.line, f"'{field.name}' was read as {str(value).lower()}: YAML "
                     "reads yes, no, on, off, true and false so",
                     f"put the text in quotes, e.g. {field.name}: 'Yes'")
        return None
    if isinstance(value, (list, dict)):
        shape = "a list" if isinstance(value, list) else "a set of 'key: value' lines"
        report.error(field.line, f"'{field.name}' must be one piece of text, not {shape}",
                     f"write it on one line, e.g. {field.name}: ... (in quotes if it starts "
                     "with [ or {)")
        return None
    if not isinstance(value, str) or not _visible(value):
        report.error(field.line, f"'{field.name}' must be some text", f"e.g. {field.name}: ...")
        return None
    control = _CONTROL.search(value)
    if control:
        report.error(field.line, f"'{field.name}' holds an invisible control character "
                     f"(U+{ord(control[0]):04X})", "delete the text around it and type it again")
        return None
    override = _DIRECTION.search(value)
    if override:
        report.error(field.line, f"'{field.name}' holds an invisible character that reverses "
                     f"the text around it (U+{ord(override[0]):04X}), in listings, links and "
                     "the browser's tab too", "delete the text around it and type it again")
        return None
    return " ".join(value.split())


#: Characters no text shows (C0 controls but tab and line breaks, DEL, U+FFFE, U+FFFF):
#: one makes a feed unreadable, as XML cannot hold it.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
#: Bidirectional embeddings, overrides and isolates: in a title, one reverses the text
#: after it on every page that names the item (the marks U+200E and U+200F, which right-
#: to-left writing uses, stay allowed).
_DIRECTION = re.compile(f"[{DIRECTION_CONTROLS}]")


def _visible(text: str) -> bool:
    """Whether any character of `text` shows: not only spaces, zero-width characters or
    controls."""
    return any(unicodedata.category(char)[0] not in "ZC" for char in text)


def summary_text(field: Field, report: Report) -> str | None:
    text = plain_text(field, report)
    # Counted as readers see characters: 'é' typed as e and an accent is one, not two.
    length = len(unicodedata.normalize("NFC", text)) if text is not None else 0
    if length > SUMMARY_LIMIT:
        report.error(
            field.line,
            f"'summary' is {length} characters long; the limit is {SUMMARY_LIMIT}",
            "shorten it to one or two sentences; put the detail in the body",
        )
    return text


def parse_iso_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def iso_date(field: Field, report: Report) -> date | None:
    parsed = parse_iso_date(field.value)
    if parsed is None:
        report.error(
            field.line,
            f"'{field.name}' must be a real date written YYYY-MM-DD, not '{_quote(field.value)}'",
            f"e.g. {field.name}: 2024-03-31",
        )
    return parsed


def date_or_year(field: Field, report: Report) -> date | None:
    value = field.value
    if isinstance(value, int) and not isinstance(value, bool) and 1800 <= value <= 2200:
        return Year(value, 1, 1)
    if isinstance(value, str) and re.fullmatch(r"\d{4}", value.strip()):
        return Year(int(value), 1, 1)
    parsed = parse_iso_date(value)
    if parsed is None:
        report.error(
            field.line,
            f"'{field.name}' must be a date (YYYY-MM-DD) or a year (YYYY), not '{_quote(value)}'",
        )
        return None
    return parsed


def text_list(field: Field, report: Report) -> list[str]:
    values = field.value if isinstance(field.value, list) else [field.value]
    result = []
    for index, value in enumerate(values):
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            result.append(str(value).strip())
        else:
            report.error(field.line_of(index), f"'{field.name}' entries must be text")
    return result


def id_list(field: Field, report: Report) -> list[str]:
    """Ids, such as the old names of a renamed item."""
    from .ids import is_valid_id, suggest_id

    result = []
    for index, value in enumerate(text_list(field, report)):
        if is_valid_id(value):
            result.append(value)
        else:
            report.error(field.line_of(index), f"'{_quote(value)}' is not an id",
                         f"an id is a file name without .md, e.g. '{suggest_id(value)}'")
    return result


def vocabulary_list(setting: str, noun: str, minimum: int = 0) -> Parser:
    """A list of ids that must come from one of the site's vocabularies."""

    def parse(field: Field, report: Report) -> list[str]:
        vocabulary: dict[str, str] = getattr(report.settings, setting)
        values = text_list(field, report)
        if len(values) < minimum:
            report.error(field.line, f"'{field.name}' needs at least {minimum} entry")
        for index, value in enumerate(values):
            if value not in vocabulary:
                parts = [part.strip() for part in value.split(",")]
                hint = (f"write a list in brackets: {field.name}: [{', '.join(parts)}]"
                        if len(parts) > 1 and all(part in vocabulary for part in parts)
                        else did_you_mean(value, list(vocabulary)) or (
                            f"use one of: {', '.join(sorted(vocabulary))}, "
                            f"or add it to '{setting}' in mkdocs.yml"))
                report.error(field.line_of(index), f"unknown {noun} '{_quote(value)}'", hint)
        return [v for v in values if v in vocabulary]

    return parse


def vocabulary_choice(setting: str, noun: str) -> Parser:
    def parse(field: Field, report: Report) -> str | None:
        vocabulary: dict[str, str] = getattr(report.settings, setting)
        value = plain_text(field, report)
        if value is not None and value not in vocabulary:
            hint = did_you_mean(value, list(vocabulary)) or f"use one of: {', '.join(vocabulary)}"
            report.error(field.line, f"unknown {noun} '{_quote(value)}'", hint)
            return None
        return value

    return parse


def choice(*allowed: str) -> Parser:
    def parse(field: Field, report: Report) -> str | None:
        value = plain_text(field, report)
        if value is not None and value not in allowed:
            hint = did_you_mean(value, allowed) or f"use one of: {', '.join(allowed)}"
            report.error(field.line, f"'{field.name}' cannot be '{_quote(value)}'", hint)
            return None
        return value

    return parse


def reference_list(field: Field, report: Report) -> list[Reference]:
    """Ids, each optionally with a section: `working-together-2015#chapter-4`."""
    refs = []
    for index, value in enumerate(text_list(field, report)):
        parsed = _id_and_section(value)
        if parsed is None:
            report.error(field.line_of(index), f"'{_quote(value)}' is not an id or id#section")
            continue
        refs.append(Reference(*parsed, None, field.line_of(index), value))
    return refs


def _id_and_section(value: str) -> tuple[str, str | None] | None:
    """`working-together-2015#chapter-4` -> (id, section); None if it is neither form."""
    if "|" in value:
        return None
    head, hash_sign, section = value.partition("#")
    target, section = head.strip(), section.strip()
    if not target or (hash_sign and not section):
        return None
    return target, section or None


def single_reference(field: Field, report: Report) -> Reference | None:
    value = plain_text(field, report)
    if value is None:
        return None
    return Reference(value, None, None, field.line, value)


def is_web_address(value: str) -> bool:
    """http(s)://, a host with a dot in it, something after the dot, no spaces, and an
    address a browser can open (`https://[bad` is not one)."""
    scheme, separator, rest = value.partition("://")
    if scheme not in ("http", "https") or not separator or any(c.isspace() for c in rest):
        return False
    try:
        host = urlsplit(value).hostname or ""
    except ValueError:
        return False
    dot = host.find(".", 1)
    return dot != -1 and dot + 1 < len(host)


def web_address(field: Field, report: Report) -> str | None:
    value = plain_text(field, report)
    if value is not None and not is_web_address(value):
        report.error(field.line, f"'{field.name}' must be a full web address starting https://")
        return None
    return value


def section_map(field: Field, report: Report) -> dict[str, str]:
    from .ids import is_valid_id

    if not isinstance(field.value, dict):
        report.error(field.line, "'sections' must map each section id to its label",
                     "e.g. chapter-4: 'Chapter 4: Learning and improvement'")
        return {}
    sections = {}
    for index, (key, label) in enumerate(field.value.items()):
        key = str(key)
        if not is_valid_id(key):
            report.error(field.line_of(index), f"section id '{_quote(key)}' must use lower-case "
                         "letters, digits and hyphens only")
            continue
        if isinstance(label, (list, dict)):
            report.error(field.line_of(index), f"section '{key}' must have plain text as its "
                         "label: links to it show it", f"e.g. {key}: 'Learning and "
                         "improvement'")
            continue
        sections[key] = str(label) if label is not None and str(label).strip() else key
    return sections


def quarter(field: Field, report: Report) -> Quarter | None:
    """A calendar quarter written 2025-Q2."""
    parsed = Quarter.parse(str(field.value))
    if parsed is None:
        report.error(field.line, f"'{field.name}' must be a quarter such as 2025-Q2, not "
                     f"'{_quote(field.value)}'", "write the year, a hyphen, then Q1 to Q4")
    return parsed


def any_value(field: Field, report: Report) -> Any:
    return field.value


# --- declaring a kind's fields -------------------------------------------------------


def front_matter(parse: Parser, *, required: bool = False, example: str = "",
                 key: str | None = None, **default: Any) -> Any:
    """A dataclass field read from the front-matter key `key` (default: the field's name).

    A required field has no default; an optional one gives `default=` or
    `default_factory=`, used when the key is absent or empty.
    """
    metadata = {"rule": FieldRule(parse, required, example), "key": key}
    return dataclasses.field(metadata=metadata, **default)


def rules_for(kind: type) -> dict[str, tuple[str, FieldRule]]:
    """Front-matter key -> (field name, rule), from a kind's declaration."""
    found = {}
    for declared in dataclasses.fields(kind):
        rule = declared.metadata.get("rule")
        if rule is not None:
            found[declared.metadata.get("key") or declared.name] = (declared.name, rule)
    return found


def parse_front_matter(
    fields: dict[str, Field], kind: type, report: Report
) -> dict[str, Any]:
    """Read the front matter of an item of `kind`: field name -> value.

    Unknown and missing keys are errors; an absent or empty optional key is left out
    (the field's default applies).
    """
    declared = rules_for(kind)
    rules = {key: rule for key, (_, rule) in declared.items()}
    values: dict[str, Any] = {}
    for name, found in fields.items():
        rule = rules.get(name)
        if rule is None:
            hint = did_you_mean(name, list(rules)) or \
                f"{with_article(kind.kind)} may have: {', '.join(rules)}"
            report.error(found.line, f"unknown front-matter key '{_quote(name)}'", hint)
            continue
        if found.value is None:
            if rule.required:
                report.error(found.line, f"'{name}' is empty", rule.example)
            continue
        values[declared[name][0]] = rule.parse(found, report)
    for name, rule in rules.items():
        if rule.required and name not in fields:
            report.error(1, f"required front-matter key '{name}' is missing",
                         f"add a line such as '{rule.example}'")
    return values
