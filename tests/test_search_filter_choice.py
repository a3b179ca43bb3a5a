"""/search/ opened from a shared address whose filter matches no page, or is no choice at all,
in a real Chromium: the search keeps that filter and says nothing matches, or ignores it and
says so, rather than searching unfiltered as if the results matched."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from browser import serve
from conftest import briefing, new_site
from sites import SECRET_WORDS, populate

#: The example site's public pages are from 2004, 2012 and 2015 to 2026: none from 2013.
EMPTY_YEAR = "2013"


@pytest.fixture(scope="module")
def example(tmp_path_factory, example_build):
    with serve(example_build, tmp_path_factory.mktemp("search-choice")) as url:
        yield SimpleNamespace(url=url)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """The fixture site (no audits, no review record) with a draft and an embargoed item whose
    year, theme and audience no public page has."""
    scratch = tmp_path_factory.mktemp("search-choice-small")
    site = new_site(scratch / "project")
    populate(site)
    site.write("briefings/draft-2020.md", briefing(
        "Draft zebradraftword", "2020-06-01", extra="status: draft\naudience: [volunteers]\n",
        body="zebradraftword about neglect.\n"))
    site.write("briefings/embargoed-2028.md", briefing(
        "Embargoed quokkaembargoword", "2028-01-10", extra="audience: [volunteers]\n",
        body="quokkaembargoword about neglect.\n").replace("themes: [neglect]",
                                                           "themes: [sexual-abuse]"))
    assert site.build().exit_code == 0
    with serve(site.root / "site", scratch) as url:
        yield SimpleNamespace(url=url)


@pytest.fixture
def open_search(open_page):
    """Open a page; with scripts on, once the search has settled."""
    def opener(url: str, **options):
        page = open_page(url, **options)
        if options.get("java_script_enabled", True):
            page.wait_for_selector("form[data-sl-settled]")
            settled(page)
        return page

    return opener


def settled(page) -> None:
    page.wait_for_function(
        "() => { const s = document.getElementById('sl-search-status').textContent;"
        " return s && !s.startsWith('Searching'); }")


def choose(page, name: str, value: str) -> None:
    page.select_option(f"select[name={name}]", value)
    settled(page)


def status(page) -> str:
    return page.inner_text("#sl-search-status").strip()


def titles(page) -> list[str]:
    return page.eval_on_selector_all(".sl-search__result h2 a",
                                     "els => els.map(e => e.textContent)")


def options(page, name: str) -> list[str]:
    return page.eval_on_selector_all(f"select[name={name}] option",
                                     "els => els.map(e => e.value)")


def count_found(text: str, query: str) -> int:
    found = re.search(rf"(\d+) results? for \u201c{query}\u201d\.$", text)
    assert found, text
    return int(found[1])


# --- a choice with no results -------------------------------------------------------------------
def test_a_year_with_no_pages_keeps_its_choice_and_shows_no_results(open_search, example) -> None:
    page = open_search(example.url + f"search/?q=neglect&year={EMPTY_YEAR}")
    assert titles(page) == []
    assert page.input_value("select[name=year]") == EMPTY_YEAR
    assert page.input_value("input[name=q]") == "neglect"
    assert status(page) == (f"No results for \u201cneglect\u201d match your choice of filters: "
                            f"{EMPTY_YEAR}. Choose other filters, or clear them.")
    years = options(page, "year")[1:]
    assert EMPTY_YEAR in years and years == sorted(years, reverse=True)  # in its place
    assert page.evaluate("location.search") == f"?q=neglect&year={EMPTY_YEAR}"


def test_a_year_with_no_pages_and_no_query_shows_no_results(open_search, example) -> None:
    page = open_search(example.url + "search/?year=1999")
    assert titles(page) == []
    assert page.input_value("select[name=year]") == "1999"
    assert options(page, "year")[-1] == "1999"
    assert status(page) == ("No results match your choice of filters: 1999. "
                            "Choose other filters, or clear them.")


def test_an_empty_choice_combined_with_others_still_matches_none(open_search, example) -> None:
    page = open_search(example.url + f"search/?q=neglect&type=review&theme=neglect&year={EMPTY_YEAR}")
    assert titles(page) == []
    assert [page.input_value(f"select[name={name}]") for name in ("type", "theme", "year")] == [
        "review", "neglect", EMPTY_YEAR]
    assert status(page) == ("No results for \u201cneglect\u201d match your choice of filters: "
                            f"Case review, Neglect, {EMPTY_YEAR}. Choose other filters, or "
                            "clear them.")


@pytest.mark.parametrize(("query", "name", "value", "label"), [
    ("type=audit", "type", "audit", "Audit"),
    ("type=review&theme=domestic-abuse", "theme", "domestic-abuse", "Case review, Domestic abuse"),
    ("child_age=unborn", "child_age", "unborn", "Unborn"),
])
def test_a_known_choice_the_site_has_no_pages_for_keeps_it(open_search, small, query: str,
                                                           name: str, value: str,
                                                           label: str) -> None:
    page = open_search(small.url + f"search/?{query}")
    assert titles(page) == []
    assert page.input_value(f"select[name={name}]") == value
    assert status(page) == (f"No results match your choice of filters: {label}. "
                            "Choose other filters, or clear them.")
    assert page.evaluate("location.search") == f"?{query}"


def test_the_added_year_counts_none_once_counts_show(open_search, example) -> None:
    page = open_search(example.url + f"search/?q=neglect&year={EMPTY_YEAR}")
    page.wait_for_function(
        f"() => /\\(\\d+\\)$/.test(document.querySelector('option[value=\"{EMPTY_YEAR}\"]')"
        ".textContent)")
    label = page.eval_on_selector(f"option[value='{EMPTY_YEAR}']", "o => o.textContent")
    assert label == f"{EMPTY_YEAR} (0)"


# --- what only drafts and embargoed items have ---------------------------------------------------
def test_filters_list_no_value_only_unpublished_items_have(open_search, small) -> None:
    page = open_search(small.url + "search/", java_script_enabled=False)
    assert options(page, "year") == ["", "2024", "2023", "2019", "2015"]


@pytest.mark.parametrize("query", ["year=2028", "year=2020", "theme=sexual-abuse",
                                   "audience=volunteers", "q=agencies&year=2028"])
def test_a_choice_only_unpublished_items_have_finds_nothing(open_search, small, query: str) -> None:
    page = open_search(small.url + f"search/?{query}")
    assert titles(page) == []
    assert "match your choice of filters" in status(page)
    text = page.inner_text("body")
    assert not any(word in text for word in SECRET_WORDS + ("zebradraftword",))


# --- a value that is no choice ------------------------------------------------------------------
@pytest.mark.parametrize(("query", "asked"), [
    ("type=zzz", "type \u201czzz\u201d"),
    ("year=last", "year \u201clast\u201d"),
    ("theme=Neglect", "theme \u201cNeglect\u201d"),
    ("audience=" + "x" * 50, "audience \u201c" + "x" * 39 + "\u2026\u201d"),
])
def test_a_value_that_is_no_choice_is_ignored_and_the_status_says_so(
        open_search, example, query: str, asked: str) -> None:
    unfiltered = open_search(example.url + "search/?q=neglect")
    found = count_found(status(unfiltered), "neglect")
    page = open_search(example.url + f"search/?q=neglect&{query}")
    name = query.split("=")[0]
    assert page.input_value(f"select[name={name}]") == ""
    assert status(page) == (f"The address asks for {asked}, which is not one of the choices, "
                            f"so it is ignored. {found} results for \u201cneglect\u201d.")
    assert titles(page) == titles(unfiltered)


def test_values_that_are_no_choice_without_a_query_are_said_to_be_ignored(open_search,
                                                                          example) -> None:
    page = open_search(example.url + "search/?type=zzz&year=last")
    assert titles(page) == []
    assert status(page) == ("The address asks for type \u201czzz\u201d and year \u201clast\u201d, "
                            "which are not among the choices, so they are ignored. "
                            "Type words to search for, or choose a filter.")


def test_an_ignored_value_leaves_the_rest_of_the_choice_applied(open_search, example) -> None:
    page = open_search(example.url + "search/?q=neglect&type=zzz&year=2017")
    assert page.input_value("select[name=year]") == "2017"
    assert status(page).startswith("The address asks for type \u201czzz\u201d, which is not one "
                                   "of the choices, so it is ignored. 1 result for "
                                   "\u201cneglect\u201d (filtered by 2017).")
    assert len(titles(page)) == 1


# --- choosing again and Back --------------------------------------------------------------------
def test_choosing_after_an_empty_choice_updates_the_address_and_back_restores_it(
        open_search, example) -> None:
    page = open_search(example.url + f"search/?q=neglect&year={EMPTY_YEAR}")
    choose(page, "year", "2017")
    assert page.evaluate("location.search") == "?q=neglect&year=2017"
    assert len(titles(page)) == 1
    page.go_back()
    settled(page)
    assert page.evaluate("location.search") == f"?q=neglect&year={EMPTY_YEAR}"
    assert page.input_value("select[name=year]") == EMPTY_YEAR
    assert titles(page) == []
    assert "match your choice of filters" in status(page)


def test_choosing_after_an_ignored_value_drops_it_and_back_restores_it(open_search,
                                                                      example) -> None:
    page = open_search(example.url + "search/?q=neglect&type=zzz")
    choose(page, "type", "review")
    assert page.evaluate("location.search") == "?q=neglect&type=review"
    assert not status(page).startswith("The address asks")
    assert titles(page) and page.input_value("select[name=type]") == "review"
    page.go_back()
    settled(page)
    assert page.evaluate("location.search") == "?q=neglect&type=zzz"
    assert page.input_value("select[name=type]") == ""
    assert status(page).startswith("The address asks for type \u201czzz\u201d")
