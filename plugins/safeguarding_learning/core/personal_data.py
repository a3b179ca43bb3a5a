"""Personal data that must never reach a public page.

Patterns lean towards reporting: a false alarm costs an author a minute, a missed
NHS number is a safeguarding incident. Public contact details go on the allowlist.

A file is read twice. First as written, all of it (comments, code and tags too: the page's
source is public). Then, where the source may hide something from that first reading
(markup, comments, escapes, character references, invisible characters), as a reader
sees it: `reader_view` gives that text with a map back to the source, so a number a
reader sees whole is found, and reported where it starts in the file.
"""

from __future__ import annotations

import bisect
import functools
import html
import itertools
import re
import unicodedata
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from .diagnostics import Diagnostic, error, excerpt
from .markdown_text import LineIndex

# Names and their short forms, one branch a first letter or two: a word that is no month
# is left after one or two comparisons.
_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_WEEKDAYS = "(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_DATE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}"
    r"|\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}"
    rf"|\d{{1,2}}{_ORDINAL}[\s\-]++(?:of\s++)?(?:{_MONTHS})\.?,?[\s\-]++\d{{4}}"
    rf"|(?:{_MONTHS})\.?\s++(?:the\s++)?\d{{1,2}}{_ORDINAL},?\s++\d{{4}}"
    # A month's name between dashes or slashes, and a year of two digits: 'DOB 15-Mar-19'
    # (never a bare date: each of these patterns is only read after a birth label).
    rf"|\d{{1,2}}[/\-](?:{_MONTHS})[/\-]\d\d(?![\d:]))"
)


@dataclass(frozen=True)
class Finding:
    offset: int
    kind: str
    text: str  # what was found, cut short for a message
    hint: str


def _nhs_checksum_ok(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


# Possessive quantifiers (`++`) and `\s++` below: each run of letters or spaces is read once,
# never given back and re-read, so every pattern is linear in the text. Patterns start with
# the characters they need ([A-Z], a digit, 0, 4, +, d or b, c or s of 'Child' or 'Sibling')
# and look behind only after that first character: the regex engine then skips everything
# else at C speed instead of trying each position (`(?<!\w[A-Z])` after `[A-Z]` is `\b`
# before it). An address spelt with a bracketed 'at' starts with any letter: it is only
# read near such a word, which a bracket starts.

#: Between the parts of a number, what a reader sees as one space: spaces and tabs, and at
#: most one line break (Markdown joins a paragraph's lines), with a quote's `>` after it.
_GAP = r"[ \t\r]*+(?:\n[ \t>]*+)?"
#: Between digit groups, as people write them: white space, a dash or a dot, or nothing.
_SEPARATOR = r"[ \t\r]*+(?:[-.\n][ \t>]*+)?"
#: The same, but something: '943 476 5919', '943.476.5919', '943-476-5919'.
_SPLIT = rf"(?=[ \t\r\n.-]){_SEPARATOR}"
#: Inside a phone number a dot only stands between groups of two or more digits, so that
#: '0.55 0.66 0.77' stays a list of decimals.
_PHONE_SEPARATOR = r"(?:[ \t\r]*+(?:[-\n][ \t>]*+)?|(?<=\d\d)\.(?=\d\d))"

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++")
#: An address with 'at' or 'dot' in brackets, as people write one to hide it from machines:
#: 'jo (at) example (dot) com', 'jo[at]example[dot]com'. (The words alone, 'meet at the
#: school dot com', are prose.) Only read near each such word (`_spelt_emails`).
_BRACKETED_WORD = re.compile(r"[(\[{]\s*+(at|dot)\s*+[)\]}]", re.IGNORECASE)
_SPELT_AT, _SPELT_DOT = (rf"{_GAP}[(\[{{]{_GAP}{word}{_GAP}[)\]}}]{_GAP}" for word in ("at", "dot"))
_SPELT_EMAIL = re.compile(
    rf"[\w.+-](?<![\w.+-][\w.+-])[\w.+-]*+(?:@|{_SPELT_AT})[\w-]++"
    rf"(?:(?:\.|{_SPELT_DOT})[\w-]++)++",
    re.IGNORECASE,
)
_PHONE = re.compile(
    rf"(?:(?:\+(?<![\w+]\+)|00(?<![\w+]00))44{_PHONE_SEPARATOR}(?:\(0\){_PHONE_SEPARATOR})?"
    r"|\((?<![\w+]\()0|0(?<![\w+]0))"
    # the area code, then the number: '(0113) 496 0999', '07700 900123'
    rf"\d{{2,4}}(?:\)?(?:{_PHONE_SEPARATOR}\d){{6,8}}(?!\d)"
    # or a slash after the area code ('07700/900123', '0113 / 496 0999'), then the number on
    # the same line in one or two groups, and nothing more: 'briefing-0299/' then a date
    # '2024-01-10' on the next line, or '/0299/2024-01-10' in an address, is no phone number.
    r"|[ \t]*+/[ \t]*+(?:\d{6,8}|\d{3,4}[ \t]\d{3,4})(?!\d|[-./]\d))"
)
#: '44 7700 900123', the country code without its +: only before a UK number's ten digits
#: (counted where found) grouped as people write them, its area code then groups of three
#: or more, so that '44 120 350 200' stays a list of counts and '44 15 35 71 37 47' or
#: '44.751.751 0 0 1' a drawing's coordinates.
_PHONE_COUNTRY_CODE = re.compile(
    r"4(?<![\w+.\-]4)4(?:[ \t]++|-)(?:\(0\)[ \t]*+)?"
    r"[1-9](?:\d{9}|\d{1,3}(?:(?:[ \t]++|-)\d{3,}+)++)(?!\d|\.\d)"
)
_NHS_SPACED = re.compile(rf"\d(?<!\d\d)\d{{2}}{_SPLIT}\d{{3}}{_SPLIT}\d{{4}}(?!\d)")
#: Between the digit groups of an NHS number written otherwise: as _SPLIT, or a slash.
_NHS_SPLIT = r"(?=[ \t\r\n./-])[ \t\r]*+(?:[-./\n][ \t>]*+)?"
#: Ten digits that may be an NHS number, tested by its check digit where found (so other
#: numbers written so are not): ten in a row, which one line break may split (a reader sees
#: them as one number); or two or three groups of three to seven, not part of a longer run
#: of groups ('943/476/5919', '943 4765 919', '94347 65919'). One pattern, one pass, from a
#: digit other than 0 (no NHS number starts with one, and phone numbers all do).
_TEN_DIGITS = re.compile(r"[1-9](?<!\w\d)(?:(?:\d{9}|(?=\d{0,8}[ \t\r]*+\n)(?:" + "|".join(
    rf"\d{{{before}}}[ \t\r]*+\n[ \t>]*+\d{{{9 - before}}}" for before in range(9)) + r"))(?!\w)"
    rf"|(?<!\d[ \t./-]\d)\d{{2,6}}(?:{_NHS_SPLIT}\d{{3,7}}){{1,2}}(?!\d|{_NHS_SPLIT}\d))")
_NI_DIGITS = (rf"(?:\d\d{_SEPARATOR}\d\d{_SEPARATOR}\d\d"
              rf"|\d{{3}}{_SEPARATOR}\d{{3}})")
_NI_NUMBER = re.compile(
    rf"[A-Z](?<!\w[A-Z])[A-Z]{_SEPARATOR}{_NI_DIGITS}{_SEPARATOR}[A-D]\b")
# In lower case only the letters a National Insurance number can start with, and its
# digits follow them at once or are in pairs: 'as 123456 a', 'at 123 456 a' are prose.
# The two patterns below start at a digit, far rarer than a letter, and look behind it for
# the letters, which group 1 or 2 holds: where the finding starts.
_NI_PREFIX = "(?<!\\w)([a-ceghj-tw-z][a-ceghj-npqr-tw-z])"
_NI_NUMBER_ANY_CASE = re.compile(
    rf"\d(?<=[a-zA-Z \t.\-]\d)(?:(?<={_NI_PREFIX}\d)(?:\d{{5}}|\d\d{_SPLIT}\d{{3}})"
    rf"|(?<={_NI_PREFIX}[ \t.\-]\d)\d{_SPLIT}\d\d{_SPLIT}\d\d){_SEPARATOR}[a-d]\b",
    re.IGNORECASE,
)
# Between the halves a space, a dash or nothing: 'LS1 4AP', 'LS1-4AP', 'SW1A1AA'. Never
# after '#': '#D4E5FA' is a colour.
_POSTCODE = re.compile(
    rf"[A-Z](?<![\w#][A-Z])(?:[A-Z]?\d[A-Z\d]?|(?<=G)IR)(?:{_GAP}|-)\d[ABD-HJLNP-UW-Z]{{2}}\b"
)
# In any case, a whole word of a postcode's shape (letters and a digit, then a digit and two
# of the letters an inward code uses), never '2nd' or '4th' as its second half: 'b1 2nd
# floor' is prose, and 'covid19', 'a11y', 'b2b', 'mp3', 'h264' or 'ls1' no postcode. (In one
# piece, only all in lower case: see _numbers_in.) A one-letter area is one of the eight
# there are: 'u03ba' (from '\u03ba') is a character's code.
_POSTCODE_ANY_CASE = re.compile(
    r"\d(?<=[a-zA-Z]\d)"
    r"(?:(?<=(?<![\w#])([a-pr-uwyz][a-hk-y])\d)|(?<=(?<![\w#])([beglmnsw])\d))"
    r"[a-z\d]?(?:(?=[ \t\r\n])" + _GAP + r"|-)?"
    r"(?!(?:1st|2nd|3rd|\dth)\b)\d[abd-hjlnp-uw-z]{2}\b",
    re.IGNORECASE,
)


def _one_of(words: str) -> str:
    """A pattern for any of `words` (white-space separated), whole, one branch a first
    letter: a word that is none of them is left after one or two comparisons."""
    by_first: dict[str, list[str]] = {}
    for word in sorted(set(words.split()), key=len, reverse=True):
        by_first.setdefault(word[0], []).append(word[1:])
    return "(?:" + "|".join(f"{first}(?:{'|'.join(rests)})"
                            for first, rests in sorted(by_first.items())) + r")\b"


#: Words that start a clause of their own: a date after them is not when the child was
#: born ('Born in Bradford researchers reported on 3 March 2019'). Verbs, any lower-case
#: word ending in -ed among them, and the words that open a clause.
_CLAUSE_WORDS = "(?:" + _one_of(
    "is was are were be been has have had do does did will would shall should can could may "
    "might must say says said find finds found wrote write writes report reports show shows "
    "shown saw see seen sees met meet meets went goes gone came come comes made make makes "
    "took take takes gave give gives told tell tells began begin begins held hold holds "
    "spoke speak speaks which who whose that where when while but because although though if"
) + r"|(?-i:[a-z]++(?<=[a-z]{3}ed)\b))"
#: One word of what may stand between 'born' and 'on' its date: a place ('in Leeds General
#: Infirmary'), a time before term ('at 32 weeks', '(at 32+4 weeks' gestation)'), words such
#: as 'prematurely' or 'to Ms A'. Never a verb, nor a number of any other kind: 'born in
#: 2015 and on 3 March 2019 was placed' is no date of birth.
_BORN_WORD = (
    r"\(?+(?:\d\d?(?:\+\d)?[ \t]*+weeks?+'?+"
    rf"|(?!{_CLAUSE_WORDS})[^\W\d_][\w'\-]*+)\)?+,?+"
)
#: Between two of those words: white space, with at most one line break.
_BORN_GAP = r"(?:[ \t]++(?:\n[ \t>]*+)?|\n[ \t>]*+)"
_DATE_OF_BIRTH = re.compile(
    r"[db](?<!\w[db])(?:(?<=d)ate\s++of\s++birth|(?<=d)\.?o\.?b\b\.?"
    r"|(?<=b)irth\s?(?:date|day)"
    # 'born', then up to eight words before 'on' ('in Leeds at 32 weeks on'). (Bounded: the
    # engine gives words back to find 'on' only among those eight; each word is read once.)
    rf"|(?<=b)orn(?:(?:{_BORN_GAP}{_BORN_WORD}){{1,8}}(?={_BORN_GAP}on\b))?"
    # 'b.', short for born, at once before its date ('Child B, b. 15/03/2019'). Also at the
    # start of a line, where it may be a list's second item: that costs a minute to reword.
    r"|(?<=b)\.[ \t]*+(?=\d))"
    # What stands between a label and its date: a table cell's edge, bold, a colon or a
    # dash, 'was', 'on the', a weekday.
    rf"(?:[\s:|*_=>()\-,.]++|(?:was|is|on|the|{_WEEKDAYS})\b)*+{_DATE}",
    re.IGNORECASE,
)
#: A full date in brackets straight after a child's name in a review ('Child B (15/03/2019)',
#: 'Baby C (3 March 2019)', 'Sibling 2 (15-Mar-19)'): the child's date of birth.
_NAMED_CHILD_DATE = re.compile(
    r"[bcs](?<!\w[bcs])(?:(?<=c)hild|(?<=b)aby|(?<=s)ibling)(?=[ \t\r\n])"
    rf"{_GAP}(?:[^\W\d_]{{1,3}}|\d{{1,2}})\b{_GAP}\([ \t]*+{_DATE}",
    re.IGNORECASE,
)


#: Where the allowlist lives, as hints name it.
ALLOWLIST_SETTING = ("'personal_data_allowlist' in mkdocs.yml "
                     "(under plugins: safeguarding-learning)")


def find_personal_data(text: str, allowlist: set[str]) -> Iterator[Finding]:
    """Every piece of personal data in `text` that is not on the allowlist (lower-cased):
    as written, and as a reader sees it (`jo&#64;example&#46;com`, `077*00*900123`,
    `07700<!-- -->900123`), at the offset in `text` where it starts."""
    text = fold_characters(text)
    as_written = list(_find_as_written(text, allowlist))
    for hit in as_written:
        yield hit.finding
    view = reader_view(text)
    if view is None:
        return
    seen = _Spans(as_written)
    for hit in _find_as_written(view.text, allowlist):
        start, end = view.source(hit.start), view.source(hit.end - 1) + 1
        if not seen.overlaps(hit.finding.kind, start, end):
            yield Finding(start, hit.finding.kind, hit.finding.text, hit.finding.hint)


def personal_data_errors(text: str, rel: str, allowlist: set[str]) -> Iterator[Diagnostic]:
    """Each piece of personal data in a whole file's `text`, as an error at its line."""
    lines = LineIndex(text, 1)
    for finding in find_personal_data(text, allowlist):
        yield personal_data_error(rel, lines.line(finding.offset), finding)


def personal_data_error(rel: str, line: int, finding: Finding) -> Diagnostic:
    return error(rel, line, f"personal data: {finding.kind} ('{excerpt(finding.text)}') must "
                 "not be published", finding.hint)


# --- characters a reader reads as others ---------------------------------------------------

#: An HTML character reference (`&#64;`, `&amp;`): a page shows the character it stands for.
CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")

_FOLDED: dict[str, str] = {}


def fold_characters(text: str) -> str:
    """`text` with each character a reader reads as a digit, a space, a hyphen or a
    character of ASCII written as that (full-width and Arabic-Indic digits, no-break and
    thin spaces, non-breaking hyphens and dashes, `＠`, full stops): one character for one, so
    offsets stay as they were."""
    if text.isascii():
        return text
    table = {char: folded for char in set(text)
             if not char.isascii() and (folded := _fold(char)) != char}
    return text.translate(str.maketrans(table)) if table else text


def _fold(char: str) -> str:
    if char not in _FOLDED:
        _FOLDED[char] = _fold_one(char)
    return _FOLDED[char]


#: Ideographic full stops (NFKC keeps them as they are): 'jo@example\u3002com' reads as an
#: address.
_FULL_STOPS = "\u3002\uff61"


def _fold_one(char: str) -> str:
    digit = unicodedata.decimal(char, None)
    if digit is not None:
        return str(digit)
    category = unicodedata.category(char)
    if category in ("Zs", "Zl", "Zp") or char == "\x85":
        return " "
    if category == "Pd" or char in "\u2043\u2212":
        return "-"
    if char in _FULL_STOPS:
        return "."
    compatible = unicodedata.normalize("NFKC", char)
    return compatible if len(compatible) == 1 and compatible.isascii() else char


# --- the reader's view ---------------------------------------------------------------------

#: Characters that take no space: zero-width spaces and joiners, soft hyphens, direction
#: and variation marks.
_INVISIBLE = (
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\ufe00-\ufe0f\ufeff]"
)
_MARKS = "[*_~`]"
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*+)(?:[\s/][^<>]*+)?>")
#: Tags that only format text: the page shows what is either side of them as one. Others
#: (a table cell, a paragraph) stay in the view, and set what is either side apart.
_INLINE_TAGS = frozenset(
    "a abbr b bdi bdo cite code data del dfn em font i ins kbd mark q s samp small span strong "
    "sub sup time u var".split())
#: What a page does not show. Each alternative starts with the one character it needs
#: (so the engine skips all else at C speed), looks behind only after it, and reads each
#: run once.
_UNSEEN_IN_ASCII = (
    r"\\"  # a backslash escape: the character after it stays
    # Emphasis, strike-through or code marks inside a number, an address or a word.
    # Each run of marks is judged once, from its first mark: by what stands either side.
    rf"|{_MARKS}(?<!{_MARKS}{_MARKS})(?:(?<=[0-9@]{_MARKS}){_MARKS}*+|{_MARKS}*+(?=[0-9@])"
    rf"|(?<=[^\W_]{_MARKS}){_MARKS}*+(?=[^\W_]|\.)|(?<=\.{_MARKS}){_MARKS}*+(?=[^\W_]))"
)
# (Apart: a pattern with characters beyond ASCII in it scans all text several times slower.)
_UNSEEN_ASCII = re.compile(_UNSEEN_IN_ASCII)
_UNSEEN = re.compile(rf"{_UNSEEN_IN_ASCII}|{_INVISIBLE}{_INVISIBLE}*+")
#: A closed HTML comment. Only run up to the last `-->` (found with str.rfind), where
#: each `<!--` has an end, so that no search reads to the end of the text and fails.
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_REFERENCE = re.compile(r"&(?:#[0-9]++|#[xX][0-9a-fA-F]++|[A-Za-z][A-Za-z0-9]*+);")
#: YAML's escapes in a double-quoted value, and its backslash that joins two lines.
_YAML_ESCAPE = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|\n[ \t]*+|.)")
#: YAML's one-letter escapes that a value shows as white space.
_YAML_SPACES = frozenset("_ tnrNLP")
#: Where front matter ends, as sources.py finds it.
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


class _Rewrite:
    """One rewrite of a text: each match of a pattern (up to `end`) replaced by what it
    shows. Offsets in the new text are mapped back by shifts worked out when first asked
    for, which is only when the reader's view finds something the first reading did not."""

    def __init__(self, before: str, pattern: re.Pattern[str], shown: Callable[[str], str],
                 end: int) -> None:
        self._before, self._pattern, self._shown, self._end = before, pattern, shown, end
        self._after: array[int] | None = None  # where, in the new text, each match ends
        self._removed = array("q", [0])  # characters taken out up to there

    def apply(self) -> str:
        """The new text."""
        shown = self._shown
        replacement = "" if shown is _nothing else (lambda match: shown(match[0]))
        return self._pattern.sub(replacement, self._before[:self._end]) + self._before[self._end:]

    def source(self, offset: int) -> int:
        if self._after is None:
            self._after = self._shifts()
        return offset + self._removed[bisect.bisect_right(self._after, offset) - 1]

    def _shifts(self) -> array[int]:
        after, total = array("q", [0]), 0
        for match in self._pattern.finditer(self._before, 0, self._end):
            start, end = match.span()
            total += end - start - len(self._shown(match[0]))
            after.append(end - total)
            self._removed.append(total)
        return after


@dataclass(frozen=True)
class ReaderView:
    """Text as a reader sees it, and how to find where each character came from."""

    text: str
    rewrites: tuple[_Rewrite, ...]  # in the order they were made

    def source(self, offset: int) -> int:
        """The offset in the source of the view's character at `offset`."""
        for rewrite in reversed(self.rewrites):
            offset = rewrite.source(offset)
        return offset


def reader_view(text: str) -> ReaderView | None:
    """`text` as a page shows it, near enough to find personal data: no comments or tags,
    character references and escapes read, emphasis marks and invisible characters taken
    out. None when nothing in `text` is hidden that way (the usual case)."""
    rewrites = []
    last_close = text.rfind("-->")  # closed comments only: up to it, each `<!--` has an end
    stages = [(_COMMENT, _nothing, last_close + 3 if last_close != -1 else 0),
              (_YAML_ESCAPE, _yaml_escape, None),  # in front matter: its end is found below
              (_TAG, _tag, len(text)), (_REFERENCE, _reference, len(text)),
              (_UNSEEN_ASCII if text.isascii() else _UNSEEN, _nothing, len(text))]
    for pattern, shown, end in stages:
        if end is None:
            end = _front_matter_end(text)
        end = min(end, len(text))
        if end <= 0 or not pattern.search(text, 0, end):
            continue  # (so no copy of the text is made for nothing)
        rewrite = _Rewrite(text, pattern, shown, end)
        new_text = rewrite.apply()
        if new_text != text:
            text = new_text
            rewrites.append(rewrite)
    return ReaderView(text, tuple(rewrites)) if rewrites else None


def _nothing(_: str) -> str:
    return ""


@functools.lru_cache(maxsize=4096)
def _tag(tag: str) -> str:
    return "" if _TAG.match(tag)[1].lower() in _INLINE_TAGS else tag


@functools.lru_cache(maxsize=4096)
def _reference(reference: str) -> str:
    return _shown_characters(html.unescape(reference))


@functools.lru_cache(maxsize=4096)
def _yaml_escape(escape: str) -> str:
    """What YAML reads for a backslash escape in a double-quoted value."""
    rest = escape[1:]
    if rest[0] in "xuU" and len(rest) > 1:
        code = int(rest[1:], 16)
        # (YAML refuses a surrogate or a code past Unicode: nothing is shown.)
        return "" if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF else _shown_characters(chr(code))
    if rest[0] == "\n":
        return ""  # a line that ends in a backslash is joined to the next without a space
    return " " if rest in _YAML_SPACES else rest


def _shown_characters(characters: str) -> str:
    """Characters decoded from a reference or an escape, folded like the text around them,
    without those that take no space."""
    if characters.isascii():
        return characters
    return re.sub(_INVISIBLE, "", fold_characters(characters))


def _front_matter_end(text: str) -> int:
    first_end = text.find("\n")
    if first_end == -1 or text[:first_end].rstrip() != "---":
        return 0
    closing = _CLOSING.search(text, first_end + 1)
    return closing.start() if closing else 0


# --- the patterns, run on the text near digits ---------------------------------------------


class _Hit(NamedTuple):
    start: int
    end: int
    finding: Finding


class _Spans:
    """Where the first reading found each kind: the second does not report them again."""

    def __init__(self, hits: list[_Hit]) -> None:
        self._spans: dict[str, list[tuple[int, int]]] = {}
        for hit in hits:
            self._spans.setdefault(hit.finding.kind, []).append((hit.start, hit.end))
        for spans in self._spans.values():
            spans.sort()

    def overlaps(self, kind: str, start: int, end: int) -> bool:
        spans = self._spans.get(kind, [])
        index = bisect.bisect_left(spans, (end, end))
        return any(spans[i][1] > start for i in range(max(index - 2, 0), index))


def _find_as_written(text: str, allowlist: set[str]) -> Iterator[_Hit]:
    emails: set[int] = set()  # where each address found starts
    if "@" in text:
        for match in _EMAIL.finditer(text):
            emails.add(match.start())
            if match[0].lower().rstrip(".") not in allowlist:
                yield _email_hit(match)
    for match in _spelt_emails(text):
        address = "".join(_BRACKETED_WORD.sub(_spelt_out, match[0]).split()).lower()
        if (match.start() not in emails and address != match[0].lower()
                and address.rstrip(".") not in allowlist):
            yield _email_hit(match)
    # Everything else is built around digits: only the text near digits is worth the
    # patterns, and those stretches are searched together, to pay each pattern once.
    windows = digit_windows(text)
    if not windows:
        return
    # Joined by a blank line, which no pattern reads across.
    joined = "\n\n".join(text[start:end] for start, end in windows)
    starts = list(itertools.accumulate((end - start + 2 for start, end in windows), initial=0))
    for start, end, finding in _numbers_in(joined, allowlist):
        index = bisect.bisect_right(starts, start) - 1
        shift = windows[index][0] - starts[index]
        yield _Hit(start + shift, end + shift, Finding(
            start + shift, finding.kind, excerpt(finding.text), finding.hint))


def _email_hit(match: re.Match[str]) -> _Hit:
    return _Hit(*match.span(), Finding(
        match.start(), "an email address", excerpt(match[0]),
        f"remove it; if it is a public service address, add it to {ALLOWLIST_SETTING}"))


#: How far from a bracketed 'at' or 'dot' an address spelt with it reaches: its name
#: before it (at most 64 characters), its domain after it.
_SPELT_REACH_BEFORE, _SPELT_REACH_AFTER = 100, 300


def _spelt_emails(text: str) -> Iterator[re.Match[str]]:
    """Matches of `_SPELT_EMAIL`, read only around each bracketed 'at' or 'dot' (a rare
    character starts those), each stretch of the text once."""
    end = 0
    while word := _BRACKETED_WORD.search(text, end):
        start = max(end, word.start() - _SPELT_REACH_BEFORE)
        end = word.end() + _SPELT_REACH_AFTER
        yield from _SPELT_EMAIL.finditer(text, start, end)


def _spelt_out(match: re.Match[str]) -> str:
    """'@' for a bracketed 'at', '.' for a bracketed 'dot'."""
    return "@" if match[1].lower() == "at" else "."


#: How far around a digit personal data can reach: "born in Leeds General Infirmary on
#: Tuesday the 3rd of March 2019".
_REACH_BEFORE, _REACH_AFTER = 80, 30


def digit_windows(text: str) -> list[tuple[int, int]]:
    """Stretches of `text` around its digits, cut at white space, merged where they touch.

    Two digits' stretches touch unless white space lies at least _REACH_AFTER after the
    first and _REACH_BEFORE before the second; `_WINDOW_GAP` finds the first such pair from where
    it is asked, so the loop runs once a window, and every search only goes forward.
    """
    windows: list[tuple[int, int]] = []
    found = _DIGIT.search(text)
    while found:
        floor = windows[-1][1] if windows else 0
        start = max(floor, found.start() - _REACH_BEFORE)
        space = max(text.rfind(" ", floor, start), text.rfind("\n", floor, start))
        start = floor if space == -1 else space + 1
        gap = _WINDOW_GAP.search(text, found.start())
        last = gap.start() if gap else max(text.rfind(digit) for digit in "0123456789")
        after = _SPACE.search(text, min(len(text), last + _REACH_AFTER))
        end = after.start() if after else len(text)
        windows.append((start, end))
        found = _DIGIT.search(text, end)
    return windows


_DIGIT = re.compile(r"[0-9]")
_SPACE = re.compile(r"[ \n]")
# A digit, then no digit until white space _REACH_AFTER or more after it, followed by
# _REACH_BEFORE more characters that are not digits: where one window ends.
_WINDOW_GAP = re.compile(
    rf"[0-9][^0-9]{{{_REACH_AFTER - 1}}}[^0-9]*?[ \n][^0-9]{{{_REACH_BEFORE}}}"
)
_THREE_DIGITS = re.compile(r"\d{3}")
_UPPER = re.compile(r"[A-Z]")
_LETTER_BEFORE_DIGIT = re.compile(r"[A-Za-z][ \t.\-]?\d")
_BIRTH_WORDS = ("birth", "born", "dob", "d.o.b", "b.")
_CHILD_NAMES = ("child", "baby", "sibling")

_REMOVE = "remove it"
_PHONE_HINT = ("remove it; if it is a public service number, add it to "
               f"{ALLOWLIST_SETTING}")
_DATE_HINT = "give an age or a year instead (e.g. 'a baby of four months')"
_POSTCODE_HINT = "give the town or area only, never a full postcode"


def _numbers_in(line: str, allowlist: set[str]) -> Iterator[tuple[int, int, Finding]]:
    # Cheap tests first: most lines with a digit hold a year or a count, nothing more,
    # and each pattern is only run where the characters it needs are present at all.
    lower = line.lower()
    if any(word in lower for word in _BIRTH_WORDS):
        for match in _DATE_OF_BIRTH.finditer(line):
            yield _found(match, "a date of birth", _DATE_HINT)
    if "(" in line and any(word in lower for word in _CHILD_NAMES):
        for match in _NAMED_CHILD_DATE.finditer(line):
            yield _found(match, "a date of birth", _DATE_HINT)
    if _UPPER.search(line):
        for match in _NI_NUMBER.finditer(line):
            yield _found(match, "a National Insurance number", _REMOVE)
        for match in _POSTCODE.finditer(line):
            yield _found(match, "a full postcode", _POSTCODE_HINT)
    if _LETTER_BEFORE_DIGIT.search(line):  # what the patterns in any case start with
        yield from _unless_upper_case(_NI_NUMBER_ANY_CASE.finditer(line),
                                      "a National Insurance number", _REMOVE)
        for found in _unless_upper_case(_POSTCODE_ANY_CASE.finditer(line),
                                        "a full postcode", _POSTCODE_HINT):
            # Written in one piece, a postcode is in one case: 'WV6D2yT' is a checksum.
            if not found[2].text.isalnum() or found[2].text.islower():
                yield found
    if not _THREE_DIGITS.search(line):
        return  # phone and NHS numbers have longer runs of digits
    phones: list[tuple[int, int]] = []
    if "0" in line or "44" in line:  # a phone number starts 0, 0044, +44 or 44
        matches = itertools.chain(_PHONE.finditer(line), _PHONE_COUNTRY_CODE.finditer(line)
                                  if "44" in line else ())
        for match in matches:
            digits = _digits(match[0])
            if match.re is _PHONE_COUNTRY_CODE and len(digits) != 11:
                continue  # ('0' and ten digits)
            phones.append(match.span())
            if digits not in allowlist:
                yield _found(match, "a phone number", _PHONE_HINT)
    phones.sort()
    phone_starts = [start for start, _ in phones]

    def inside_phone(offset: int) -> bool:
        """'113 496 0000' inside '+44 113 496 0000' is a phone number, judged above."""
        before = bisect.bisect_right(phone_starts, offset) - 1
        return before >= 0 and offset < phones[before][1]

    nhs_starts: set[int] = set()  # each number once, whichever pattern finds it first
    for match in _NHS_SPACED.finditer(line):
        if not match[0].startswith("0") and not inside_phone(match.start()):
            nhs_starts.add(match.start())
            yield _found(match, "an NHS number", _REMOVE)
    for match in _TEN_DIGITS.finditer(line):
        digits = re.sub(r"\D", "", match[0])
        if (len(digits) == 10 and digits[0] != "0" and _nhs_checksum_ok(digits)
                and match.start() not in nhs_starts and not inside_phone(match.start())):
            yield _found(match, "an NHS number", _REMOVE)


def _found(match: re.Match[str], kind: str, hint: str) -> tuple[int, int, Finding]:
    """Where a match starts: at its first group when it has one (letters looked behind)."""
    start = match.start() if match.re.groups == 0 else max(match.start(1), match.start(2))
    return start, match.end(), Finding(start, kind, match.string[start:match.end()], hint)


def _unless_upper_case(matches: Iterator[re.Match[str]], kind: str,
                       hint: str) -> Iterator[tuple[int, int, Finding]]:
    """The any-case patterns' findings that the upper-case patterns have not reported."""
    for match in matches:
        found = _found(match, kind, hint)
        if not found[2].text.isupper():
            yield found


def comparable(found: str) -> str:
    """A finding's text as two readings of it are compared: letters and digits alone, in
    lower case (`LS1 4AP` as `ls14ap`)."""
    return re.sub(r"\W", "", found).lower()


def normalise_allowlist(entries: tuple[str, ...] | list[str]) -> set[str]:
    """Emails compare case-insensitively; phone numbers by their digits alone."""
    normalised = set()
    for entry in entries:
        entry = entry.strip().lower()
        normalised.add(entry if "@" in entry else _digits(entry))
    return normalised


def _digits(text: str) -> str:
    """A phone number's digits as dialled from within the UK: '+44 (0)113' and '0044 113'
    are '0113'."""
    digits = re.sub(r"\D", "", fold_characters(text))
    if digits.startswith("0044"):
        digits = digits[2:]
    if digits.startswith("44"):
        rest = digits[2:]
        return rest if rest.startswith("0") else "0" + rest
    return digits


#: What every piece of personal data holds once its characters are folded: a digit or an
#: email's '@' (or its bracketed 'at' or 'dot'), or what may make one as a reader sees it (a
#: character reference's '&', a YAML escape's '\').
_MAY_HOLD = re.compile(rf"[0-9@&\\]|{_BRACKETED_WORD.pattern}", re.IGNORECASE)


def cannot_hold_personal_data(text: str) -> bool:
    """Whether `text` is sure to hold none (most file names): a shortcut past
    `find_personal_data`, which sets up both readings for any text."""
    return _MAY_HOLD.search(fold_characters(text)) is None
