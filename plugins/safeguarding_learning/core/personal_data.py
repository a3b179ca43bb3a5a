"""Personal data that must never reach a public page.

Patterns lean towards reporting: a false alarm costs an author a minute, a missed
NHS number is a safeguarding incident. Public contact details go on the allowlist.
"""

from __future__ import annotations

import bisect
import html
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .diagnostics import Diagnostic, error, excerpt
from .markdown_text import LineIndex

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DATE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}"
    r"|\d{4}-\d{2}-\d{2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s++(?:{_MONTHS})\.?,?\s++\d{{4}}"
    rf"|(?:{_MONTHS})\.?\s++\d{{1,2}}(?:st|nd|rd|th)?,?\s++\d{{4}})"
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
# the characters they need ([A-Z], a digit, 0, +, d or b) and look behind only after that
# first character: the regex engine then skips everything else at C speed instead of
# trying each position (`(?<!\w[A-Z])` after `[A-Z]` is `\b` before it).
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[A-Za-z0-9-]++(?:\.[A-Za-z0-9-]++)++")
_PHONE = re.compile(
    r"(?:\+(?<![\w+]\+)44[\s-]?(?:\(0\)[\s-]?)?|\((?<![\w+]\()0|0(?<![\w+]0))"
    r"\d{2,4}\)?(?:[\s-]?\d){6,8}(?!\d)"
)
_NHS_SPACED = re.compile(r"\d(?<!\d\d)\d{2}[ -]\d{3}[ -]\d{4}(?!\d)")
_TEN_DIGITS = re.compile(r"\d(?<!\w\d)\d{9}(?!\w)")
_NI_NUMBER = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z][ ]?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?[A-D]\b")
_POSTCODE = re.compile(
    r"[A-Z](?<!\w[A-Z])(?:[A-Z]?\d[A-Z\d]?|(?<=G)IR)[ ]?\d[ABD-HJLNP-UW-Z]{2}\b"
)
_DATE_OF_BIRTH = re.compile(
    r"[db](?<!\w[db])(?:(?<=d)ate\s++of\s++birth|(?<=d)\.?o\.?b\.?|(?<=b)orn(?:\s++on)?)"
    rf"\s*+(?:was|is|:|-)?\s*+{_DATE}",
    re.IGNORECASE,
)


#: Where the allowlist lives, as hints name it.
ALLOWLIST_SETTING = ("'personal_data_allowlist' in mkdocs.yml "
                     "(under plugins: safeguarding-learning)")


def find_personal_data(text: str, allowlist: set[str]) -> Iterator[Finding]:
    """Every piece of personal data in `text` that is not on the allowlist (lower-cased),
    also where it is spelt with character references (`jo&#64;example&#46;com`), which a
    page shows as the characters they stand for."""
    if not text.isascii():  # one character for one: offsets stay as they were
        text = text.translate(_SPACES)
    found = list(_find_as_written(text, allowlist))
    yield from found
    if not CHARACTER_REFERENCE.search(text):
        return
    seen = {(finding.offset, finding.text) for finding in found}
    start = 0
    for line in text.splitlines(keepends=True):
        if CHARACTER_REFERENCE.search(line):
            for finding in _find_as_written(html.unescape(line).translate(_SPACES), allowlist):
                # Reported at the start of its line: offsets moved when references shrank.
                if not any(written == finding.text and start <= offset < start + len(line)
                           for offset, written in seen):
                    yield Finding(start, finding.kind, finding.text, finding.hint)
        start += len(line)


def personal_data_errors(text: str, rel: str, allowlist: set[str]) -> Iterator[Diagnostic]:
    """Each piece of personal data in a whole file's `text`, as an error at its line."""
    lines = LineIndex(text, 1)
    for finding in find_personal_data(text, allowlist):
        yield personal_data_error(rel, lines.line(finding.offset), finding)


def personal_data_error(rel: str, line: int, finding: Finding) -> Diagnostic:
    return error(rel, line, f"personal data: {finding.kind} ('{excerpt(finding.text)}') must "
                 "not be published", finding.hint)


#: Spaces other than the plain one, which a number may be written with (no-break, thin).
_SPACES = str.maketrans({"\xa0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " "})
#: An HTML character reference (`&#64;`, `&amp;`): a page shows the character it stands for.
CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def _find_as_written(text: str, allowlist: set[str]) -> Iterator[Finding]:
    if "@" in text:
        for match in _EMAIL.finditer(text):
            if match[0].lower().rstrip(".") not in allowlist:
                yield Finding(match.start(), "an email address", excerpt(match[0]),
                              "remove it; if it is a public service address, add it to "
                              f"{ALLOWLIST_SETTING}")
    # Everything else is built around digits: only the text near digits is worth the
    # patterns, and those stretches are searched together, to pay each pattern once.
    windows = digit_windows(text)
    if not windows:
        return
    joined = "\n".join(text[start:end] for start, end in windows)
    starts = list(itertools.accumulate((end - start + 1 for start, end in windows), initial=0))
    for finding in _numbers_in(joined, allowlist):
        index = bisect.bisect_right(starts, finding.offset) - 1
        offset = windows[index][0] + finding.offset - starts[index]
        yield Finding(offset, finding.kind, excerpt(finding.text), finding.hint)


#: How far around a digit personal data can reach: "date of birth: 3 March 2019".
_REACH_BEFORE, _REACH_AFTER = 40, 30


def digit_windows(text: str) -> list[tuple[int, int]]:
    """Stretches of `text` around its digits, cut at white space, merged where they touch.

    Two digits' stretches touch unless white space lies at least _REACH_AFTER after the
    first and _REACH_BEFORE before the second; `_GAP` finds the first such pair from where
    it is asked, so the loop runs once a window, and every search only goes forward.
    """
    windows: list[tuple[int, int]] = []
    found = _DIGIT.search(text)
    while found:
        floor = windows[-1][1] if windows else 0
        start = max(floor, found.start() - _REACH_BEFORE)
        space = max(text.rfind(" ", floor, start), text.rfind("\n", floor, start))
        start = floor if space == -1 else space + 1
        gap = _GAP.search(text, found.start())
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
_GAP = re.compile(
    rf"[0-9][^0-9]{{{_REACH_AFTER - 1}}}[^0-9]*?[ \n][^0-9]{{{_REACH_BEFORE}}}"
)
_THREE_DIGITS = re.compile(r"\d{3}")
_UPPER = re.compile(r"[A-Z]")
_BIRTH_WORDS = ("birth", "born", "dob", "d.o.b")


def _numbers_in(line: str, allowlist: set[str]) -> Iterator[Finding]:
    # Cheap tests first: most lines with a digit hold a year or a count, nothing more,
    # and each pattern is only run where the characters it needs are present at all.
    lower = line.lower()
    if any(word in lower for word in _BIRTH_WORDS):
        for match in _DATE_OF_BIRTH.finditer(line):
            yield Finding(match.start(), "a date of birth", match[0],
                          "give an age or a year instead (e.g. 'a baby of four months')")
    if _UPPER.search(line):
        for match in _NI_NUMBER.finditer(line):
            yield Finding(match.start(), "a National Insurance number", match[0], "remove it")
        for match in _POSTCODE.finditer(line):
            yield Finding(match.start(), "a full postcode", match[0],
                          "give the town or area only, never a full postcode")
    if not _THREE_DIGITS.search(line):
        return  # phone and NHS numbers have longer runs of digits
    phones: list[tuple[int, int]] = []
    if "0" in line or "+44" in line:  # a phone number starts 0 or +44
        for match in _PHONE.finditer(line):
            phones.append(match.span())
            if _digits(match[0]) not in allowlist:
                yield Finding(match.start(), "a phone number", match[0],
                              "remove it; if it is a public service number, add it to "
                              f"{ALLOWLIST_SETTING}")
    phone_starts = [start for start, _ in phones]
    for match in _NHS_SPACED.finditer(line):
        # '113 496 0000' inside '+44 113 496 0000' is a phone number, judged above
        before = bisect.bisect_right(phone_starts, match.start()) - 1
        inside_phone = before >= 0 and match.start() < phones[before][1]
        if not match[0].startswith("0") and not inside_phone:
            yield Finding(match.start(), "an NHS number", match[0], "remove it")
    for match in _TEN_DIGITS.finditer(line):
        if not match[0].startswith("0") and _nhs_checksum_ok(match[0]):
            yield Finding(match.start(), "an NHS number", match[0], "remove it")


def normalise_allowlist(entries: tuple[str, ...] | list[str]) -> set[str]:
    """Emails compare case-insensitively; phone numbers by their digits alone."""
    normalised = set()
    for entry in entries:
        entry = entry.strip().lower()
        normalised.add(entry if "@" in entry else _digits(entry))
    return normalised


def _digits(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    if digits.startswith("44"):
        rest = digits[2:]
        return rest if rest.startswith("0") else "0" + rest
    return digits
