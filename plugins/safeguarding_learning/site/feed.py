"""Atom feeds of briefings and reviews, newest first: the whole site's (`feed.xml`) and
one per theme (`themes/<id>/feed.xml`)."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urljoin
from xml.etree import ElementTree as ET

from ..core import Item
from .view import SiteView

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def theme_feed_path(theme_id: str) -> str:
    return f"themes/{theme_id}/feed.xml"


def feed_items(view: SiteView, theme: str | None = None) -> list[Item]:
    """What a feed shows: the site's or one theme's FEED_SIZE latest items, the latest
    updated first."""
    if theme is None:
        return view.updated_first()[:FEED_SIZE]
    return [item for item in view.updated_first() if theme in item.themes][:FEED_SIZE]


def atom_feed(view: SiteView, items: list[Item], site_url: str, site_name: str, url_of,
              theme: str | None = None) -> bytes:
    """A feed as bytes: the site's, or one theme's, of its `feed_items`. `url_of(item)`
    gives an item's site-relative address."""
    ET.register_namespace("", ATOM)
    path = theme_feed_path(theme) if theme else "feed.xml"
    title = f"{site_name}: briefings and reviews"
    if theme is not None:
        title += f" on {view.theme_label(theme)}"
    base = site_url if site_url.endswith("/") else site_url + "/"
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = _xml_text(title)
    ET.SubElement(feed, f"{{{ATOM}}}id").text = urljoin(base, path) if site_url \
        else f"urn:safeguarding-learning:{path}"
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=urljoin(base, path))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=base)
    newest = max(((i.updated or i.published) for i in items), default=view.as_of)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _timestamp(newest)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = _xml_text(site_name)
    for item in items:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        address = urljoin(base, url_of(item))
        ET.SubElement(entry, f"{{{ATOM}}}title").text = _xml_text(item.title)
        ET.SubElement(entry, f"{{{ATOM}}}id").text = address
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=address)
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _timestamp(item.published)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _timestamp(item.updated or item.published)
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = _xml_text(item.summary)
        for theme in item.themes:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=theme,
                          label=_xml_text(view.theme_label(theme)))
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


#: Characters XML 1.0 cannot hold at all (control characters, U+FFFE, U+FFFF): one would
#: make the whole feed unreadable. `check` refuses them in front matter; this is the last
#: guard, for text from elsewhere (mkdocs.yml).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)

