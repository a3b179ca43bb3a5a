"""Measures: the board's quarterly performance data, one YAML file each in `dashboard_dir`.

A measure is declared once, as the `Measure` dataclass: its keys are read by the same
front-matter rules as items (`schema`), and `read_measure` adds what depends on more than
one key (a percent between 0 and 100 needs the unit). The rest of this module says a
measure in words and as data (CSV, JSON) for the dashboard and its downloads.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import yaml

from . import schema as rules
from .checks import personal_data_in_yaml_values
from .diagnostics import Diagnostic, at_most, error
from .ids import is_valid_id, suggest_id
from .personal_data import normalise_allowlist, personal_data_errors
from .project import Project
from .read_cache import ReadCache, read_through
from .schema import Report, _quote, did_you_mean, front_matter
from .settings import SiteSettings
from .sources import Field, read_yaml_file
from .values import Quarter

UNITS = ("percent", "count", "days")
BETTER = ("higher", "lower")
MEASURE_SUFFIXES = (".yml", ".yaml")

#: How authors write a quarter when they mean one: 2025Q1, 2025 Q1, Q1 2025, Q1-2025.
_LOOSE_QUARTER = (re.compile(r"(\d{4})\s*[-/ ]?\s*[Qq]([1-4])"),
                  re.compile(r"[Qq]([1-4])\s*[-/ ]?\s*(\d{4})"))
_QUARTER_HINT = "write a quarter as YEAR-Q1 to YEAR-Q4, e.g. 2025-Q2"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# --- parsers for the keys whose rules are a measure's own -----------------------------


def _unit(found: Field, report: Report) -> str | None:
    value = rules.plain_text(found, report)
    if value is not None and value not in UNITS:
        hint = " ".join(filter(None, [did_you_mean(value, UNITS),
                                      f"use one of: {', '.join(UNITS)}"]))
        report.error(found.line, f"unknown unit '{_quote(value)}'", hint)
        return None
    return value


def _target(found: Field, report: Report) -> float | None:
    number = _as_number(found.value)
    if number is None:
        report.error(found.line, f"'target' must be a number, not '{_quote(found.value)}'",
                     _number_hint(found.value, "target: 85"))
    elif problem := _size_problem(number):
        report.error(found.line, f"'target' {problem[0]}", problem[1])
        return None
    return number


def _priority(found: Field, report: Report) -> str | None:
    value = rules.plain_text(found, report)
    themes = report.settings.themes
    if value is not None and value not in themes:
        hint = " ".join(filter(None, [
            did_you_mean(value, list(themes)),
            "a priority is one of the theme ids listed under 'themes' in mkdocs.yml"]))
        report.error(found.line, f"unknown theme '{_quote(value)}' in 'priority'", hint)
        return None
    return value


@dataclass(kw_only=True)
class Measure:
    """One measure: what is counted, and its value for each quarter."""

    kind: ClassVar[str] = "measure"
    id: str
    rel: str
    title: str = front_matter(rules.plain_text, required=True,
                              example="title: Re-referrals within 12 months")
    unit: str = front_matter(_unit, required=True, example="unit: percent")
    #: Oldest first. Read by `_quarterly_values`, which needs the unit as well.
    values: list[tuple[Quarter, float]] = front_matter(rules.any_value, required=True,
                                                       example="values: {2025-Q1: 87.5}")
    description: str = front_matter(rules.plain_text, default="")
    target: float | None = front_matter(_target, default=None)
    better: str | None = front_matter(rules.choice(*BETTER), default=None)
    #: A theme id: the dashboard lists measures under the priority they serve.
    priority: str | None = front_matter(_priority, default=None)

    @property
    def latest(self) -> tuple[Quarter, float] | None:
        return self.values[-1] if self.values else None

    @property
    def previous(self) -> tuple[Quarter, float] | None:
        return self.values[-2] if len(self.values) > 1 else None


# --- reading -----------------------------------------------------------------------------


def read_measure(path: Path, rel: str,
                 settings: SiteSettings) -> tuple[Measure | None, list[Diagnostic]]:
    """Read one measure; with any problem, no measure and every problem, each at its line."""
    fields, problems = read_yaml_file(path, rel)
    if fields is None:
        return None, _as_a_yaml_file(problems)
    report = Report(rel, settings)
    report.diagnostics += problems
    if not is_valid_id(path.stem):
        report.error(1, f"file name '{path.name}' is not a valid id",
                     f"use lower-case letters, digits and hyphens: rename it to "
                     f"'{suggest_id(path.stem)}{path.suffix}'")
    parsed = rules.parse_front_matter(fields, Measure, report)
    # Its title and description are published as they are, like any page's text, and
    # as YAML reads them.
    written = path.read_text(encoding="utf-8-sig")
    allowlist = normalise_allowlist(settings.personal_data_allowlist)
    report.diagnostics += personal_data_errors(written, rel, allowlist)
    report.diagnostics += personal_data_in_yaml_values(fields, written, rel, allowlist)
    unit = parsed.get("unit")
    if parsed.get("values") is not None:
        parsed["values"] = _quarterly_values(fields["values"], unit, path, report)
    if parsed.get("target") is not None and unit:
        problem = _range_problem(parsed["target"], unit)
        if problem:
            report.error(fields["target"].line,
                         f"'target' is {format_number(parsed['target'])}: {problem[0]}",
                         problem[1])
    if report.diagnostics:
        return None, _as_a_yaml_file(at_most(sorted(report.diagnostics, key=lambda d: d.line),
                                             rel))
    return Measure(id=path.stem, rel=rel, **parsed), []


def _as_a_yaml_file(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Messages worded for a YAML file: a measure has keys, not front matter."""
    def reworded(text: str) -> str:
        return (text.replace("front-matter key", "key").replace("the front matter", "the file")
                .replace("in front matter", "in this file").replace("front matter", "this file"))

    return [dataclasses.replace(d, message=reworded(d.message), hint=reworded(d.hint))
            for d in diagnostics]


def load_measures(
    project: Project, cache: ReadCache | None = None
) -> tuple[list[Measure], list[Diagnostic]]:
    """Every measure in the dashboard folder (not its subfolders), sorted by id.

    No folder means no measures: a site need not have a dashboard. With a `cache` (a live
    preview), a file that did not change is not read again.
    """
    folder = project.dashboard_dir
    if not folder.is_dir():
        return [], []
    paths = sorted(path for path in folder.iterdir()
                   if path.suffix.lower() in MEASURE_SUFFIXES and path.is_file()
                   and not path.name.startswith("."))
    measures: dict[str, Measure] = {}
    diagnostics: list[Diagnostic] = []
    for path in paths:
        rel = project.relative(path)
        def read(path: Path = path, rel: str = rel) -> tuple[Measure | None, list[Diagnostic]]:
            return read_measure(path, rel, project.settings)

        measure, problems = read_through(cache, path, read)
        diagnostics += problems
        if measure is None:
            continue
        if measure.id in measures:
            diagnostics.append(error(
                rel, 1, f"another measure has the id '{measure.id}' "
                f"({measures[measure.id].rel})", "keep one of the two files"))
            continue
        measures[measure.id] = measure
    return sorted(measures.values(), key=lambda m: m.id), diagnostics


def _quarterly_values(found: Field, unit: str | None, path: Path,
                      report: Report) -> list[tuple[Quarter, float]]:
    """`values`: each quarter once, each value a number the unit allows; oldest first."""
    if not isinstance(found.value, dict):
        report.error(found.line, "'values' must list each quarter with its number",
                     "write 'values:', then one line per quarter such as '  2025-Q1: 87.5'")
        return []
    if not found.value:
        report.error(found.line, "'values' has no quarters",
                     "add one line per quarter under it, such as '  2025-Q1: 87.5'")
        return []
    first_line: dict[Quarter, int] = {}
    result = []
    for key, value, line in _entries(found, path):
        quarter = Quarter.parse(key)
        if quarter is None:
            report.error(line, f"'{_quote(key)}' is not a quarter", _quarter_hint(key))
        elif quarter in first_line:
            report.error(line, f"{quarter} is given twice",
                         f"keep one; the first is on line {first_line[quarter]}")
            quarter = None
        else:
            first_line[quarter] = line
        if value is _WRITTEN_OVER:
            continue
        number = _as_number(value)
        if number is None:
            written = str(value).lower() if isinstance(value, bool) else value
            message = (f"{_quote(key)} has no value" if value is None else
                       f"the value for {_quote(key)} is not a number: '{_quote(written)}'")
            report.error(line, message, _number_hint(value, f"{quarter or '2025-Q1'}: 87.5"))
        elif problem := _size_problem(number):
            report.error(line, f"the value for {_quote(key)} {problem[0]}", problem[1])
        elif unit and (problem := _range_problem(number, unit)):
            report.error(line, f"the value for {_quote(key)} is {format_number(number)}: "
                         f"{problem[0]}", problem[1])
        elif quarter is not None:
            result.append((quarter, number))
    return sorted(result)


#: The value of a key written again further down: YAML keeps only the last one.
_WRITTEN_OVER = object()


def _entries(found: Field, path: Path) -> list[tuple[Any, Any, int]]:
    """(key, value, line) for each key of the mapping `found`, in the order written.

    YAML keeps one value for a key written twice, and `found` one line per key written;
    only then are the keys read again as written, to tell which line is which.
    """
    pairs = list(found.value.items())
    if len(pairs) == len(found.item_lines):
        return [(key, value, line)
                for (key, value), line in zip(pairs, found.item_lines, strict=True)]
    written = _written_keys(path, found.name)
    last = {text: index for index, (text, _) in enumerate(written)}  # the one YAML kept
    entries: list[tuple[Any, Any, int]] = [
        (key, value, written[last[str(key)]][1] if str(key) in last else found.line)
        for key, value in pairs]
    entries += [(text, _WRITTEN_OVER, line) for index, (text, line) in enumerate(written)
                if index != last[text]]
    return sorted(entries, key=lambda entry: entry[2])


def _written_keys(path: Path, name: str) -> list[tuple[str, int]]:
    """The keys of the top-level mapping `name` as written, repeats included, with lines.

    Only for a file `read_yaml_file` has read: it refused aliases and deep nesting, so
    composing it again costs what the first reading did.
    """
    try:
        root = yaml.compose(path.read_text(encoding="utf-8-sig"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    for key, value in root.value if isinstance(root, yaml.MappingNode) else []:
        if key.value == name and isinstance(value, yaml.MappingNode):
            return [(str(k.value), k.start_mark.line + 1) for k, _ in value.value
                    if isinstance(k, yaml.ScalarNode)]
    return []


def _quarter_hint(key: Any) -> str:
    text = str(key).strip()
    for pattern in _LOOSE_QUARTER:
        found = pattern.fullmatch(text)
        if found:
            year, number = sorted(found.groups(), key=len, reverse=True)
            if 1 <= int(number) <= 4:
                return f"write it as {year}-Q{number}"
    return _QUARTER_HINT


def _as_number(value: Any) -> float | None:
    """A finite number as YAML read it, or written in quotes (`"87.5"`); not `true`, not
    text such as `87,5` or `88%`."""
    if isinstance(value, str) and _QUOTED_NUMBER.match(value):
        # written out in digits, so never infinite however long: the size check refuses it
        return float(max(-_LARGEST, min(_LARGEST, float(value))))
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, int):
        return float(max(-_LARGEST, min(_LARGEST, value)))
    return value if math.isfinite(value) else None


#: Where digits written out are held, far beyond any figure the size check lets through.
_LARGEST = 10**300
_QUOTED_NUMBER = re.compile(r"^\s*[+-]?\d+(?:\.\d+)?\s*$")


def _number_hint(value: Any, example: str) -> str:
    text = str(value)
    if isinstance(value, str) and "%" in text:
        return f"leave out the % sign: the unit says it is a percent, e.g. {example}"
    if isinstance(value, str) and "," in text:
        return f"use a full stop for decimals and no commas in thousands, e.g. {example}"
    if value is None:
        return f"write a number, or leave the quarter out until there is one, e.g. {example}"
    return f"write just the number, e.g. {example}"


#: Figures from here on are refused: past 2**53 a float no longer holds every whole
#: number, so the page would show a figure other than the one written.
TOO_LARGE = 1e12


def _size_problem(number: float) -> tuple[str, str] | None:
    if abs(number) >= TOO_LARGE:
        return ("is too large for a measure (a trillion or more)",
                "check the figure: a measure counts people, days or a percent")
    return None


def _range_problem(number: float, unit: str) -> tuple[str, str] | None:
    """What is wrong with `number` as a value in `unit` (message, hint), if anything."""
    if unit == "percent" and not 0 <= number <= 100:
        return "a percent must be between 0 and 100", "check the figure; write 87.5 for 87.5%"
    if unit in ("count", "days") and number < 0:
        noun = "a count" if unit == "count" else "a number of days"
        return f"{noun} cannot be negative", "check the figure"
    return None


# --- saying a measure in words -----------------------------------------------------------


def format_number(value: float) -> str:
    """At most one decimal place, thousands separated, no '.0' and no '-0'."""
    rounded = round(value, 1) + 0.0  # adding 0.0 turns -0.0 into 0.0
    text = f"{rounded:,.1f}"
    return text[:-2] if text.endswith(".0") else text


def format_value(value: float, unit: str) -> str:
    """87.5%, 88%; 1,234; 12 days, 1 day."""
    text = format_number(value)
    if unit == "percent":
        return f"{text}%"
    if unit == "days":
        return f"{text} day" if text == "1" else f"{text} days"
    return text


def _amount(difference: float, unit: str) -> str:
    """A difference: 4.2 points (of a percent), 2 days, 12."""
    text = format_number(abs(difference))
    if unit == "percent":
        return f"{text} point" if text == "1" else f"{text} points"
    return format_value(abs(difference), unit)


def trend_sentence(measure: Measure) -> str:
    """The latest change and the distance to target, for people:
    'Up 4.2 points on last quarter (better); 2.5 points below target.'

    The change is 'on last quarter' only when the value before the latest is for the
    quarter just before it; across missing quarters it names the quarter compared with:
    'Up 3 days on Jan to Mar 2024 (worse)'.
    """
    latest, previous = measure.latest, measure.previous
    if latest is None:
        return "No values reported."
    parts = []
    if previous is None:
        parts.append("First quarter reported")
    else:
        change = latest[1] - previous[1]
        compared = ("last quarter" if latest[0].quarters_since(previous[0]) == 1
                    else previous[0].label)
        if format_number(abs(change)) == "0":
            parts.append(f"No change on {compared}")
        else:
            went = "Up" if change > 0 else "Down"
            part = f"{went} {_amount(change, measure.unit)} on {compared}"
            if measure.better:
                improved = (change > 0) == (measure.better == "higher")
                part += " (better)" if improved else " (worse)"
            parts.append(part)
    if measure.target is not None:
        gap = latest[1] - measure.target
        if format_number(abs(gap)) == "0":
            parts.append("on target")
        else:
            side = "above" if gap > 0 else "below"
            parts.append(f"{_amount(gap, measure.unit)} {side} target")
    return "; ".join(parts) + "."


# --- as data ----------------------------------------------------------------------------


def _number(value: float) -> int | float:
    """88 rather than 88.0, for CSV and JSON."""
    return int(value) if float(value).is_integer() else value


def measure_rows(measure: Measure) -> list[dict[str, Any]]:
    """The data table: one row per quarter, latest first."""
    return [
        {"quarter": str(quarter), "label": quarter.label, "value": value,
         "value_text": format_value(value, measure.unit), "target": measure.target}
        for quarter, value in reversed(measure.values)
    ]


def measure_csv(measure: Measure) -> str:
    """quarter,value,unit,target: one row per quarter, latest first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["quarter", "value", "unit", "target"])
    target = "" if measure.target is None else _number(measure.target)
    for quarter, value in reversed(measure.values):
        writer.writerow([str(quarter), _number(value), measure.unit, target])
    return out.getvalue()


def measures_json(measures: list[Measure]) -> str:
    """Every measure as JSON, values oldest first: the dashboard's data for others to use."""
    data = [
        {"id": m.id, "title": m.title, "description": m.description, "unit": m.unit,
         "target": None if m.target is None else _number(m.target), "better": m.better,
         "priority": m.priority,
         "values": [{"quarter": str(q), "value": _number(v)} for q, v in m.values]}
        for m in measures
    ]
    return json.dumps(data, indent=2, sort_keys=True) + "\n"
