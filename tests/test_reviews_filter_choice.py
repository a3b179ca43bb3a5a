"""/reviews/ opened from a shared address whose choice matches no review, or is no choice at
all, in a real Chromium: the page says so rather than showing every review as a match."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from browser import serve
from conftest import new_site, review, visible_cards
from safeguarding_learning.core.settings import DEFAULT_REVIEW_TYPES


@pytest.fixture(scope="module")
def example(tmp_path_factory, example_build):
    """The example site: 8 reviews, none of them a domestic homicide review, none in 2021."""
    with serve(example_build, tmp_path_factory.mktemp("reviews-choice")) as url:
        yield SimpleNamespace(dir=example_build, url=url)


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A site of two reviews, both on neglect: the site's other themes have none."""
    scratch = tmp_path_factory.mktemp("reviews-choice-small")
    site = new_site(scratch / "project")
    site.write("reviews/child-a.md", review("Child A", "2023-05-01"))
    site.write("reviews/child-b.md", review("Child B", "2024-02-01"))
    assert site.build().exit_code == 0
    with serve(site.root / "site", scratch) as url:
        yield SimpleNamespace(url=url)


def status(page) -> str:
    return page.inner_text("[data-sl-review-status]").strip()


def options(page, select: str) -> list[str]:
    return page.eval_on_selector_all(f"{select} option", "els => els.map(e => e.value)")


# --- a choice with no reviews -------------------------------------------------------------------
def test_a_type_with_no_reviews_shows_none_and_keeps_its_choice(open_page, example) -> None:
    page = open_page(example.url + "reviews/?type=dhr")
    total = page.locator(".sl-card").count()
    assert total == 8
    assert visible_cards(page) == []
    assert page.input_value("#sl-reviews-type") == "dhr"
    assert status(page) == "No reviews match your choice, of 8."
    assert page.locator("[data-sl-year]:not([hidden])").count() == 0
    assert page.evaluate("location.search") == "?type=dhr"


def test_every_type_the_site_knows_is_a_choice(open_page, example) -> None:
    page = open_page(example.url + "reviews/", java_script_enabled=False)
    assert options(page, "#sl-reviews-type") == ["", *DEFAULT_REVIEW_TYPES]


def test_a_year_with_no_reviews_shows_none_and_keeps_its_choice(open_page, example) -> None:
    page = open_page(example.url + "reviews/?year=2021")
    assert visible_cards(page) == []
    assert page.input_value("#sl-reviews-year") == "2021"
    assert status(page) == "No reviews match your choice, of 8."
    years = options(page, "#sl-reviews-year")[1:]
    assert "2021" in years and years == sorted(years, reverse=True)  # in its place


def test_a_theme_with_no_reviews_shows_none_and_keeps_its_choice(open_page, small) -> None:
    page = open_page(small.url + "reviews/?theme=domestic-abuse")
    assert visible_cards(page) == []
    assert page.input_value("#sl-reviews-theme") == "domestic-abuse"
    assert status(page) == "No reviews match your choice, of 2."
    page = open_page(small.url + "reviews/?theme=neglect")
    assert sorted(visible_cards(page)) == ["Child A", "Child B"]


def test_an_empty_choice_combined_with_another_still_matches_none(open_page, example) -> None:
    page = open_page(example.url + "reviews/?type=lcspr&year=2021")
    assert visible_cards(page) == []
    assert page.input_value("#sl-reviews-type") == "lcspr"
    assert page.input_value("#sl-reviews-year") == "2021"
    assert status(page) == "No reviews match your choice, of 8."


# --- a value that is no choice ------------------------------------------------------------------
@pytest.mark.parametrize(("query", "asked"), [
    ("type=zzz", "type of review \u201czzz\u201d"),
    ("year=last", "year published \u201clast\u201d"),
    ("theme=Neglect", "theme \u201cNeglect\u201d"),
])
def test_a_value_that_is_no_choice_is_ignored_and_the_status_says_so(
        open_page, example, query: str, asked: str) -> None:
    page = open_page(example.url + f"reviews/?{query}")
    assert len(visible_cards(page)) == 8
    name = query.split("=")[0]
    assert page.input_value(f"#sl-reviews-{name}") == ""
    assert status(page) == (f"The address asks for {asked}, which is not one of the choices, "
                            "so it is ignored. All 8 reviews show.")


def test_an_ignored_value_leaves_the_rest_of_the_choice_applied(open_page, example) -> None:
    page = open_page(example.url + "reviews/?type=zzz&year=2017")
    assert visible_cards(page) == ["Serious case review: Family B"]
    assert status(page) == ("The address asks for type of review \u201czzz\u201d, which is not "
                            "one of the choices, so it is ignored. 1 review matches your "
                            "choice, of 8.")
    page.select_option("#sl-reviews-theme", "neglect")  # the address now says what shows
    assert page.evaluate("location.search") == "?theme=neglect&year=2017"
    assert status(page) == "1 review matches your choice, of 8."


# --- choosing again, Back, and no script ----------------------------------------------------
def test_choosing_after_an_empty_choice_updates_the_page_and_the_address(open_page,
                                                                        example) -> None:
    page = open_page(example.url + "reviews/?type=dhr")
    page.select_option("#sl-reviews-type", "lcspr")
    assert page.evaluate("location.search") == "?type=lcspr"
    assert len(visible_cards(page)) == 2
    assert status(page) == "2 reviews match your choice, of 8."
    page.select_option("#sl-reviews-type", "")
    assert page.evaluate("location.search") == ""
    assert len(visible_cards(page)) == 8 and status(page) == ""


def test_back_returns_to_the_page_before_as_it_did(open_page, example) -> None:
    """Choosing replaces the address rather than adding to the history."""
    page = open_page(example.url + "reviews/")
    page.goto(example.url + "reviews/?year=2021", wait_until="load")
    page.select_option("#sl-reviews-year", "2017")
    assert page.evaluate("location.search") == "?year=2017"
    page.go_back(wait_until="load")
    assert page.evaluate("location.search") == ""
    assert len(visible_cards(page)) == 8 and status(page) == ""


@pytest.mark.parametrize("query", ["type=dhr", "year=2021", "type=zzz"])
def test_without_scripts_every_review_shows_whatever_the_address(open_page, example,
                                                                 query: str) -> None:
    page = open_page(example.url + f"reviews/?{query}", java_script_enabled=False)
    assert len(visible_cards(page)) == page.locator(".sl-card").count() == 8
