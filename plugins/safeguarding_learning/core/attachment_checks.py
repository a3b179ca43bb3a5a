"""Checks of the text files published beside pages: reports, data, pictures, HTML.

They reach readers as they are (HTML is sanitised on the way), so they are read for
personal data like any page. An SVG picture, which a browser opening it runs as a page
of this site, is read as that browser reads it, as XML with namespaces: it may hold only
what `svg_policy` allows (drawing, references to its own parts, styles that load nothing).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from . import svg_policy
from .diagnostics import Diagnostic, error, excerpt
from .html_policy import unsafe_html
from .personal_data import find_personal_data, personal_data_errors
from .svg_policy import SVG, XHTML, XLINK, XML


def check_text_attachment(path: Path, rel: str, allowlist: set[str]) -> Iterator[Diagnostic]:
    """Personal data in a text file published as it is (files.TEXT_ATTACHMENT_SUFFIXES);
    in an HTML page, what the allowlist removes; in an SVG picture, anything but drawing.
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
    yield from _decoded_personal_data(text, suffix, rel, allowlist)
    if suffix in (".html", ".htm"):  # the allowlist of pages
        for finding in unsafe_html(text):
            yield error(rel, finding.line, finding.message, finding.hint)
    elif suffix == ".svg":
        yield from _svg_problems(text, rel)


def _decoded_personal_data(text: str, suffix: str, rel: str,
                           allowlist: set[str]) -> Iterator[Diagnostic]:
    """Personal data that only the file's reader puts together: a JSON reader decodes
    `\\u0040` to `@`, and an SVG picture shows `07700 <tspan>900123</tspan>` as one line."""
    decoded = _as_its_reader_shows_it(text, suffix)
    if decoded is None:
        return
    written = {finding.text for finding in find_personal_data(text, allowlist)}
    reader = "a JSON reader" if suffix == ".json" else "the picture"
    for finding in find_personal_data(decoded, allowlist):
        if finding.text not in written:
            yield error(rel, 1, f"personal data: {finding.kind} ('{finding.text}'), as "
                        f"{reader} shows it, must not be published", finding.hint)


#: Elements an SVG picture shows on the line of the text around them.
_SVG_INLINE = re.compile(r"</?(?:[\w.-]+:)?(?:tspan|textPath|a)\b[^>]*>")
_SVG_TAG = re.compile(r"<[^>]*>")


def _as_its_reader_shows_it(text: str, suffix: str) -> str | None:
    if suffix == ".json":
        try:
            return "\n".join(_json_strings(json.loads(text)))
        except (ValueError, RecursionError):
            return None  # shown as it is written: read as such above
    if suffix == ".svg":
        return html.unescape(_SVG_TAG.sub("\n", _SVG_INLINE.sub("", text)))
    return None


def _json_strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _json_strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _json_strings(inner)


# --- reading XML as a browser opening the file does ---------------------------------


@dataclass(frozen=True)
class _Attribute:
    namespace: str  # "" for none
    name: str  # without its prefix
    written: str  # as written, `xlink:href`
    value: str


@dataclass
class _Element:
    namespace: str
    name: str
    written: str
    line: int
    attributes: list[_Attribute]
    parent_namespace: str | None  # None for the root
    text: list[str] = field(default_factory=list)  # a <style>'s, in the pieces read


@dataclass
class _Reading:
    """An XML document's elements, and what in its declarations or syntax is refused,
    each as (line, message, hint) where `message` follows the name of the document and
    an empty hint leaves the document's own."""

    elements: list[_Element] = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)


class _Stop(Exception):
    """Reading goes no further: what follows cannot be read safely."""


#: Between a name's namespace, local name and prefix in what expat reports: a character
#: no XML name or namespace can hold.
_SEPARATOR = "\x1f"


def _split(name: str) -> tuple[str, str, str]:
    """(namespace, local name, as written) of a name expat reports."""
    parts = name.split(_SEPARATOR)
    if len(parts) == 1:
        return "", name, name
    written = f"{parts[2]}:{parts[1]}" if len(parts) == 3 else parts[1]
    return parts[0], parts[1], written


#: Encodings in which a UTF-8 file's markup reads the same: UTF-8 itself, and those of one
#: byte a character, where no byte of a longer character can join the `<`, `"` or `>`
#: after it (as Shift_JIS or GBK can), so a browser sees the elements this check sees.
_SAME_MARKUP_AS_UTF8 = re.compile(r"utf-?8|us-ascii|ascii|iso-8859-\d{1,2}|latin-?1|"
                                  r"windows-125\d|cp125\d", re.IGNORECASE)


def _read_xml(text: str) -> _Reading:
    """Every element of an XML document with its namespace, read as a browser opening the
    file reads it: as XML, where `<style>` or `<textarea>` hides nothing (an HTML parser
    takes their content for text). No DTD or entity is fetched, and a document that
    declares entities is read no further than the declaration."""
    parser = expat.ParserCreate("utf-8", namespace_separator=_SEPARATOR)
    parser.namespace_prefixes = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    reading = _Reading()
    open_elements: list[_Element] = []

    def problem(message: str, hint: str = "") -> None:
        reading.problems.append((parser.CurrentLineNumber, message, hint))

    def doctype(name: str, system_id: str | None, public_id: str | None,
                has_internal_subset: int) -> None:
        if has_internal_subset:
            problem("declares entities (<!DOCTYPE ... [ ]> or <!ENTITY>), which can hide a "
                    "script", "save it again without them (in Illustrator: File, Export, "
                    "Export As, SVG), or as PNG or PDF")
            raise _Stop
        if system_id and not system_id.startswith("http://www.w3.org/"):
            problem(f"names a DTD at '{excerpt(system_id)}': only the W3C's own, which "
                    "browsers know, may be named", "remove the <!DOCTYPE ...> line")

    def start(name: str, attributes: dict[str, str]) -> None:
        namespace, local, written = _split(name)
        element = _Element(namespace, local, written, parser.CurrentLineNumber,
                           [_Attribute(*_split(key), value) for key, value in attributes.items()],
                           open_elements[-1].namespace if open_elements else None)
        reading.elements.append(element)
        open_elements.append(element)

    def text_of(data: str) -> None:
        if open_elements and open_elements[-1].name == "style":
            open_elements[-1].text.append(data)

    def declaration(version: str, encoding: str | None, standalone: int) -> None:
        if encoding and not _SAME_MARKUP_AS_UTF8.fullmatch(encoding):
            problem(f"says it is written in '{excerpt(encoding)}', which a browser would "
                    "read differently from this check", 'save it as UTF-8 and write '
                    'encoding="UTF-8" in its first line')

    parser.XmlDeclHandler = declaration
    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = lambda name: open_elements.pop()
    parser.CharacterDataHandler = text_of
    parser.ProcessingInstructionHandler = lambda target, data: problem(
        f"has the instruction '<?{excerpt(target)}', which makes a browser fetch and apply "
        "a style sheet")
    # An entity the document uses but does not declare (its DTD, never read, might):
    # a browser stops there, and whatever it stands for cannot be checked.
    parser.SkippedEntityHandler = lambda name, is_parameter: problem(
        f"uses the entity '&{excerpt(name)};', which it does not declare")
    try:
        parser.Parse(text, True)
    except _Stop:
        pass
    except expat.ExpatError as exc:
        reading.problems.append((exc.lineno, f"is not well-formed XML "
                                 f"({expat.ErrorString(exc.code)}): a browser shows such a "
                                 "file in part, and it cannot be checked", ""))
    return reading


# --- SVG pictures ----------------------------------------------------------------------

_SVG = "this SVG picture"
_REDO = "remove it, or save the picture as PNG"
_ONLY_DRAWING = ("a picture may hold only SVG's drawing elements: remove it, or save the "
                 "picture as PNG")
_OWN_PARTS = ("a picture may only refer to its own parts (href=\"#id\"), never to another "
              "file or website: remove it, or save the picture as PNG")


def _svg_problems(text: str, rel: str) -> Iterator[Diagnostic]:
    reading = _read_xml(text)
    for line, message, hint in reading.problems:
        yield error(rel, line, f"{_SVG} {message}", hint or _REDO)
    for element in reading.elements:
        for message, hint in _svg_element_problems(element):
            yield error(rel, element.line, f"{_SVG} {message}", hint)
        for message, hint in _svg_attribute_problems(element):
            yield error(rel, element.line, f"{_SVG} {message}", hint)


def _article(name: str) -> str:
    return "an" if name[:1].lower() in "aeiou" else "a"


def _svg_element_problems(element: _Element) -> Iterator[tuple[str, str]]:
    """What is wrong with an element that is neither one of SVG's drawing elements nor
    a drawing program's notes (the `<style>` among them: its CSS)."""
    namespace, name = element.namespace, element.name
    if name == "script":  # in any namespace: SVG's, HTML's
        yield f"holds a <script>, {svg_policy.REFUSED_BECAUSE['script']}", _REDO
    elif namespace == SVG:
        if name in svg_policy.DRAWING_ELEMENTS:
            if name == "style":
                yield from _css_problems("".join(element.text), "a <style>")
            return
        why = svg_policy.REFUSED_BECAUSE.get(name, "which is not one of its drawing elements")
        yield f"holds {_article(name)} <{name}>, {why}", _ONLY_DRAWING
    elif namespace == XHTML:
        yield f"holds <{element.written}>, an HTML element, which can run, load or lead " \
              "elsewhere", _ONLY_DRAWING
    elif not namespace:
        if element.parent_namespace != "":  # once, for the outermost such element
            yield (f"has <{element.written}> in no namespace, so browsers do not draw it",
                   f'begin the picture <svg xmlns="{SVG}">')
    elif not svg_policy.is_editor_namespace(namespace):
        yield (f"holds <{element.written}>, an element of '{excerpt(namespace)}', not of SVG",
               _ONLY_DRAWING)


def _svg_attribute_problems(element: _Element) -> Iterator[tuple[str, str]]:
    """Handlers, references out of the picture, and styles that load, on any element."""
    for attribute in element.attributes:
        namespace, name, value = attribute.namespace, attribute.name, attribute.value
        if not namespace:
            if name.lower().startswith("on"):
                yield f"has an event handler '{name}'", "remove it; pictures run no scripts"
            elif name == "href":
                if not svg_policy.is_local_reference(value):
                    yield f"refers to '{excerpt(value)}'", _OWN_PARTS
            elif name == "attributeName":
                if not svg_policy.animated_attribute_allowed(value):
                    yield _animates(value)
            else:
                yield from _css_problems(value, f"its '{name}'")
        elif namespace == XLINK and name == "href":
            if not svg_policy.is_local_reference(value):
                yield f"refers to '{excerpt(value)}'", _OWN_PARTS
        elif namespace == XML and name == "base":
            yield (f"sets xml:base '{excerpt(value)}', which makes its addresses lead "
                   "elsewhere", "remove it")
        elif not (name in svg_policy.DESCRIBING.get(namespace, ())
                  or svg_policy.is_editor_namespace(namespace)):
            yield (f"has the attribute '{attribute.written}' of '{excerpt(namespace)}', which "
                   "pictures do not use", "remove it")


def _animates(name: str) -> tuple[str, str]:
    return (f"animates its '{excerpt(name)}', which can make it run a script or load "
            "something", "animate only how it looks: opacity, colour, position, size")


def _css_problems(css: str, where: str) -> Iterator[tuple[str, str]]:
    found = svg_policy.css_loads(css)
    if found is not None:
        yield (f"has a style that loads something from elsewhere: '{excerpt(found, 40)}' in "
               f"{where}", "a style may use only the picture's own parts, as url(#id): "
               "remove it, or save the picture as PNG")


# --- other XML documents ---------------------------------------------------------------
