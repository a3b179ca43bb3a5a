"""No input, however broken, makes `check` print a traceback or crash."""

from __future__ import annotations

import random

import pytest
from conftest import Site, briefing, review

VALID = briefing(
    extra="audience: [professionals]\nguidance: [wt#chapter-1]\nformat: seven-minute\n",
    body="## Background\n\nSee [[wt]] and [a link](x.md).\n",
)


def mangled_versions(text: str, seed: int, count: int) -> list[str]:
    """Truncations, deleted lines and flipped characters of a valid file."""
    rng = random.Random(seed)
    versions = [text[:cut] for cut in range(0, len(text), 7)]
    lines = text.splitlines(keepends=True)
    versions += ["".join(lines[:i] + lines[i + 1 :]) for i in range(len(lines))]
    alphabet = "-:[]{}#|\"'\t\n >!&*%@`"
    for _ in range(count):
        chars = list(text)
        for _ in range(rng.randint(1, 4)):
            chars[rng.randrange(len(chars))] = rng.choice(alphabet)
        versions.append("".join(chars))
    return versions


@pytest.mark.parametrize("seed", range(3))
def test_mangled_front_matter_never_crashes(site: Site, seed: int) -> None:
    """Every mangled file gives exit 0 or 1 and only `path:line:` diagnostics."""
    site.write("content/guidance/wt.md", "---\ntitle: WT\npublisher: DfE\npublished: 2015\n"
               "sections:\n  chapter-1: One\n---\n")
    for number, text in enumerate(mangled_versions(VALID, seed, 40)):
        path = site.write("briefings/item.md", text)
        result = site.check()
        assert result.exit_code in (0, 1), (number, text, result.err)
        assert "Traceback" not in result.err + result.out
        for line in result.lines:
            assert line.startswith("briefings/item.md:") or line.startswith("content/"), line
        path.unlink()


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00\x01\x02binary",
        b"---\n---\n",
        b"---\n- a list\n- not a mapping\n---\n",
        b"---\ntitle: !!python/object:os.system 'echo'\n---\n",
        b"---\n? [complex, key]\n: value\n---\n",
        b"---\ntitle: [unterminated\n",
        b"\xef\xbb\xbf---\ntitle: BOM\n---\n",
        b"---\r\ntitle: CRLF\r\npublished: 2024-01-01\r\n---\r\nBody\r\n",
        b"---\npublished: 2024-01-01\npublished: 2024-01-02\n---\n",
    ],
)
def test_odd_files_give_diagnostics_not_tracebacks(site: Site, data: bytes) -> None:
    site.write_bytes("reviews/odd.md", data)
    result = site.check()
    assert result.exit_code == 1
    assert "Traceback" not in result.err
    assert all(line.startswith("reviews/odd.md:") for line in result.lines), result.lines


def test_duplicate_key_is_reported_at_the_second(site: Site) -> None:
    site.write("reviews/child-a.md", review().replace("title: Child A\n", "title: Child A\ntitle: B\n"))
    result = site.check()
    assert "reviews/child-a.md:3: error: 'title' is given twice in the front matter" in result.out


def test_a_folder_named_like_an_item_is_ignored(site: Site) -> None:
    (site.root / "briefings" / "folder.md").mkdir(parents=True)
    assert site.check().exit_code == 0
