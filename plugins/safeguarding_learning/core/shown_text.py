"""Personal data in what a built page shows: the last look before a public site is written.

`check` reads each source as it is written, and as a reader would see it. A page can
still show what no source holds as such: YAML decodes `"\\x40"` to `@`, Markdown drops the
backslash of `example\\.com` and the asterisks of `077**00**`, raw HTML splits a number
into tags a reader never sees. So a public build reads each page it writes as text joined
the way a browser shows it, and stops if personal data is there.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Iterable

from .personal_data import Finding, comparable, find_personal_data, normalise_allowlist

#: Tags that sit inside a line of text: a browser shows their text joined to what is
#: around them, so `07700 <b>900</b>123` reads as one number. Any other tag starts a line.
INLINE_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "img",
    "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time",
    "u", "var", "wbr",
})
#: Elements whose content is not shown, and comments.
_UNSEEN = re.compile(r"<(script|style|template)\b.*?</\1\s*>|<!--.*?-->", re.DOTALL | re.IGNORECASE)
#: A tag. The pages are our own HTML, sanitised: no attribute value holds `>`.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>")


def _tag_as_text(tag: re.Match[str]) -> str:
    return "" if tag[2].lower() in INLINE_TAGS else "\n"


#: Attributes whose values readers are shown (a tooltip, a picture's text), follow (a mail
#: or phone link) or machines read (a date): each is read as a line of its own.
_ATTRIBUTE = re.compile(
    r"""\s(?:title|alt|aria-label|datetime|content|href)\s*=\s*("[^"]*"|'[^']*')""",
    re.IGNORECASE)
#: What a page's head shows of it: its title, and the description search engines show.
_HEAD_TEXT = re.compile(r"<title>.*?</title>|<meta\s+name=\"description\"[^>]*>",
                        re.DOTALL | re.IGNORECASE)


def _attribute_values(part: str) -> str:
    values = [html.unescape(value[1:-1]) for value in _ATTRIBUTE.findall(part)]
    # a mail or phone link's address as the mail program or phone reads it
    return "\n".join(urllib.parse.unquote(value) if value.lower().startswith(("mailto:", "tel:"))
                     else value for value in values)


def shown_text(page: str) -> str:
    """The text a browser shows of a page's content (its `<article>`, if it has one; the
    rest of every page is the theme's), with its title and description: tags gone,
    references decoded, inline markup joined to its neighbours, other elements on lines
    of their own, attributes that are shown or followed on lines of their own. Regular expressions,
    not a parser: thousands of pages are read in each build, and this takes a tenth of
    the time."""
    head = "\n".join(_HEAD_TEXT.findall(page[:page.find("<body")]))
    start, end = page.find("<article"), page.rfind("</article>")
    if start != -1 and end > start:
        page = page[start:end]
    page = _UNSEEN.sub("", page)
    return "\n".join([html.unescape(_TAG.sub(_tag_as_text, page)),
                      html.unescape(_TAG.sub("\n", head)), _attribute_values(head + page)])


class LastLook:
    """Personal data built pages show, but for the allowlist and what the `public` texts
    themselves hold (the partnership's contact details, on every page): worked out once
    for a build, then asked of each page."""

    def __init__(self, allowlist: set[str], public: Iterable[str] = ()) -> None:
        own = [finding.text for text in public for finding in find_personal_data(text, set())]
        self._exempt = {comparable(text) for text in own}  # a postcode: no allowlist holds it
        self._allowlist = allowlist | normalise_allowlist(own)  # a number as a tel: link too

    def shown_in(self, page: str) -> list[Finding]:
        return [finding for finding in find_personal_data(shown_text(page), self._allowlist)
                if comparable(finding.text) not in self._exempt]
