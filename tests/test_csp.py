"""The built site under its own Content-Security-Policy, in a real headless Chromium.

Every page carries a policy in a `<meta>` element (inline scripts allowed by hash only,
nothing from another host). These tests load every page, and use the pages whose scripts
do something (search, the Material header and drawer, exit this page), watching three
channels for violations: the `securitypolicyviolation` DOM event (listener installed before
any script of the page runs), the browser console, and Chromium's DevTools issues. A
negative control proves each channel reports what the policy blocks, so the zero-violation
assertions cannot pass vacuously.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from browser import SUB_PATH, serve
from conftest import ROOT
from playwright import sync_api as playwright_api
from test_browser import expect_settled, open_search, result_links

#: Installed before any script of a page runs; the event bubbles from the element or
#: document that caused it, so one capturing listener on the document sees them all.
WATCH_SCRIPT = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push({
    directive: e.effectiveDirective, violated: e.violatedDirective, blocked: e.blockedURI,
    sample: e.sample, source: e.sourceFile, line: e.lineNumber, disposition: e.disposition,
    page: location.href});
}, true);
"""

CSP_META = re.compile(
    r"<meta\s+http-equiv=[\"']?Content-Security-Policy[\"']?\s+content=\"([^\"]*)\"\s*/?>",
    re.IGNORECASE)
HEAD_START = re.compile(r"<head[^>]*>\s*<meta charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)
EXIT_ADDRESS = "https://www.bbc.co.uk/weather"

#: One of each kind of page of the example site; the search page with a query and a
#: filter so that Pagefind loads its WebAssembly and shows results.
PAGE_KINDS = {
    "home": "",
    "briefings listing": "briefings/",
    "standard briefing": "briefings/neglect-graded-care/",
    "seven-minute briefing": "briefings/safer-sleep/",
    "reviews listing": "reviews/",
    "review with a report": "reviews/child-a-2015/",
    "guidance listing": "guidance/",
    "guidance page": "guidance/working-together-2015/",
    "themes listing": "themes/",
    "theme page": "themes/neglect/",
    "search with query and filter": "search/?q=children&type=review",
    "accessibility statement": "accessibility/",
    "hand-written page": "learning-and-improvement/",
    "404 at a missing address": "briefings/no-such-briefing/",
    "404 page itself": "404.html",
}


class _NotFoundPageHandler(SimpleHTTPRequestHandler):
    """Serves the site's own 404.html for a missing address, as a real host does."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        page = Path(self.directory) / SUB_PATH.strip("/") / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="session")
def example_site(tmp_path_factory, example_build) -> Iterator[SimpleNamespace]:
    """The example site, built once: its folder, and its address at /learning/."""
    scratch = tmp_path_factory.mktemp("csp-example")
    with serve(example_build, scratch, handler_class=_NotFoundPageHandler) as url:
        yield SimpleNamespace(dir=example_build, url=url)


@pytest.fixture(scope="module")
def chromium(browser):
    """The session's headless Chromium (conftest.py); each test opens its own context."""
    return browser


@dataclass
class Watched:
    """A page whose CSP violations are collected from every channel."""

    page: playwright_api.Page
    console: list[str] = field(default_factory=list)
    issues: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def dom_violations(self) -> list[dict]:
        return self.page.evaluate("() => window.__cspViolations || []")

    def console_violations(self) -> list[str]:
        return [text for text in self.console if "content security policy" in text.lower()]

    def settle(self) -> None:
        """Let queued violation events and console messages arrive."""
        self.page.evaluate("() => new Promise(r => setTimeout(r, 50))")

    def assert_clean(self, where: str) -> None:
        self.settle()
        assert self.dom_violations() == [], where
        assert self.console_violations() == [], where
        assert self.issues == [], where
        assert self.errors == [], where


def open_watched(chromium, **context_options) -> Watched:
    """A page in a new context, every channel watched from before its first script."""
    context = chromium.new_context(**context_options)
    context.add_init_script(WATCH_SCRIPT)
    page = context.new_page()
    watch = Watched(page)
    page.on("console", lambda message: watch.console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    cdp = context.new_cdp_session(page)
    cdp.on("Audits.issueAdded", lambda event: watch.issues.append(event["issue"])
           if event["issue"]["code"] == "ContentSecurityPolicyIssue" else None)
    cdp.send("Audits.enable")
    return watch


@pytest.fixture
def watched(chromium) -> Iterator[Watched]:
    watch = open_watched(chromium)
    yield watch
    watch.page.context.close()


def html_pages(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))


def policy_of(html: str) -> dict[str, list[str]]:
    """The page's meta policy as {directive: [sources]}; exactly one meta is required."""
    found = CSP_META.findall(html)
    assert len(found) == 1, found
    return parse_policy(found[0])


def parse_policy(text: str) -> dict[str, list[str]]:
    policy = {}
    for directive in filter(None, (part.strip() for part in text.split(";"))):
        name, *sources = directive.split()
        assert name not in policy, f"{name} given twice"
        policy[name] = sources
    return policy


def hashes_in(policy: dict[str, list[str]]) -> set[str]:
    return {s for s in policy["script-src"] if s.startswith("'sha256-")}


def meta_placement(page) -> dict:
    """Where the policy meta sits in the live document."""
    return page.evaluate("""() => {
        const metas = [...document.querySelectorAll('meta[http-equiv="Content-Security-Policy" i]')];
        const charset = document.querySelector('meta[charset]');
        const first = metas[0];
        return {
            count: metas.length,
            charsetFirstInHead: document.head.firstElementChild === charset,
            rightAfterCharset: !!first && !!charset && charset.nextElementSibling === first,
            scriptsBefore: first ? [...document.scripts].filter(s =>
                !(first.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_FOLLOWING))
                .map(s => s.outerHTML.slice(0, 80)) : [],
            inHead: !!first && first.parentElement === document.head,
        };
    }""")


# --- 1. Every kind of page, loaded to network idle -------------------------------------------

@pytest.mark.parametrize("path", PAGE_KINDS.values(), ids=PAGE_KINDS.keys())
def test_page_kind_runs_with_no_csp_violation(watched, example_site, path) -> None:
    page = watched.page
    response = page.goto(example_site.url + path)
    assert response is not None
    if path.startswith("briefings/no-such"):
        assert response.status == 404
        assert page.locator("h1").first.inner_text().strip()
    else:
        assert response.status == 200
    page.wait_for_load_state("networkidle")
    if path.startswith("search/"):
        page.wait_for_selector("form[data-sl-ready]")
        expect_settled(page)
        links = result_links(page)
        assert links and all(link.startswith(example_site.url + "reviews/") for link in links)
        page.wait_for_load_state("networkidle")
    assert page.evaluate("() => typeof window.__md_scope") == "object"  # inline script ran
    placement = meta_placement(page)
    assert placement == {"count": 1, "charsetFirstInHead": True, "rightAfterCharset": True,
                         "scriptsBefore": [], "inHead": True}
    watched.assert_clean(path)


def test_every_built_page_runs_with_no_csp_violation(watched, example_site) -> None:
    """Every HTML file of the site, one after the other (the sweep the kinds above sample)."""
    pages = [file.relative_to(example_site.dir).as_posix()
             for file in html_pages(example_site.dir)]
    assert len(pages) > 40
    checked = []
    for rel in pages:
        response = watched.page.goto(example_site.url + rel.removesuffix("index.html"),
                                     wait_until="load")
        assert response is not None and response.status == 200, rel
        watched.assert_clean(rel)
        checked.append(rel)
    print(f"\n{len(checked)} distinct pages checked with zero CSP violations")
    assert checked == pages


# --- 2. The pages' scripts at work ------------------------------------------------------------

def test_search_interactions_cause_no_violation(watched, example_site) -> None:
    page = watched.page
    open_search(page, example_site.url, "?q=sleep")
    assert result_links(page)
    page.fill("input[name=q]", "")
    page.focus("input[name=q]")
    page.keyboard.type("neglect")
    page.wait_for_function("() => new URLSearchParams(location.search).get('q') === 'neglect'")
    expect_settled(page)
    assert result_links(page)
    page.focus("select[name=type]")  # loads every filter index and shows counts
    page.wait_for_function(
        "() => /\\(\\d+\\)$/.test(document.querySelector('option[value=review]').textContent)")
    page.select_option("select[name=type]", "review")
    expect_settled(page)
    page.select_option("select[name=theme]", "neglect")
    expect_settled(page)
    assert all("/reviews/" in link for link in result_links(page))
    page.go_back()
    expect_settled(page)
    if page.is_visible("#sl-search-more"):
        page.click("#sl-search-more")
    page.wait_for_load_state("networkidle")
    watched.assert_clean("search after typing, filtering and going back")


def test_material_toggles_and_header_search_cause_no_violation(chromium, example_site) -> None:
    """On a phone-sized screen: the drawer, the table of contents, back to top, the search bar."""
    watch = open_watched(chromium, viewport={"width": 375, "height": 640})
    page = watch.page
    drawer_open = "() => document.getElementById('__drawer').checked"
    try:
        page.goto(example_site.url + "learning-and-improvement/")
        page.wait_for_load_state("networkidle")
        page.click("button.sl-menu-button")  # page.js puts it in place of the label
        page.wait_for_function(drawer_open)
        page.click("label.md-nav__link[for=__toc]")  # the page's contents, inside the drawer
        page.wait_for_function("() => document.getElementById('__toc').checked")
        toc_link = page.locator(".md-sidebar--primary .md-nav--secondary a.md-nav__link").first
        target = toc_link.get_attribute("href")
        toc_link.click()
        page.wait_for_function(f"() => location.hash === {target!r}")
        page.wait_for_function(f"() => !({drawer_open})()")  # Material closes the drawer
        page.mouse.wheel(0, 5000)
        page.wait_for_timeout(200)
        page.mouse.wheel(0, -300)  # scrolling up shows Material's back-to-top button
        top = page.locator("[data-md-component=top]")
        top.wait_for(state="visible")
        top.click()
        page.wait_for_function("() => window.scrollY === 0")
        watch.assert_clean("drawer, table of contents and back to top")
        page.focus("#sl-searchbar-q")
        page.keyboard.type("safer sleep")
        page.keyboard.press("Enter")
        page.wait_for_selector("form[data-sl-ready]")
        expect_settled(page)
        assert result_links(page)
        watch.assert_clean("search bar leading to the search page")
    finally:
        page.context.close()


def test_exit_this_page_causes_no_violation(watched, example_site) -> None:
    page = watched.page
    page.route(EXIT_ADDRESS, lambda route: route.fulfill(
        body="<title>Weather</title>", content_type="text/html"))
    page.goto(example_site.url + "reviews/child-a-2015/")
    page.wait_for_load_state("networkidle")
    page.locator("body").click()
    for _ in range(2):  # two presses only update the status message
        page.keyboard.press("Shift")
    page.wait_for_function(
        "() => /1 more time/.test(document.querySelector('[data-sl-exit-this-page-status]').textContent)")
    watched.assert_clean("Shift pressed twice")
    page.keyboard.press("Shift")
    page.wait_for_url(EXIT_ADDRESS)
    page.goto(example_site.url + "briefings/")
    page.wait_for_load_state("networkidle")
    page.click("text=Exit this page")
    page.wait_for_url(EXIT_ADDRESS)
    # The pages left are gone; their console messages and DevTools issues are not.
    assert watched.console_violations() == []
    assert watched.issues == []
    assert watched.errors == []


# --- 3. The listener works: what the policy forbids is blocked and reported ------------------

NEGATIVE_CONTROLS = {
    "inline script": ("""() => { const s = document.createElement('script');
        s.textContent = 'window.__x = 1'; document.body.appendChild(s); }""", "script-src-elem"),
    # A string run as code (Playwright's own evaluate is exempt from the policy, a timer is not).
    "string as code": ("() => { setTimeout('window.__x = 1'); }", "script-src"),
    "style attribute": ("""() => { document.body.insertAdjacentHTML('beforeend',
        '<p style="color: red">x</p>'); }""", "style-src-attr"),
    "image from another host": ("""() => { const i = new Image();
        i.src = 'http://198.51.100.7/x.png'; document.body.appendChild(i); }""", "img-src"),
}


@pytest.mark.parametrize("script, directive", NEGATIVE_CONTROLS.values(),
                         ids=NEGATIVE_CONTROLS.keys())
def test_the_watch_sees_what_the_policy_blocks(watched, example_site, script, directive) -> None:
    page = watched.page
    page.goto(example_site.url + "briefings/safer-sleep/")
    page.wait_for_load_state("networkidle")
    watched.assert_clean("before the control")
    page.evaluate(script)
    page.wait_for_function("() => window.__cspViolations.length > 0")
    assert {v["directive"] for v in watched.dom_violations()} == {directive}
    assert page.evaluate("() => window.__x") is None  # the script did not run
    page.wait_for_function("() => new Promise(r => setTimeout(() => r(true), 100))")
    assert watched.console_violations(), watched.console
    assert watched.issues, "DevTools reported no CSP issue"


def test_an_inline_script_changed_after_the_build_is_blocked_while_loading(
        watched, example_site) -> None:
    """The listener is in place before the page's own scripts: a script whose text no
    longer matches its hash (as if edited on the host) is reported during parsing."""
    page = watched.page
    address = example_site.url + "briefings/safer-sleep/"
    html = (example_site.dir / "briefings/safer-sleep/index.html").read_text(encoding="utf-8")
    tampered = html.replace("<script>__md_scope=", "<script>window.__x=1;__md_scope=", 1)
    assert tampered != html
    page.route(address, lambda route: route.fulfill(body=tampered, content_type="text/html"))
    page.goto(address)
    page.wait_for_load_state("networkidle")
    watched.settle()
    assert {v["directive"] for v in watched.dom_violations()} == {"script-src-elem"}
    assert page.evaluate("() => [typeof window.__x, typeof window.__md_scope]") == [
        "undefined", "undefined"]
    assert watched.console_violations() and watched.issues


# --- 4. The files for the host ----------------------------------------------------------------

def test_every_page_has_one_policy_first_in_head(example_site) -> None:
    for file in html_pages(example_site.dir):
        html = file.read_text(encoding="utf-8")
        policy = policy_of(html)
        meta = CSP_META.search(html)
        head = HEAD_START.search(html)
        assert head and head.end() == meta.start(), file  # right after <meta charset>
        assert "<script" not in html[:meta.start()].lower(), file
        assert "'unsafe-inline'" not in " ".join(sum(policy.values(), [])), file
        assert "'unsafe-eval'" not in policy["script-src"], file
        assert policy["default-src"] == ["'self'"], file


def test_headers_file_allows_every_hash_of_every_page(example_site) -> None:
    headers = (example_site.dir / "_headers").read_text(encoding="utf-8")
    lines = [line.strip() for line in headers.splitlines()]
    assert lines[0] == "/*"
    csp_lines = [line for line in lines if line.lower().startswith("content-security-policy:")]
    assert len(csp_lines) == 1, csp_lines
    header_policy = parse_policy(csp_lines[0].split(":", 1)[1])
    assert header_policy.pop("frame-ancestors") == ["'none'"]  # only a header can say this
    header_hashes = hashes_in(header_policy)
    page_hashes = set()
    for file in html_pages(example_site.dir):
        policy = policy_of(file.read_text(encoding="utf-8"))
        missing = hashes_in(policy) - header_hashes
        assert not missing, (file, missing)
        page_hashes |= hashes_in(policy)
        # Apart from which hashes, the header says what the page says.
        without_hashes = {k: [s for s in v if not s.startswith("'sha256-")]
                          for k, v in policy.items()}
        assert without_hashes == {k: [s for s in v if not s.startswith("'sha256-")]
                                  for k, v in header_policy.items()}, file
    assert page_hashes and header_hashes == page_hashes


def test_robots_txt_names_the_sitemap_at_the_full_site_url(example_site) -> None:
    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    assert site_url.startswith("https://")
    robots = (example_site.dir / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {site_url.rstrip('/')}/sitemap.xml" in robots
    assert "Disallow: /" not in robots
    assert (example_site.dir / "sitemap.xml").is_file()
