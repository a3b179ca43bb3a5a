"""The site's `concern_contact` text as HTML: Markdown, through the allowlist, with phone
numbers and email addresses made into links a phone can call or write to."""

from __future__ import annotations

import re

import markdown
from markupsafe import Markup

from ..core.html_policy import sanitise

# A UK phone number as people write it: 01632 960 000, 0800 1111, +44 20 7946 0000, 999.
_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?|0)\d{2,4}(?:[ -]?\d{3,4}){1,2}(?!\w)|\b(?:999|111)\b")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")


def concern_contact_html(text: str | None) -> Markup | None:
    if not text:
        return None
    html = sanitise(markdown.markdown(text))
    return Markup(_link_contacts(html))


def _link_contacts(html: str) -> str:
    """Link phone numbers and emails in the text, never inside an existing link."""
    parts = _TAG_OR_TEXT.split(html)
    inside_link = False
    for index, part in enumerate(parts):
        if part.startswith("<"):
            name = part[1:].split(None, 1)[0].lower() if len(part) > 2 else ""
            inside_link = name == "a" or (inside_link and name != "/a")
            continue
        if not inside_link:
            part = _EMAIL.sub(lambda m: f'<a href="mailto:{m[0]}">{m[0]}</a>', part)
            parts[index] = _link_phones(part)
    return "".join(parts)


def _link_phones(text: str) -> str:
    pieces = _TAG_OR_TEXT.split(text)  # emails just linked are skipped
    inside = False
    for index, piece in enumerate(pieces):
        if piece.startswith("<"):
            inside = piece.lower().startswith("<a")
            continue
        if not inside:
            pieces[index] = _PHONE.sub(lambda m: f'<a href="tel:{_dialable(m[0])}">{m[0]}</a>',
                                       piece)
    return "".join(pieces)


def _dialable(number: str) -> str:
    digits = re.sub(r"[^\d+]", "", number)
    return "+44" + digits[1:] if digits.startswith("0") else digits
