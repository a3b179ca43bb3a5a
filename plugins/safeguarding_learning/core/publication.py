"""The one place that decides whether an item is public as of a date.

Every listing, page, backlink, feed, search index entry and copied attachment asks here.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from .model import Document, Item

#: Embargoes lift on the UK date: a build on a machine in another time zone (a CI runner,
#: a server on UTC an hour behind summer time) must not publish early or late.
UK = ZoneInfo("Europe/London")


def uk_today() -> date:
    """Today's date in the UK, wherever the build runs: what "as of today" means."""
    return datetime.now(UK).date()


def is_public(document: Document, as_of: date) -> bool:
    """True if `document` may appear in a public build made on `as_of`."""
    if not isinstance(document, Item):
        return True  # hand-written pages are always public
    return document.usable and not document.is_draft and document.published <= as_of


def publication_state(document: Document, as_of: date) -> str:
    """'public', 'draft' or 'embargoed': for banners and messages."""
    if is_public(document, as_of):
        return "public"
    assert isinstance(document, Item)
    if not document.publication_known:
        return "unfinished"  # its status or date could not be read
    if document.is_draft:
        return "draft"
    return "embargoed" if document.published > as_of else "unfinished"


def unpublished_why(item: Item, as_of: date) -> str:
    """Why an item is not public, for messages: 'a draft', 'embargoed until 2027-06-01'."""
    state = publication_state(item, as_of)
    if state == "embargoed":
        return f"embargoed until {item.published.isoformat()}"
    return "a draft" if state == "draft" else state
