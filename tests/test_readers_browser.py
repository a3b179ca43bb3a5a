"""Readers first, in a real Chromium at phone (390 px) and desktop widths: /reviews/,
review pages, handouts, search passages, the 404 page and the sensitive-content patterns."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from browser import serve
from conftest import ROOT, visible_cards
from test_csp import _NotFoundPageHandler

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
AXE = Path(__import__("axe_playwright_python").__file__).with_name("axe.min.js")


@pytest.fixture(scope="module")
def example(tmp_path_factory, example_build):
    scratch = tmp_path_factory.mktemp("readers")
    with serve(example_build, scratch, handler_class=_NotFoundPageHandler) as url:
        yield SimpleNamespace(dir=example_build, url=url)


# --- /reviews/ --------------------------------------------------------------------------
def test_reviews_fit_a_phone_with_every_title_and_report_link_readable(open_page,
                                                                       example) -> None:
    page = open_page(example.url + "reviews/", PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    boxes = page.eval_on_selector_all(
        ".sl-card__title a, .sl-card__report a",
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [e.textContent, r.left, r.right]; })")
    assert len(boxes) >= 10
    for text, left, right in boxes:
        assert 0 <= left and right <= PHONE["width"], text
    # no word is broken across lines: each title's words are whole in the page's text
    titles = page.eval_on_selector_all(".sl-card__title a", "els => els.map(e => e.innerText)")
    assert all("-\n" not in t and not re.search(r"\w\n\w", t) for t in titles)


def test_reviews_filter_on_the_page_with_the_choice_in_the_address(open_page, example) -> None:
    page = open_page(example.url + "reviews/?type=lcspr", PHONE)
    assert sorted(visible_cards(page)) == [
        "Local child safeguarding practice review: Child C",
        "Local child safeguarding practice review: Child G"]
    assert page.is_hidden("[data-sl-year='2023']")
    page.select_option("#sl-reviews-type", "")
    page.select_option("#sl-reviews-theme", "neglect")
    assert page.evaluate("location.search") == "?theme=neglect"
    assert "Serious case review: Family B" in visible_cards(page)
    assert "Rapid review: Child D" not in visible_cards(page)
    page.select_option("#sl-reviews-year", "2017")
    assert visible_cards(page) == ["Serious case review: Family B"]
    assert "1 review matches" in page.inner_text("[data-sl-review-status]")


def test_without_scripts_every_review_shows(open_page, example) -> None:
    page = open_page(example.url + "reviews/?type=lcspr", DESKTOP, java_script_enabled=False)
    assert len(visible_cards(page)) == page.locator(".sl-card").count() >= 8
    # The choice it cannot make is said, not silently ignored
    assert page.is_visible(".sl-filter__note")
    assert page.inner_text(".sl-filter__note").startswith("Choosing needs JavaScript, which "
                                                          "is off in this browser")
    scripted = open_page(example.url + "reviews/?type=lcspr", DESKTOP)
    assert not scripted.is_visible(".sl-filter__note")


# --- review pages on a phone ------------------------------------------------------------
def test_on_a_phone_the_details_fold_and_the_contents_are_on_the_page(open_page,
                                                                      example) -> None:
    phone = open_page(example.url + "reviews/child-g-2026/", PHONE)
    assert phone.evaluate("document.querySelector('[data-sl-details]').open") is False
    assert phone.is_visible(".sl-page-contents")
    phone.click(".sl-page-contents a >> text=Key findings")
    assert phone.evaluate("location.hash") == "#key-findings"
    phone.click("[data-sl-details] > summary")
    assert phone.is_visible("text=Aged 10 to 14")
    desktop = open_page(example.url + "reviews/child-g-2026/", DESKTOP)
    assert desktop.evaluate("document.querySelector('[data-sl-details]').open") is True
    assert desktop.is_hidden(".sl-page-contents")


def test_a_review_page_shows_its_record_and_recommendations(open_page, example) -> None:
    page = open_page(example.url + "reviews/child-g-2026/", DESKTOP)
    panel = page.inner_text(".sl-meta")
    for words in ("Aged 10 to 14", "Male", "Seriously harmed", "Commissioned", "19 May 2025"):
        assert words in panel
    progress = page.inner_text(".sl-recommendations")
    assert "In progress" in progress and "Overdue" in progress and "due 30 September 2026" \
        in progress
    assert page.is_visible(".sl-related-learning") and page.is_visible(".sl-concern")
    assert page.get_attribute(".sl-concern a >> text=0113 496 0000", "href") == "tel:+441134960000"


# --- seven-minute briefings and print -----------------------------------------------------
def test_a_seven_minute_briefing_numbers_its_parts_and_prints_on_two_pages(
        open_page, example, tmp_path) -> None:
    page = open_page(example.url + "briefings/safer-sleep/", DESKTOP)
    parts = page.eval_on_selector_all(
        ".sl-seven-minute > h2",
        "els => els.map(e => getComputedStyle(e, '::before').content)")
    assert parts == ["counter(sl-part)"] * 7
    page.emulate_media(media="print")
    assert page.is_visible(".sl-print-header")
    header = page.inner_text(".sl-print-header")
    assert header.startswith("Northbrook Safeguarding Children Partnership")
    assert "https://example.gov.uk/learning/briefings/safer-sleep/" in header
    assert "9 May 2022" in header
    after = page.eval_on_selector(
        ".sl-body a[href*='child-d-2022']", "a => getComputedStyle(a, '::after').content")
    assert after == f'" ({example.url}reviews/child-d-2022/)"'  # where it is served
    assert page.is_hidden(".md-header") and page.is_hidden(".sl-exit-this-page")
    pdf = tmp_path / "briefing.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes())) <= 2


# --- search ------------------------------------------------------------------------------
def test_a_search_result_shows_the_passage_that_matched(open_page, example) -> None:
    page = open_page(example.url + "search/?q=sofa", DESKTOP)
    page.wait_for_selector(".sl-search__excerpt mark")
    marked = page.eval_on_selector_all(".sl-search__excerpt mark",
                                       "els => els.map(e => e.textContent.toLowerCase())")
    assert "sofa" in marked


def test_search_filters_by_the_review_record(open_page, example) -> None:
    page = open_page(example.url + "search/?outcome=died", DESKTOP)
    page.wait_for_function("() => document.querySelectorAll('.sl-search__result').length > 0")
    titles = page.eval_on_selector_all(".sl-search__result h2 a",
                                       "els => els.map(e => e.textContent)")
    assert titles == ["Rapid review: Child D"]
    assert page.eval_on_selector("#sl-filter-child_age", "s => s.options.length") == 8


def test_search_finds_audits_by_type(open_page, example) -> None:
    page = open_page(example.url + "search/?type=audit", DESKTOP)
    page.wait_for_function("() => document.querySelectorAll('.sl-search__result').length > 0")
    links = page.eval_on_selector_all(".sl-search__result h2 a", "els => els.map(e => e.href)")
    audits = len(list((ROOT / "audits").glob("*.md")))
    assert len(links) == min(audits, 10) and all("/audits/" in link for link in links)


def test_the_dashboard_reads_at_320_pixels(open_page, example) -> None:
    page = open_page(example.url + "dashboard/", {"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    sizes = page.eval_on_selector_all(
        ".sl-figure__chart svg", "els => els.map(e => e.getBoundingClientRect().width)")
    assert len(sizes) >= 12 and all(0 < width <= 320 for width in sizes)


# --- the 404 page --------------------------------------------------------------------------
@pytest.mark.parametrize("served_at", ["sub-path", "root"])
def test_the_404_page_is_styled_and_its_links_work(open_page, example, tmp_path,
                                                    served_at) -> None:
    if served_at == "root":  # the same build, served from the host's root
        with serve(example.dir, tmp_path, handler_class=_RootNotFound) as url:
            root = url.removesuffix("learning/")
            _check_404(open_page(root + "no/such/page/", PHONE), root)
    else:
        _check_404(open_page(example.url + "no/such/page/", PHONE), example.url)


class _RootNotFound(_NotFoundPageHandler):
    """Serves the site at the host's root (and its 404.html for what is missing)."""

    def translate_path(self, path: str) -> str:
        return super().translate_path("/learning" + path)


def _check_404(page, base: str) -> None:
    assert page.inner_text("h1") == "Page not found"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") \
        == "sticky"  # Material's stylesheet loaded
    assert page.evaluate("getComputedStyle(document.querySelector('.sl-exit-this-page"
                         "__button')).backgroundColor") == "rgb(212, 53, 28)"
    href = page.get_attribute(".md-content a >> text=case reviews", "href")
    page.click(".md-content a >> text=case reviews")
    assert page.url == base + "reviews/", href
    assert page.inner_text("h1") == "Case reviews"


# --- the sensitive-content patterns -----------------------------------------------------------
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_exit_this_page_is_readable_in_view_and_covers_no_content(open_page, example,
                                                                  viewport) -> None:
    """In the header bar's right end: on screen after scrolling, over neither the site's
    name nor the page's content."""
    page = open_page(example.url + "briefings/safer-sleep/", viewport)
    button = ".sl-exit-this-page__button"
    assert page.eval_on_selector(button, "b => parseFloat(getComputedStyle(b).fontSize)") >= 16
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(300)
    assert page.evaluate("window.scrollY") > 500
    header = page.eval_on_selector(".md-header", "h => h.getBoundingClientRect().toJSON()")
    box = page.eval_on_selector(button, "b => b.getBoundingClientRect().toJSON()")
    title = page.eval_on_selector(".md-header__title", "t => t.getBoundingClientRect().toJSON()")
    assert header["top"] == 0 and box["top"] >= 0 and box["bottom"] <= header["bottom"]
    assert box["right"] <= viewport["width"] and title["right"] <= box["left"]
    assert box["height"] >= 44  # a target a thumb can hit


def test_the_site_name_is_whole_on_a_phone_and_headings_are_dark(open_page, example) -> None:
    page = open_page(example.url, PHONE)
    # Its whole text, laid out without any clamp or ellipsis, fits the space it is shown in.
    fits = page.eval_on_selector(".md-header__topic .md-ellipsis", """e => {
        const shown = e.getBoundingClientRect();
        e.style.display = 'block'; e.style.webkitLineClamp = 'unset';
        e.style.overflow = 'visible'; e.style.textOverflow = 'clip';
        return [e.scrollWidth <= shown.width + 1, e.scrollHeight <= shown.height + 1]; }""")
    assert fits == [True, True]
    assert page.eval_on_selector("h1", "h => getComputedStyle(h).color") == "rgb(11, 12, 12)"


# --- axe on the new page kinds, at both widths --------------------------------------------------
@pytest.mark.parametrize("path", ["reviews/", "reviews/child-g-2026/", "briefings/safer-sleep/",
                                  "feeds/", "themes/neglect/", "guide/", "no/such/page/",
                                  "search/?q=sleep", "dashboard/", "audits/",
                                  "audits/section-11-audit-2025/"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_new_page_kinds_pass_axe(open_page, example, path, viewport) -> None:
    page = open_page(example.url + path, viewport)
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate("""async () => {
        const result = await axe.run(document, {runOnly: {type: 'tag', values:
            ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}});
        return result.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' '));
    }""")
    assert violations == [], violations


def test_no_page_load_fetches_the_sitemap(browser, example) -> None:
    """Material fetches sitemap.xml beside every rel=alternate link; the feed link must not
    make every visit download it."""
    context = browser.new_context()
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    for path in ("", "reviews/", "themes/neglect/", "briefings/safer-sleep/"):
        page.goto(example.url + path, wait_until="networkidle")
    context.close()
    assert len(requested) > 10
    assert not [url for url in requested if url.endswith("sitemap.xml")]
