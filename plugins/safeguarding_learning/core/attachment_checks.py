"""Checks of the text files published beside pages: reports, data, pictures, HTML.

They reach readers as they are (HTML is sanitised on the way), so they are read for
personal data like any page, and an SVG picture, which a browser runs as a document
when opened, may hold no script, no handler and nothing fetched from elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .diagnostics import Diagnostic, error, excerpt
from .html_policy import unsafe_html, url_problem
from .markdown_text import LineIndex
from .personal_data import find_personal_data

#: SVG elements that run or embed other documents.
_SVG_ACTIVE = frozenset({"script", "foreignobject", "iframe", "embed", "object", "handler",
                         "listener"})
#: SVG elements whose address the browser fetches by itself.
_SVG_FETCHES = frozenset({"image", "use", "feimage", "pattern", "filter", "a"})


def check_text_attachment(path: Path, rel: str, allowlist: set[str]) -> Iterator[Diagnostic]:
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
    lines = LineIndex(text, 1)
    for finding in find_personal_data(text, allowlist):
        yield error(rel, lines.line(finding.offset),
                    f"personal data: {finding.kind} ('{excerpt(finding.text)}') must not be "
                    "published", finding.hint)
    suffix = path.suffix.lower()
    if suffix == ".svg":
        yield from _svg_problems(text, rel)
    elif suffix in (".html", ".htm"):
        for finding in unsafe_html(text):
            yield error(rel, finding.line, finding.message, finding.hint)


def _svg_problems(text: str, rel: str) -> Iterator[Diagnostic]:
    from justhtml import JustHTML

    document = JustHTML(text, fragment=True, sanitize=False, track_node_locations=True)
    stack = list(document.root.children or [])
    while stack:
        node = stack.pop()
        name = (getattr(node, "name", "") or "").lower()
        if not name or name.startswith("#"):
            continue
        line = node.origin_line or 1
        if name in _SVG_ACTIVE:
            yield error(rel, line, f"this SVG picture holds a <{name}>, which would run in "
                        "readers' browsers", "save the picture again without scripts, or as PNG")
        for attribute, value in (node.attrs or {}).items():
            attribute = attribute.lower()
            if attribute.startswith("on"):
                yield error(rel, line, f"this SVG picture has an event handler '{attribute}'",
                            "save the picture again without scripts, or as PNG")
            elif attribute in ("href", "xlink:href", "src"):
                fetched = name in _SVG_FETCHES and name != "a"
                problem = url_problem("src" if fetched else "href", value or "")
                if problem:
                    yield error(rel, line, f"this SVG picture refers to '{excerpt(value or '')}'",
                                "an SVG picture may only use its own content: no scripts and "
                                "nothing from another website")
        stack.extend(node.children or [])
