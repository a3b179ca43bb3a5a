"""Small facts about a Markdown body that checks need: headings, code, line numbers."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .ids import slugify
from .model import Heading

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_ATTR_ID = re.compile(r"\s*\{[^}]*#([\w-]+)[^}]*\}\s*$")
_INLINE_CODE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)


class LineIndex:
    """Turns a character offset in a body into a line number of its file.

    Built on first use: most files have nothing to report.
    """

    def __init__(self, text: str, first_line: int) -> None:
        self._text = text
        self._starts: list[int] | None = None
        self._first = first_line

    def line(self, offset: int) -> int:
        if self._starts is None:
            self._starts = [0] + [m.end() for m in re.finditer("\n", self._text)]
        return self._first + bisect.bisect_right(self._starts, offset) - 1


def prose_view(body: str) -> str:
    """The body with code (fenced blocks and inline spans) blanked, same offsets and lines.

    Cross-references, links and HTML inside code are shown to readers as code, so
    checks that look for them must not see them.
    """
    if "`" not in body and "~~~" not in body:
        return body
    lines = body.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match[1][0] * len(match[1])
            lines[index] = " " * len(line)
        elif fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            lines[index] = " " * len(line)
    text = "\n".join(lines)
    return _INLINE_CODE.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)


def headings(prose: str, first_line: int) -> list[Heading]:
    """ATX headings (`## Key learning`) with their anchors, as the toc extension makes them."""
    found = []
    seen: dict[str, int] = {}
    for number, line in _lines_with_hash(prose):
        match = _HEADING.match(line)
        if not match:
            continue
        text = match[2]
        custom = _ATTR_ID.search(text)
        if custom:
            anchor = custom[1]
            text = text[: custom.start()]
        else:
            anchor = slugify(text)
            # the toc extension makes repeated anchors unique: key-learning, key-learning_1
            if anchor in seen:
                seen[anchor] += 1
                anchor = f"{anchor}_{seen[anchor]}"
            else:
                seen[anchor] = 0
        found.append(Heading(len(match[1]), text.strip(), anchor, first_line + number))
    return found


def _lines_with_hash(text: str):
    """(index, line) of lines that may be ATX headings, found with str.find, in order."""
    position = text.find("#")
    line_number, counted_to = 0, 0
    while position != -1:
        start = text.rfind("\n", 0, position) + 1
        end = text.find("\n", position)
        end = len(text) if end == -1 else end
        if not text[start:position].strip(" "):  # only spaces before the first '#'
            line_number += text.count("\n", counted_to, start)
            counted_to = start
            yield line_number, text[start:end]
        position = text.find("#", end)


def first_heading(found: list[Heading]) -> str | None:
    return next((h.text for h in found if h.level == 1), None)


_MARKDOWN_LINK = re.compile(
    r"(!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?)"  # [text]( or ![alt](
    r"([^)\s>]+)>?(?:\s+[\"'][^)]*[\"'])?\s*\)"  # target, optional "title", )
)


@dataclass(frozen=True)
class RelativeLink:
    """A Markdown link or image to a file of the project (not a web address or anchor)."""

    start: int  # offset of the whole link
    target_span: tuple[int, int]  # where the target is written
    target: str  # as written
    path: str  # the file part, %-decoded
    fragment: str


def relative_links(prose: str) -> Iterator[RelativeLink]:
    """Every relative link in a body (code already blanked out)."""
    if "](" not in prose:
        return
    for match in _MARKDOWN_LINK.finditer(prose):
        target = match[2]
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or target.startswith(("#", "/")) or not parts.path:
            continue
        yield RelativeLink(match.start(), match.span(2), target, unquote(parts.path),
                           parts.fragment)
