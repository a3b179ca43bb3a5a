"""Addresses within the site, however an author writes them.

A link may name a page or file of the site from the page it is on (`../x/`), from the
site's root (`/learning/reviews/x/`), from the web server's root (`/reviews/x/`), in full
(`https://example.org/learning/reviews/x/`), or climbing out of the site's path and back
(`../learning/reviews/x/`). Each is read here, once, as the address within the site
(`reviews/x/`): so pages, HTML files, the navigation and `check` judge alike whether a
link names what a build leaves out.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Collection, Iterator
from urllib.parse import unquote, urlsplit


def site_address(address: str, page_url: str, site_url: str) -> str | None:
    """`address`, written on the page at `page_url` (within the site: `briefings/a/`;
    empty for the site's root, as the navigation is), as the address within the site
    (`briefings/x/`); None if it is not one (another site, a mail address, a place on
    this page). An address from the host's root outside the site is read from the site's
    root: it names the page just the same, and guessing wrong would publish a name."""
    site_path = "/" + urlsplit(site_url).path.strip("/")  # "/" or "/learning"
    if site_url and address.startswith(site_url):  # the site's own full address
        address = site_path.rstrip("/") + "/" + address[len(site_url):]
    address = address.split("#", 1)[0].split("?", 1)[0]
    if not address or ":" in address.split("/", 1)[0] or address.startswith("//"):
        return None
    if not address.startswith("/"):  # read from the page, as a browser reads it
        base = page_url if page_url.endswith("/") or not page_url else \
            posixpath.dirname(page_url) + "/"
        address = posixpath.join(site_path, base.lstrip("/"), address)
    normal = posixpath.normpath("/" + unquote(address).lstrip("/"))
    root = site_path.rstrip("/")
    if root and (normal == root or normal.startswith(root + "/")):
        normal = normal[len(root):]
    within = normal.lstrip("/")
    if within == "index.html" or within.endswith("/index.html"):
        within = within[: -len("index.html")]
    elif address.endswith("/") and within:
        within += "/"
    return within


def names_withheld(address: str, withheld: Collection[str], site_url: str,
                   page_url: str = "", page_src: str = "") -> bool:
    """True if `address`, on the page at `page_url` (or read from that page's source
    file, `page_src`, as an author may write it), names one of the `withheld` addresses
    within the site (`reviews/x/`, `reviews/x.md`)."""
    return site_address(address, page_url, site_url) in withheld or bool(
        page_src and site_address(address, page_src, site_url) in withheld)


#: An address in an HTML attribute that links or fetches: quoted or not.
_HTML_ADDRESS = re.compile(
    r"""\s(?:href|src|cite|poster|data|action|formaction|background|xlink:href)\s*=\s*"""
    r"""(?:"([^"]*)"|'([^']*)'|([^\s"'<>=`]+))""", re.IGNORECASE)


def html_addresses(text: str) -> list[str]:
    """Every address HTML written in `text` links to or shows (`<a href>`, `<img src>`,
    `<blockquote cite>`), its character references decoded. Read loosely: naming one
    that is not a link costs nothing; missing one would publish a name."""
    return [address for _, address in html_addresses_at(text)]


def html_addresses_at(text: str) -> Iterator[tuple[int, str]]:
    """(offset, address) of each address `html_addresses` finds."""
    if "=" not in text:
        return
    for found in _HTML_ADDRESS.finditer(text):
        written = found[1] if found[1] is not None else found[2] if found[2] is not None \
            else found[3]
        yield found.start(), html.unescape(written).strip()
