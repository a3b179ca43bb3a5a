"""Pages at a renamed item's old addresses that send readers on to its new one.

A static host cannot answer with an HTTP redirect from a file, so each old address gets
a small page that refreshes to the new one at once and links it for anyone whose browser
does not follow the refresh. It says `noindex`, so search engines keep the new address.
"""

from __future__ import annotations

from markupsafe import escape


def redirect_page(title: str, new_url: str, canonical: str) -> str:
    """The page for an old address. `new_url` is relative to the old page; `canonical`
    is the new page's full address when the site's address is known, else "" """
    canonical_link = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    return (
        '<!doctype html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Moved: {escape(title)}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={escape(new_url)}">\n'
        f'<meta name="robots" content="noindex">\n{canonical_link}\n</head>\n<body>\n'
        f'<p>This page has moved to <a href="{escape(new_url)}">{escape(title)}</a>.</p>\n'
        "</body>\n</html>\n"
    )
