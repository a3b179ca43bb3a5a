"""Small corrections to the markup Material writes into every page, so that every built
page passes the Nu HTML Checker and each form control has a name.

Each fix targets one known pattern and leaves the page alone when Material stops
writing it. Material's templates are not copied into ours to change a few attributes.
"""

from __future__ import annotations

import re

#: Material's hidden toggles: checkboxes its CSS drives. `autocomplete` is not allowed on
#: a checkbox, and a control needs a name.
_TOGGLE = re.compile(r'<input class="md-toggle"([^>]*?) id="(__\w+)"( autocomplete="off")?>')
_TOGGLE_NAMES = {"__drawer": "Show the navigation", "__search": "Show search",
                 "__toc": "Show the page's contents"}
_EMPTY_TABINDEX = re.compile(r' tabindex=""')
_SKIP = re.compile(r'(<div data-md-component="skip">).*?(</div>)', re.DOTALL)
_FIRST_H1 = re.compile(r"<h1\b([^>]*)>")
_ID = re.compile(r'\sid="([^"]+)"')
#: The id the page's title gets when it has none.
TITLE_ID = "sl-page-title"


def tidy_material_markup(page: str) -> str:
    page = _TOGGLE.sub(_named_toggle, page)
    page = _EMPTY_TABINDEX.sub("", page)
    page = _labels_have_controls(page)
    return _skip_link_has_a_target(page)


def _labels_have_controls(page: str) -> str:
    """The contents title is a label for `__toc`, a toggle Material writes only on pages
    in the navigation; items are not, so there the label points at nothing."""
    if 'id="__toc"' in page:
        return page
    return page.replace('<label class="md-nav__title" for="__toc">',
                        '<label class="md-nav__title">')


def _named_toggle(match: re.Match[str]) -> str:
    attributes, toggle = match[1], match[2]
    name = _TOGGLE_NAMES.get(toggle)
    label = f' aria-label="{name}"' if name and "aria-label" not in attributes else ""
    return f'<input class="md-toggle"{attributes} id="{toggle}"{label}>'


def _skip_link_has_a_target(page: str) -> str:
    """"Skip to content" on every page, to the page's title. Material writes it only on
    a page whose Markdown has headings (not a listing, the dashboard or 404), and to the
    first of them, past the title, the summary and the details panel."""
    title = _FIRST_H1.search(page)
    skip = _SKIP.search(page)
    if title is None or skip is None:
        return page
    named = _ID.search(title[1])
    if named:
        target = named[1]
    else:
        target = TITLE_ID
        page = page[:title.start()] + f'<h1 id="{TITLE_ID}"{title[1]}>' + page[title.end():]
    link = f'<a href="#{target}" class="md-skip">Skip to content</a>'
    return _SKIP.sub(lambda found: found[1] + link + found[2], page, count=1)
