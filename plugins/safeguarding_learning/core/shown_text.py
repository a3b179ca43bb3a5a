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
from collections.abc import Iterable

from .personal_data import Finding, find_personal_data

#: Tags that sit inside a line of text: a browser shows their text joined to what is
#: around them, so `07700 <b>900</b>123` reads as one number. Any other tag starts a line.
INLINE_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins",
    "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
    "var", "wbr",
})
#: Elements whose content is not shown, and comments.
_UNSEEN = re.compile(r"<(script|style|template)\b.*?</\1\s*>|<!--.*?-->", re.DOTALL | re.IGNORECASE)
#: A tag. The pages are our own HTML, sanitised: no attribute value holds `>`.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>")


def _tag_as_text(tag: re.Match[str]) -> str:
    return "" if tag[2].lower() in INLINE_TAGS else "\n"


def shown_text(page: str) -> str:
    """The text a browser shows of a page's content (its `<article>`, if it has one; the
    rest of every page is the theme's): tags gone, references decoded, inline markup
    joined to its neighbours, other elements on lines of their own. Regular expressions,
    not a parser: thousands of pages are read in each build, and this takes a tenth of
    the time."""
    start, end = page.find("<article"), page.rfind("</article>")
    if start != -1 and end > start:
        page = page[start:end]
    return html.unescape(_TAG.sub(_tag_as_text, _UNSEEN.sub("", page)))


def personal_data_shown(page: str, allowlist: set[str],
                        public: Iterable[str] = ()) -> list[Finding]:
    """Personal data the built `page` shows, but for the allowlist and what the
    `public` texts themselves hold (the partnership's contact details, on every page)."""
    exempt = {_key(finding.text) for text in public for finding in find_personal_data(text, set())}
    return [finding for finding in find_personal_data(shown_text(page), allowlist)
            if _key(finding.text) not in exempt]


def _key(text: str) -> str:
    """A finding as compared: letters and digits alone, in lower case."""
    return re.sub(r"\W", "", text).lower()
