"""What an SVG picture published as a file may hold: drawing, never code or fetching.

A reader who opens an SVG file runs it as a page of this site, whatever the page around
it allows. So the picture is judged as a browser reads it, as XML with namespaces, against
allowlists: the drawing elements of SVG, references only to its own parts (`#id`), and CSS
that loads nothing. The site's Content-Security-Policy is a second line, not the first.
"""

from __future__ import annotations

import re

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
XHTML = "http://www.w3.org/1999/xhtml"

#: Drawing, grouping, painting and describing: what charts and diagrams are made of, none
#: of which runs, embeds or fetches anything while its references stay within the file.
#: Left out: script, foreignObject (HTML inside), image and feImage (a picture that cannot
#: be checked, or a fetch), a (navigation), cursor and font-face-uri (fetches), and any
#: element a browser may learn later.
DRAWING_ELEMENTS = frozenset({
    "svg", "g", "defs", "symbol", "use", "switch", "view",
    "title", "desc", "metadata", "style",
    "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "textPath",
    "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker",
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite",
    "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap", "feDistantLight",
    "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur",
    "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight",
    "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
    # Animation, whose `attributeName` is judged by `animated_attribute_allowed`.
    "animate", "animateMotion", "animateTransform", "set", "mpath",
    # Flowed text as Inkscape 0.92 saved it (a draft of SVG 1.2 no browser implements):
    # inert, and common in authors' older drawings.
    "flowRoot", "flowRegion", "flowPara", "flowSpan", "flowDiv",
})

#: Why some well-known elements are refused, for a message a designer can act on.
REFUSED_BECAUSE = {
    "script": "which would run in readers' browsers",
    "foreignObject": "which shows HTML inside the picture",
    "image": "a picture inside the picture, which cannot be checked or is fetched",
    "feImage": "a picture inside the picture, which cannot be checked or is fetched",
    "a": "a link, which could lead anywhere",
}

#: The namespaces drawing programs keep their own notes in: Inkscape's and Sodipodi's
#: settings (`<sodipodi:namedview>`, `inkscape:label`), RDF metadata with Creative
#: Commons and Dublin Core terms, Adobe's, Sketch's, Affinity's, Visio's and LibreOffice's.
#: A browser knows none of them, so their elements and attributes are inert data: they
#: are allowed, or authors' real files would fail. Elements of SVG, HTML or any other
#: namespace inside them are still judged as such.
EDITOR_NAMESPACES = (
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://creativecommons.org/ns#",
    "http://web.resource.org/cc/",
    "http://purl.org/dc/elements/1.1/",
    "http://purl.org/dc/terms/",
    "http://ns.adobe.com/",
    "adobe:ns:meta/",
    "http://www.bohemiancoding.com/sketch/ns",
    "http://www.serif.com/",
    "http://schemas.microsoft.com/visio/2003/SVGExtensions/",
    "http://xml.openoffice.org/svg/export",
)

#: The attributes of the xml: and xlink: namespaces that only describe (xml:base, which
#: moves every address of the picture elsewhere, and xlink:href are judged apart).
DESCRIBING = {XML: frozenset({"lang", "space", "id"}),
              XLINK: frozenset({"title", "type", "role", "arcrole", "show", "actuate"})}


def is_editor_namespace(uri: str) -> bool:
    return uri.startswith(EDITOR_NAMESPACES)


_LOCAL_REFERENCE = re.compile(r"\s*#[\w.:-]*\s*")


def is_local_reference(value: str) -> bool:
    """Whether an href names a part of the picture itself (`#id`), which loads nothing."""
    return _LOCAL_REFERENCE.fullmatch(value) is not None


_PLAIN_ATTRIBUTE = re.compile(r"[A-Za-z][A-Za-z0-9-]*")


def animated_attribute_allowed(name: str) -> bool:
    """Whether an animation may change this attribute: not one that makes the picture
    refer elsewhere, run a handler or take a style (which could load), nor one of
    another namespace (`xlink:href`)."""
    name = name.strip()
    return (_PLAIN_ATTRIBUTE.fullmatch(name) is not None
            and name.lower() not in ("href", "src", "style")
            and not name.lower().startswith("on"))


# --- CSS --------------------------------------------------------------------------

#: A CSS escape: a backslash and up to six hex digits (with one optional space after),
#: a backslash before a line break (nothing), or a backslash before any other character.
_CSS_ESCAPE = re.compile(r"\\(?:([0-9A-Fa-f]{1,6})(?:\r\n|[ \t\r\n\f])?|(\r\n|[\n\r\f])|(.))",
                         re.DOTALL)
#: What makes CSS load something: a url() not to `#id` (checked apart), image-set(),
#: src(), image(), @import, and IE's expression(), which ran script.
_LOADS = re.compile(r"url\(|image-set\(|\bsrc\(|\bimage\(|@import|expression\(")
_LOCAL_URL = re.compile(r"""url\(\s*(?:"\s*#[^"\\]*"|'\s*#[^'\\]*'|#[^\s"'()\\]*)\s*\)""")


def _unescaped(css: str) -> str:
    """CSS with its escapes decoded, so `u\\rl(` and `\\75 rl(` read as `url(`. Reading
    `\\28` as `(` finds a function where a browser sees a name: stricter, never laxer."""
    def decode(match: re.Match[str]) -> str:
        if match[1]:
            code = int(match[1], 16)
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        return "" if match[2] else match[3]
    return _CSS_ESCAPE.sub(decode, css)


def css_loads(css: str) -> str | None:
    """What in a style sheet, style attribute or presentation attribute would load
    something (the construct, as written once escapes are decoded), or None. A url() of
    the picture's own part (`url(#gradient)`) loads nothing. Comments are not removed: a
    comment cannot join a name to its bracket, and removing them could hide what a string
    holds."""
    text = _LOCAL_URL.sub("", _unescaped(css).lower())
    found = _LOADS.search(text)
    if found is None:
        return None
    end = _CONSTRUCT_END.search(text, found.end(), found.start() + 80)
    return text[found.start(): end.end() if end else found.start() + 80]


_CONSTRUCT_END = re.compile(r"[);]")
