"""Checks of the text files published beside pages: reports, data, pictures, HTML.

They reach readers as they are (HTML is sanitised on the way), so they are read for
personal data like any page, and an SVG picture, which a browser runs as a document
when opened, may hold no script, no handler and nothing fetched from elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from xml.parsers import expat

from .diagnostics import Diagnostic, error, excerpt
from .html_policy import unsafe_html, url_problem
from .markdown_text import LineIndex
from .personal_data import personal_data_errors

#: SVG elements that run or embed other documents.
_SVG_ACTIVE = frozenset({"script", "foreignobject", "iframe", "embed", "object", "handler",
                         "listener"})
#: SVG elements whose address the browser fetches by itself.
_SVG_FETCHES = frozenset({"image", "use", "feimage", "pattern", "filter", "a"})


def check_text_attachment(path: Path, rel: str, allowlist: set[str]) -> Iterator[Diagnostic]:
    """Personal data in a text file published as it is (files.TEXT_ATTACHMENT_SUFFIXES);
    in an HTML page, what the allowlist removes; in an SVG picture, what would run.
    (Kinds that cannot be checked so, XML and scripts among them, are not published:
    core/published_files.py.)"""
    suffix = path.suffix.lower()
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        yield error(rel, 1, f"cannot read the file: {exc.strerror}")
        return
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        yield error(rel, line, "the file is not UTF-8 text",
                    "save it as UTF-8: in most editors, Save As and choose UTF-8")
        return
    yield from personal_data_errors(text, rel, allowlist)
    if suffix in (".html", ".htm"):  # the allowlist of pages
        for finding in unsafe_html(text):
            yield error(rel, finding.line, finding.message, finding.hint)
    elif suffix == ".svg":
        yield from _xml_problems(text, rel, "this SVG picture", "or as PNG")


_INTERNAL_SUBSET = re.compile(r"<!DOCTYPE[^>\[]*\[|<!ENTITY", re.IGNORECASE)
_PROCESSING = re.compile(r"<\?(?!xml[\s?])([^\s?>]*)", re.IGNORECASE)
_REMOTE_IN_STYLE = re.compile(r"url\(\s*['\"]?\s*(?:[a-z][a-z0-9+.-]*:|//|\\\\)|@import",
                              re.IGNORECASE)


def _local(name: str) -> str:
    """A name without its namespace prefix, lower-case: `svg:script` is a script."""
    return name.rsplit(":", 1)[-1].lower()


def _xml_problems(text: str, rel: str, what: str, instead: str) -> Iterator[Diagnostic]:
    """Script, handlers, entities, style sheets and addresses in an SVG picture, which a
    browser opening the file runs as a page of this site."""
    lines = LineIndex(text, 1)
    redo = f"save it again without scripts, {instead}"
    entities = _INTERNAL_SUBSET.search(text)
    if entities:
        yield error(rel, lines.line(entities.start()), f"{what} declares entities (<!DOCTYPE "
                    "... [ ]> or <!ENTITY>), which can hide a script", redo)
    for match in _PROCESSING.finditer(text):
        yield error(rel, lines.line(match.start()), f"{what} has the instruction "
                    f"'<?{excerpt(match[1])}', which makes a browser fetch and apply a style "
                    "sheet", redo)
    elements, broken = _xml_elements(text)
    if broken is not None:
        line, problem = broken
        yield error(rel, line, f"{what} is not well-formed XML ({problem}): a browser shows "
                    "such a file in part, and it cannot be checked", redo)
    for name, attributes, line, style_text in elements:
        name = _local(name)
        if name in _SVG_ACTIVE:
            yield error(rel, line, f"{what} holds a <{name}>, which would run in readers' "
                        "browsers", redo)
        if name == "style" and _REMOTE_IN_STYLE.search(style_text):
            yield error(rel, line, f"{what} has a style that loads something from elsewhere",
                        redo)
        for attribute, value in attributes.items():
            attribute, value = _local(attribute), value or ""
            if attribute.startswith("on"):
                yield error(rel, line, f"{what} has an event handler '{attribute}'", redo)
            elif attribute == "attributename" and (_local(value) in ("href", "src")
                                                   or _local(value).startswith("on")):
                yield error(rel, line, f"{what} animates its '{excerpt(value)}', which can "
                            "make it run a script", redo)
            elif attribute in ("href", "src"):
                fetched = name in _SVG_FETCHES and name != "a"
                problem = url_problem("src" if fetched else "href", value)
                if problem:
                    yield error(rel, line, f"{what} refers to '{excerpt(value)}'",
                                "it may only use its own content: no scripts and nothing "
                                "from another website")
            elif attribute == "style" and _REMOTE_IN_STYLE.search(value):
                yield error(rel, line, f"{what} has a style that loads something from "
                            "elsewhere", redo)


Element = tuple[str, dict[str, str], int, str]  # name, attributes, line, text of a style


def _xml_elements(text: str) -> tuple[list[Element], tuple[int, str] | None]:
    """Every element of an XML document, read as a browser opening the file reads it: as
    XML, where `<style>` or `<textarea>` hides nothing (an HTML parser takes their
    content for text, and a `<script>` inside would pass). With where and why the text
    stops being well-formed XML, if it does. No DTD or entity is fetched."""
    parser = expat.ParserCreate("utf-8")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    found: list[list] = []
    open_elements: list[list] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        element = [name, attributes, parser.CurrentLineNumber, ""]
        found.append(element)
        open_elements.append(element)

    def text_of(data: str) -> None:
        if open_elements and _local(open_elements[-1][0]) == "style":
            open_elements[-1][3] += data

    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: open_elements.pop()
    parser.CharacterDataHandler = text_of
    try:
        parser.Parse(text, True)
    except expat.ExpatError as exc:
        return [tuple(element) for element in found], (exc.lineno, expat.ErrorString(exc.code))
    return [tuple(element) for element in found], None
