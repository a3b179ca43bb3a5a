"""Small facts about a Markdown body that checks need: headings, code, line numbers.

Every scan here is linear in the length of the body, whatever it holds: patterns cannot
backtrack over what they have already read, and loops over str.find results only go forward.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .ids import slugify
from .values import Heading

_HEADING_START = re.compile(r" {0,3}(#{1,6})([ \t]+)")


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


# --- code: fenced blocks and inline spans, found as Python-Markdown finds them ---------------

#: No author writes a body with more backtick runs, or more lines starting with a fence,
#: than this. Past that many, the rest of the body is left as it is (checks see too
#: much, never too little), which keeps the Python work per body small.
MAX_CODE_MARKS = 50_000


def prose_view(body: str) -> str:
    """The body with code (fenced blocks and inline spans) blanked, same offsets and lines.

    Cross-references, links and HTML inside code are shown to readers as code, so
    checks that look for them must not see them. Code is found as Python-Markdown 3.11
    finds it in paragraphs; where this cannot be sure something is code, it leaves it
    visible: a check then sees too much, never too little.
    """
    if "`" not in body and "~~~" not in body:
        return body
    return blank_spans(body, _code(body))


def blank_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with each (start, end) span, in order, blanked: same offsets and lines."""
    pieces, position = [], 0
    for start, end in spans:
        pieces += (text[position:start], _blank(text[start:end]))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


_ASCII_BLANK = {code: " " for code in range(128) if code != ord("\n")}


def _blank(text: str) -> str:
    """Spaces for every character but line breaks (str.translate is fastest on ASCII)."""
    if "\n" not in text:
        return " " * len(text)
    if text.isascii():
        return text.translate(_ASCII_BLANK)
    return "\n".join(map(" ".__mul__, map(len, text.split("\n"))))


def _code(body: str) -> list[tuple[int, int]]:
    """(start, end) of each piece of code, in order: fenced blocks, spans between them."""
    blocks, known_to = _fenced_blocks(body)
    found: list[tuple[int, int]] = []
    allowance, position = MAX_CODE_MARKS, 0
    for start, end in [*blocks, (known_to, known_to)]:
        spans, allowance = _code_spans(body, position, start, allowance)
        found += spans
        if allowance < 0:
            break
        found.append((start, end))
        position = end
    return [(start, end) for start, end in found if start < end]


_FENCE_LINE = re.compile(r"^(`{3,}|~{3,})([^\n]*)$", re.MULTILINE)
# What may follow an opening fence on its line, as Python-Markdown's fenced_code accepts it
# ({attributes} with nested braces are refused there, so are not taken here).
_FENCE_INFO = re.compile(
    r"[ ]*(?:\{[^{}\n]*\}|(?:\.?[\w#.+-]*[ ]*)?(?:hl_lines=([\"']).*?\1[ ]*)?)"
)


def _fenced_blocks(body: str) -> tuple[list[tuple[int, int]], int]:
    """Fenced code blocks, and where the body stops being understood (its end, unless it
    has more than MAX_CODE_MARKS fence lines).

    A fence at the start of a line opens a block only if the same fence, alone on a later
    line, closes it: Python-Markdown shows an unclosed fence as text.
    """
    known_to = len(body)
    if "```" not in body and "~~~" not in body:
        return [], known_to
    closers: dict[str, list[int]] = {}
    lines = []  # (start, fence, rest of the line)
    for match in _FENCE_LINE.finditer(body):
        if len(lines) == MAX_CODE_MARKS:
            known_to = match.start()
            break
        lines.append((match.start(), match[1], match[2]))
        if not match[2].strip(" \t"):
            closers.setdefault(match[1], []).append(match.start())
    blocks: list[tuple[int, int]] = []
    position = 0
    for start, fence, rest in lines:
        if start < position or not _FENCE_INFO.fullmatch(rest.replace("\t", " ")):
            continue  # inside a block already; or not an opening fence (tabs count as spaces)
        candidates = closers.get(fence, [])
        index = bisect.bisect_right(candidates, start)
        if index == len(candidates):
            if known_to < len(body):  # its closing fence may be past what was read
                return blocks, start
            continue
        end = body.find("\n", candidates[index])
        position = len(body) if end == -1 else end
        blocks.append((start, position))
    return blocks, known_to


_TICKS = re.compile(r"(?<!\\)(\\*+)(`+)")  # a run of backticks, and the backslashes before it
# Where a paragraph ends: a blank line, or a line starting with '#' (a heading, even
# in the middle of a paragraph). Python-Markdown looks for code in each block alone.
_PARAGRAPH_BREAK = re.compile(r"\n(?:[ \t]*\n|#)")


def _code_spans(
    body: str, low: int, high: int, allowance: int
) -> tuple[list[tuple[int, int]], int]:
    """Inline code spans in body[low:high], paragraph by paragraph, and what is left of the
    allowance of backtick runs (below 0: it ran out, and the paragraph where it did and
    the rest of the body were left as they are)."""
    spans: list[tuple[int, int]] = []
    if body.find("`", low, high) == -1:
        return spans, allowance
    runs: list[tuple[int, int, int]] = []  # (start, length, backslashes before) in a paragraph
    paragraph_end = -1
    for match in _TICKS.finditer(body, low, high):
        start, end = match.span(2)
        if start > paragraph_end:
            spans += _paired(runs)
            runs = []
            paragraph_end = _paragraph_end(body, start, low, high)
        allowance -= 1
        if allowance < 0:
            return spans, allowance
        runs.append((start, end - start, match.end(1) - match.start(1)))
    spans += _paired(runs)
    return spans, allowance


def _paragraph_end(body: str, position: int, low: int, high: int) -> int:
    """Where the paragraph holding `position` ends (a heading line is a paragraph alone)."""
    line_start = max(low, body.rfind("\n", 0, position) + 1)
    if body.startswith("#", line_start):
        line_end = body.find("\n", position, high)
        return high if line_end == -1 else line_end
    found = _PARAGRAPH_BREAK.search(body, position, high)
    return found.start() if found else high


def _paired(runs: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """The code spans the backtick runs of one paragraph make, as Python-Markdown 3.11
    pairs them.

    Reading on from where it is, Python-Markdown takes the first backtick no backslash
    escapes as an opener, with the n backticks from there. The span closes at the first
    later run of exactly n; failing that, if every later run in the paragraph is shorter,
    at the first of the longest of them (`` ``a` `` is the code "`a"). Otherwise there
    is no span, and reading goes on 2n characters after the opener.
    """
    spans: list[tuple[int, int]] = []
    later: _LaterRuns | None = None
    position = index = 0  # where reading goes on; the first run that may hold an opener
    while index < len(runs):
        start, length, slashes = runs[index]
        end = start + length
        if position > start:
            opener = position  # reading went on inside the run: after a backtick
        elif slashes == 0 or (slashes % 2 == 0 and start - slashes >= position):
            opener = start  # no backslash, or pairs of them (each a literal backslash)
        else:
            opener = start + 1  # an escaped backtick is text
        if opener >= end:
            index += 1
            continue
        length = end - opener
        closer = index + 1
        if closer < len(runs) and runs[closer][1] != length:  # not the usual `code`
            later = later or _LaterRuns(runs)
            closer = later.closer(index, length)
        if closer == -1 or closer == len(runs):
            position = opener + 2 * length
            index += 1
            continue
        position = runs[closer][0] + runs[closer][1]
        spans.append((opener, position))
        index = closer + 1
    return spans


class _LaterRuns:
    """Which runs come after a given one: by length, and the first longest of them."""

    def __init__(self, runs: list[tuple[int, int, int]]) -> None:
        self.lengths = [length for _, length, _ in runs]
        self.where: dict[int, list[int]] = {}  # length -> indices of the runs that long
        for index, length in enumerate(self.lengths):
            self.where.setdefault(length, []).append(index)
        self.longest = [-1] * len(runs)  # index of the first longest run after each run
        best = -1
        for index in range(len(runs) - 1, -1, -1):
            self.longest[index] = best
            if best == -1 or self.lengths[index] >= self.lengths[best]:
                best = index

    def closer(self, index: int, length: int) -> int:
        """The run closing an opener of `length` backticks in run `index`, or -1."""
        same = self.where.get(length, [])
        following = bisect.bisect_right(same, index)
        if following < len(same):
            return same[following]
        longest = self.longest[index]
        return longest if longest != -1 and self.lengths[longest] < length else -1


# --- headings ---------------------------------------------------------------------------------

def headings(prose: str, first_line: int) -> list[Heading]:
    """ATX headings (`## Key learning`) with their anchors, as the toc extension makes them."""
    found = []
    seen: dict[str, int] = {}
    for number, line in _lines_with_hash(prose):
        heading = _heading(line)
        if heading is None:
            continue
        level, text = heading
        custom = _custom_anchor(text)
        if custom:
            text, anchor = custom
        else:
            anchor = slugify(text)
            # the toc extension makes repeated anchors unique: key-learning, key-learning_1
            if anchor in seen:
                seen[anchor] += 1
                anchor = f"{anchor}_{seen[anchor]}"
            else:
                seen[anchor] = 0
        found.append(Heading(level, text.strip(), anchor, first_line + number))
    return found


def _heading(line: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading line: `## Text ##`, closing hashes and spaces dropped.

    Read with str methods: the pattern `(.+?)[ \\t]*#*[ \\t]*$` took time cubic in a run
    of spaces. Where the line is only hashes and spaces, that pattern took one character
    as the text, and so does this.
    """
    match = _HEADING_START.match(line)
    if not match:
        return None
    rest = line[match.end() :]
    text = rest.rstrip(" \t").rstrip("#").rstrip(" \t")
    if not text:
        if rest:
            text = rest[0]
        elif len(match[2]) > 1:
            text = match[2][-1]
        else:
            return None
    return len(match[1]), text


_ATTR_ID = re.compile(r"#([\w-]+)")


def _custom_anchor(text: str) -> tuple[str, str] | None:
    """`Key learning {#learning}` -> ('Key learning', 'learning'): an id in a closing {...}."""
    end = text.rstrip()
    if not end.endswith("}"):
        return None
    close = len(end) - 1
    brace = end.find("{", end.rfind("}", 0, close) + 1, close)
    if brace == -1:
        return None
    names = _ATTR_ID.findall(end, brace + 1, close)
    return (end[:brace].rstrip(), names[-1]) if names else None


def _lines_with_hash(text: str) -> Iterator[tuple[int, str]]:
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


# --- links ------------------------------------------------------------------------------------

# Possessive quantifiers (`*+`) never give back what they matched, and a link's text may hold
# [one level] of brackets, its target and title may not hold `](`: so from each `[`, the
# pattern reads on only as far as the next `[` it cannot pair, or the next `](`.
MARKDOWN_LINK = re.compile(
    r"(!?\[[^\[\]]*+(?:\[[^\[\]]*+\][^\[\]]*+)*+\]\(\s*+<?)"  # [text]( or ![alt](
    r"((?<=<)[^<>\n]*+(?=>)|(?:[^)\s>\]]|\](?!\())++)>?"  # target: <with spaces> or not
    r"(?:\s++[\"'](?:[^)\]\"']|[\"'](?!\s*\))|\](?!\())*+[\"'])?\s*\)"  # optional "title", )
)


@dataclass(frozen=True)
class RelativeLink:
    """A Markdown link or image to a file of the project (not a web address or anchor)."""

    start: int  # offset of the whole link
    target_span: tuple[int, int]  # where the target is written
    target: str  # as written
    path: str  # the file part, %-decoded
    fragment: str


#: A reference definition (`[id]: target "title"`), as Python-Markdown finds one in any
#: block: at the top level, in a quotation (`> [id]: x`) or in a list item (indented); the
#: target and the title may each start the next line, and nothing else may follow them.
#: `[^id]: ...` is a footnote (with the footnotes extension), never a link.
_LINE_BREAK = r"(?:\n(?:[ \t]*>)*[ \t]*)?"
REFERENCE_DEFINITION = re.compile(
    r"^(?:[ \t]*>)*+[ \t]*+\[(?!\^)([^\]\n]{1,999})\]:[ \t]*" + _LINE_BREAK
    + r"<?([^\s>]+)>?[ \t]*(?:" + _LINE_BREAK
    + r"""(?:(["'])[^\n]*\3|\([^\n]*\))[ \t]*)?$""", re.MULTILINE)


LinkTarget = tuple[int, tuple[int, int], str]  # start, where the target is written, target


def angle_bracket_targets(prose: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each inline link target written in angle brackets, brackets
    included (`[notes](<my notes.txt>)`): an address, not a tag."""
    if "](<" in prose or "]( " in prose or "](\n" in prose:
        for match in MARKDOWN_LINK.finditer(prose):
            start, end = match.span(2)
            if prose[start - 1] == "<" and prose.startswith(">", end):
                yield start - 1, end + 1


def link_targets(prose: str) -> list[LinkTarget]:
    """Every link's target: inline links and images and reference definitions, in the
    order they are written (code already blanked out), except those in HTML comments."""
    found = []
    if "](" in prose:
        found = [(match.start(), match.span(2), match[2])
                 for match in MARKDOWN_LINK.finditer(prose)]
    if "]:" in prose:  # rarer: only then are the two kinds put in order
        found += [(match.start(2), match.span(2), match[2])
                  for match in REFERENCE_DEFINITION.finditer(prose)]
        found.sort()
    if "<!--" in prose and found:
        comments = [span for match in _COMMENT.finditer(prose)
                    if _is_whole_comment(prose, span := match.span())]
        starts = [start for start, _ in comments]
        found = [target for target in found
                 if not _inside_any(target[0], comments, starts)]
    return found


#: An HTML comment: `<!-->` and `<!--->` end where they begin, as browsers read them.
_COMMENT = re.compile(r"<!--(?!-?>)(?:[^-]|-(?!->))*+-->")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _is_whole_comment(prose: str, span: tuple[int, int]) -> bool:
    """Python-Markdown shows a comment's inside as nothing when the comment starts a line
    (raw HTML) or lies within one paragraph; one that runs on past a blank line from
    within a paragraph ends that paragraph, and the Markdown after it counts."""
    start, end = span
    at_line_start = not prose[prose.rfind("\n", 0, start) + 1:start].strip()
    return at_line_start or not _BLANK_LINE.search(prose, start, end)


def _inside_any(offset: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    index = bisect.bisect_right(starts, offset) - 1
    return index >= 0 and offset < spans[index][1]


def same_page_links(targets: list[LinkTarget]) -> list[tuple[int, str]]:
    """(start, fragment) of each link to a place on its own page (`[x](#part)`)."""
    return [(start, unquote(target[1:])) for start, _, target in targets
            if target.startswith("#") and len(target) > 1]


def relative_links(prose: str, targets: list[LinkTarget] | None = None
                   ) -> Iterator[RelativeLink]:
    """Every relative link in a body (code already blanked out), in the order written;
    `targets` if `link_targets` has read them already."""
    for start, span, target in link_targets(prose) if targets is None else targets:
        try:
            parts = urlsplit(target)
        except ValueError:  # e.g. 'http://[x': not a file of the project; judged elsewhere
            continue
        if parts.scheme or parts.netloc or target.startswith(("#", "/")) or not parts.path:
            continue
        yield RelativeLink(start, span, target, unquote(parts.path), parts.fragment)
