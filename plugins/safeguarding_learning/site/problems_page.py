"""The page `serve` shows in place of every page while the content has errors.

An author who saves a mistake sees it where they are looking, in the browser, with the
file, the line and what to do; the page reloads by itself once the mistake is fixed.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import escape

from ..core import Diagnostic
from ..core.diagnostics import sort_key


def problems_page(diagnostics: Sequence[Diagnostic], site_name: str) -> str:
    errors = sorted((d for d in diagnostics if d.is_error), key=sort_key)
    rows = "\n".join(
        f"<li><p><code>{escape(d.path)}:{d.line}</code>: {escape(d.message)}</p>"
        + (f"<p>What to do: {escape(d.hint)}</p>" if d.hint else "") + "</li>"
        for d in errors)
    count = f"{len(errors)} problem{'s' * (len(errors) != 1)}"
    return (
        '<!doctype html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{count} to fix – preview of {escape(site_name)}</title>\n</head>\n<body>\n"
        f"<main>\n<h1>The preview has {count} to fix</h1>\n"
        "<p>Each line names the file and the line in it. Fix them and save the file: this "
        "page shows the site again by itself once nothing is wrong.</p>\n"
        f"<ol>\n{rows}\n</ol>\n</main>\n</body>\n</html>\n"
    )
