"""What every published page and the host are told about safety: CSP, referrer, robots.

Each page gets a Content-Security-Policy in a `<meta>` element that allows its own inline
scripts by hash and nothing from any other host; `_headers` (read by Netlify, Cloudflare
Pages and others) repeats it for every file, with the union of the pages' hashes, and
adds what only a header can say (no framing).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..core.output_dir import BUILD_NAMES

_INLINE_SCRIPT = re.compile(r"<script(\s[^>]*)?>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_SRC_OR_DATA_TYPE = re.compile(r"\ssrc\s*=|\stype\s*=\s*[\"']?application/(?:ld\+)?json",
                               re.IGNORECASE)
_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)

#: What pages may load: only the site itself. Pagefind runs WebAssembly; Material's
#: icons in its stylesheet are `data:` images.
_POLICY = (
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'{hashes}",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
)
REFERRER_POLICY = "same-origin"


def inline_scripts(page: str) -> list[str]:
    """The text of each inline script the page runs (not one loaded from a file of the
    site, not data that never runs)."""
    return [match[2] for match in _INLINE_SCRIPT.finditer(page)
            if not _SRC_OR_DATA_TYPE.search(match[1] or "")]


def inline_script_hashes(page: str, scripts: list[str] | None = None) -> list[str]:
    """CSP source expressions ('sha256-...') for each inline script the page runs (its
    `scripts`, when they were found already)."""
    hashes = []
    for script in inline_scripts(page) if scripts is None else scripts:
        digest = hashlib.sha256(script.encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return sorted(set(hashes))


class TemplateScripts:
    """The inline scripts the site's templates write, each as a pattern: what a template
    prints inside a quoted string may be any text that cannot end it; outside one, a
    value printed through `tojson` may be one JSON string, any other a number.

    Every inline script of a page is allowed by its hash. That is safe only if each is
    the site's own: author text is escaped and sanitised on the way, and this is the
    check that it was. A script no template writes is refused, so that a slip in
    escaping stops the build instead of publishing a script that the page's own policy
    would let run.
    """

    def __init__(self, templates: Iterable[Path]) -> None:
        patterns = set()
        for template in templates:
            text = template.read_text(encoding="utf-8", errors="replace")
            patterns.update(_script_pattern(body) for body in inline_scripts(text))
        self._patterns = [re.compile(pattern, re.DOTALL) for pattern in sorted(patterns)]
        self._known: dict[str, bool] = {}  # a page's scripts recur on every page

    @classmethod
    def of(cls, folders: Iterable[str | Path]) -> TemplateScripts:
        """The scripts of the templates in `folders`, read again only when one of them
        changed (a live preview asks on every rebuild)."""
        templates = sorted({path for folder in dict.fromkeys(map(str, folders))
                            for path in Path(folder).rglob("*.html")})
        stamp = tuple((path, path.stat().st_mtime_ns) for path in templates)
        if _READ.get("stamp") != stamp:
            _READ.update(stamp=stamp, scripts=cls(templates))
        return _READ["scripts"]

    def unknown(self, page: str, scripts: list[str] | None = None) -> list[str]:
        """The page's inline scripts (its `scripts`, when they were found already) that no
        template writes."""
        found = []
        for script in inline_scripts(page) if scripts is None else scripts:
            if not script.strip():
                continue  # runs nothing (a bundle the page loads once painted, say)
            known = self._known.get(script)
            if known is None:
                if len(self._known) >= KNOWN_SCRIPTS:  # kept from build to build: bounded
                    self._known.clear()
                known = self._known[script] = any(
                    pattern.fullmatch(script) for pattern in self._patterns)
            if not known:
                found.append(script)
        return found


_READ: dict[str, Any] = {}  # the last folders' stamp and what they gave
#: Scripts remembered as judged: a site's pages share a few dozen.
KNOWN_SCRIPTS = 256
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_TOJSON = re.compile(r"\|\s*tojson\s*-?\}\}$")
#: What a value printed inside a quoted string may be: text that cannot end the string
#: (no quote or backslash), end the script (`<`) or the line a string must end on.
_IN_STRING = r"""[^"'`\\<>\n\r\u2028\u2029]*?"""
#: A value `tojson` printed: one JSON string (`tojson` writes `<`, `>`, `&`, `'` as `\u003c`...).
_JSON_STRING = r'"(?:[^"\\<>&\'\x00-\x1f\u2028\u2029]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"'
#: Any other value printed outside a string: a number, which cannot be a statement.
_NUMBER = r"-?[0-9]*(?:\.[0-9]+)?"


def _script_pattern(body: str) -> str:
    """A template's script as a pattern: its text as written (a run of spaces as any
    spaces), each Jinja expression or tag as what it may print where it stands."""
    pieces = []
    expressions = _JINJA.findall(body)
    quote = ""  # the quote of the string the text so far has left open, if any
    for index, piece in enumerate(_JINJA.split(body)):
        if index:
            pieces.append(_printed(expressions[index - 1], quote))
        pieces += [r"\s*" if token.isspace() else re.escape(token)
                   for token in re.split(r"(\s+)", piece) if token]
        quote = _open_quote(piece, quote)
    return "".join(pieces)


def _printed(expression: str, quote: str) -> str:
    """What a Jinja expression or tag may print: inside a '...' or "..." string, text that
    stays in it; outside one, one JSON string if it goes through `tojson`, else a number.
    A template literal (`...`) runs what `${` starts: only a number there too."""
    if quote in ("'", '"'):
        return _IN_STRING
    return _JSON_STRING if _TOJSON.search(expression) else _NUMBER


def _open_quote(script: str, quote: str) -> str:
    """The quote of the string left open at the end of `script` (a script's text between
    two template expressions), given the one open at its start."""
    escaped = False
    for char in script:
        if escaped:
            escaped = False
        elif quote and char == "\\":
            escaped = True
        elif char == quote:
            quote = ""
        elif not quote and char in "'\"`":
            quote = char
    return quote


def content_security_policy(hashes: list[str]) -> str:
    extra = "".join(f" {h}" for h in hashes)
    return "; ".join(_POLICY).replace("{hashes}", extra)


def protect_page(page: str, *, noindex: bool,
                 scripts: list[str] | None = None) -> tuple[str, list[str]]:
    """The page with its policy (and, in a preview, `noindex`) first in `<head>`."""
    hashes = inline_script_hashes(page, scripts)
    tags = [f'<meta http-equiv="Content-Security-Policy" '
            f'content="{content_security_policy(hashes)}">',
            f'<meta name="referrer" content="{REFERRER_POLICY}">']
    if noindex:
        tags.append('<meta name="robots" content="noindex, nofollow">')
    charset = _CHARSET.search(page)
    if charset:
        at = charset.end()
    else:
        head = page.lower().find("<head>")
        at = head + len("<head>") if head != -1 else 0
    return page[:at] + "".join(tags) + page[at:], hashes


def headers_file(hashes: set[str], *, noindex: bool, written: Iterable[str] = ()) -> str:
    """`_headers` for hosts that read one: the same policy for every file, and more; at
    its end, as a comment hosts pass over, the names the build wrote at the top of its
    folder, by which a later build knows the folder holds nothing else."""
    lines = [
        "/*",
        f"  Content-Security-Policy: {content_security_policy(sorted(hashes))}; "
        "frame-ancestors 'none'",
        "  X-Content-Type-Options: nosniff",
        f"  Referrer-Policy: {REFERRER_POLICY}",
        "  X-Frame-Options: DENY",
        "  Permissions-Policy: camera=(), microphone=(), geolocation=(), interest-cohort=()",
    ]
    if noindex:
        lines.append("  X-Robots-Tag: noindex, nofollow")
    if written:
        lines.append(BUILD_NAMES + json.dumps(sorted(written), ensure_ascii=False))
    return "\n".join(lines) + "\n"


def robots_txt(site_url: str, *, noindex: bool) -> str:
    """A public site names its sitemap; a preview asks every robot to stay away."""
    if noindex:
        return "User-agent: *\nDisallow: /\n"
    text = "User-agent: *\nAllow: /\n"
    if site_url:
        text += f"\nSitemap: {site_url.rstrip('/')}/sitemap.xml\n"
    return text
