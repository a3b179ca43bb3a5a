"""What author HTML may contain: one allowlist, used by the sanitiser and by `check`.

Everything an author writes reaches readers as HTML: rendered Markdown, raw HTML inside
it, and HTML attachments. The site publishes only what ordinary Markdown produces:

- `sanitise` (Ammonia, through `nh3`) removes everything else from the output;
- `unsafe_html` (the HTML5 parser `justhtml`, which decodes entities and folds case as a
  browser does) finds, with its line, each thing the sanitiser would remove, for `check`.

Both read the tables below and ask `url_problem` about every address, so what `check`
passes is what the site shows.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

import nh3

from .diagnostics import excerpt

#: The elements Python-Markdown and the site's usual extensions produce.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
    "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol",
    "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
})
#: Attributes allowed on every allowed element.
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir"})
#: Attributes allowed on one element only.
TAG_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "th": frozenset({"colspan", "rowspan", "scope", "align"}),
    "td": frozenset({"colspan", "rowspan", "align"}),
    "ol": frozenset({"start", "reversed"}),
    "li": frozenset({"value"}),
    "time": frozenset({"datetime"}),
    "details": frozenset({"open"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
}
#: Elements removed together with their content (the rest keep their text).
DROPPED_WITH_CONTENT = frozenset({"script", "style"})
#: Where readers may be sent.
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: Attributes holding an address the reader follows, and those the browser fetches by
#: itself, which may only name files of the site: a request to another host would tell
#: it who reads a page about abuse.
LINK_ATTRIBUTES = frozenset({"href", "cite"})
FETCH_ATTRIBUTES = frozenset({"src"})
#: Names the theme and the site use for their own controls and styles, which author ids
#: and classes may not take: Material's ids begin `__` and its classes `md-`; the site's
#: ids and classes are `sl-` and a word. (An id such as `md-1-referral-form`, which a
#: heading "MD-1 referral form" is given, is left alone: no id of the theme is like it.)
RESERVED_ID = re.compile(r"^(?:__|sl-[a-z]|pagefind)", re.IGNORECASE)
#: `mermaid` too: on an element with it, Material's script fetches a drawing library from
#: another website (the page's policy blocks it, the only thing that does).
RESERVED_CLASS = re.compile(r"^(?:__|md-|sl-|pagefind|mermaid$)", re.IGNORECASE)
_RESERVED = {"id": RESERVED_ID, "class": RESERVED_CLASS}
#: What an id an author writes (an attribute list, raw HTML) may hold: Material prints the
#: table of contents' ids into its links as they are, where a quote or `<` is markup.
PLAIN_ID = re.compile(r"[A-Za-z0-9_.:-]+")

_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")


#: For an attribute list (`{: ... }`), whose element `check` does not know.
ANY_TAG = "*"


def allowed_attributes(tag: str) -> frozenset[str]:
    if tag == ANY_TAG:
        return GLOBAL_ATTRIBUTES.union(*TAG_ATTRIBUTES.values())
    return GLOBAL_ATTRIBUTES | TAG_ATTRIBUTES.get(tag, frozenset())


def _normalised_url(value: str) -> str:
    """An address as a browser reads it: entities decoded, controls and spaces gone."""
    return _IGNORED_IN_URLS.sub("", html.unescape(value)).replace("\\", "/")


def url_problem(attribute: str, value: str) -> str | None:
    """Why an address may not be published in `attribute`, or None if it may."""
    url = _normalised_url(value)
    scheme = _SCHEME.match(url)
    if attribute in FETCH_ATTRIBUTES:
        if scheme or url.startswith("//"):
            return "remote"
        return None
    if scheme and scheme[1].lower() not in LINK_SCHEMES:
        return "scheme"
    if (scheme or url.startswith("//")) and not _sanitiser_keeps(value):
        return "invalid"
    return None


@functools.lru_cache(maxsize=4096)
def _sanitiser_keeps(address: str) -> bool:
    """Whether Ammonia keeps this absolute address: it drops what a URL parser refuses
    (`http://`, `http://[x`, a port over 65535), which no pattern here imitates."""
    link = f'<a href="{html.escape(address, quote=True)}"></a>'
    return "href=" in nh3.clean(link, tags={"a"}, attributes={"a": {"href"}}, link_rel=None,
                                url_schemes=set(LINK_SCHEMES))


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute in LINK_ATTRIBUTES | FETCH_ATTRIBUTES:
        return None if url_problem(attribute, value) else value
    if attribute == "align":
        return value if value in _ALIGNMENT else None
    if attribute == "id":
        return None if RESERVED_ID.match(value) else value
    if attribute == "class":
        kept = [name for name in value.split() if not RESERVED_CLASS.match(name)]
        return " ".join(kept) or None
    return value


@functools.cache
def _cleaner() -> nh3.Cleaner:
    attributes = {tag: set(names) for tag, names in TAG_ATTRIBUTES.items()}
    attributes["*"] = set(GLOBAL_ATTRIBUTES)
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=attributes,
        attribute_filter=_attribute_filter,
        url_schemes=set(LINK_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def sanitise(fragment: str) -> str:
    """`fragment` with everything outside the allowlist removed."""
    if "text-align" in fragment:
        fragment = _CELL_ALIGNMENT.sub(r'\1 align="\3"', fragment)
    return _cleaner().clean(fragment)


#: How Python-Markdown aligns a table's column (`|:-:|`), as a style, which the allowlist
#: (and the page's Content-Security-Policy) would drop: as `align`, which the theme styles.
_CELL_ALIGNMENT = re.compile(
    r"""(<t[hd]\b[^>]*?)\s+style=(["'])\s*text-align:\s*(left|center|right)\s*;?\s*\2""",
    re.IGNORECASE)
_ALIGNMENT = frozenset({"left", "center", "right"})


def text_only(fragment: str) -> str:
    """HTML reduced to its escaped text: for titles and table-of-contents entries."""
    return nh3.clean(fragment, tags=set(), clean_content_tags=set(DROPPED_WITH_CONTENT))


# --- finding what the allowlist removes, for `check` ---------------------------------


@dataclass(frozen=True)
class Finding:
    """One thing the sanitiser would remove, on a line of the fragment (1-based)."""

    line: int
    message: str
    hint: str


_HINT_MARKDOWN = "remove it and write the content in Markdown"
_HINT_SCRIPT = "scripts cannot be added to pages; remove it"
_HINT_REMOTE = ("a picture or file from another website would tell that website who "
                "reads this page: download the file, save it beside this file and link to it")
_HINT_LINK = "links may start https://, http://, mailto: or tel:, or point to a page of this site"




def attribute_findings(tag: str, name: str, value: str, line: int) -> Iterator[Finding]:
    """What the allowlist does with one attribute of an allowed element."""
    where = " in an attribute list" if tag == ANY_TAG else f" on <{tag}>"
    if name == "markdown":
        return  # md_in_html's switch (`<div markdown="1">`): read, never shown, harmless
    if name.startswith("on"):
        yield Finding(line, f"event handler '{name}'{where} is not allowed", _HINT_SCRIPT)
    elif name == "style" and tag in ("th", "td") and _CELL_ALIGNMENT.match(
            f'<{tag} style="{value}"'):
        return  # a column's alignment, which the sanitiser keeps as `align`
    elif name == "style":
        yield Finding(line, f"a 'style' attribute{where} is not allowed",
                      "the site's own styles apply to every page; remove it")
    elif name not in allowed_attributes(tag):
        yield Finding(line, f"attribute '{name}'{where} is not allowed", _HINT_MARKDOWN)
    elif name == "align" and value not in _ALIGNMENT:
        yield Finding(line, f"align '{excerpt(value)}'{where} is not allowed",
                      "a column is aligned left, center or right")
    elif name in LINK_ATTRIBUTES | FETCH_ATTRIBUTES:
        problem = url_problem(name, value)
        if problem == "remote":
            yield Finding(line, f"<{tag}> loads '{excerpt(value)}' from another website",
                          _HINT_REMOTE)
        elif problem == "invalid":
            yield Finding(line, f"'{excerpt(value)}' is not a complete web address",
                          "check it in a browser, then copy the address from there")
        elif problem:
            yield Finding(line, f"address '{excerpt(value)}' is not allowed", _HINT_LINK)
    elif name == "id" and value and not PLAIN_ID.fullmatch(value):
        yield Finding(line, f"id '{excerpt(value)}'{where} may hold only letters, digits "
                      "and - _ . :", "the theme writes ids into its links as they are; "
                      "e.g. {: #what-to-do }")
    elif name in _RESERVED and any(_RESERVED[name].match(v) for v in value.split()):
        yield Finding(line, f"{name} '{excerpt(value)}' is reserved for the site's own use",
                      "choose another name")


def _tag_finding(tag: str, line: int) -> Finding:
    if tag == "script":
        return Finding(line, "a <script> is not allowed in content", _HINT_SCRIPT)
    if tag in ("iframe", "frame", "embed", "object", "video", "audio", "source", "track"):
        return Finding(line, f"<{tag}> is not allowed in content: it embeds or loads "
                       "something from elsewhere",
                       "link to it instead, e.g. [Watch the video](https://...)")
    return Finding(line, f"<{tag}> is not allowed in content", _HINT_MARKDOWN)


#: More tags than any briefing needs: beyond this the content is not prose, and the
#: HTML5 tree builder's cost grows faster than the input (deeply nested elements).
MAX_TAGS = 20_000
_TAG_START = re.compile(r"<[A-Za-z!/?]")


def unsafe_html(fragment: str) -> Iterator[Finding]:
    """Every element, attribute and address in `fragment` the sanitiser would remove."""
    if "<" not in fragment:
        return
    starts = 0
    for match in _TAG_START.finditer(fragment):
        starts += 1
        if starts > MAX_TAGS:
            line = fragment.count("\n", 0, match.start()) + 1
            yield Finding(line, f"more than {MAX_TAGS:,} HTML tags in one file",
                          "write the content in Markdown, or split the file")
            return
    if not starts:
        return
    yield from _walk(fragment, 1)


def unsafe_markdown_html(prose: str) -> Iterator[Finding]:
    """As `unsafe_html`, for raw HTML inside Markdown, which Markdown reads its own way:
    block by block (so a quote left open cannot hide the next paragraph), with `<!`,
    `<?` and `</` that start no tag left as text, as Markdown leaves them."""
    if "<" not in prose:
        return
    starts = len(_TAG_START.findall(prose))
    if not starts:
        return
    if starts > MAX_TAGS:
        yield from unsafe_html(prose)  # reports the limit
        return
    # One parse: at the end of each block, whatever the block left open (a quote, a
    # tag, a comment) is closed, as Markdown's reading ends it there.
    text = _BLOCK_BREAK.sub(lambda m: _CLOSE_ALL + m[0], _NOT_A_TAG.sub("&lt;", prose))
    yield from _walk(text + _CLOSE_ALL, 1)


#: Closes an attribute value in either quotes, then the tag, then a comment.
_CLOSE_ALL = "\"'>-->"


_LONE_LT = re.compile(r"<(?![A-Za-z!/?])")
#: Markdown's blocks are separated by blank lines.
_BLOCK_BREAK = re.compile(r"\n[ \t]*\n")
#: Where an HTML parser would start a comment that Markdown treats as text.
_NOT_A_TAG = re.compile(r"<(?=!(?!--)|\?|/[^A-Za-z])")


def _walk(fragment: str, first_line: int) -> Iterator[Finding]:
    from justhtml import JustHTML  # imported on first use: most content has no HTML

    # A '<' that starts no tag is text to an HTML parser: written as such, it cannot
    # slow the parser down (it was many times slower on long runs of them).
    fragment = _LONE_LT.sub("&lt;", fragment)
    document = JustHTML(fragment, fragment=True, sanitize=False, track_node_locations=True)
    stack = list(reversed(document.root.children or []))
    while stack:
        node = stack.pop()
        name = getattr(node, "name", "")
        if not name or name.startswith("#"):  # text, comments
            continue
        line = (node.origin_line or 1) + first_line - 1
        if name not in ALLOWED_TAGS:
            yield _tag_finding(name, line)
            if name in DROPPED_WITH_CONTENT:
                continue
        else:
            for attribute, value in (node.attrs or {}).items():
                yield from attribute_findings(name, attribute, value or "", line)
        children = list(node.children or [])
        content = getattr(node, "template_content", None)
        if content is not None:
            children += content.children or []
        stack.extend(reversed(children))
