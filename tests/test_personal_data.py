"""Personal-data patterns: found wherever they sit in a long text, and nothing else."""

from __future__ import annotations

import pytest
from conftest import Site, review
from safeguarding_learning.core.personal_data import (
    find_personal_data,
    normalise_allowlist,
    personal_data_errors,
)

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
        "Nor are 943/476/5918, 943 4765 918, 123/456/7890 or 1234 567 890 (no check digit).",
        "In 2019/2020 1234 referrals; 2019 2020 and 2021; pages 123-456.",
        "Of 44 120 350 200 children; from 01/02/2019 to 07/12/2019; in 44 cases.",
        "A drawing: M10 20 44 15 35 71 37 47 and 44.751.751 0 0 1-1 and 44 15.35 7 13.74 7.",
        # a built listing: a link's address, then its date's on the next line
        "briefings/briefing-0299/\n2024-01-10 and /reviews/0299/2024-01-10/ and 0299/ 2024.",
        "After covid19 the a11y, b2b, mp3 and h264 work went on; ls1 alone is an area.",
        "The i18n and l10n of k8s, utf8 on x86, ipv4, sha256, md5, w3c, e2e, 4k and 3d.",
        "The chart's colours are #D4E5FA and #d4e5fa; the room was on the b12nd floor.",
        "Checksums such as WV6D2yT, Sw1a1aA and L58ef are in mixed case.",
        "Characters are written \\u03ba or \\u05da, and z91du or r93zg are no postcodes.",
        "Write to jo at example dot com; meet at the school dot com; we met (at) school.",
        "Sarah (at) home. The meeting [at] ten. A (dot) on the chart.",
    ],
)
def test_ordinary_numbers_are_not_personal_data(text: str) -> None:
    assert list(find_personal_data(text, set())) == []


def test_allowlist_matches_emails_by_case_and_phones_by_digits() -> None:
    allow = normalise_allowlist(["Safeguarding@Example.gov.uk", "0113 496 0000"])
    text = ("Email safeguarding@example.gov.uk or call +44 113 496 0000 or (0113) 4960000 "
            "or 44 113 496 0000 or 0113/496 0000 or safeguarding (at) example (dot) gov (dot) uk.")
    assert list(find_personal_data(text, allow)) == []


@pytest.mark.parametrize("text, kinds", [
    ("Line one.\nContact mary&#46;jones&#64;gmail&#46;com today.\n", ["an email address"]),
    ("Line one.\nRing 07700&#32;900&#32;555 or &#48;7700 900123.\n",
     ["a phone number", "a phone number"]),
    ("Line one.\nNHS number 943&nbsp;476&nbsp;5919.\n", ["an NHS number"]),
])
def test_found_where_character_references_spell_it(text: str, kinds: list[str]) -> None:
    """A page shows `&#64;` as @: the data is found, on its line, where it starts."""
    findings = list(find_personal_data(text, set()))
    assert sorted(f.kind for f in findings) == sorted(kinds)
    line_two = range(len("Line one.\n"), text.index("\n", len("Line one.\n")))
    assert all(f.offset in line_two and text[f.offset] in "&0123456789m" for f in findings)


def test_data_found_as_written_is_not_reported_again_for_its_references() -> None:
    text = "Email a.person@example.com &amp; more.\n"
    assert [f.kind for f in find_personal_data(text, set())] == ["an email address"]


# --- what a reader sees whole, however the source spells it ---------------------------------

HIDDEN = [
    # a line break inside the number: Markdown joins the lines
    ("Ring 07700\n900123 today.", "a phone number", "07700"),
    ("NHS number 943 476\n5919 on file.", "an NHS number", "943"),
    ("NHS number 94347\n65919 on file.", "an NHS number", "94347"),
    ("> Ring 07700\n> 900123 today.", "a phone number", "07700"),
    ("They lived at SW1A\n1AA then.", "a full postcode", "SW1A"),
    # backslash escapes
    ("Write to jo@example\\.com today.", "an email address", "jo@"),
    ("Ring 07700\\ 900123 today.", "a phone number", "07700"),
    ("Write to jo\\@example.com.", "an email address", "jo"),
    # emphasis inside a number or an address
    ("Ring 077*00*900123 today.", "a phone number", "077"),
    ("Ring *07700* 900123 today.", "a phone number", "07700"),
    ("Write to jo@**example**.com today.", "an email address", "jo@"),
    ("Write to **jo**@example.com today.", "an email address", "jo*"),
    ("NHS number 943_476_5919 here.", "an NHS number", "943"),
    ("Ring 077<b>00</b>900123 today.", "a phone number", "077"),
    ("Ring 07700<SPAN class='x'>900123</SPAN> today.", "a phone number", "07700"),
    # HTML comments between the parts
    ("Ring 07700<!-- x -->900123 today.", "a phone number", "07700"),
    ("Ring 07700<!-- a\nb -->900123 today.", "a phone number", "07700"),
    # character references
    ("Ring &#48;7700 900123 today.", "a phone number", "&#48;"),
    ("Ring 07700&ensp;900123 today.", "a phone number", "07700"),
    ("NHS number 943&nbsp;476&nbsp;5919.", "an NHS number", "943"),
    ("Write to jo&#x40;example&period;com.", "an email address", "jo"),
    # other digits, invisible characters
    ("Ring \uff10\uff17\uff17\uff10\uff10 \uff19\uff10\uff10\uff11\uff12\uff13 today.",
     "a phone number", "\uff10"),
    ("Ring \u0660\u0667\u0667\u0660\u0660 \u0669\u0660\u0660\u0661\u0662\u0663 today.",
     "a phone number", "\u0660"),
    ("Ring \u06f0\u06f7\u06f7\u06f0\u06f0 \u06f9\u06f0\u06f0\u06f1\u06f2\u06f3 today.",
     "a phone number", "\u06f0"),
    ("Ring 0770\u200b0 900123 today.", "a phone number", "0770"),
    ("Ring 07700\u200c900\u200d123 today.", "a phone number", "07700"),
    ("Ring 07700\u2060900123\ufeff today.", "a phone number", "07700"),
    ("NHS number 94347\u200b65919 here.", "an NHS number", "94347"),
    # separators: dots, dashes, runs of white space, other spaces and hyphens
    ("NHS number 943.476.5919 here.", "an NHS number", "943"),
    ("NHS number 943-476-5919 here.", "an NHS number", "943"),
    ("Ring 07700-900-123 today.", "a phone number", "07700"),
    ("Ring 07700.900.123 today.", "a phone number", "07700"),
    ("Ring 07700  900123 today.", "a phone number", "07700"),
    ("NHS number 943\t476\t5919 here.", "an NHS number", "943"),
    ("NHS number 943  476  5919 here.", "an NHS number", "943"),
    ("Ring 07700\u2009900\u00a0123 today.", "a phone number", "07700"),
    ("NHS number 943\u202f476\u30005919.", "an NHS number", "943"),
    ("Ring 07700\u2010900\u2011123 today.", "a phone number", "07700"),
    ("NHS number 943\u2013476\u22125919.", "an NHS number", "943"),
    # postcodes and National Insurance numbers as people write them
    ("They lived at ls1  4ap then.", "a full postcode", "ls1"),
    ("They lived at Ls1 4aP then.", "a full postcode", "Ls1"),
    ("They lived at SW1A\t1AA then.", "a full postcode", "SW1A"),
    ("NI number qq 12 34 56 c on file.", "a National Insurance number", "qq"),
    ("NI number ab123456c on file.", "a National Insurance number", "ab"),
    ("NI number qq123 456c on file.", "a National Insurance number", "qq"),
    ("NI number QQ 123 456 C on file.", "a National Insurance number", "QQ"),
    ("NI number QQ-12-34-56-C on file.", "a National Insurance number", "QQ"),
    ("NI number QQ.12.34.56.C on file.", "a National Insurance number", "QQ"),
    # phone numbers written with the international 00
    ("Ring 0044 7700 900123 today.", "a phone number", "0044"),
    ("Ring 0044 (0)20 7946 0018 today.", "a phone number", "0044"),
    # dates of birth as they are written
    ("She was born on the 3rd of March 2015.", "a date of birth", "born"),
    ("He was born in Leeds on 3 March 2015.", "a date of birth", "born"),
    ("He was born in Leeds General Infirmary on 3 March 2015.", "a date of birth", "born"),
    ("| Date of birth | 14/03/2019 |", "a date of birth", "Date"),
    ("**DOB:** 14/03/2019", "a date of birth", "DOB"),
    ("DOB \u2013 14/03/2019", "a date of birth", "DOB"),
    ("DOB - 14/03/2019", "a date of birth", "DOB"),
    ("Birthdate: 14/03/2019", "a date of birth", "Birthdate"),
    ("Birth date: 14/03/2019", "a date of birth", "Birth"),
    ("Birthday: 14 March 2019", "a date of birth", "Birthday"),
    ("D.O.B. 14/03/2019", "a date of birth", "D.O.B."),
    ("DOB: Tuesday 14 March 2019", "a date of birth", "DOB"),
    ("She was born on Thursday, 14th March 2019.", "a date of birth", "born"),
    ("DOB 14-Mar-2019", "a date of birth", "DOB"),
    ("DOB 2015/03/03", "a date of birth", "DOB"),
    ("Date of birth:\n14/03/2019", "a date of birth", "Date"),
    # the forms people write (see WRITTEN below), spelt with markup
    ("NHS number 943/476<!-- -->/5919 here.", "an NHS number", "943"),
    ("She was born at 32&nbsp;weeks on 15 March 2019.", "a date of birth", "born"),
    ("Child B (15/03/<b>2019</b>) was seen.", "a date of birth", "Child"),
    ("Child B, b.&nbsp;15/03/2019, was seen.", "a date of birth", "b."),
    ("DOB 15-<em>Mar</em>-19", "a date of birth", "DOB"),
    ("Ring 07700/<!-- -->900123 today.", "a phone number", "07700"),
    ("Ring 44&#32;7700 900123 today.", "a phone number", "44"),
    ("They lived at LS1&#8209;4AP then.", "a full postcode", "LS1"),
    ("They lived at sw1a<!-- -->1aa then.", "a full postcode", "sw1a"),
    ("Write to jo&#32;(at)&#32;example&#32;(dot)&#32;com.", "an email address", "jo"),
    ("Write to jo\\[at\\]example\\[dot\\]com.", "an email address", "jo"),
    ("Write to jo@example&#x3002;com.", "an email address", "jo@"),
    # addresses at domains in other scripts
    ("Write to jo@\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444 today.", "an email address",
     "jo@"),
    ("Write to jo@b\u00fccher.de today.", "an email address", "jo@"),
    ("Write to \uff4a\uff4f\uff20example.com today.", "an email address", "\uff4a"),
]


@pytest.mark.parametrize("text, kind, source_start", HIDDEN)
def test_found_as_a_reader_sees_it(text: str, kind: str, source_start: str) -> None:
    """Each is found once, at the place in the source where it starts."""
    findings = list(find_personal_data(text, set()))
    assert [f.kind for f in findings] == [kind], findings
    assert text[findings[0].offset:].startswith(source_start), findings


@pytest.mark.parametrize("text, kind, source_start", [
    ('title: "jo\\x40example.com"\n', "an email address", "jo"),
    ('title: "Ring 07700\\u0020900123"\n', "a phone number", "07700"),
    ('title: "Ring 07700\\U00002009900123"\n', "a phone number", "07700"),
    ('title: "Ring 07700\\\n  900123 today"\n', "a phone number", "07700"),
    ('summary: "NHS 943\\_476\\t5919"\n', "an NHS number", "943"),
    ("title: Ring 07700\n  900123\n", "a phone number", "07700"),
])
def test_found_in_front_matter_as_yaml_reads_it(text: str, kind: str, source_start: str) -> None:
    """YAML escapes and continued lines in front matter are read as YAML reads them."""
    whole = "---\n" + text + "published: 2024-01-10\n---\n\nBody.\n"
    findings = list(find_personal_data(whole, set()))
    assert [f.kind for f in findings] == [kind], findings
    assert whole[findings[0].offset:].startswith(source_start), findings


@pytest.mark.parametrize(
    "text",
    [
        "Scores were 0.55 0.66 0.77 0.88 and 0.99 across the quarters.",
        "Between 2019\n2020 and 2021 the numbers rose.",
        "She was in year 6 in the 1st term and b1 2nd floor.",
        "On the 2nd floor of block B1 3rd door; KS2 4th year.",
        "Rates rose as 123456 a total; at 123 456 a year.",
        "He went in 2015/16 and again on 3 March 2015 after the birth of his sister.",
        "Use snake_case_names and **bold**: 2019, 2020.",
        "Version 1.2.3 of the tool; see section 4.1.2.",
        "<!-- an unclosed comment 07700",
        "<tr><td>0</td><td>15</td><td>2341</td><td>1179</td><td>9</td></tr>",
        "Ring 0113 496 0000 or 0044 113 496 0000 or 0113.496.0000.",
        "Write to safeguarding&#64;example.gov.uk or safeguarding@example\\.gov\\.uk.",
        "Write to **safeguarding**@example.gov.uk for help.",
    ],
)
def test_not_personal_data_as_a_reader_sees_it(text: str) -> None:
    allow = normalise_allowlist(["safeguarding@example.gov.uk", "0113 496 0000"])
    assert list(find_personal_data(text, allow)) == []


def test_each_hidden_number_on_a_line_is_found() -> None:
    """A number written plainly does not hide another on its line spelt with markup."""
    text = "Ring 07700 900123 or 07700<!-- -->900456 or 07700&#32;900789.\n"
    found = [f.text for f in find_personal_data(text, set())]
    assert len(found) == 3, found


# --- forms people write, each found at its line ----------------------------------------

WRITTEN = [
    # a date of birth after 'born', whatever stands before 'on'
    ("She was born at 32 weeks on 15 March 2019.", "a date of birth", "born"),
    ("She was born in Leeds at 32 weeks on 15 March 2019.", "a date of birth", "born"),
    ("born prematurely at 32+4 weeks' gestation on 15 March 2019", "a date of birth", "born"),
    ("He was born in Leeds (at 32 weeks) on 15 March 2019.", "a date of birth", "born"),
    ("He was born in Southend on Sea on 3 March 2015.", "a date of birth", "born"),
    ("He was born in Leeds on Tuesday 3 March 2015.", "a date of birth", "born"),
    ("Born in Leeds on 3 March 2019, Child A was the youngest.", "a date of birth", "Born"),
    # 'b.' for born; a month's name between dashes and a year of two digits, after a label
    ("Child B, b. 15/03/2019, lived with her mother.", "a date of birth", "b."),
    ("b. 15/03/2019", "a date of birth", "b."),
    ("DOB 15-Mar-19", "a date of birth", "DOB"),
    ("d.o.b. 15-Mar-2019", "a date of birth", "d.o.b."),
    ("Date of birth: 15/March/19.", "a date of birth", "Date"),
    # a full date in brackets straight after a child's name
    ("Child B (15/03/2019) lived with her mother.", "a date of birth", "Child"),
    ("Child B (d.o.b. 15/03/2019) lived with her mother.", "a date of birth", "d.o.b."),
    ("Baby C (3 March 2019) was seen.", "a date of birth", "Baby"),
    ("Sibling 2 (15-Mar-19) was seen.", "a date of birth", "Sibling"),
    ("Child LH\n(15/03/2019) was seen.", "a date of birth", "Child"),
    # NHS numbers in other groupings, with a valid check digit
    ("Her NHS number 943/476/5919 was on the letter.", "an NHS number", "943"),
    ("Her NHS number 943 4765 919 was on the letter.", "an NHS number", "943"),
    ("Her NHS number 9434 765 919 was on the letter.", "an NHS number", "9434"),
    ("Her NHS number 943 / 476 / 5919 was on the letter.", "an NHS number", "943"),
    # phone numbers: a slash after the area code, the country code without its +
    ("Ring 07700/900123 after school.", "a phone number", "07700"),
    ("Ring 0113 / 496 0999 after school.", "a phone number", "0113"),
    ("Ring 44 7700 900123 after school.", "a phone number", "44"),
    ("Ring 44 (0)7700 900123 after school.", "a phone number", "44"),
    ("Ring +44 (0)7700 900123 after school.", "a phone number", "+44"),
    # postcodes with a dash between the halves or nothing
    ("They moved to LS1-4AP in May.", "a full postcode", "LS1"),
    ("They moved to ls1-4ap in May.", "a full postcode", "ls1"),
    ("They moved to SW1A1AA in May.", "a full postcode", "SW1A"),
    ("They moved to sw1a1aa in May.", "a full postcode", "sw1a"),
    ("They moved to m11ae.", "a full postcode", "m11ae"),
    # email addresses with ideographic full stops, or 'at' and 'dot' in brackets
    ("Write to jo@example\u3002com today.", "an email address", "jo@"),
    ("Write to jo@example\uff0eco\uff61uk today.", "an email address", "jo@"),
    ("Write to jo (at) example (dot) com today.", "an email address", "jo"),
    ("Write to jo[at]example[dot]com today.", "an email address", "jo"),
    ("Write to jo [AT] example [DOT] co [DOT] uk today.", "an email address", "jo"),
    ("Write to jo (at) example.com today.", "an email address", "jo"),
    ("Write to jo@example(dot)com today.", "an email address", "jo"),
    ("Write to jo (at)\nexample (dot) com today.", "an email address", "jo"),
]


@pytest.mark.parametrize("written, kind, source_start", WRITTEN)
def test_found_as_people_write_it_at_its_line(written: str, kind: str,
                                              source_start: str) -> None:
    """Each is found once, where it starts, and reported at the line it starts on."""
    text = "Line one.\n\n" + written + "\n\nThe last line.\n"
    findings = list(find_personal_data(text, set()))
    assert [f.kind for f in findings] == [kind], findings
    assert text[findings[0].offset:].startswith(source_start), findings
    assert [d.line for d in personal_data_errors(text, "x.md", set())] == [3]


@pytest.mark.parametrize(
    "text",
    [
        # 'Born in Bradford' is a research study: the date is when its researchers reported
        "Born in Bradford researchers reported on 3 March 2019 that sleep mattered.",
        "The Born in Bradford study published on 3 March 2019 its findings.",
        # a verb or a clause between 'born' and 'on': the date is of something else
        "Born in Leeds, the family moved on 3 March 2019 to Hull.",
        "She was born in Leeds, which on 3 March 2019 had no health visitors.",
        "She was born in 2015 and on 3 March 2019 was placed with her aunt.",
        "Children born in Leeds. 3 March 2019: the panel met.",
        # a month's name and a year of two digits with no birth label: a meeting's date
        "The panel met on 15-Mar-19 and again on 15/03/2019.",
        # brackets after a child's name that hold no full date, or after another word
        "Child B (aged 3) was seen on 15/03/2019.",
        "The review (15/03/2019) found that the child (15/03/2019) was not seen.",
        "Children (15/03/2019) and Child B (March 2019).",
    ],
)
def test_dates_that_are_not_a_date_of_birth(text: str) -> None:
    assert list(find_personal_data(text, set())) == []


# --- through `build.py check`: each at its own line -----------------------------------------

def _errors(site: Site) -> list[str]:
    result = site.check()
    assert "Traceback" not in result.err
    return [line.split(" (")[0] for line in result.lines if ": error: " in line]


def test_check_reports_hidden_data_at_the_line_it_starts(site: Site) -> None:
    body = (
        "## Findings\n"                                     # line 9
        "\n"
        "Ring 07700\n"                                       # 11: continued on the next line
        "900123 after school.\n"
        "Her mother wrote from jo@**example**.com.\n"        # 13
        "The letter gave 943<!-- -->476<!-- -->5919.\n"      # 14
        "| Date of birth | 14/03/2019 |\n"                   # 15
        "Text &#48;7700&nbsp;900\u200b456.\n"                # 16
        "They moved to ls1  4ap.\n"                          # 17
    )
    site.write("reviews/child-a.md", review(body=body))
    assert _errors(site) == [
        "reviews/child-a.md:11: error: personal data: a phone number",
        "reviews/child-a.md:13: error: personal data: an email address",
        "reviews/child-a.md:14: error: personal data: an NHS number",
        "reviews/child-a.md:15: error: personal data: a date of birth",
        "reviews/child-a.md:16: error: personal data: a phone number",
        "reviews/child-a.md:17: error: personal data: a full postcode",
    ]


def test_check_reports_each_form_people_write_at_its_line(site: Site) -> None:
    body = (
        "## Findings\n"                                                     # line 9
        "\n"
        "She was born in Leeds at 32 weeks on 15 March 2019.\n"             # 11
        "<!-- a comment\nover two lines -->\n"
        "Child B (15/03/2019) and her brother, b. 2/4/2020.\n"               # 14: two
        "Her NHS number, 943/476/5919, and DOB 15-Mar-19.\n"                 # 15: two
        "Ring 07700/900123 or 44 7700 900456.\n"                            # 16: two
        "They moved to LS1-4AP, then sw1a1aa.\n"                            # 17: two
        "Write to jo (at) example (dot) com or\n"                           # 18
        "jo[at]example[dot]org or jo@example\u3002net.\n"                   # 19: two
        "Born in Bradford researchers reported on 3 March 2019 that covid19 a11y mp3.\n"
    )
    site.write("reviews/child-a.md", review(body=body))
    prefix = "reviews/child-a.md:{}: error: personal data: {}"
    assert sorted(_errors(site)) == sorted(prefix.format(line, kind) for line, kind in [
        (11, "a date of birth"), (14, "a date of birth"), (14, "a date of birth"),
        (15, "an NHS number"), (15, "a date of birth"), (16, "a phone number"),
        (16, "a phone number"), (17, "a full postcode"), (17, "a full postcode"),
        (18, "an email address"), (19, "an email address"), (19, "an email address"),
    ])


def test_check_reports_yaml_escapes_at_their_key(site: Site) -> None:
    extra = ('subject: "Contact jo\\x40example.com"\n'                       # line 7
             'contact: "Ring 07700\\\n   900123 today"\n')                  # 8
    site.write("reviews/child-a.md", review(extra=extra))
    found = _errors(site)
    assert "reviews/child-a.md:7: error: personal data: an email address" in found
    assert "reviews/child-a.md:8: error: personal data: a phone number" in found


def test_check_passes_what_only_looks_like_hidden_data(site: Site) -> None:
    body = ("## Findings\n\nScores of 0.55 0.66 0.77 0.88 on the *2nd* floor of B1 3rd door.\n"
            "Ring safeguarding&#64;example.org or 0044 113 496 0000.\n"
            "<!-- an unclosed comment\n")
    site.write("content/contact.md", "# Contact\n\n" + body)
    result = site.check()
    assert result.exit_code == 0, result.out


def test_a_value_folded_over_a_blank_line_is_read_as_yaml_joins_it(site: Site) -> None:
    """YAML makes one line of `07700`, a blank line, `900123`: the page shows the number
    whole, in its title, description and listings."""
    site.write("content/about.md", "---\ntitle: About, ring 07700\n\n  900123\n---\n\n"
                                   "# About\n\nText.\n")
    result = site.check()
    assert result.exit_code == 1, result.out
    assert "content/about.md:2: error: personal data: a phone number" in result.out, result.out
