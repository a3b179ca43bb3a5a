"""The dashboard's charts: static SVG written at build time.

No script, no style (the Content-Security-Policy forbids inline styles: only presentation
attributes), nothing fetched. Each chart is an image with a title and a description in
words, readable on a 320 px wide phone and in print: dark ink on white, the target a
dashed, labelled line rather than a colour. A line chart's time runs evenly: each point
stands at its quarter, and the line breaks where a quarter has no value. Same input, same
bytes.
"""

from __future__ import annotations

import math
import re
from html import escape
from itertools import pairwise

from ..core.ids import is_valid_id
from ..core.measures import Measure, format_number, format_value, trend_sentence

#: Contrast against white (WCAG 2.2 non-text contrast needs 3:1): series 6.7:1, ink 17.7:1,
#: gridlines 4.8:1.
SERIES = "#1d4ed8"
INK = "#111827"
GRID = "#6b7280"
PAPER = "#ffffff"
WIDTH = 560
#: In viewBox units: 12 px on a 320 px wide screen, where the chart is drawn 320 wide.
FONT = 21
#: How wide a character may be, as a share of the font size (generous: '%' is wide).
CHAR = 0.66
MAX_X_LABELS = 5

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def line_chart(measure: Measure, chart_id: str) -> str:
    """A measure's quarterly values as a line with a point for each, and its target dashed.

    Each quarter from the first to the last has a slot of the same width, with or without
    a value; the line joins only the values of consecutive quarters.
    """
    _check_id(chart_id)
    values = [value for _, value in measure.values]
    height = 320
    if not values:
        return _chart(chart_id, height, measure.title, "No values reported yet.",
                      [_text(WIDTH / 2, height / 2, "No values reported yet", "middle")])
    target = measure.target
    ticks = _y_ticks(values + ([] if target is None else [target]), measure.unit)
    tick_labels = [format_value(tick, measure.unit) for tick in ticks]
    left = max(len(label) for label in tick_labels) * FONT * CHAR + 18
    top, right, bottom = (60 if target is not None else 20), 16, 46
    plot_width, plot_height = WIDTH - left - right, height - top - bottom
    low, high = ticks[0], ticks[-1]

    def y(value: float) -> float:
        return top + plot_height * (1 - (value - low) / (high - low))

    first = measure.values[0][0]
    # Each value's slot is its quarter's distance from the first: time runs evenly.
    positions = [quarter.quarters_since(first) for quarter, _ in measure.values]
    slots = positions[-1] + 1
    slot = plot_width / slots

    def x(position: int) -> float:
        return left + slot * (position + 0.5)

    parts = []
    for tick, label in zip(ticks, tick_labels, strict=True):
        base = tick == low
        parts.append(_line(left, y(tick), WIDTH - right, y(tick), INK if base else GRID,
                           2 if base else 1))
        parts.append(_text(left - 10, y(tick) + FONT * 0.35, label, "end"))
    step = math.ceil(slots / MAX_X_LABELS)  # the latest quarter is always labelled
    for position in range(slots - 1, -1, -step):
        parts.append(_text(x(position), height - 12, first.after(position).short_label,
                           "middle"))
    if target is not None:
        label = f"Target {format_value(target, measure.unit)}"
        parts.append(_line(left, y(target), WIDTH - right, y(target), INK, 3, dashed=True))
        parts.append(_line(left, 26, left + 44, 26, INK, 3, dashed=True))  # the key
        parts.append(_text(left + 54, 26 + FONT * 0.35, label, "start"))
    for run in _consecutive_runs(list(zip(positions, values, strict=True))):
        if len(run) > 1:  # a value with no neighbour is its point alone
            points = " ".join(f"{_n(x(p))},{_n(y(v))}" for p, v in run)
            parts.append(f'<polyline points="{points}" fill="none" stroke="{SERIES}" '
                         f'stroke-width="4" stroke-linejoin="round"/>')
    parts += [f'<circle cx="{_n(x(p))}" cy="{_n(y(v))}" r="7" fill="{SERIES}" '
              f'stroke="{PAPER}" stroke-width="2"/>'
              for p, v in zip(positions, values, strict=True)]
    return _chart(chart_id, height, measure.title, _line_description(measure), parts)


def bar_chart(title: str, description: str, rows: list[tuple[str, float]],
              chart_id: str) -> str:
    """Horizontal bars, each with its label above it and its value at its end: counts
    such as reviews by year or recommendations by status."""
    _check_id(chart_id)
    said = "; ".join(f"{label}: {format_number(value)}" for label, value in rows)
    desc = " ".join(filter(None, [description, f"{said}." if rows else "No data."]))
    if not rows:
        return _chart(chart_id, 80, title, desc, [_text(WIDTH / 2, 48, "No data", "middle")])
    row_height, bar_height, edge = 76, 28, 8
    height = len(rows) * row_height + 12
    value_texts = [format_number(value) for _, value in rows]
    room = max(len(text) for text in value_texts) * FONT * CHAR + 12
    longest = max(max(value for _, value in rows), 0) or 1
    bar_room = WIDTH - 2 * edge - room
    most_characters = int((WIDTH - 2 * edge) / (FONT * CHAR))
    parts = []
    for index, ((label, value), value_text) in enumerate(zip(rows, value_texts, strict=True)):
        top = 8 + index * row_height
        if len(label) > most_characters:  # the description says it in full
            label = label[: most_characters - 1] + "…"
        parts.append(_text(edge, top + FONT, label, "start"))
        bar_top = top + FONT + 10
        width = bar_room * max(value, 0) / longest
        if width > 0:
            parts.append(f'<rect x="{edge}" y="{_n(bar_top)}" width="{_n(width)}" '
                         f'height="{bar_height}" fill="{SERIES}"/>')
        parts.append(_text(edge + width + 8, bar_top + bar_height / 2 + FONT * 0.35,
                           value_text, "start"))
    parts.append(_line(edge, 8 + FONT + 4, edge, height - 4, INK, 2))
    return _chart(chart_id, height, title, desc, parts)


def _line_description(measure: Measure) -> str:
    """What the line chart shows, in words."""
    first, (last, value) = measure.values[0][0], measure.values[-1]
    count = len(measure.values)
    span = f"{count} quarters, {first.label} to {last.label}" if count > 1 else last.label
    words = [f"Line chart of {span}."]
    for (before, _), (after, _) in pairwise(measure.values):
        missing = after.quarters_since(before) - 1
        if missing == 1:
            words.append(f"No value for {before.after(1).label}: the line breaks there.")
        elif missing > 1:
            words.append(f"No values for {missing} quarters, {before.after(1).label} to "
                         f"{before.after(missing).label}: the line breaks there.")
    words.append(f"Latest value {format_value(value, measure.unit)} ({last.label}).")
    if measure.target is not None:
        words.append(f"Target {format_value(measure.target, measure.unit)}, "
                     "shown as a dashed line.")
    if measure.better:
        words.append(f"{measure.better.capitalize()} is better.")
    words.append(trend_sentence(measure))
    return " ".join(words)


def _consecutive_runs(points: list[tuple[int, float]]) -> list[list[tuple[int, float]]]:
    """(position, value) pairs, in order, split wherever a position is skipped."""
    runs: list[list[tuple[int, float]]] = []
    for position, value in points:
        if runs and position == runs[-1][-1][0] + 1:
            runs[-1].append((position, value))
        else:
            runs.append([(position, value)])
    return runs


def _y_ticks(values: list[float], unit: str) -> list[float]:
    """3 to 5 round values from a baseline to at least the highest value.

    The baseline is 0, except for a count or a number of days that stays well above 0:
    there a line at the top of an empty chart would hide the change.
    """
    high = max(values)
    floor = 0.0
    low = min(values)
    if unit != "percent" and low > 0 and low > high / 2:
        floor = max(low - (high - low), 0.0)
    span = (high - floor) or max(abs(high), 1.0)
    steps = _nice_steps(span / 4)
    step = next(steps)
    while True:
        bottom = math.floor(floor / step) * step
        top = max(math.ceil(high / step) * step, bottom + 2 * step)
        if (top - bottom) / step <= 4:
            break
        step = next(steps)
    count = round((top - bottom) / step)
    return [round(bottom + i * step, 6) for i in range(count + 1)]


def _nice_steps(at_least: float):
    """Round steps from the first at least `at_least` up: 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 25,
    50, ... (no 2.5 below 10, so each gridline's label is exact at one decimal place)."""
    power = math.floor(math.log10(max(at_least, 0.1)))
    while True:
        scale = 10.0 ** power
        for mantissa in ((1, 2, 2.5, 5) if power >= 1 else (1, 2, 5)):
            step = round(mantissa * scale, 6)
            if step >= at_least and step >= 0.1:
                yield step
        power += 1


# --- SVG pieces ----------------------------------------------------------------------------


def _check_id(chart_id: str) -> None:
    if not is_valid_id(chart_id):
        raise ValueError(f"a chart id is lower-case letters, digits and hyphens: {chart_id!r}")


def _chart(chart_id: str, height: int, title: str, desc: str, parts: list[str]) -> str:
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" width="100%" '
        f'font-family="system-ui, sans-serif" font-size="{FONT}" fill="{INK}">',
        f'<title id="{chart_id}-title">{_escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{_escape(desc)}</desc>',
        f'<rect width="{WIDTH}" height="{height}" fill="{PAPER}"/>',
        *parts,
        "</svg>",
    ]) + "\n"


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, width: float,
          dashed: bool = False) -> str:
    dash = ' stroke-dasharray="12 8"' if dashed else ""
    return (f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
            f'stroke="{colour}" stroke-width="{_n(width)}"{dash}/>')


def _text(x: float, y: float, text: str, anchor: str) -> str:
    return f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}">{_escape(text)}</text>'


def _escape(text: str) -> str:
    """Text as SVG content: markup escaped, characters XML cannot hold left out."""
    # (html.escape, not xml.sax: that one brings urllib, http and ssl into every `check`.)
    return escape(_NOT_XML.sub("", str(text)), quote=False)


def _n(value: float) -> str:
    """A coordinate, to one decimal place: 12, 12.5."""
    text = f"{round(value, 1) + 0.0:.1f}"
    return text[:-2] if text.endswith(".0") else text
