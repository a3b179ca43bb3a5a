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
from markdown.inlinepatterns import HTML_RE

from .html_policy import (
    ANY_TAG,
    Finding,
    attribute_findings,
    unsafe_html,
    unsafe_markdown_html,
)
from .markdown_text import REFERENCE_DEFINITION, angle_bracket_targets, blank_spans

#: Python-Markdown's automatic links, `<https://...>` and `<name@example.org>`: not tags.
_AUTOLINK = re.compile(r"<((?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>\s]*)>|<([^<> !]+@[^@<> ]+)>")
#: `{: ... }`, as the attr_list extension reads it.
_ATTRIBUTE_LIST = re.compile(r"\{:?[ ]*([^\}\n ][^\}\n]{0,999})\}")


#: Past this many, one more finding says how to go on: a file that has so many is not
#: prose, and reporting each would cost more than the reading.
MAX_FINDINGS = 100


def html_findings(prose: str) -> Iterator[tuple[int, Finding]]:
    """(offset, finding) for everything in `prose` the allowlist would remove."""
    for count, (offset, finding) in enumerate(_all_findings(prose)):
        if count == MAX_FINDINGS:
            yield offset, Finding(1, f"more than {MAX_FINDINGS} pieces of HTML that are not "
                                  "allowed; only the first are listed",
                                  "write the content in Markdown")
            return
        yield offset, finding


def _all_findings(prose: str) -> Iterator[tuple[int, Finding]]:
    lines = _Lines(prose)
    blanked = prose
    if "<" in prose:  # addresses in angle brackets are not tags
        blanked = _AUTOLINK.sub(lambda m: " " * len(m[0]), prose)
        blanked = blank_spans(blanked, angle_bracket_targets(blanked))
        blanked = _text_less_than_signs(blanked)
    # Read as one HTML document and as Markdown reads it, block by block: a construct
    # that hides a tag from one reading does not hide it from the other.
    seen = set()
    for finding in [*unsafe_html(blanked), *unsafe_markdown_html(blanked)]:
        if (finding.line, finding.message) not in seen:
            seen.add((finding.line, finding.message))
            yield lines.start_of(finding.line), finding
    for offset, tag, attribute, value in _markdown_addresses(prose):
        for finding in attribute_findings(tag, attribute, value, 1):
            yield offset, finding
    if "{" in prose:
        yield from _attribute_list_findings(prose)
    if "!!!" in prose or "???" in prose:
        for header in _ADMONITION.finditer(prose):  # its words are the box's classes
            for finding in attribute_findings("div", "class", header[1], 1):
                yield header.start(1), finding


#: The first line of an admonition (`!!! note "Title"`, or `???` for a collapsible one),
#: as Python-Markdown's and PyMdown's read it.
_ADMONITION = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?) ?([\w-]+(?: +[\w-]+)*)", re.MULTILINE)


#: Raw HTML inside a paragraph, as Python-Markdown's inline pattern finds it: a `<` that
#: starts none of these is shown as text (`5<x`).
_INLINE_HTML = re.compile(HTML_RE, re.DOTALL)
#: A line starting with `<`, which may start a block of raw HTML running on past blank lines.
_HTML_LINE = re.compile(r"^[ \t]*<", re.MULTILINE)
_BLOCK = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")


def _text_less_than_signs(prose: str) -> str:
    """`prose` with each `<` Python-Markdown shows as text blanked, in paragraphs before
    the first line starting with `<`: from there on raw HTML may run on past blank lines,
    and every `<` is still read both ways, as a tag too."""
    raw = _HTML_LINE.search(prose)
    end = raw.start() if raw else len(prose)
    pieces, at = [], 0
    for block in _BLOCK.finditer(prose, 0, end):
        pieces.append(prose[at:block.start()])
        pieces.append(_blank_text_signs(block[0]))
        at = block.end()
    pieces.append(prose[at:])
    return "".join(pieces)


def _blank_text_signs(block: str) -> str:
    if "<" not in block:
        return block
    kept, at = [], 0
    for sign in re.finditer("<", block):
        start = sign.start()
        if start < at:
            continue  # inside raw HTML found before
        tag = _INLINE_HTML.match(block, start)
        if tag:
            kept.append(block[at:tag.end()])
        else:
            kept.append(block[at:start] + " ")
        at = tag.end() if tag else start + 1
    kept.append(block[at:])
    return "".join(kept)


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
    image_ids = _image_reference_ids(prose) if "![" in prose else set()
    if "]:" in prose:
        for match in REFERENCE_DEFINITION.finditer(prose):
            used_by_image = match[1].strip().lower() in image_ids
            yield (match.start(2), "img" if used_by_image else "a",
                   "src" if used_by_image else "href", match[2])
    if "](" in prose:
        yield from _inline_links(prose)
    if "<" in prose:
        for match in _AUTOLINK.finditer(prose):
            if match[1]:
                yield match.start(1), "a", "href", match[1]


def _image_reference_ids(prose: str) -> set[str]:
    """Reference ids images use (`![alt][id]`, `![id][]`, `![id]`), alt text balanced.

    Brackets are matched in one pass with a stack (emptied at each blank line), so the
    work stays linear however many brackets there are.
    """
    ids, stack = set(), []
    for match in _BRACKET_OR_BREAK.finditer(prose):
        char, at = match[0], match.start()
        if char == "[":
            stack.append(at)
        elif char == "]":
            if not stack:
                continue
            opener = stack.pop()
            if opener > 0 and prose[opener - 1] == "!":
                label = prose[opener + 1:at]
                after = _IMAGE_REFERENCE_ID.match(prose, at + 1)
                ids.add(((after[1] if after else "") or label).strip().lower())
        else:
            stack.clear()
    return ids


_BRACKET_OR_BREAK = re.compile(r"[\[\]]|\n[ \t]*\n")
#: What follows an image's `]`: `[id]`, `[]` or nothing.
_IMAGE_REFERENCE_ID = re.compile(r" ?\[([^\]\n]{0,999})\]")


def _inline_links(prose: str) -> Iterator[tuple[int, str, str, str]]:
    """`[text](address)` and `![alt](address)`, found in one pass.

    Whether a link is an image is read from the `[` nearest before its `](`: found by
    bisecting the positions of every `[`. Each `(` is matched with its `)` by one pass
    with a stack, so no scan repeats, however the brackets are arranged.
    """
    closing = _matching_parentheses(prose)
    if not closing:
        return  # no `(` has its `)`: Markdown makes no inline link
    openers = [m.start() for m in re.finditer(r"\[", prose)]
    position = prose.find("](")
    while position != -1:
        start = position + 2
        end = closing.get(start - 1)
        if end is not None:  # without its `)`, Markdown makes no link
            target = _link_target(prose[start:end])
            if target:
                index = bisect.bisect_left(openers, position) - 1
                is_image = index >= 0 and openers[index] > 0 and \
                    prose[openers[index] - 1] == "!"
                yield (start, "img" if is_image else "a", "src" if is_image else "href",
                       target)
        position = prose.find("](", start)


def _matching_parentheses(prose: str) -> dict[int, int]:
    """Position of each `(` -> position of its `)`, within a paragraph."""
    matched: dict[int, int] = {}
    if ")" not in prose:
        return matched
    stack: list[int] = []
    for match in _PAREN_OR_BREAK.finditer(prose):
        char = match[0]
        if char == "(":
            stack.append(match.start())
        elif char == ")":
            if stack:
                matched[stack.pop()] = match.start()
        else:
            stack.clear()
    return matched


_PAREN_OR_BREAK = re.compile(r"[()]|\n[ \t]*\n")


def _link_target(inside: str) -> str:
    """The address between a link's parentheses, across spaces and line breaks, less a
    title in quotes. Spaces stay in it: a browser drops them, so `java script:` is
    judged as `javascript:`."""
    text = inside.strip(" \t\n")
    if text.startswith("<"):
        closing = text.find(">")
        return text[1:closing] if closing != -1 else ""
    return _TITLE.sub("", text)


#: A link's title after its address: `"Title"`, `'Title'` or `(Title)`.
_TITLE = re.compile(r"""\s+(?:"[^"]*"|'[^']*'|\([^)]*\))\s*$""")


def _attribute_lists(prose: str) -> Iterator[tuple[int, str]]:
    """(offset, text inside) of each `{...}` on one line, found in one pass: from the
    first `{` since the last `}` or line break, as the attr_list pattern matches."""
    first = last = -1
    for match in _BRACE_OR_BREAK.finditer(prose):
        char, at = match[0], match.start()
        if char == "{":
            first = at if first == -1 else first
            last = at
        elif char == "}" and first != -1:
            start = first if at - first <= 1000 else last
            if at - start <= 1000:
                yield start, prose[start:at + 1]
            first = last = -1
        else:
            first = last = -1


_BRACE_OR_BREAK = re.compile(r"[{}\n]")


def _attribute_list_findings(prose: str) -> Iterator[tuple[int, Finding]]:
    for offset, written in _attribute_lists(prose):
        match = _ATTRIBUTE_LIST.fullmatch(written)
        if match is None:
            continue
        inside = match[1]
        if not (match[0].startswith("{:") or "=" in inside or inside[0] in "#."):
            continue  # '{placeholder}' in a sentence is text, not an attribute list
        attributes, _ = get_attrs_and_remainder(inside)
        for name, value in attributes:
            if name in (".", "id"):
                name = "class" if name == "." else "id"
            for finding in attribute_findings(ANY_TAG, name.lower(), value or "", 1):
                yield offset, finding
