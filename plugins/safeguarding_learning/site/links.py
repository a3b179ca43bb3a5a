"""Writing links: cross-references and links to item files become ordinary Markdown links.

Links are written to the target's source path (`../guidance/working-together-2015.md#chapter-4`),
relative to the page, so the site generator resolves and checks them like any other link.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Collection
from pathlib import Path
from urllib.parse import urlsplit

from ..core import Document, Item
from ..core.files import item_src_uri
from ..core.markdown_reading import references_markdown_reads
from ..core.markdown_text import MARKDOWN_LINK, RelativeLink, prose_view, relative_links
from ..core.references import cross_references
from ..core.site_addresses import names_withheld
from ..core.values import Reference
from .view import SiteView

WITHHELD = "(not yet published)"



def _unlinked(markdown: str, prose: str, link: RelativeLink) -> tuple[int, int, str]:
    """What replaces a link to a withheld file: its text (an image: its description); for
    a reference definition (`[id]: target`), a target that `unlink_withheld` makes the
    links using it plain text."""
    found = MARKDOWN_LINK.match(prose, link.start)
    if found is None:  # a reference definition
        return (*link.target_span, WITHHELD_TARGET)
    opening = found[1]
    text_start = link.start + opening.index("[") + 1
    return link.start, found.end(), markdown[text_start:link.start + opening.rindex("](")]


def relative_link(from_src_uri: str, to_src_uri: str) -> str:
    base = posixpath.dirname(from_src_uri)
    return posixpath.relpath(to_src_uri, base or ".")


def link_text(target: Item, reference: Reference) -> str:
    """A link's text as Markdown: the author's own words, or the target's title (and
    section label), which are plain text."""
    if reference.text:
        return _escape(reference.text)
    title = target.title
    if reference.section:
        label = target.section_label(reference.section)
        title = f"{title}: {label}" if label else title
    return plain_text_as_markdown(title)


def _escape(text: str) -> str:
    return re.sub(r"([\[\]\\*_`])", r"\\\1", text)


_MARKUP = re.compile(r"[^\w\s]|_")


def plain_text_as_markdown(text: str) -> str:
    """Plain text that Markdown (and any extension of it) leaves as it is: every mark is
    a character reference, so a title `Under-5s <at home> & *safe*` shows exactly so."""
    return _MARKUP.sub(lambda mark: f"&#{ord(mark[0])};", text)


def render_links(
    markdown: str,
    document: Document,
    page_src_uri: str,
    view: SiteView,
    src_uri_of_file: Callable[[Path], str | None],
    withheld: Collection[Path] = (),
) -> str:
    """Resolve `[[...]]` and relative links to item files, leaving code untouched. A link
    to a `withheld` file (an item this build leaves out, or a file only such items bring)
    becomes its text: its address would name what is not yet published."""
    prose = prose_view(markdown)
    replacements: list[tuple[int, int, str]] = []
    read = references_markdown_reads(markdown, prose, view.corpus.project.markdown)
    for number, found in enumerate(cross_references(prose)):
        if read is not None and number not in read:
            continue  # in an indented code block, a comment or raw HTML: left as written
        reference = Reference(found.target, found.section, found.text, 0,
                              prose[found.start : found.end])
        target = view.resolve(reference)
        if target is None:
            # Unknown ids fail `check`; a target that is not public must not be named.
            replacements.append((found.start, found.end,
                                 _escape(reference.text) if reference.text else WITHHELD))
            continue
        href = relative_link(page_src_uri, item_src_uri(target))
        if reference.section:
            href += f"#{reference.section}"
        replacements.append((found.start, found.end, f"[{link_text(target, reference)}]({href})"))
    for link in relative_links(prose):
        path = (document.source.path.parent / link.path).resolve()
        src_uri = src_uri_of_file(path)
        if src_uri is None:
            if path in withheld:
                replacements.append(_unlinked(markdown, prose, link))
            continue
        href = relative_link(page_src_uri, src_uri)
        query = urlsplit(link.target).query
        if query:
            href += f"?{query}"
        if link.fragment:
            href += f"#{link.fragment}"
        replacements.append((*link.target_span, href))
    pieces, at = [], 0
    for start, end, text in sorted(replacements):  # one pass: linear in the links
        if start < at:
            continue  # inside a link made plain text already
        pieces += [markdown[at:start], text]
        at = end
    return "".join(pieces) + markdown[at:]


#: What a reference definition to a withheld file points to instead: `unlink_withheld`
#: makes the links that use it plain text.
WITHHELD_TARGET = "#sl-withheld"
_LINK_ADDRESS = re.compile(
    r'<(a|img|blockquote|q|del|ins)\b([^>]*?)\s(href|src|cite)="([^"]*)"')


def unlink_withheld(html: str, page_url: str, site_url: str, withheld: Collection[str],
                    page_src: str = "") -> str:
    """Sanitised page content with no link to, or picture from, an address the build
    leaves out (`withheld`: addresses within the site, such as `reviews/x/`, and the
    source files of what it leaves out, such as `reviews/x.md`): however an author wrote
    it (raw HTML, an address from the site's root, a path from the page's own source file
    `page_src`), it would name what is not yet published. The link keeps its text; the
    picture, its description."""

    def judged(found: re.Match[str]) -> str:
        address = found[4]
        if address == WITHHELD_TARGET or names_withheld(
                address, withheld, site_url, page_url, page_src):
            return f"<{found[1]}{found[2]}"
        return found[0]

    return _LINK_ADDRESS.sub(judged, html) if withheld or WITHHELD_TARGET in html else html
