"""What every published page and the host are told about safety: CSP, referrer, robots.

Each page gets a Content-Security-Policy in a `<meta>` element that allows its own inline
scripts by hash and nothing from any other host; `_headers` (read by Netlify, Cloudflare
Pages and others) repeats it for every file, with the union of the pages' hashes, and
adds what only a header can say (no framing).
"""

from __future__ import annotations

import base64
import hashlib
import re

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


def inline_script_hashes(page: str) -> list[str]:
    """CSP source expressions ('sha256-...') for each inline script the page runs."""
    hashes = []
    for match in _INLINE_SCRIPT.finditer(page):
        if _SRC_OR_DATA_TYPE.search(match[1] or ""):
            continue  # loaded from a file of the site, or data that never runs
        digest = hashlib.sha256(match[2].encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return sorted(set(hashes))


def content_security_policy(hashes: list[str]) -> str:
    extra = "".join(f" {h}" for h in hashes)
    return "; ".join(_POLICY).replace("{hashes}", extra)


def protect_page(page: str, *, noindex: bool) -> tuple[str, list[str]]:
    """The page with its policy (and, in a preview, `noindex`) first in `<head>`."""
    hashes = inline_script_hashes(page)
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


def headers_file(hashes: set[str], *, noindex: bool) -> str:
    """`_headers` for hosts that read one: the same policy for every file, and more."""
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
    return "\n".join(lines) + "\n"


def robots_txt(site_url: str, *, noindex: bool) -> str:
    """A public site names its sitemap; a preview asks every robot to stay away."""
    if noindex:
        return "User-agent: *\nDisallow: /\n"
    text = "User-agent: *\nAllow: /\n"
    if site_url:
        text += f"\nSitemap: {site_url.rstrip('/')}/sitemap.xml\n"
    return text
