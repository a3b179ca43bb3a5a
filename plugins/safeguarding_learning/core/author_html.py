"""What a Markdown body would put into a page that the HTML allowlist removes.

A body reaches readers as HTML two ways: raw HTML written inside it, and HTML that
Markdown itself makes (links, images, reference definitions, attribute lists). Raw HTML
is read by an HTML5 parser; the Markdown constructs are found by linear scans and judged
by the same rules (`html_policy`), so every spelling of an address is judged once it is
decoded. Code has already been blanked out of `prose`: it is shown, never run.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from markdown.extensions.attr_list import get_attrs_and_remainder

from .html_policy import ANY_TAG, Finding, attribute_findings, unsafe_html

#: Python-Markdown's automatic links, `<https://...>` and `<name@example.org>`: not tags.
_AUTOLINK = re.compile(r"<((?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>\s]*)>|<([^<> !]+@[^@<> ]+)>")
#: `[id]: address "title"` at the start of a line.
_REFERENCE_DEFINITION = re.compile(
    r"^ {0,3}\[([^\]\n]{1,999})\]:[ \t]*<?([^\s>]+)>?", re.MULTILINE)
#: `![alt][id]`, `![id][]` and `![id]`: which reference ids images use.
_IMAGE_REFERENCE = re.compile(r"!\[([^\]\n]{0,999})\](?:[ ]?\[([^\]\n]{0,999})\])?")
#: `{: ... }`, as the attr_list extension reads it.
_ATTRIBUTE_LIST = re.compile(r"\{:?[ ]*([^\}\n ][^\}\n]{0,999})\}")


def html_findings(prose: str) -> Iterator[tuple[int, Finding]]:
    """(offset, finding) for everything in `prose` the allowlist would remove."""
    lines = _Lines(prose)
    blanked = _AUTOLINK.sub(lambda m: " " * len(m[0]), prose) if "<" in prose else prose
    for finding in unsafe_html(blanked):
        yield lines.start_of(finding.line), finding
    for offset, tag, attribute, value in _markdown_addresses(prose):
        for finding in attribute_findings(tag, attribute, value, 1):
            yield offset, finding
    if "{" in prose:
        yield from _attribute_list_findings(prose)


class _Lines:
    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None

    def start_of(self, line: int) -> int:
        if self._starts is None:
            self._starts = [0] + [m.end() for m in re.finditer("\n", self._text)]
        return self._starts[min(max(line, 1), len(self._starts)) - 1]


def _markdown_addresses(prose: str) -> Iterator[tuple[int, str, str, str]]:
    """(offset, tag, attribute, address) of each link and image Markdown would make."""
    image_ids = set()
    if "![" in prose:
        for match in _IMAGE_REFERENCE.finditer(prose):
            image_ids.add((match[2] or match[1]).strip().lower())
    if "]:" in prose:
        for match in _REFERENCE_DEFINITION.finditer(prose):
            used_by_image = match[1].strip().lower() in image_ids
            yield (match.start(2), "img" if used_by_image else "a",
                   "src" if used_by_image else "href", match[2])
    if "](" in prose:
        yield from _inline_links(prose)
    if "<" in prose:
        for match in _AUTOLINK.finditer(prose):
            if match[1]:
                yield match.start(1), "a", "href", match[1]


def _inline_links(prose: str) -> Iterator[tuple[int, str, str, str]]:
    """`[text](address)` and `![alt](address)`, found in one pass.

    Whether a link is an image is read from the `[` nearest before its `](`: found by
    bisecting the positions of every `[`, so no scan goes backwards.
    """
    openers = [m.start() for m in re.finditer(r"\[", prose)]
    position = prose.find("](")
    while position != -1:
        start = position + 2
        target = _link_target(prose, start)
        if target:
            index = bisect.bisect_left(openers, position) - 1
            is_image = index >= 0 and openers[index] > 0 and prose[openers[index] - 1] == "!"
            yield (start, "img" if is_image else "a", "src" if is_image else "href", target)
        position = prose.find("](", start)


def _link_target(prose: str, start: int) -> str:
    """The address of an inline link whose `(` is just before `start`."""
    end_of_line = prose.find("\n", start)
    end_of_line = len(prose) if end_of_line == -1 else end_of_line
    text = prose[start:min(end_of_line, start + 2000)].lstrip(" \t")
    if text.startswith("<"):
        closing = text.find(">")
        return text[1:closing] if closing != -1 else ""
    depth, end = 0, 0
    for end, char in enumerate(text):  # noqa: B007 - end is used after the loop
        if char in " \t":
            break
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
    else:
        end = len(text)
    return text[:end]


def _attribute_list_findings(prose: str) -> Iterator[tuple[int, Finding]]:
    for match in _ATTRIBUTE_LIST.finditer(prose):
        inside = match[1]
        if not (match[0].startswith("{:") or "=" in inside or inside[0] in "#."):
            continue  # '{placeholder}' in a sentence is text, not an attribute list
        attributes, _ = get_attrs_and_remainder(inside)
        for name, value in attributes:
            if name in (".", "id"):
                name = "class" if name == "." else "id"
            for finding in attribute_findings(ANY_TAG, name.lower(), value or "", 1):
                yield match.start(), finding
