"""Personal-data patterns: found wherever they sit in a long text, and nothing else."""

from __future__ import annotations

import pytest
from conftest import ROOT  # noqa: F401  (puts the package on the path)
from safeguarding_learning.core.personal_data import find_personal_data, normalise_allowlist

FILLER = "The review found that agencies worked in isolation and missed the pattern. " * 12


@pytest.mark.parametrize(
    "text, kind",
    [
        (FILLER + "Her NHS number is 943 476 5919 on the letter. " + FILLER, "an NHS number"),
        (FILLER + "date of birth: 14th March 2019" + FILLER, "a date of birth"),
        (FILLER + "DOB 14/03/2019", "a date of birth"),
        ("07700 900123" + FILLER, "a phone number"),
        (FILLER + "(0113) 496 0999", "a phone number"),
        (FILLER + "Postcode was SW1A 1AA.", "a full postcode"),
        (FILLER + "NI: AB123456C", "a National Insurance number"),
        (FILLER + "Write to a.person@example.com please.", "an email address"),
    ],
)
def test_found_anywhere_in_a_long_text(text: str, kind: str) -> None:
    findings = list(find_personal_data(text, set()))
    assert [f.kind for f in findings] == [kind]
    assert text[findings[0].offset:].startswith(findings[0].text)


@pytest.mark.parametrize(
    "text",
    [
        "In 2019 the partnership published 12 reviews and 1,204 referrals were made.",
        "Chapter 4, section 11 and paragraph 3.2 of the 2018 guidance.",
        "A baby of 4 months was seen on 3 occasions between 2020 and 2021.",
        "Published 2024-01-10, updated 2025-02-01.",
        "Reference number 1234567890 is not a valid NHS number.",
    ],
)
def test_ordinary_numbers_are_not_personal_data(text: str) -> None:
    assert list(find_personal_data(text, set())) == []


def test_allowlist_matches_emails_by_case_and_phones_by_digits() -> None:
    allow = normalise_allowlist(["Safeguarding@Example.gov.uk", "0113 496 0000"])
    text = "Email safeguarding@example.gov.uk or call +44 113 496 0000 or (0113) 4960000."
    assert list(find_personal_data(text, allow)) == []


@pytest.mark.parametrize("text, kinds", [
    ("Line one.\nContact mary&#46;jones&#64;gmail&#46;com today.\n", ["an email address"]),
    ("Line one.\nRing 07700&#32;900&#32;555 or &#48;7700 900123.\n",
     ["a phone number", "a phone number"]),
    ("Line one.\nNHS number 943&nbsp;476&nbsp;5919.\n", ["an NHS number"]),
])
def test_found_where_character_references_spell_it(text: str, kinds: list[str]) -> None:
    """A page shows `&#64;` as @: the data is found, at the start of its line."""
    findings = list(find_personal_data(text, set()))
    assert sorted(f.kind for f in findings) == sorted(kinds)
    assert all(f.offset == len("Line one.\n") for f in findings)


def test_data_found_as_written_is_not_reported_again_for_its_references() -> None:
    text = "Email a.person@example.com &amp; more.\n"
    assert [f.kind for f in find_personal_data(text, set())] == ["an email address"]
