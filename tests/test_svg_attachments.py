"""SVG pictures published as files hold drawing only: nothing that runs, nothing fetched.

A reader who opens an SVG file runs it in their browser as a page of this site, so `check`
reads it as that browser does (XML with namespaces) and passes only the drawing elements
of SVG, references to the picture's own parts (`#id`), and styles that load nothing. Each
case is written beside a public briefing (which links to it) and in content/.
"""

from __future__ import annotations

import pytest
from conftest import Site, briefing

SVG = 'xmlns="http://www.w3.org/2000/svg"'
XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'
XHTML = 'xmlns:h="http://www.w3.org/1999/xhtml"'
TRACKER = "https://tracker.example/p.png"

#: (name, the picture, the line of the offending element, the start of the message)
REFUSED = [
    # Elements of other namespaces: HTML runs, loads and navigates in an SVG document.
    ("html-img", f'<svg {SVG} {XHTML}>\n<h:img src="{TRACKER}"/></svg>',
     2, "this SVG picture holds <h:img>, an HTML element"),
    ("html-link", f'<svg {SVG} {XHTML}>\n<h:link rel="stylesheet" href="/x.css"/></svg>',
     2, "this SVG picture holds <h:link>, an HTML element"),
    ("html-meta", f'<svg {SVG} {XHTML}>\n<h:meta http-equiv="refresh" content="0;url='
     'https://elsewhere.example/"/></svg>', 2, "this SVG picture holds <h:meta>, an HTML element"),
    ("html-iframe", f'<svg {SVG} {XHTML}>\n<h:iframe src="/x.html"/></svg>',
     2, "this SVG picture holds <h:iframe>, an HTML element"),
    ("html-form", f'<svg {SVG} {XHTML}>\n<h:form action="https://elsewhere.example/">'
     '<h:input name="q"/></h:form></svg>', 2, "this SVG picture holds <h:form>, an HTML element"),
    ("html-script", f'<svg {SVG} {XHTML}>\n<h:script>alert(1)</h:script></svg>',
     2, "this SVG picture holds a <script>"),
    ("default-html", f'<svg {SVG}>\n<img xmlns="http://www.w3.org/1999/xhtml" src="{TRACKER}"/>'
     "</svg>", 2, "this SVG picture holds <img>, an HTML element"),
    ("mathml", f'<svg {SVG}>\n<math xmlns="http://www.w3.org/1998/Math/MathML" href="/x">'
     "<mi>x</mi></math></svg>", 2, "this SVG picture holds <math>, an element of"),
    ("no-namespace", "<svg>\n<circle r='1'/></svg>", 1,
     "this SVG picture has <svg> in no namespace"),
    # SVG elements that are not drawing.
    ("foreign-object", f'<svg {SVG}>\n<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">'
     "Hi</p></foreignObject></svg>", 2, "this SVG picture holds a <foreignObject>"),
    ("svg-script", f'<svg {SVG}>\n<script href="/notes.js"/></svg>',
     2, "this SVG picture holds a <script>"),
    ("image-remote", f'<svg {SVG}>\n<image href="{TRACKER}"/></svg>',
     2, "this SVG picture holds an <image>"),
    ("image-data", f'<svg {SVG}>\n<image href="data:image/png;base64,iVBORw0KGgo="/></svg>',
     2, "this SVG picture holds an <image>"),
    ("fe-image", f'<svg {SVG}>\n<filter id="f"><feImage href="photo.png"/></filter></svg>',
     2, "this SVG picture holds a <feImage>"),
    ("link", f'<svg {SVG}>\n<a href="https://elsewhere.example/"><text>x</text></a></svg>',
     2, "this SVG picture holds an <a>"),
    ("font-face", f'<svg {SVG}>\n<font-face><font-face-src><font-face-uri href="{TRACKER}"/>'
     "</font-face-src></font-face></svg>", 2, "this SVG picture holds a <font-face>"),
    ("unknown", f'<svg {SVG}>\n<handler type="application/ecmascript">x</handler></svg>',
     2, "this SVG picture holds a <handler>"),
    # Attributes.
    ("handler", f'<svg {SVG}>\n<rect onclick="alert(1)"/></svg>',
     2, "this SVG picture has an event handler 'onclick'"),
    ("animation-handler", f'<svg {SVG}>\n<animate attributeName="x" onbegin="alert(1)"/></svg>',
     2, "this SVG picture has an event handler 'onbegin'"),
    ("use-file", f'<svg {SVG}>\n<use href="other.svg#shape"/></svg>',
     2, "this SVG picture refers to 'other.svg#shape'"),
    ("use-remote", f'<svg {SVG} {XLINK}>\n<use xlink:href="https://elsewhere.example/s.svg#a"/>'
     "</svg>", 2, "this SVG picture refers to 'https://elsewhere.example/s.svg#a'"),
    ("gradient-file", f'<svg {SVG} {XLINK}>\n<linearGradient id="g" xlink:href="g.svg#h"/></svg>',
     2, "this SVG picture refers to 'g.svg#h'"),
    ("xml-base", f'<svg {SVG}>\n<g xml:base="https://elsewhere.example/"><use href="#a"/></g>'
     "</svg>", 2, "this SVG picture sets xml:base"),
    ("set-href", f'<svg {SVG}>\n<use href="#a"><set attributeName="href" to="/x.svg#b"/></use>'
     "</svg>", 2, "this SVG picture animates its 'href'"),
    ("set-xlink-href", f'<svg {SVG} {XLINK}>\n<use href="#a"><animate attributeName="xlink:href"'
     ' values="#a;/x.svg#b"/></use></svg>', 2, "this SVG picture animates its 'xlink:href'"),
    ("set-style", f'<svg {SVG}>\n<rect><set attributeName="style" to="fill:red"/></rect></svg>',
     2, "this SVG picture animates its 'style'"),
    ("unknown-attribute-namespace", f'<svg {SVG} {XHTML}>\n<rect h:onclick="alert(1)"/></svg>',
     2, "this SVG picture has the attribute 'h:onclick'"),
    # Styles that load: in a presentation attribute, a style attribute, a <style>, an
    # animation's values; however they are spelt.
    ("fill-url", f'<svg {SVG}>\n<rect fill="url(https://tracker.example/p.svg#p)"/></svg>',
     2, "this SVG picture has a style that loads something from elsewhere"),
    ("style-relative-url", f"<svg {SVG}>\n<rect style=\"fill: url('paint.svg#p')\"/></svg>",
     2, "this SVG picture has a style that loads something from elsewhere"),
    ("set-fill", f'<svg {SVG}>\n<rect><set attributeName="fill" to="url({TRACKER})"/></rect>'
     "</svg>", 2, "this SVG picture has a style that loads something from elsewhere"),
    ("escaped-url", f'<svg {SVG}>\n<rect style="background: u\\rl({TRACKER})"/></svg>',
     2, "this SVG picture has a style that loads something from elsewhere"),
    ("hex-escaped-url", f'<svg {SVG}>\n<style>rect {{ background: \\75 rl({TRACKER}) }}</style>'
     "</svg>", 2, "this SVG picture has a style that loads something from elsewhere"),
    ("escaped-import", f'<svg {SVG}>\n<style>@\\69mport "https://tracker.example/s.css";'
     "</style></svg>", 2, "this SVG picture has a style that loads something from elsewhere"),
    ("upper-case-url", f'<svg {SVG}>\n<style>rect {{ fill: URL( "/p.svg#x" ) }}</style></svg>',
     2, "this SVG picture has a style that loads something from elsewhere"),
    ("image-set", f'<svg {SVG}>\n<rect style="background: image-set(\'{TRACKER}\' 1x)"/></svg>',
     2, "this SVG picture has a style that loads something from elsewhere"),
    ("webkit-image-set", f'<svg {SVG}>\n<style>rect {{ background: -webkit-image-set("{TRACKER}"'
     " 1x) }</style></svg>", 2, "this SVG picture has a style that loads something from elsewhere"),
    ("src-function", f'<svg {SVG}>\n<style>rect {{ background: src("{TRACKER}") }}</style></svg>',
     2, "this SVG picture has a style that loads something from elsewhere"),
    ("expression", f'<svg {SVG}>\n<rect style="width: expression(alert(1))"/></svg>',
     2, "this SVG picture has a style that loads something from elsewhere"),
    ("cdata-style", f'<svg {SVG}>\n<style><![CDATA[@import url({TRACKER});]]></style></svg>',
     2, "this SVG picture has a style that loads something from elsewhere"),
    # Declarations: entities are refused, even with no DTD fetched.
    ("entities", f'<!DOCTYPE svg [ <!ENTITY e "&#60;script>alert(1)&#60;/script>"> ]>\n'
     f"<svg {SVG}>&e;</svg>", 1, "this SVG picture declares entities"),
    ("undefined-entity", '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/'
     f'Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg {SVG}>\n<text>&secret;</text></svg>',
     3, "this SVG picture uses the entity '&secret;'"),
    ("own-dtd", f'<!DOCTYPE svg SYSTEM "https://tracker.example/svg.dtd">\n<svg {SVG}/>',
     1, "this SVG picture names a DTD at 'https://tracker.example/svg.dtd'"),
    # A browser reads the file in the encoding it declares: in one where a byte can join
    # the quote or bracket after it, it would not see the elements this check sees.
    ("multibyte-encoding", f'<?xml version="1.0" encoding="Shift_JIS"?>\n<svg {SVG}/>',
     1, "this SVG picture says it is written in 'Shift_JIS'"),
]


def _site_with_picture(site: Site, picture: str) -> None:
    site.write("briefings/x.md", briefing(body="![The chart](chart.svg)\n"))
    site.write("briefings/chart.svg", picture + "\n")
    site.write("content/pictures/chart.svg", picture + "\n")


@pytest.mark.parametrize("picture, line, message",
                         [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED])
def test_a_picture_that_could_run_or_fetch_is_refused_and_stops_the_build(
        site: Site, picture: str, line: int, message: str) -> None:
    _site_with_picture(site, picture)
    result = site.check()
    assert "Traceback" not in result.out + result.err
    assert result.exit_code == 1, result.out
    for rel in ("briefings/chart.svg", "content/pictures/chart.svg"):
        assert any(found.startswith(f"{rel}:{line}: error: {message}")
                   for found in result.lines), result.out
    built = site.build()
    assert built.exit_code == 1 and not (site.root / "site").exists()


#: As Inkscape saves a drawing: its own namespaces on elements and attributes, RDF
#: metadata, gradients, filters, clips, markers, text on a path, references within.
INKSCAPE = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg width="210mm" height="297mm" viewBox="0 0 210 297" version="1.1" id="svg1"
   inkscape:version="1.3 (0e150ed6c4, 2023-07-21)" sodipodi:docname="chart.svg"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:xlink="http://www.w3.org/1999/xlink"
   xmlns="http://www.w3.org/2000/svg" xmlns:svg="http://www.w3.org/2000/svg"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:cc="http://creativecommons.org/ns#" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview id="namedview1" pagecolor="#ffffff" bordercolor="#000000"
     inkscape:showpageshadow="2" inkscape:zoom="0.7" inkscape:current-layer="layer1">
    <inkscape:page x="0" y="0" width="210" height="297" id="page2" margin="0" bleed="0"/>
  </sodipodi:namedview>
  <defs id="defs1">
    <linearGradient id="linearGradient1" inkscape:collect="always">
      <stop style="stop-color:#1d70b8;stop-opacity:1;" offset="0" id="stop1"/>
      <stop style="stop-color:#1d70b8;stop-opacity:0;" offset="1" id="stop2"/>
    </linearGradient>
    <linearGradient xlink:href="#linearGradient1" id="linearGradient2" x1="0" x2="1"
       gradientUnits="userSpaceOnUse"/>
    <radialGradient id="radial1" href="#linearGradient1" cx="5" cy="5" r="5"/>
    <filter style="color-interpolation-filters:sRGB" inkscape:label="Blur" id="filter1"
       x="-0.1" y="-0.1" width="1.2" height="1.2">
      <feGaussianBlur stdDeviation="0.5" result="blur" id="feGaussianBlur1"/>
      <feOffset dx="1" dy="1" in="blur" result="offset"/>
      <feFlood flood-color="#000" flood-opacity="0.3"/>
      <feComposite in2="offset" operator="in"/>
      <feMerge><feMergeNode/><feMergeNode in="SourceGraphic"/></feMerge>
    </filter>
    <clipPath clipPathUnits="userSpaceOnUse" id="clipPath1"><rect width="9" height="9"/></clipPath>
    <mask id="mask1"><rect width="9" height="9" fill="#fff"/></mask>
    <marker style="overflow:visible" id="Arrow1" refX="0" refY="0" orient="auto"
       inkscape:stockid="Arrow1" markerWidth="1" markerHeight="1" inkscape:isstock="true">
      <path style="fill:context-stroke;fill-rule:evenodd" d="M 0,0 5,-5 -12.5,0 5,5 Z"/>
    </marker>
    <pattern id="pattern1" width="2" height="2" patternUnits="userSpaceOnUse">
      <circle cx="1" cy="1" r="0.5"/>
    </pattern>
    <symbol id="tick"><polyline points="0,5 3,8 9,0" fill="none" stroke="#000"/></symbol>
    <path id="curve" d="M 10,90 Q 100,10 190,90"/>
  </defs>
  <metadata id="metadata1">
    <rdf:RDF>
      <cc:Work rdf:about="">
        <dc:format>image/svg+xml</dc:format>
        <dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage"/>
        <cc:license rdf:resource="http://creativecommons.org/licenses/by/4.0/"/>
      </cc:Work>
    </rdf:RDF>
  </metadata>
  <title id="title1">Referrals by agency</title>
  <desc>Bars for each agency.</desc>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1" xml:space="preserve">
    <rect style="fill:url(#linearGradient2);filter:url(#filter1);stroke:#000"
       width="50" height="20" x="10" y="10" clip-path="url( '#clipPath1' )" mask="url(#mask1)"
       inkscape:label="Police" sodipodi:insensitive="true"/>
    <ellipse cx="30" cy="50" rx="10" ry="5" fill="url(#pattern1)"/>
    <line x1="0" y1="0" x2="10" y2="10" style="marker-end:url(#Arrow1)"/>
    <polygon points="0,0 5,5 0,5"/>
    <use xlink:href="#tick" x="60" y="10"/>
    <text x="10" y="40" sodipodi:role="line" xml:lang="en-GB">
      <tspan sodipodi:role="line" x="10" y="40">Police <tspan font-weight="bold">12</tspan></tspan>
      <textPath href="#curve">along the curve</textPath>
    </text>
    <flowRoot xml:space="preserve" id="flowRoot1"><flowRegion><rect width="50" height="9"/>
      </flowRegion><flowPara>Flowed text, as Inkscape 0.92 saved it</flowPara></flowRoot>
    <circle cx="5" cy="5" r="2" opacity="0">
      <animate attributeName="opacity" from="0" to="1" dur="1s" fill="freeze"/>
      <animateTransform attributeName="transform" type="scale" from="1" to="2" dur="1s"/>
      <set attributeName="fill" to="url(#radial1)" begin="1s"/>
    </circle>
  </g>
</svg>"""

#: As a drawing program's "export" and a plotting library save a chart: an SVG DTD named
#: (never fetched), a `<style>` whose rules paint with the picture's own gradient, data-*
#: attributes, a switch.
EXPORTED = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg id="Layer_1" data-name="Layer 1" xmlns="http://www.w3.org/2000/svg"
     xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 50" role="img"
     aria-labelledby="t">
  <defs>
    <style type="text/css"><![CDATA[
      .cls-1 { fill: url("#g"); }  /* the bars */
      .cls-2 { font-family: Arial, sans-serif; font-size: 4px; }
      @media (prefers-color-scheme: dark) { .cls-2 { fill: #fff; } }
    ]]></style>
    <linearGradient id="g"><stop offset="0" stop-color="#1d70b8"/></linearGradient>
  </defs>
  <title id="t">Referrals</title>
  <switch><g><rect class="cls-1" width="40" height="10"/></g></switch>
  <text class="cls-2" x="1" y="20">Referrals &amp; contacts &#8211; 2024</text>
  <view id="zoomed" viewBox="0 0 50 25"/>
</svg>"""


#: An older file: in Latin-1 (whose markup reads as UTF-8's), with a title and a path.
LATIN_1 = f"""<?xml version="1.0" encoding="ISO-8859-1" standalone="yes"?>
<svg {SVG} version="1.1" width="10" height="10"><title>Chart</title><path d="M0 0H9"/></svg>"""


@pytest.mark.parametrize("picture", [INKSCAPE, EXPORTED, LATIN_1],
                         ids=["inkscape", "exported", "latin-1"])
def test_pictures_as_drawing_programs_save_them_are_published(site: Site, picture: str) -> None:
    _site_with_picture(site, picture)
    result = site.check()
    assert result.exit_code == 0, result.out
    assert [line for line in result.lines if ": error: " in line] == []
    assert site.build().exit_code == 0
    assert (site.root / "site/briefings/chart.svg").read_text(encoding="utf-8") == picture + "\n"
    assert (site.root / "site/pictures/chart.svg").exists()


@pytest.mark.parametrize("page, line, message", [
    ('<p>Hi</p>\n<p style="background: u\\rl(https://tracker.example/p.png)">x</p>\n',
     2, "a 'style' attribute on <p> is not allowed"),
    ("<p>Hi</p>\n<style>@\\69mport 'https://tracker.example/s.css';</style>\n",
     2, "<style> is not allowed in content"),
], ids=["style-attribute", "style-element"])
def test_html_attachments_keep_refusing_styles(
        site: Site, page: str, line: int, message: str) -> None:
    """An HTML attachment may have no style at all (the page allowlist), so no escape in
    one can hide a load."""
    site.write("content/extra.html", page)
    result = site.check()
    assert result.exit_code == 1
    assert any(found.startswith(f"content/extra.html:{line}: error: {message}")
               for found in result.lines), result.out
