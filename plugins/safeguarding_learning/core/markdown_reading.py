"""Reading a body as the site renders it: Python-Markdown with the site's extensions.

`check` must approve exactly what MkDocs renders, so where a body's meaning depends on
Markdown's rules it asks Python-Markdown itself, configured as the site configures it:
- which `[[...]]` are cross-references (not those in code, comments or raw HTML);
- which anchors a page has (its headings' ids as the `toc` extension makes them, with
  the site's own `slugify`; ids set with attribute lists).

Rendering costs milliseconds a page, so a body the linear scanners read exactly (no
indented lines with references, no raw HTML, no escapes; headings of plain words with
the default slugify) is not rendered: `needs_engine_*` say when it must be.
"""

from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify as default_slugify
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .markdown_text import headings, prose_view
from .references import find_references
from .syntax import parse_cross_reference
from .values import Heading, Reference

#: MkDocs' own default, when mkdocs.yml names no markdown_extensions.
DEFAULT_EXTENSIONS = ("toc", "tables", "fenced_code")


@dataclass(frozen=True, eq=False)  # hashed by identity: one per site, cached engines
class MarkdownSettings:
    """The site's Markdown, as mkdocs.yml configures it (`markdown_extensions`)."""

    extensions: tuple[Any, ...] = DEFAULT_EXTENSIONS
    configs: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def slugify(self) -> Callable[[str, str], str]:
        return self.configs.get("toc", {}).get("slugify") or default_slugify

    @property
    def separator(self) -> str:
        return self.configs.get("toc", {}).get("separator", "-")

    @property
    def default_anchors(self) -> bool:
        """Whether heading anchors are made as the toc extension makes them by default."""
        toc = self.configs.get("toc", {})
        return not toc.get("slugify") and toc.get("separator", "-") == "-"


@dataclass(frozen=True)
class CrossReferenceFound:
    """A `[[...]]` Markdown read as a cross-reference, as written, in reading order."""

    written: str
    target: str
    section: str | None
    text: str | None


@dataclass(frozen=True)
class HeadingFound:
    level: int
    text: str
    anchor: str


@dataclass
class Reading:
    """What Python-Markdown found in one body."""

    references: list[CrossReferenceFound]
    #: anchor id -> its text (for a heading) or "" (another element with an id)
    anchors: dict[str, str]
    headings: list[HeadingFound]


#: Resolves a reference to (href, link text) when rendering, or None to leave it as text.
Resolver = Callable[[CrossReferenceFound], tuple[str, str] | None]


class CrossReferenceProcessor(InlineProcessor):
    """`[[id#section|text]]` as an inline element: never inside code spans, code blocks,
    comments or raw HTML, because Markdown never reads those as text."""

    def __init__(self, extension: CrossReferenceExtension, md: markdown.Markdown) -> None:
        super().__init__(r"\[\[", md)
        self.extension = extension

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int | None, int | None]:
        start = m.start(0)
        close = data.find("]", m.end(0))
        if close == -1 or not data.startswith("]]", close) or "\n" in data[start:close]:
            return None, None, None
        inner = data[m.end(0):close]
        if "[[" in inner:
            return None, None, None  # the later `[[` starts the reference
        parsed = parse_cross_reference(inner)
        if parsed is None:
            return None, None, None
        found = CrossReferenceFound(data[start:close + 2], *parsed)
        self.extension.found.append(found)
        resolved = self.extension.resolver(found) if self.extension.resolver else None
        if resolved is None:
            return (found.text or found.written), start, close + 2
        element = etree.Element("a", {"href": resolved[0]})
        element.text = resolved[1]
        return element, start, close + 2


class _AnchorCollector(Treeprocessor):
    """After the toc extension: every id on the page, with its heading's text."""

    def __init__(self, extension: CrossReferenceExtension, md: markdown.Markdown) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            anchor = element.get("id")
            text = ""
            if element.tag in _HEADINGS:
                text = _PLACEHOLDER.sub("", "".join(element.itertext()))
                text = " ".join(html.unescape(text).split())
                self.extension.headings.append(
                    HeadingFound(int(element.tag[1]), text, anchor or ""))
            if anchor and anchor not in self.extension.anchors:
                self.extension.anchors[anchor] = text


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Where Python-Markdown keeps raw HTML until the page is written out.
_PLACEHOLDER = re.compile("\x02wzxhzdk:\\d+\x03")


class CrossReferenceExtension(Extension):
    """Reads (and, given a resolver, renders) cross-references; collects anchors."""

    def __init__(self, resolver: Resolver | None = None) -> None:
        super().__init__()
        self.resolver = resolver
        self.found: list[CrossReferenceFound] = []
        self.anchors: dict[str, str] = {}
        self.headings: list[HeadingFound] = []

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        md.registerExtension(self)
        # above links (160) and reference links (170), below code spans and escapes
        md.inlinePatterns.register(CrossReferenceProcessor(self, md), "cross_reference", 175)
        md.treeprocessors.register(_AnchorCollector(self, md), "collect_anchors", 1)

    def reset(self) -> None:
        self.found = []
        self.anchors = {}
        self.headings = []


#: Python-Markdown's cost grows faster than its input on some text (attribute lists on
#: headings, long runs of brackets): a body larger than any briefing is read by the
#: linear scanners alone, so that `check` stays bounded.
MAX_ENGINE_BODY = 512 * 1024


def read_markdown(body: str, settings: MarkdownSettings) -> Reading:
    """Python-Markdown's reading of `body`, with the site's extensions."""
    md, extension = _engine(settings)
    md.reset()
    md.convert(body)
    return Reading(list(extension.found), dict(extension.anchors), list(extension.headings))


@functools.lru_cache(maxsize=4)
def _engine(settings: MarkdownSettings) -> tuple[markdown.Markdown, CrossReferenceExtension]:
    extension = CrossReferenceExtension()
    md = markdown.Markdown(extensions=[*settings.extensions, extension],
                           extension_configs=settings.configs)
    return md, extension


# --- when the linear scanners read a body exactly as Markdown does -------------------

#: A heading inside a quote or a list item: `> ## Heading`, `- ## Heading`.
_NESTED_HEADING = re.compile(r" *(?:>|[*+-]|\d+[.)])[ >]*#")
#: Characters that make a heading's text other than its words once Markdown reads it.
_MARKUP = frozenset("[]`*_<>&\\{}!")
_INDENT = ("    ", "\t")


def needs_engine_for_references(body: str) -> bool:
    """True if a `[[...]]` could be code, a comment, raw HTML or escaped."""
    if "[[" not in body:
        return False
    return "<" in body or "\\" in body or any(
        line.startswith(_INDENT) and "[[" in line for line in body.split("\n"))


def needs_engine_for_anchors(body: str, settings: MarkdownSettings) -> bool:
    """True if the body's anchors are not simply its ATX headings' words, slugified.

    One pass over the lines: a line of only '=' or '-' under text (a setext heading),
    a heading with markup, an indented '#' line (code), a heading in a quote or list.
    """
    if not settings.default_anchors or "{" in body or "<" in body:
        return True
    previous = ""
    for line in body.split("\n"):
        stripped = line.strip()
        if stripped and stripped[0] in "-=" and stripped.strip(stripped[0]) == "" \
                and previous.strip():
            return True
        if "#" in line:
            if stripped.startswith("#") and (line.startswith(_INDENT)
                                             or _MARKUP.intersection(line)):
                return True
            if _NESTED_HEADING.match(line):
                return True
        previous = line
    return False


# --- the core's view: references with their lines, headings with theirs -------------


def read_references(body: str, prose: str, first_line: int,
                    settings: MarkdownSettings) -> list[Reference]:
    """The body's cross-references with their lines in the file.

    The linear scanner finds every `[[...]]` outside fenced code and code spans, with
    its line; where Markdown could read some of them otherwise, Python-Markdown says
    which are references (`references_markdown_reads`).
    """
    candidates = find_references(prose, first_line)
    read = references_markdown_reads(body, prose, settings) if candidates else None
    if read is None:
        return candidates
    return [candidate for number, candidate in enumerate(candidates) if number in read]


def references_markdown_reads(body: str, prose: str, settings: MarkdownSettings
                              ) -> set[int] | None:
    """Which of the scanner's `[[...]]` (numbered in order) Markdown reads as references;
    None if it reads them all. Each candidate is numbered inside its brackets before the
    body is rendered, so every reference Markdown reads is known by its place."""
    if len(body) > MAX_ENGINE_BODY or not needs_engine_for_references(body):
        return None
    numbered, at = [], 0
    for number, (start, end) in enumerate(_spans(prose)):
        numbered += [body[at:start + 2], f"{_MARK}{number}{_MARK}", body[start + 2:end]]
        at = end
    numbered.append(body[at:])
    read = set()
    for reference in read_markdown("".join(numbered), settings).references:
        mark = re.match(rf"{_MARK}(\d+){_MARK}", reference.written[2:])
        if mark:
            read.add(int(mark[1]))
    return read


#: An invisible separator: numbers a candidate without changing how Markdown reads it.
_MARK = "\u2063"


def _spans(prose: str) -> list[tuple[int, int]]:
    from .references import cross_references

    return [(ref.start, ref.end) for ref in cross_references(prose)]


def read_headings(body: str, first_line: int, settings: MarkdownSettings
                  ) -> tuple[list[Heading], dict[str, str]]:
    """The body's headings (with their lines) and every anchor id with its text."""
    if len(body) > MAX_ENGINE_BODY or not needs_engine_for_anchors(body, settings):
        found = headings(prose_view(body), first_line)
        return found, {h.anchor: h.text for h in found}
    reading = read_markdown(body, settings)
    lines = body.split("\n")
    found, at = [], 0
    for heading in reading.headings:
        number = next((i for i in range(at, len(lines)) if heading.text
                       and heading.text in " ".join(lines[i].split())), None)
        if number is not None:
            at = number + 1
        found.append(Heading(heading.level, heading.text, heading.anchor,
                             first_line + (number if number is not None else 0)))
    return found, reading.anchors
