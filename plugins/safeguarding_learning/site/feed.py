"""The Atom feed of briefings and reviews (`feed.xml`), newest first."""

from __future__ import annotations

from datetime import date
from urllib.parse import urljoin
from xml.etree import ElementTree as ET

from ..core import Briefing, Review
from .view import SiteView

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom_feed(view: SiteView, site_url: str, site_name: str, url_of) -> bytes:
    """The feed as bytes; `url_of(item)` gives an item's site-relative address."""
    ET.register_namespace("", ATOM)
    items = sorted(view.items(Briefing) + view.items(Review),
                   key=lambda i: (-(i.updated or i.published).toordinal(), i.title.lower()))
    items = items[:FEED_SIZE]
    base = site_url if site_url.endswith("/") else site_url + "/"
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"{site_name}: briefings and reviews"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = urljoin(base, "feed.xml") if site_url \
        else "urn:safeguarding-learning:feed"
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=urljoin(base, "feed.xml"))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=base)
    newest = max(((i.updated or i.published) for i in items), default=view.as_of)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _timestamp(newest)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = site_name
    for item in items:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        address = urljoin(base, url_of(item))
        ET.SubElement(entry, f"{{{ATOM}}}title").text = item.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = address
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=address)
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _timestamp(item.published)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _timestamp(item.updated or item.published)
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = item.summary
        for theme in item.themes:
            ET.SubElement(entry, f"{{{ATOM}}}category", term=theme, label=view.theme_label(theme))
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
