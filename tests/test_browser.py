"""The built site in a real headless Chromium: search, sub-path hosting, exit, privacy, axe."""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from browser import serve
from conftest import (
    AS_OF,
    CONFIG,
    ROOT,
    briefing,
    main,
    new_site,
    site_files,
    with_plugin_option,
)
from sites import populate

AXE = Path(__import__("axe_playwright_python").__file__).with_name("axe.min.js")


@pytest.fixture(scope="session")
def example_url(tmp_path_factory, example_build):
    """The example site, built once and served at /learning/."""
    with serve(example_build, tmp_path_factory.mktemp("example")) as url:
        yield url


@pytest.fixture(scope="session")
def fixture_url(tmp_path_factory):
    """The small fixture site with draft and embargoed items, built and served."""
    scratch = tmp_path_factory.mktemp("fixture")
    site = new_site(scratch / "project")
    populate(site)
    assert site.build().exit_code == 0
    with serve(site.root / "site", scratch) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def open_search(page, base: str, query: str = "") -> None:
    page.goto(f"{base}search/{query}")
    page.wait_for_selector("form[data-sl-ready]")
    expect_settled(page)


def expect_settled(page) -> None:
    page.wait_for_function(
        "() => { const s = document.getElementById('sl-search-status').textContent;"
        " return s && !s.startsWith('Searching'); }")


def result_links(page) -> list[str]:
    return page.eval_on_selector_all(".sl-search__result a", "els => els.map(e => e.href)")


def result_titles(page) -> list[str]:
    return page.eval_on_selector_all(".sl-search__result a", "els => els.map(e => e.textContent)")


def test_query_finds_the_expected_briefing(page, example_url) -> None:
    open_search(page, example_url, "?q=bruising")
    assert "Bruising and injuries in non-mobile babies" in result_titles(page)
    first = result_links(page)[0]
    assert first.startswith(example_url), first  # result links work under the sub-path
    page.goto(first)
    assert page.title()


@pytest.mark.parametrize("name, value, prefix", [
    ("type", "review", "reviews/"),
    ("type", "guidance", "guidance/"),
])
def test_type_filter_narrows_results(page, example_url, name, value, prefix) -> None:
    open_search(page, example_url, "?q=children")
    everything = result_count(page)
    page.select_option(f"select[name={name}]", value)
    expect_settled(page)
    assert 0 < result_count(page) < everything
    show_all(page)
    assert all(link.startswith(example_url + prefix) for link in result_links(page))


def result_count(page) -> int:
    status = page.inner_text("#sl-search-status")
    match = re.match(r"(\d+) results?", status)
    return int(match[1]) if match else 0


def show_all(page) -> None:
    while page.is_visible("#sl-search-more"):
        page.click("#sl-search-more")
        page.wait_for_timeout(100)


@pytest.mark.parametrize("name, value", [("theme", "neglect"), ("year", "2022"),
                                         ("audience", "volunteers")])
def test_each_filter_narrows_results(page, example_url, name, value) -> None:
    """Theme, year and audience each narrow the results to matching items only."""
    open_search(page, example_url, "?q=children")
    everything = result_count(page)
    page.select_option(f"select[name={name}]", value)
    expect_settled(page)
    narrowed = result_count(page)
    assert 0 < narrowed < everything
    show_all(page)
    for link in result_links(page):
        assert has_facet(page.request.get(link).text(), name, value), link


def has_facet(html: str, name: str, value: str) -> bool:
    """Whether an item page's metadata panel shows this theme, year or audience."""
    panel = html[html.index('<dl class="sl-meta"'):html.index("</dl>")]
    if name == "theme":
        return f'themes/{value}/"' in panel
    if name == "year":
        return re.search(rf"<dt>Published</dt><dd>[^<]*{value}</dd>", panel) is not None
    return f"<li>{value.capitalize()}</li>" in panel


def test_filters_alone_list_items_newest_first(page, example_url) -> None:
    open_search(page, example_url, "?type=review")
    titles = result_titles(page)
    assert len(titles) >= 6
    dates = page.eval_on_selector_all(".sl-search__meta", "els => els.map(e => e.textContent)")
    years = [int(re.search(r"(\d{4})$", d.strip())[1]) for d in dates]
    assert years == sorted(years, reverse=True)


def test_shared_address_restores_query_and_filters(page, example_url) -> None:
    open_search(page, example_url, "?q=neglect&type=review&theme=neglect&year=2017")
    assert page.input_value("input[name=q]") == "neglect"
    assert page.input_value("select[name=type]") == "review"
    assert page.input_value("select[name=theme]") == "neglect"
    assert page.input_value("select[name=year]") == "2017"
    links = result_links(page)
    assert links and all("/reviews/" in link for link in links)


def test_changing_a_filter_updates_the_address(page, example_url) -> None:
    open_search(page, example_url, "?q=sleep")
    page.select_option("select[name=type]", "briefing")
    expect_settled(page)
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"q": ["sleep"], "type": ["briefing"]}
    page.go_back()
    expect_settled(page)
    assert page.input_value("select[name=type]") == ""


def test_filters_show_counts_once_the_reader_reaches_them(page, example_url) -> None:
    """Counts per value appear when the filters get focus (their indexes load then)."""
    filter_requests = []
    page.on("request", lambda r: filter_requests.append(r.url) if "/filter/" in r.url else None)
    open_search(page, example_url, "?q=children")
    assert filter_requests == []
    page.focus("select[name=type]")
    page.wait_for_function(
        "() => /\\(\\d+\\)$/.test(document.querySelector('option[value=review]').textContent)")
    label = page.eval_on_selector("select[name=type] option[value=review]", "o => o.textContent")
    count = int(re.fullmatch(r"Case review \((\d+)\)", label)[1])
    assert count > 0
    page.select_option("select[name=type]", "review")
    expect_settled(page)
    assert result_count(page) == count


def test_no_results_says_so(page, example_url) -> None:
    open_search(page, example_url, "?q=xylophonequartz")
    assert page.inner_text("#sl-search-status").startswith("No results for")
    assert result_links(page) == []


def test_search_is_keyboard_usable_from_any_page(page, example_url) -> None:
    """The search bar on every page leads to /search/ with the query."""
    page.goto(example_url + "audit/")
    page.focus("#sl-searchbar-q")
    page.keyboard.type("safer sleep")
    page.keyboard.press("Enter")
    page.wait_for_selector("form[data-sl-ready]")
    expect_settled(page)
    assert "Safer sleep" in " ".join(result_titles(page))


def test_embargoed_and_draft_words_find_nothing(page, fixture_url) -> None:
    for word in ("quokkaembargoword", "zebradraftword"):
        open_search(page, fixture_url, f"?q={word}")
        assert page.inner_text("#sl-search-status").startswith("No results"), word
    open_search(page, fixture_url, "?q=agencies")
    assert "Child A" in result_titles(page)


def test_only_main_content_is_indexed(page, example_url) -> None:
    """Navigation and footer words are not indexed: 'Feed of briefings' matches nothing."""
    open_search(page, example_url, "?q=" + "Feed%20of%20briefings%20and%20reviews")
    assert all("feed" not in t.lower() for t in result_titles(page))


@pytest.mark.parametrize("blocked", ["", "pagefind/pagefind.js", "safeguarding/search.js"])
def test_search_results_come_before_materials_script(page, example_url, blocked) -> None:
    """On a slow phone the results are what a reader came for: Material's 114 KB script
    is asked for once they are shown, or search has failed, or (search.js not loaded)
    5 s after the page; and is then loaded and run."""
    requests = []
    page.on("request", lambda request: requests.append(urlsplit(request.url).path))
    if blocked:
        page.route(f"**/{blocked}", lambda route: route.abort())
    page.goto(f"{example_url}search/?q=sleep")
    page.wait_for_function("() => window.document$ !== undefined")  # Material's script ran
    bundle = next(i for i, path in enumerate(requests) if "/javascripts/bundle." in path)
    shown = [i for i, path in enumerate(requests) if path.endswith(".pf_fragment")]
    if blocked == "pagefind/pagefind.js":
        assert "not available" in page.text_content("#sl-search-status")
    elif not blocked:
        assert page.locator(".sl-search__result").count() > 0
        assert shown and max(shown) < bundle, requests


def test_the_site_loads_nothing_from_other_hosts(page, example_url) -> None:
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname))
    for path in ("", "briefings/safer-sleep/", "reviews/", "search/?q=neglect"):
        page.goto(example_url + path)
        page.wait_for_load_state("networkidle")
    assert hosts == {"127.0.0.1"}


def test_exit_this_page_button_and_triple_shift(page, example_url) -> None:
    page.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(body="<title>Weather</title>",
                                                                       content_type="text/html"))
    page.goto(example_url + "reviews/child-a-2015/")
    page.click("text=Exit this page")
    page.wait_for_url("https://www.bbc.co.uk/weather")
    page.goto(example_url + "briefings/")
    page.locator("body").click()
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url("https://www.bbc.co.uk/weather")
    # From the keyboard: it is announced as a button, so Space works as Enter does
    for key in ("Enter", " "):
        page.goto(example_url + "themes/")
        page.focus(".sl-exit-this-page__button")
        page.keyboard.press(key)
        page.wait_for_url("https://www.bbc.co.uk/weather")


PAGES_FOR_AXE = ["", "briefings/", "briefings/safer-sleep/", "reviews/", "reviews/child-a-2015/",
                 "guidance/working-together-2015/", "themes/", "themes/neglect/",
                 "search/?q=neglect&type=review", "accessibility/"]


@pytest.mark.parametrize("path", PAGES_FOR_AXE)
def test_pages_pass_axe_wcag_22_aa(page, example_url, path) -> None:
    page.goto(example_url + path)
    if path.startswith("search/"):
        page.wait_for_selector("form[data-sl-ready]")
        expect_settled(page)
    page.evaluate(AXE.read_text(encoding="utf-8"))  # run by Playwright, outside the CSP
    violations = page.evaluate("""async () => {
        const result = await axe.run(document, {runOnly: {type: 'tag', values:
            ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
        return result.violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
    }""")
    assert violations == []


def test_a_table_wider_than_a_phone_can_be_scrolled_from_the_keyboard(
        browser, tmp_path) -> None:
    """axe's scrollable-region-focusable: a wide table's scroller must take focus."""
    site = new_site(tmp_path / "project")
    site.write("mkdocs.yml", CONFIG + "markdown_extensions:\n  - tables\n")
    site.write("briefings/contacts.md", briefing("Contacts", body=(
        "| Agency | How to contact | When | Who escalates |\n|---|---|---|---|\n"
        + "| Children's social care | The front door, every day | At once | Team manager |\n"
        * 3)))
    assert site.build().exit_code == 0
    with serve(site.root / "site", tmp_path) as url:
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(url + "briefings/contacts/")
        page.wait_for_selector(".md-typeset__scrollwrap[tabindex='0'][role='region']")
        page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = page.evaluate("""async () => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values:
                ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
            return result.violations.map(v => v.id);
        }""")
        assert violations == []
        page.set_viewport_size({"width": 1280, "height": 900})  # room for it: no tab stop
        page.wait_for_selector(".md-typeset__scrollwrap:not([tabindex])")
        context.close()


def test_a_dashboard_table_takes_focus_only_when_it_scrolls(browser, example_url) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(example_url + "dashboard/")
    stops = """() => Array.from(document.querySelectorAll('.sl-table-wrapper')).map(w =>
        [w.scrollWidth > w.clientWidth + 1, w.getAttribute('tabindex') === '0'])"""
    page.wait_for_function(f"() => ({stops})().every(([scrolls, stop]) => scrolls === stop)")
    assert any(not scrolls for scrolls, _ in page.evaluate(stops))
    context.close()


def test_the_navigation_drawer_works_from_the_keyboard_and_hides_while_closed(
        browser, example_url) -> None:
    """Below 1220 px the navigation is a drawer off screen: its links took 24 tab stops
    that showed nothing, and its menu button could not be reached or pressed."""
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    page.goto(example_url + "reviews/")  # its drawer has sub-panels
    page.wait_for_selector("button.sl-menu-button")
    reached_menu = False
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => { const e = document.activeElement;
            const r = e.getBoundingClientRect();
            return {inDrawer: !!e.closest('.md-sidebar--primary'), left: r.left, right: r.right,
                    menu: e.matches('button.sl-menu-button')}; }""")
        assert not focused["inDrawer"] and focused["right"] > 0, focused
        if focused["menu"]:
            reached_menu = True
            break
    assert reached_menu
    menu = page.locator("button.sl-menu-button")
    assert menu.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    assert page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')")
    page.wait_for_timeout(500)  # the drawer slides in
    for _ in range(8):  # the open drawer's links, not those of its closed sub-panels
        in_closed_panel = page.evaluate("""() => {
            const panel = document.activeElement.closest(
                '.md-sidebar--primary nav[data-md-level="1"]');
            if (!panel) return false;
            const toggle = panel.parentElement.querySelector(':scope > .md-nav__toggle');
            return !!toggle && !toggle.checked; }""")
        assert not in_closed_panel
        page.keyboard.press("Tab")
    for _ in range(12):  # past its last link, focus leaves it: it closes
        if not page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')"):
            break
        page.keyboard.press("Tab")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not page.evaluate("document.getElementById('__drawer').checked")
    menu.focus()
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.matches('button.sl-menu-button')")
    context.close()


def test_reflow_at_320_css_pixels(browser, example_url) -> None:
    """WCAG 1.4.10: no horizontal scrolling at 320 px wide (the reviews table scrolls alone)."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in ("", "briefings/safer-sleep/", "reviews/", "search/?q=neglect"):
        page.goto(example_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, (path, width)
    context.close()


# --- a search index in parts ----------------------------------------------------------
PAGES_PER_PART = 7  # the example's 58 pages in 9 parts


@pytest.fixture(scope="session")
def parted_url(tmp_path_factory):
    """The example site built with its search index in parts of PAGES_PER_PART pages, as a
    large site's is (one Pagefind run holding every page took 5 GiB at 20,000 pages)."""
    scratch = tmp_path_factory.mktemp("parted")
    project = scratch / "project"
    for name in ("content", "briefings", "reviews", "audits", "dashboard"):
        shutil.copytree(ROOT / name, project / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        with_plugin_option(config, f"search_pages_per_part: {PAGES_PER_PART}"),
        encoding="utf-8")
    out = scratch / "site"
    assert main(["build", "--as-of", AS_OF, "-d", str(out),
                 "-f", str(project / "mkdocs.yml")]) == 0
    with serve(out, scratch) as url:
        yield url, project, out


def all_results(page, base: str, query: str) -> tuple[str, set[str]]:
    """The status line and every result's address (relative to the site) of a search."""
    open_search(page, base, query)
    show_all(page)
    return (page.inner_text("#sl-search-status"),
            {link.removeprefix(base) for link in result_links(page)})


def filter_labels(page) -> list[str]:
    page.focus("select[name=type]")
    page.wait_for_function(
        "() => /\\(\\d+\\)$/.test(document.querySelector('option[value=review]').textContent)")
    return page.eval_on_selector_all("select option", "els => els.map(e => e.textContent)")


def test_a_search_index_in_parts_finds_what_one_index_finds(page, example_url,
                                                           parted_url) -> None:
    """The parts are merged in the browser: the same results, counts and order by date
    as the example site's single index, from every part, with no error on the way."""
    url, _, out = parted_url
    parts = json.loads((out / "pagefind" / "parts.json").read_text(encoding="utf-8"))
    assert len(parts) == 8, parts
    # a merged part is searched by the first bundle's code: it carries none of its own
    assert not list((out / "pagefind" / parts[0]).glob("*.js"))
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text)
            if message.type in ("error", "warning") else None)
    page.on("requestfailed", lambda request: problems.append(request.url))
    fetched_parts: set[str] = set()
    page.on("request", lambda request: fetched_parts.update(
        part for part in parts if f"/pagefind/{part}" in request.url))
    for query in ("?q=children", "?q=neglect&type=review", "?q=sleep", "?theme=neglect"):
        assert all_results(page, url, query) == all_results(page, example_url, query), query
    assert fetched_parts == set(parts)  # every part answered
    open_search(page, url, "?q=children")
    parted_counts = filter_labels(page)
    open_search(page, example_url, "?q=children")
    assert parted_counts == filter_labels(page)
    for kind in ("review", "briefing"):
        open_search(page, url, f"?type={kind}")
        show_all(page)
        dates = page.eval_on_selector_all(".sl-search__meta",
                                          "els => els.map(e => e.textContent)")
        days = [datetime.strptime(d.split("\u00b7")[-1].strip(), "%d %B %Y") for d in dates]
        assert len(days) >= 6 and days == sorted(days, reverse=True), kind
    assert problems == []


def test_a_search_index_in_parts_is_the_same_from_one_build_to_the_next(parted_url,
                                                                       tmp_path) -> None:
    _, project, out = parted_url
    again = tmp_path / "site"
    assert main(["build", "--as-of", AS_OF, "-d", str(again),
                 "-f", str(project / "mkdocs.yml")]) == 0
    first, second = site_files(out / "pagefind"), site_files(again / "pagefind")
    assert len([name for name in first if name.endswith(".pf_meta")]) == 9
    assert first == second
