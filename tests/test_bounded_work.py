"""Pathological files are checked in linear time, with a clear message, never a traceback.

Each kind of file runs through `build.py check` in a child process with a generous
timeout: a hang guard, not a timing assertion. The sizes (a few hundred KB) are small
enough to be quick when the work is linear, and large enough that a quadratic scan would
take minutes. `benchmarks/pathological.py` times the same kinds at 10 MB.

The scanners behind them (`cross_references`, `prose_view`) are also checked against what
they replaced, and against Python-Markdown itself, on generated text.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass

import pytest
import yaml
from conftest import AS_OF, ROOT, Site, briefing, guidance
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.inlinepatterns import BACKTICK_RE, BacktickInlineProcessor
from safeguarding_learning.core import sources
from safeguarding_learning.core.markdown_text import prose_view, relative_links
from safeguarding_learning.core.model import Reference
from safeguarding_learning.core.references import cross_references, find_references

SIZE = 400_000  # characters of pathological text in each file
HANG_GUARD = 60  # seconds

ITEM = "briefings/item.md"
SEVEN_MINUTE = "format: seven-minute\n"
NO_SECTIONS = tuple(sorted(f"{ITEM}:6: error: seven-minute briefing: section '## {name}' is missing"
                    for name in ("Background", "Why it matters", "Information", "Key learning",
                                 "Things to remember", "What to do", "Questions to consider")))
ALIAS = ("error: YAML anchors and aliases (&name, *name) are not allowed in front matter "
         "(write each value out in full)")
TOO_DEEP = "error: the front matter is nested too deeply"


def repeat(unit: str, size: int = SIZE) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def odd_backtick_runs(size: int = SIZE) -> str:
    """Runs of 1, 3, 5, ... backticks: none meets a closing run of its own length."""
    parts, length = [], 1
    while sum(map(len, parts)) < size:
        parts.append("`" * length + " x ")
        length += 2
    return "".join(parts)


ORDINARY = (
    "Practitioners should record what they see and hear, in the child's words where they "
    "can. In 2019 the partnership found that `case notes` were often late; see the "
    "[national review](https://example.org/review) and **always** escalate concerns.\n\n"
    "## A heading in the middle\n\n- A list item with *emphasis* and a_snake_case word.\n"
    "- Another item: 12 visits, 3 agencies, 40 minutes.\n\n"
)

ALIAS_BOMB = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]\n" for n in range(1, 9))


@dataclass(frozen=True)
class Case:
    """A briefing body (and extra front matter), and the diagnostic lines `check` prints
    for it: each expected line is a prefix of the printed one (hints may change)."""

    body: str
    expected: tuple[str, ...] = ()
    extra: str = ""


CASES: dict[str, Case] = {
    "open brackets": Case("[" * SIZE + "]("),
    "reference never closed": Case("[[ " + repeat("a ")),
    "reference openers": Case("[[" * (SIZE // 2) + "x]]", (f"{ITEM}:8: error: unknown id 'x'",)),
    "odd backtick runs": Case(odd_backtick_runs()),
    "one backtick run": Case("`" * SIZE),
    "short code spans": Case(repeat("`a` ")),
    "fence lines": Case(repeat("```\n")),
    "unclosed fence": Case("```\n" + repeat("text ") + "\n[[nowhere]]\n",
                           (f"{ITEM}:10: error: unknown id 'nowhere'",)),
    "digit run": Case("1" * SIZE),
    "digits and spaces": Case(repeat("2" * 1000 + " " * 1000)),
    "digit space pairs": Case(repeat("1 ")),
    "born then tabs": Case("born" + "\t" * SIZE + "1\n"),
    "date of birth then spaces": Case("date of birth" + " " * SIZE + "x\n"),
    "emphasis runs": Case(repeat("*" * 500 + "_" * 500 + " word ")),
    "long email address": Case("x@" + repeat("a.") + "uk\n", (
        f"{ITEM}:8: error: personal data: an email address ('{('x@' + 'a.' * 30)[:59]}…') "
        "must not be published",)),
    # what personal_data.py reads a second time, as a reader sees it
    "character references": Case(repeat("&#48;")),
    # Python-Markdown shows a comment never closed as text, and so does check
    "comments never closed": Case(repeat("1<!-- ")),
    "emphasis inside digits": Case(repeat("9*4*3_4_")),
    "zero-width spaces in digits": Case(repeat("1\u200b")),
    "digits on their own lines": Case(repeat("1\n")),
    "born in a place": Case(repeat("born in Leeds General on the 1 ")),
    "heading with a run of spaces": Case("## Background" + " " * SIZE + "x\n", NO_SECTIONS,
                                         SEVEN_MINUTE),
    "heading with braces": Case("## a {" + repeat("{#a ") + "\n", NO_SECTIONS, SEVEN_MINUTE),
    "ordinary text": Case(repeat(ORDINARY, 2 * SIZE)),
    "alias bomb": Case(repeat(ORDINARY), (f"{ITEM}:7: {ALIAS}",), ALIAS_BOMB),
    "alias in a block list": Case("Body.\n", (f"{ITEM}:9: {ALIAS}",),
                                  "audience: &a [professionals]\nguidance:\n  - x\n  - *a\n"),
    "deep flow nesting": Case("Body.\n", (f"{ITEM}:6: {TOO_DEEP}",), "deep: " + "[" * SIZE + "\n"),
    "deep block nesting": Case("Body.\n", (f"{ITEM}:7: {TOO_DEEP}",),
                               "deep:\n  " + "- " * (SIZE // 2) + "x\n"),
    "huge front matter": Case("Body.\n", (
        f"{ITEM}:6: error: the front matter has more than 10,000 values",),
        "audience: [" + repeat("x, ") + "x]\n"),
}


def write_item(site: Site, case: Case, title: str = "Safer sleep") -> None:
    text = briefing(extra=case.extra, body=case.body).replace("Safer sleep", title, 1)
    (site.root / "briefings").mkdir(exist_ok=True)
    (site.root / ITEM).write_text(text, encoding="utf-8")


def check_in_child(site: Site) -> tuple[int, list[str], str]:
    """`build.py check` in a child process: exit code, diagnostic lines, everything printed."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "check", "--as-of", AS_OF,
         "-f", str(site.root / "mkdocs.yml")],
        capture_output=True, text=True, timeout=HANG_GUARD)
    diagnostics = [line for line in result.stdout.splitlines() if not line.startswith("checked ")]
    return result.returncode, diagnostics, result.stdout + result.stderr


@pytest.mark.parametrize("name", list(CASES))
def test_pathological_file_is_checked_in_bounded_time(site: Site, name: str) -> None:
    case = CASES[name]
    write_item(site, case)
    code, diagnostics, printed = check_in_child(site)
    assert "Traceback" not in printed
    assert code == (1 if case.expected else 0), printed[-2000:]
    assert len(diagnostics) == len(case.expected), diagnostics[:5]
    for line, expected in zip(diagnostics, case.expected, strict=True):
        assert line.startswith(expected), line[:300]
        assert len(line) < 400, "a message quotes at most a short excerpt"


def test_unclosed_tags_give_diagnostics_not_tracebacks(site: Site) -> None:
    """Raw HTML is judged by another check; here only: it ends, clearly, at `path:line`."""
    write_item(site, Case(repeat("<a ")))
    code, diagnostics, printed = check_in_child(site)
    assert "Traceback" not in printed
    assert code in (0, 1)
    assert all(re.match(rf"{ITEM}:\d+: (error|warning): ", line) for line in diagnostics)


def test_long_base_60_number_is_kept_as_text(site: Site) -> None:
    """`1:1:1:...` is a base-60 whole number in YAML, costing time to build: kept as text."""
    write_item(site, Case("Body.\n"), title=repeat("1:", 200_000) + "1")
    code, diagnostics, printed = check_in_child(site)
    assert "Traceback" not in printed
    assert (code, diagnostics) == (0, [])


def test_long_values_are_quoted_short(site: Site) -> None:
    long = "x" * 500
    write_item(site, Case("Body.\n", extra=f"updated: {long}\naudience: [{long}]\n"))
    code, diagnostics, _ = check_in_child(site)
    assert code == 1
    assert diagnostics == [
        f"{ITEM}:6: error: 'updated' must be a real date written YYYY-MM-DD, not "
        f"'{'x' * 59}…' (e.g. updated: 2024-03-31)",
        f"{ITEM}:7: error: unknown audience '{'x' * 59}…' "
        "(use one of: professionals, public, volunteers, "
        "or add it to 'audiences' in mkdocs.yml)",
    ]


# --- the front-matter rule itself, under the streaming guard -----------------------------


def test_the_rule_finds_an_alias_as_a_node_reached_twice() -> None:
    text = "a: &x [1, 2]\nb: [3, *x]\n"
    problem = sources._graph_problem(yaml.compose(text, Loader=yaml.SafeLoader), text)
    assert problem is not None and problem[0] == 1 and "aliases" in problem[1]


def test_the_rule_finds_nesting_too_deep() -> None:
    depth = sources.MAX_DEPTH
    fits, too_deep = ("a: " + "[" * n + "]" * n for n in (depth - 1, depth))
    assert sources._graph_problem(yaml.compose(fits, Loader=yaml.SafeLoader), fits) is None
    problem = sources._graph_problem(yaml.compose(too_deep, Loader=yaml.SafeLoader), too_deep)
    assert problem is not None and "nested too deeply" in problem[1]


# --- cross-references: the scanner gives what the old pattern gave on ordinary text -------

OLD_CROSS_REFERENCE = re.compile(
    r"\[\[[ \t]*([^\]\|#\n]+?)[ \t]*"
    r"(?:#[ \t]*([^\]\|\n]*?)[ \t]*)?"
    r"(?:\|[ \t]*([^\]\n]*?)[ \t]*)?\]\]"
)


@pytest.mark.parametrize(
    "body, expected",
    [
        ("See [[wt]].", [("wt", None, None, 10, "[[wt]]")]),
        ("[[ wt # chapter-4 | the guide ]]",
         [("wt", "chapter-4", "the guide", 10, "[[ wt # chapter-4 | the guide ]]")]),
        ("[[\twt\t#\tc\t]]", [("wt", "c", None, 10, "[[\twt\t#\tc\t]]")]),
        ("[[wt#]] [[wt|]]", [("wt", None, None, 10, "[[wt#]]"), ("wt", None, None, 10, "[[wt|]]")]),
        ("[[wt|a|b]] [[wt#a#b|c#d]]",
         [("wt", None, "a|b", 10, "[[wt|a|b]]"), ("wt", "a#b", "c#d", 10, "[[wt#a#b|c#d]]")]),
        ("[[Working Together 2015|an alias]]",
         [("Working Together 2015", None, "an alias", 10, "[[Working Together 2015|an alias]]")]),
        ("one\n\n[[a]] and [[b]]\n[[c]]", [("a", None, None, 12, "[[a]]"),
                                            ("b", None, None, 12, "[[b]]"),
                                            ("c", None, None, 13, "[[c]]")]),
        ("[[a\nb]] [[a]b]] [[a] ]", []),
        # with no id: kept, to be reported
        ("[[]] [[#s]] [[|t]]", [("", None, None, 10, "[[]]"), ("", "s", None, 10, "[[#s]]"),
                                ("", None, "t", 10, "[[|t]]")]),
        ("[[ ]]", [(" ", None, None, 10, "[[ ]]")]),
        ("[[[[a]] [[x [[b]]", [("a", None, None, 10, "[[a]]"), ("b", None, None, 10, "[[b]]")]),
        ("[[a]]] [[a[b]]", [("a", None, None, 10, "[[a]]"), ("a[b", None, None, 10, "[[a[b]]")]),
        ("Write `[[a]]` or ``[[b]]``, not [[c]].", [("c", None, None, 10, "[[c]]")]),
        ("```\n[[a]]\n```\n[[b]]", [("b", None, None, 13, "[[b]]")]),
        ("```\n[[a]]\n", [("a", None, None, 11, "[[a]]")]),  # unclosed: Markdown shows text
        ("\\`[[a]]`", [("a", None, None, 10, "[[a]]")]),  # an escaped backtick opens nothing
        ("`a\n\n[[b]]`", [("b", None, None, 12, "[[b]]")]),  # code ends with its paragraph
        ("`a\n# [[b]]`", [("b", None, None, 11, "[[b]]")]),  # and at a heading
        ("`a\n[[b]]`", []),  # but not at a line break
    ],
)
def test_references_found_with_their_lines(body: str, expected: list[tuple]) -> None:
    found = find_references(prose_view(body), 10)
    assert found == [Reference(*values) for values in expected]


def test_each_cross_reference_knows_where_it_is_written() -> None:
    prose = "See [[wt#c|the guide]] and [[x]]."
    assert [(prose[r.start:r.end], r.target) for r in cross_references(prose)] == [
        ("[[wt#c|the guide]]", "wt"), ("[[x]]", "x")]


TEXT = st.lists(st.sampled_from(
    ["[[", "]]", "[", "]", "#", "|", " ", "\t", "\n", "a", "b-c", "x y", "`"]), max_size=40)


@settings(max_examples=400, derandomize=True, database=None, deadline=None)
@given(TEXT.map("".join))
def test_scanner_agrees_with_the_old_pattern(text: str) -> None:
    """Same references as the old pattern, except where that one put `[` inside one, and
    those with no id (`[[]]`), which the old one passed over and are now reported."""
    new = [(r.start, r.end, r.target, r.section, r.text) for r in cross_references(text)
           if r.target]
    for ref in new:
        assert text[ref[0]:ref[1]].startswith("[[") and text[ref[0]:ref[1]].endswith("]]")
    old = [(m.start(), m.end(), m[1], m[2] or None, m[3] or None)
           for m in OLD_CROSS_REFERENCE.finditer(text)]
    if not any("[" in "".join(filter(None, match[2:])) for match in old):
        assert new == old


# --- code: blanked exactly where Python-Markdown makes it -------------------------------------

_OPENER = re.compile(BACKTICK_RE, re.DOTALL)
_PROCESSOR = BacktickInlineProcessor(BACKTICK_RE)


def markdown_code(text: str) -> set[int]:
    """Offsets Python-Markdown's own code-span reader puts in code, block by block."""
    found: set[int] = set()
    offset = 0
    for block in re.split(r"(\n[ \t]*\n|\n(?=#)|(?<=\n)#[^\n]*|^#[^\n]*)", text):
        data, position = block or "", 0
        while opener := _OPENER.search(data, position):
            start = opener.start()
            if opener.group(1):  # pairs of backslashes, read as text
                data = data[:start] + "\x02" * len(opener[0]) + data[opener.end():]
                position = opener.end()
                continue
            inner, end = _PROCESSOR.find_code_spans(start, data)
            if end is None:
                position = inner
                continue
            stop = end + (inner - start)
            found.update(range(offset + start, offset + stop))
            data = data[:start] + "\x02" * (stop - start) + data[stop:]
            position = stop
        offset += len(block or "")
    return found


INLINE = st.lists(st.sampled_from(
    ["a", "b c", " ", "`", "``", "```", "\\", "\\\\", "\\`", "\n", "\n\n", "\n \t\n", "#", "<"]),
    max_size=24)


@settings(max_examples=400, derandomize=True, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(INLINE.map(lambda parts: "x" + "".join(parts).replace("\n```", "\nx```")))
def test_code_spans_are_blanked_as_python_markdown_reads_them(text: str) -> None:
    prose = prose_view(text)
    assert len(prose) == len(text) and prose.count("\n") == text.count("\n")
    blanked = {i for i, (a, b) in enumerate(zip(text, prose, strict=True)) if a != b}
    visible = {i for i in markdown_code(text) if text[i] not in " \n"}
    assert blanked == visible


def test_scanners_are_linear_on_their_worst_inputs() -> None:
    """The scanners alone, on 3 MB each, in a child process (a hang guard again)."""
    code = (
        "import sys; sys.path.insert(0, 'plugins')\n"
        "from safeguarding_learning.core.markdown_text import prose_view, relative_links\n"
        "from safeguarding_learning.core.references import find_references\n"
        "N = 3_000_000\n"
        "for unit in ('](', '[a](b', '[a](b \\'x', '[', '[[a] ', '[[ ', '`', '` ``` ', "
        "'\\\\`', '`a` `b` ``c\\n'):\n"
        "    text = (unit * (N // len(unit) + 1))[:N] + '](x)'\n"
        "    list(relative_links(text)); find_references(prose_view(text), 1)\n"
        "print('done')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=HANG_GUARD)
    assert result.stdout.strip() == "done", result.stderr[-2000:]


def test_relative_links_as_before_on_ordinary_text() -> None:
    prose = 'See [the chart](chart.png "A chart"), ![alt](img/a%20b.png) and [x [y]](z.md#s).'
    assert [(link.target, link.path, link.fragment, prose[link.start]) for link in
            relative_links(prose)] == [("chart.png", "chart.png", "", "["),
                                       ("img/a%20b.png", "img/a b.png", "", "!"),
                                       ("z.md#s", "z.md", "s", "[")]


def test_a_file_reports_at_most_200_problems(site: Site) -> None:
    """5,000 phone numbers give 200 errors and one line (sorted first) saying there are more."""
    site.write("briefings/x.md", briefing(body="Ring 07700 900123. " * 5000 + "\n"))
    lines = site.check().lines
    assert len(lines) == 201
    assert lines[0].startswith("briefings/x.md:1: error: more than 200 problems in this file")


def test_a_body_with_more_than_ten_thousand_references_is_an_error(site: Site) -> None:
    site.write("content/guidance/x.md", guidance("X"))
    site.write("briefings/b.md", briefing(body="[[x]] " * 10_001 + "\n"))
    assert site.check().lines[0] == (
        "briefings/b.md:8: error: more than 10,000 cross-references in one file; the rest "
        "are not checked (split the file)")
