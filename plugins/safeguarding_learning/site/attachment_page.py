"""An HTML file an author publishes beside the pages, as a page of the site.

What the allowlist leaves of such a file is a fragment: no character set, no language,
no title and no "Exit this page". Published so, a browser guesses its encoding, a screen
reader its language, and a reader of a leaflet about abuse has no quick way out. So the
fragment is set in a small page of its own, with the site's style and exit script.
"""

from __future__ import annotations

import html
import re

from ..config_checks import EXIT_SCRIPT, SITE_STYLESHEET

_FIRST_HEADING = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def attachment_page(fragment: str, *, name: str, root: str, exit_address: str | None,
                    site_name: str) -> str:
    """`fragment` (sanitised) as a whole page: `root` leads from the page to the site's
    top (`../`), `exit_address` is where "Exit this page" leads (None: no button)."""
    title = _title(fragment) or name
    exit_parts = ("", "")
    if exit_address:
        exit_parts = (
            '<div class="sl-exit-this-page" data-sl-exit-this-page>\n'
            f'<a href="{html.escape(exit_address)}" class="sl-exit-this-page__button" '
            'rel="nofollow noreferrer" role="button"><span class="sl-visually-hidden">'
            "Emergency</span> Exit this page</a>\n"
            '<p class="sl-visually-hidden" aria-live="polite" '
            "data-sl-exit-this-page-status></p>\n</div>\n",
            f'<script defer src="{root}{EXIT_SCRIPT}"></script>\n')
    return (
        "<!doctype html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
        f"<title>{html.escape(title)} - {html.escape(site_name)}</title>\n"
        f'<link rel="stylesheet" href="{root}{SITE_STYLESHEET}">\n'
        "</head>\n<body class=\"sl-attachment\">\n"
        f"{exit_parts[0]}<main>\n{fragment}\n</main>\n{exit_parts[1]}"
        "</body>\n</html>\n")


def _title(fragment: str) -> str:
    """The text of the fragment's first main heading, if it has one."""
    heading = _FIRST_HEADING.search(fragment)
    if heading is None:
        return ""
    return " ".join(html.unescape(_TAG.sub("", heading[1])).split())
