"""Property tests of "Author input is data, never code" (SPEC.md), with Hypothesis.

Generated fragments mix dangerous and ordinary tags in random letter case, event handlers
and address attributes, addresses spelt with entities, tabs, newlines, control characters
and backslashes, comments, CDATA, unclosed tags, Markdown links, images, reference
definitions, attribute lists and plain text. The properties:

1. what the sanitiser publishes is safe, read back by an independent HTML5 parser;
2. sanitising is idempotent;
3. when `unsafe_html` finds nothing, the sanitiser removes nothing (on any fragment, and
   again on elements that carry addresses, with every spelling of address);
4. rendered Markdown, sanitised (what a built page gets), is safe;
5. `check` on a generated body never tracebacks, prints only `path:line:` diagnostics,
   and reports every `<script>` on its line, whether an HTML parser reading the body or
   Python-Markdown rendering it makes the script element;
6. `check` on ~200 KB of one repeated generated unit finishes (linear time guard);
7. (beyond the first brief) when `check` finds nothing in a body, the sanitiser removes
   nothing from the page Markdown renders from it: SPEC, "`check` reports ... anything
   the allowlist would remove, however it is spelt".

Runs are reproducible (`derandomize=True`, no example database). Measured on the 2-core
CI machine: 1,825 examples in 22 s when every property holds (300 each for 1, 2 and both
3s; 200 for 4 and 7; 100 for each 5; 25 for 6), 27 s while four of them fail and shrink.
`pytest tests/test_properties.py -s` prints the calls per property.

Failing when written (26 Nov 2026), each a bug in the plugin, not in these properties:
- 3: `<a href="http://">` (also `http://[x`, `https:`, `http://1.2.3.4.5`): the sanitiser
  drops an address its URL parser refuses; `html_policy.url_problem` only reads the scheme.
- 5 and 7: `<!<script>` and `<!<img src=x onerror=alert(1)>`: an HTML5 parser reads `<!...>`
  as a comment, Python-Markdown escapes `<!` and keeps the tag, so the page gets a script
  (removed by the sanitiser) that `check` never reports (`author_html.html_findings`).
- 5: `[x](http://[x)`: `check` stops with "internal error (ValueError: Invalid IPv6 URL)"
  from `urlsplit` in `markdown_text.relative_links`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import markdown
import pytest
from conftest import CONFIG, Site, briefing
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from justhtml import JustHTML
from safeguarding_learning.core.author_html import html_findings
from safeguarding_learning.core.html_policy import (
    ALLOWED_TAGS,
    ANY_TAG,
    allowed_attributes,
    sanitise,
    unsafe_html,
)
from safeguarding_learning.core.markdown_text import prose_view
from safeguarding_learning.core.personal_data import (
    cannot_hold_personal_data,
    find_personal_data,
)

# --- settings and bookkeeping ----------------------------------------------------------

PURE = settings(max_examples=300, derandomize=True, database=None, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
#: Each `check` reads the project and its MkDocs configuration (~40 ms): fewer examples,
#: and no "explain" phase, which reruns a failing example many times under a tracer.
CHECKED = settings(PURE, max_examples=100, phases=[Phase.explicit, Phase.reuse,
                                                   Phase.generate, Phase.shrink])
LARGE = settings(CHECKED, max_examples=25)

EXAMPLES: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def _report_examples() -> Iterator[None]:
    yield
    total = sum(EXAMPLES.values())
    print(f"\nproperty test calls (examples, and shrinking if one failed): "
          f"{dict(EXAMPLES)}; total {total}")


# --- strategies ------------------------------------------------------------------------

DANGEROUS_TAGS = [
    "script", "img", "svg", "iframe", "a", "form", "meta", "base", "style", "object",
    "embed", "math", "template", "noscript", "textarea", "title", "xmp", "frame",
    "frameset", "link", "input", "button", "video", "audio", "source", "select", "option",
    "noembed", "noframes", "applet", "image", "animate", "set", "use", "foreignObject",
    "annotation-xml", "mglyph", "mtext", "desc", "plaintext", "isindex", "marquee",
]
ORDINARY_TAGS = [
    "p", "table", "tr", "td", "th", "tbody", "thead", "caption", "details", "summary",
    "div", "span", "b", "i", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote",
    "h1", "h2", "hr", "br", "dl", "dt", "dd", "sup", "sub", "q", "del", "ins", "time",
    "figure", "figcaption", "abbr", "kbd", "col", "colgroup",
]
ATTRIBUTE_NAMES = [
    "onclick", "onerror", "onload", "onmouseover", "onfocus", "onbegin", "on", "href",
    "src", "xlink:href", "style", "formaction", "srcdoc", "action", "data", "id", "class",
    "title", "alt", "width", "cite", "open", "datetime", "lang", "background", "poster",
    "srcset", "xmlns", "xmlns:xlink", "is", "name", "target", "rel", "colspan", "value",
    "start", "type", "http-equiv", "content", "attributename", "to", "values",
]
SCHEMES = ["javascript", "vbscript", "data", "http", "https", "mailto", "tel", "file", "ftp"]
PAYLOADS = [
    "alert(1)", "text/html,<script>alert(1)</script>", "text/html;base64,PHNjcmlwdD4=",
    "//example.org/x.png", "safeguarding@example.org", "image/svg+xml,<svg onload=alert(1)>",
    "0113 496 0000", "x",
]
PLAIN_ADDRESSES = [
    "//evil.example/x.png", "\\\\evil.example\\x.png", "/\\evil.example/x", "\\/evil.example",
    " //evil.example", "page.md", "#top", "?q=1", "/abs/path.png", "x.png", "", " ",
    "https://example.org/", "mailto:safeguarding@example.org", "../x.md", "./a b.png",
    "http://[x", "//[::1", "x.md#a]b", "[x]",
]
#: Hosts of web addresses, including some a URL parser refuses.
HOSTS = ["example.org", "EXAMPLE.org", "", "[x", "exa mple.org", "1.2.3.4.5", "a@b", "%zz",
         "xn--", "x:99999", "0x100000000", "a\\b", "[::1]", "example.org:8080"]
WORDS = [
    "text", "Safer sleep", "&amp;", "&lt;script&gt;", "&", "<", ">", "'", '"', "=", "a<b",
    "{placeholder}", "[not a link]", "*em*", "**strong**", "#", "&#60;script&#62;", "é",
    "--", "]]>", "-->", "/>", "\\", "|", ":", "!", "{", "}",
]
CLASS_VALUES = ["x", "md-typeset", "__x", "sl-nav", "pagefind-body", "ok md-x", "  ", ""]


@st.composite
def random_case(draw: st.DrawFn, word: str) -> str:
    if not word:
        return word
    mask = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    return "".join(c.upper() if up else c.lower() for c, up in zip(word, mask, strict=True))


def cased(choices: list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(choices).flatmap(random_case)


def spelt(char: str) -> st.SearchStrategy[str]:
    """One character of an address, as written, entity-encoded or in another case."""
    code = ord(char)
    return st.sampled_from([
        char, char.upper(), f"&#{code};", f"&#{code}", f"&#x{code:x};", f"&#X{code:X};",
        f"&#x000{code:x};", f"&#0000{code};",
    ])


NOISE = st.sampled_from(["", "", "", "\t", "\n", "&Tab;", "&NewLine;", "&#9;", "&#x0A;",
                         "&#13;", "\r", " "])
COLON = st.sampled_from([":", ":", "&colon;", "&#58;", "&#x3a;", "&#X3A;", "&#0058;", "&#58"])
LEADING = st.sampled_from(["", "", " ", "  ", "\x01", "\t", "&#32;", "\n", "&#x20;", "\x0c"])


@st.composite
def obfuscated_url(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(SCHEMES))
    letters = [draw(spelt(c)) + draw(NOISE) for c in scheme]
    return draw(LEADING) + "".join(letters) + draw(COLON) + draw(st.sampled_from(PAYLOADS))


@st.composite
def plain_url(draw: st.DrawFn, file_safe: bool) -> str:
    url = draw(st.sampled_from(PLAIN_ADDRESSES))
    return url.replace("\r", "") if file_safe else url


@st.composite
def web_url(draw: st.DrawFn) -> str:
    scheme = draw(cased(["http", "https", "mailto", "tel"]))
    slashes = draw(st.sampled_from(["//", "//", "", "/", "\\\\"]))
    path = draw(st.sampled_from(["", "/", "/a b", "/x?y#z", "/%41"]))
    return f"{scheme}:{slashes}{draw(st.sampled_from(HOSTS))}{path}"


def url(file_safe: bool = False) -> st.SearchStrategy[str]:
    strategy = st.one_of(obfuscated_url(), web_url(), plain_url(file_safe))
    if file_safe:
        strategy = strategy.map(_file_safe)
    return strategy


def attribute_value(file_safe: bool) -> st.SearchStrategy[str]:
    return st.one_of(
        url(file_safe), st.sampled_from(CLASS_VALUES),
        st.sampled_from(["alert(1)", "background:url(javascript:alert(1))",
                         "<script>alert(1)</script>", "x", "", "1", "javascript:alert(1)",
                         "</p><script>alert(1)</script>", "&quot;><img src=x onerror=alert(1)>",
                         "</noscript><img src=x onerror=alert(1)>",
                         "</style><img src=x onerror=alert(1)>", "--><script>alert(1)</script>"]),
    )


@st.composite
def attribute(draw: st.DrawFn, file_safe: bool = False) -> str:
    name = draw(cased(ATTRIBUTE_NAMES))
    value = draw(attribute_value(file_safe))
    quoting = draw(st.sampled_from(["double", "single", "bare", "none"]))
    if quoting == "none":
        return name
    if quoting == "double":
        return f'{name}="{value.replace(chr(34), "&quot;")}"'
    if quoting == "single":
        return f"{name}='{value.replace(chr(39), '&#39;')}'"
    return f"{name}={value}"


@st.composite
def open_tag(draw: st.DrawFn, file_safe: bool = False) -> str:
    name = draw(cased(DANGEROUS_TAGS + ORDINARY_TAGS))
    separators = st.sampled_from([" ", " ", "\n", "\t", "/", "  "])
    attributes = "".join(draw(separators) + draw(attribute(file_safe))
                         for _ in range(draw(st.integers(0, 3))))
    end = draw(st.sampled_from([">", ">", " />", "/>", "\n>", ""]))
    return f"<{name}{attributes}{end}"


@st.composite
def address_tag(draw: st.DrawFn, file_safe: bool = False) -> str:
    """An allowed element with the attribute that holds its address: the URL filter's work."""
    tag, name = draw(st.sampled_from([("a", "href"), ("img", "src"), ("blockquote", "cite"),
                                      ("q", "cite"), ("del", "cite"), ("ins", "cite")]))
    value = draw(url(file_safe))
    quote = draw(st.sampled_from(['"', "'", ""]))
    value = value.replace(quote, "") if quote else re.sub(r"[\s>'\"]", "", value)
    return f"<{draw(random_case(tag))} {draw(random_case(name))}={quote}{value}{quote}>"


SCRIPT_TAGS = cased(["script"]).flatmap(lambda name: st.sampled_from([
    f"<{name}>", f"<{name} src=x.js>", f"<{name}\n>", f"<{name}/x>", f"<{name}>alert(1)</{name}>",
    f"<{name} type=module>", f"\n<{name}>\n",
]))


def close_tag() -> st.SearchStrategy[str]:
    return cased(DANGEROUS_TAGS + ORDINARY_TAGS).map(lambda name: f"</{name}>")


def text(file_safe: bool = False) -> st.SearchStrategy[str]:
    alphabet = st.characters(codec="utf-8", exclude_categories=["Cs"],
                             exclude_characters="`~\r\x00" if file_safe else "")
    return st.one_of(st.sampled_from(WORDS), st.text(alphabet, max_size=8))


def other_markup(file_safe: bool) -> st.SearchStrategy[str]:
    inner = text(file_safe)
    return st.one_of(
        inner.map(lambda t: f"<!--{t}-->"),
        inner.map(lambda t: f"<![CDATA[{t}]]>"),
        st.sampled_from([
            "<!--", "<!-->", "<!--->", "--!>", "<!-- <script>alert(1)</script> -->",
            "<!x>", "<?xml version='1.0'?>", "</ x>", "<!DOCTYPE html>", "<![CDATA[",
            "<https://example.org/a>", "<javascript:alert(1)>", "<safeguarding@example.org>",
            "<", "</", "<a", "<script", "<ScRiPt>alert(1)</sCrIpT>",
        ]),
    )


#: Openings after which an HTML5 parser reads what follows as a comment or an attribute
#: value, while Python-Markdown may not (it decides tag by tag, paragraph by paragraph).
HIDING = ["<!", "<?", "</ ", '<b title="x', "<img alt='x", "<!-- x", "<!x ", "<a href=x",
          "<col title=//x/", "<p\n", "<![CDATA[ x"]


def hidden_markup() -> st.SearchStrategy[str]:
    """An opening of HIDING, then (perhaps after a line or paragraph break) a tag."""
    after = st.one_of(SCRIPT_TAGS, st.just("<img src=x onerror=alert(1)>"))
    return st.tuples(st.sampled_from(HIDING), st.sampled_from(["", " ", "\n", "\n\n"]),
                     after).map("".join)


@st.composite
def markdown_construct(draw: st.DrawFn, file_safe: bool = False) -> str:
    address = draw(url(file_safe))
    label = draw(st.sampled_from(["x", "link", "<b>x</b>", "", "![i](y.png)"]))
    title = draw(st.sampled_from(["", ' "title"', " 'title'"]))
    kind = draw(st.sampled_from(["link", "image", "angle", "reference", "image-reference",
                                 "attributes", "heading-attributes"]))
    if kind == "link":
        return f"[{label}]({address}{title})"
    if kind == "image":
        return f"![{label}]({address}{title})"
    if kind == "angle":
        return f"[{label}](<{address}>)"
    if kind in ("reference", "image-reference"):
        ref = draw(cased(["r", "ref 1", "img"]))
        bang = "!" if kind == "image-reference" else ""
        return f"{bang}[{label}][{ref}]\n\n[{ref.lower()}]: {address}{title}\n"
    attributes = " ".join(draw(st.lists(
        st.one_of(attribute(file_safe), st.sampled_from(["#an-id", ".a-class", ".md-x", "#__x"])),
        min_size=1, max_size=3)))
    brace = draw(st.sampled_from(["{: ", "{:", "{"]))
    if kind == "heading-attributes":
        return f"\n## Heading {brace}{attributes} }}\n"
    return f"paragraph\n{brace}{attributes} }}\n"


LAYOUT = st.sampled_from(["\n", "\n\n", " ", "    ", "> ", "- ", "1. ", "# ",
                          "| a | b |\n|---|---|\n| c | d |\n", "!!! note\n    "])


def piece(file_safe: bool = False) -> st.SearchStrategy[str]:
    return st.one_of(
        open_tag(file_safe), open_tag(file_safe), address_tag(file_safe), SCRIPT_TAGS,
        hidden_markup(), close_tag(), text(file_safe),
        other_markup(file_safe), markdown_construct(file_safe), LAYOUT,
    )


def _file_safe(value: str) -> str:
    """Without what `check` treats apart (code markers, CR, NUL): see BODIES."""
    return value.translate({ord("`"): None, ord("~"): None, ord("\r"): None, 0: None})


# Mostly what the allowlist keeps (its elements and attributes, with every spelling of
# address), now and then anything: without these, almost every fragment has something
# `unsafe_html` reports, and property 3 would rarely test anything.
BENIGN_VALUES = ["x", "", "Safer sleep", "2024-01-10", "2", "en", "rtl", "a b", "lazy"]


@st.composite
def benign_open_tag(draw: st.DrawFn, file_safe: bool = False) -> str:
    name = draw(cased(sorted(ALLOWED_TAGS)))
    names = sorted(allowed_attributes(ANY_TAG))
    attributes = ""
    for _ in range(draw(st.integers(0, 3))):
        attribute_name = draw(cased(names))
        value = draw(st.one_of(st.sampled_from(BENIGN_VALUES), url(file_safe)))
        quote = draw(st.sampled_from(['"', "'", ""]))
        value = value.replace(quote, "") if quote else re.sub(r"[\s>'\"]", "", value)
        attributes += f" {attribute_name}={quote}{value}{quote}"
    return f"<{name}{attributes}{draw(st.sampled_from(['>', '>', ' />']))}"


def benign_piece(file_safe: bool = False) -> st.SearchStrategy[str]:
    return st.one_of(
        benign_open_tag(file_safe), address_tag(file_safe), address_tag(file_safe),
        cased(sorted(ALLOWED_TAGS)).map(lambda name: f"</{name}>"), text(file_safe),
        text(file_safe).map(lambda t: f"<!--{t}-->"), text(file_safe).map(lambda t: f"<![CDATA[{t}]]>"),
        markdown_construct(file_safe), LAYOUT,
    )


def fragments(file_safe: bool = False, min_size: int = 0) -> st.SearchStrategy[str]:
    anything = st.lists(piece(file_safe), min_size=min_size, max_size=14)
    benign = st.lists(st.one_of(benign_piece(file_safe), benign_piece(file_safe),
                                benign_piece(file_safe), piece(file_safe)),
                      min_size=min_size, max_size=14)
    small = st.lists(benign_piece(file_safe), min_size=max(min_size, 1), max_size=4)
    return st.one_of(anything, benign, small).map("".join)


#: Any generated fragment, for the pure functions.
FRAGMENTS = fragments()
#: A body to write to a file: no backticks or tildes, so none of it is code and every
#: `<script` tag in it is outside code; no CR (the parser would renumber offsets) or NUL.
BODIES = fragments(file_safe=True, min_size=1).map(_file_safe)


# --- reading HTML back ------------------------------------------------------------------

_ADDRESS_IGNORED = re.compile(r"[\x00-\x20\x7f]")
_HAS_SCHEME = re.compile(r"^[a-z][a-z0-9+.\-]*:", re.IGNORECASE)


def parse(fragment: str) -> JustHTML:
    return JustHTML(fragment, fragment=True, sanitize=False)


def elements(fragment: str) -> Iterator:
    """Every element of `fragment` as an HTML5 parser builds it, template content too."""
    stack = list(parse(fragment).root.children or [])
    while stack:
        node = stack.pop()
        if not getattr(node, "name", "#").startswith("#"):
            yield node
        stack.extend(node.children or [])
        content = getattr(node, "template_content", None)
        if content is not None:
            stack.extend(content.children or [])


def browser_address(value: str) -> str:
    """An attribute value, entity-decoded by the parser, as a URL parser reads it, a little
    more strictly: every control character and space removed, backslashes as slashes."""
    return _ADDRESS_IGNORED.sub("", value).replace("\\", "/")


def published_problems(published: str) -> list[str]:
    """Whatever in sanitised HTML could run, style, or fetch from elsewhere."""
    problems = []
    for node in elements(published):
        tag, namespace = node.name, getattr(node, "namespace", "html")
        if tag not in ALLOWED_TAGS or namespace not in (None, "html"):
            problems.append(f"element <{tag}> ({namespace})")
            continue
        for name, value in (node.attrs or {}).items():
            address = browser_address(value or "")
            if name.startswith("on"):
                problems.append(f"handler {name} on <{tag}>")
            elif name == "style":
                problems.append(f"style on <{tag}>")
            elif name not in allowed_attributes(tag):
                problems.append(f"attribute {name} on <{tag}>")
            if name == "src" and (_HAS_SCHEME.match(address) or address.startswith("//")):
                problems.append(f"remote src {value!r} on <{tag}>")
            if name in ("href", "src", "cite") and address.lower().startswith(
                    ("javascript:", "vbscript:", "data:")):
                problems.append(f"{name} {value!r} on <{tag}>")
    return problems


def element_attributes(fragment: str) -> Counter[tuple[str, str]]:
    """The multiset of (element, attribute) pairs, (element, '') for the element itself.

    Normalised, because the sanitiser drops these without changing anything a reader sees:
    - a `class` with no names in it (`class=""`, `class="  "`): the filter returns no
      class at all rather than an empty one.
    """
    pairs: Counter[tuple[str, str]] = Counter()
    for node in elements(fragment):
        pairs[(node.name, "")] += 1
        for name, value in (node.attrs or {}).items():
            if name == "class" and not (value or "").split():
                continue
            pairs[(node.name, name)] += 1
    return pairs


_PRE_START = re.compile(r"(<pre(?:\s[^>]*)?>)\n")


def round_tripped(published: str) -> str:
    """`published` without the two differences HTML serialisation cannot carry through a
    reparse, neither of which changes the document a browser builds:

    - a carriage return (the sanitiser writes `&#13;` in text as a raw CR): a parser reads
      CR and CR LF as LF, so the second pass writes LF;
    - one line break just after `<pre>`: a parser drops it, and the serialiser does not
      write it back, so `<pre>\\nx</pre>` (whose text is "x") becomes `<pre>x</pre>`.
      (That the *first* pass drops a leading blank line of a `<pre>` written by an author
      is a fidelity problem of the sanitiser, reported apart; idempotence is not about it.)
    """
    return _PRE_START.sub(r"\1", published.replace("\r\n", "\n").replace("\r", "\n"))


MARKDOWN_EXTENSIONS = ["toc", "tables", "attr_list", "admonition"]


# --- 1-4, 7: the sanitiser, and the check of a fragment or body -------------------------


@PURE
@given(FRAGMENTS)
def test_published_output_is_safe(fragment: str) -> None:
    EXAMPLES["1 published output is safe"] += 1
    published = sanitise(fragment)
    assert published_problems(published) == [], published


@PURE
@given(FRAGMENTS)
def test_sanitising_is_idempotent(fragment: str) -> None:
    EXAMPLES["2 sanitising is idempotent"] += 1
    once = sanitise(fragment)
    assert round_tripped(sanitise(once)) == round_tripped(once)


@PURE
@given(FRAGMENTS)
def test_what_check_passes_the_sanitiser_keeps(fragment: str) -> None:
    EXAMPLES["3 check agrees with sanitiser"] += 1
    if list(unsafe_html(fragment)):
        event("unsafe_html reports something")
        return
    event("unsafe_html reports nothing")
    assert element_attributes(sanitise(fragment)) == element_attributes(fragment)


@PURE
@given(st.lists(address_tag(), min_size=1, max_size=3).map("".join))
def test_what_check_passes_the_sanitiser_keeps_for_every_address(fragment: str) -> None:
    """Property 3 again, on the elements that carry addresses: every spelling of each."""
    EXAMPLES["3 check agrees with sanitiser (addresses)"] += 1
    if list(unsafe_html(fragment)):
        event("unsafe_html reports something")
        return
    event("unsafe_html reports nothing")
    assert element_attributes(sanitise(fragment)) == element_attributes(fragment)


@settings(PURE, max_examples=200)
@given(FRAGMENTS)
def test_rendered_markdown_is_safe_once_sanitised(fragment: str) -> None:
    EXAMPLES["4 rendered Markdown is safe"] += 1
    page = sanitise(markdown.markdown(fragment, extensions=MARKDOWN_EXTENSIONS))
    assert published_problems(page) == [], page


def page_attributes(page: str) -> Counter[tuple[str, str]]:
    """`element_attributes` of a rendered page, with two more normalisations, both for
    attributes that carry nothing a browser could run or fetch:

    - an attribute with an empty value: `*em*{placeholder}` makes `<em placeholder="">`,
      which `check` takes for a `{placeholder}` in a sentence (author_html, deliberately);
    - an attribute the allowlist takes on some element, set by an attribute list on one
      that does not take it (`{: alt=x }` on a paragraph): `check` does not know which
      element an attribute list lands on, and judges it as `ANY_TAG`, by design.
    Everything else the sanitiser drops from the page, `check` must have reported.
    """
    pairs = element_attributes(page)
    on_some_element = allowed_attributes(ANY_TAG)
    for node in elements(page):
        for name, value in (node.attrs or {}).items():
            if name == "class" and not (value or "").split():
                continue  # already left out
            if not value or (name in on_some_element and name not in allowed_attributes(node.name)):
                pairs[(node.name, name)] -= 1
    return +pairs


@settings(PURE, max_examples=200)
@given(BODIES)
def test_what_check_passes_the_built_page_keeps(body: str) -> None:
    """7 (beyond 1-6): SPEC, "`check` reports ... anything the allowlist would remove":
    when `check` finds nothing in a body, the sanitiser removes nothing from its page."""
    EXAMPLES["7 check agrees with the built page"] += 1
    if list(html_findings(prose_view(body))):
        event("check reports something")
        return
    event("check reports nothing")
    page = markdown.markdown(body, extensions=MARKDOWN_EXTENSIONS)
    assert page_attributes(sanitise(page)) == page_attributes(page), page


# --- 5-6: `check` on a briefing with a generated body ---------------------------------

DIAGNOSTIC = re.compile(r"^briefings/x\.md:(\d+): (error|warning): ")
FIRST_BODY_LINE = briefing(body="").count("\n") + 1


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """One site for the module: each example rewrites briefings/x.md."""
    site = Site(tmp_path_factory.mktemp("properties") / "project")
    site.write("mkdocs.yml", CONFIG)
    site.write("content/index.md", "# Test partnership\n\nWelcome.\n")
    site.write("content/accessibility.md", "# Accessibility statement\n\nWe aim for WCAG 2.2 AA.\n")
    return site


def write_body(site: Site, body: str) -> None:
    path: Path = site.root / "briefings" / "x.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(briefing(body=body), encoding="utf-8")


_SCRIPT = re.compile(r"<script", re.IGNORECASE)
_MAYBE_INDENTED_CODE = re.compile(r"^(?: {4}|\t| {0,3}\t)")


def raw_script_lines(body: str) -> set[int]:
    """Lines of the file on which, read as HTML, a `<script` opens a script element.

    Which `<script` texts are tags (not text in a comment, an attribute value, another
    script or a raw-text element) is the HTML5 parser's call; the line is counted here
    from the tag's offset, independently of `check`. Lines that may be indented code are
    left out: code is shown, never run.
    """
    document = JustHTML(body, fragment=True, sanitize=False, track_node_locations=True)
    lines = set()
    stack = list(document.root.children or [])
    while stack:
        node = stack.pop()
        stack.extend(node.children or [])
        content = getattr(node, "template_content", None)
        if content is not None:
            stack.extend(content.children or [])
        offset = getattr(node, "origin_offset", None)
        if node.name == "script" and offset is not None:
            assert body[offset:offset + 7].lower() == "<script", (offset, body)
            line_start = body.rfind("\n", 0, offset) + 1
            if not _MAYBE_INDENTED_CODE.match(body[line_start:offset]):
                lines.add(FIRST_BODY_LINE + body.count("\n", 0, offset))
    return lines


def scripts_in_page(body: str) -> int:
    page = markdown.markdown(body, extensions=MARKDOWN_EXTENSIONS)
    return sum(1 for node in elements(page) if node.name == "script")


def rendered_script_lines(body: str) -> set[int]:
    """Lines of the file whose `<script` puts a script element into the rendered page.

    Python-Markdown decides tag by tag what is HTML and splits the body at blank lines
    first, so this can differ from `raw_script_lines`: a line counts if writing its
    `<script`s as `<xcript` takes script elements out of the page Markdown renders.
    """
    if not _SCRIPT.search(body):
        return set()
    total = scripts_in_page(body)
    if not total:
        return set()
    lines = body.split("\n")
    found = set()
    for number, line in enumerate(lines):
        if _SCRIPT.search(line):
            neutered = lines[:number] + [_SCRIPT.sub("<xcript", line)] + lines[number + 1:]
            if scripts_in_page("\n".join(neutered)) < total:
                found.add(FIRST_BODY_LINE + number)
    return found


def checked_error_lines(site: Site, body: str) -> set[int]:
    """Run `check` on a briefing with `body`: it reports, never crashes. Its error lines."""
    write_body(site, body)
    result = site.check()
    assert result.exit_code in (0, 1), result.err
    assert "Traceback" not in result.out + result.err
    assert "internal error" not in (result.out + result.err).lower()
    error_lines = set()
    for line in result.lines:
        match = DIAGNOSTIC.match(line)
        assert match, line
        if match[2] == "error":
            error_lines.add(int(match[1]))
    return error_lines


@CHECKED
@given(BODIES)
def test_check_reports_every_generated_body(project: Site, body: str) -> None:
    EXAMPLES["5 check reports, never tracebacks"] += 1
    error_lines = checked_error_lines(project, body)
    raw, rendered = raw_script_lines(body), rendered_script_lines(body)
    event("body has a <script> tag" if raw or rendered else "body has no <script> tag")
    if rendered - raw:
        event("Markdown makes a <script> the HTML parser does not see")
    assert not raw - error_lines, ("<script> tag not reported", sorted(raw - error_lines))
    assert not rendered - error_lines, (
        "<script> in the rendered page not reported", sorted(rendered - error_lines))


#: Inline links whose address has a host in brackets, as IPv6 hosts are written.
BRACKETED_HOSTS = st.tuples(
    st.sampled_from(["[x](", "![x](", "[x](<"]), cased(["http", "https", "mailto", ""]),
    st.sampled_from(["://[x", "://[::1", "//[", "://[::1]x", "://a]"]),
    st.sampled_from([")", "/)", ">)"])).map("".join)
MARKDOWN_BODIES = st.lists(
    st.one_of(markdown_construct(file_safe=True), markdown_construct(file_safe=True), LAYOUT,
              text(file_safe=True), BRACKETED_HOSTS),
    min_size=1, max_size=8).map(lambda pieces: _file_safe("".join(pieces)))


@CHECKED
@given(MARKDOWN_BODIES)
def test_check_reports_every_markdown_link(project: Site, body: str) -> None:
    """Property 5 on bodies of Markdown links, images, references and attribute lists
    only: every spelling of address reaches the link and attachment checks too."""
    EXAMPLES["5 check reports, never tracebacks (Markdown links)"] += 1
    checked_error_lines(project, body)


UNITS = st.lists(piece(file_safe=True), min_size=1, max_size=6).map(
    lambda pieces: _file_safe("".join(pieces))).filter(lambda unit: unit.strip())


@LARGE
@given(UNITS)
def test_check_finishes_on_large_repetitive_bodies(project: Site, unit: str) -> None:
    EXAMPLES["6 check on ~200 KB finishes"] += 1
    checked_error_lines(project, unit * (200_000 // len(unit) + 1))


# --- the shortcut past the personal-data search -----------------------------------------

#: Pieces of names and text: personal data, what spells it for a reader (references,
#: escapes, full-width and circled digits), and ordinary words and separators.
_PERSONAL_PIECES = ["jo", "@", "＠", "&commat;", "&#64;", "\\x40", "\\u0040", "07700", "900123",
                    "０７７００", "①", "943", "476", "5919", "LS1", "4AP", "born", "15 March 2019",
                    "example", ".", "com", " ", "-", "_", "<!-- -->", "**", "\u200b", "nhs",
                    "Child A", "review", "\n", "(at)", "[dot]", " (dot) "]


@PURE
@given(st.lists(st.sampled_from(_PERSONAL_PIECES), max_size=12).map("".join))
def test_text_passed_over_as_holding_no_personal_data_holds_none(text: str) -> None:
    """`cannot_hold_personal_data` only passes over text in which `find_personal_data`
    finds nothing (file names are judged through it)."""
    event(f"passed over: {cannot_hold_personal_data(text)}")
    if cannot_hold_personal_data(text):
        assert list(find_personal_data(text, set())) == []


def test_most_names_are_passed_over_and_none_holding_data() -> None:
    assert cannot_hold_personal_data("Child A review - learning_summary.pdf")
    for name in ("jo＠example.com", "nhs ９４３４７６５９１９", "jo&commat;example.com",
                 "born ① March", "phone \\x30 7700", "jo (at) example (dot) com",
                 "jo[AT]example.com"):
        assert not cannot_hold_personal_data(name), name
