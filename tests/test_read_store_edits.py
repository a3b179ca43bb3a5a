"""Every pair of edits between runs of `check`: after each edit, the report with what the
previous check kept (ReadStore) is the report of a check from scratch.

Pairs, not random sequences: what a store can miss is one file's edit changing what
another file's check finds (a page linked to is emptied, a picture goes, a setting
changes), and every ordered pair of the edits below covers those the tests of
test_read_store.py name one by one, and their combinations (fifteen tests of fifteen)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CONFIG, Site, briefing, new_site, review
from safeguarding_learning.core import read_store
from stores import check_from_scratch, check_with_store

PICTURE = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def base_project(root: Path) -> Site:
    site = new_site(root)
    site.write("briefings/b-1.md", briefing("Briefing 1"))
    site.write("briefings/b-2.md", briefing("Briefing 2", body="See [[r-1]].\n"))
    site.write("briefings/b-3.md", briefing("Briefing 3", body="Call 0113 496 0000.\n"))
    site.write("reviews/r-1.md", review())
    site.write("NOTES.txt", "Notes.\n")
    site.write_bytes("briefings/chart.png", PICTURE)
    site.write("briefings/v1/data.txt", "Contact the team on the usual lines.\n")
    site.write("briefings/v2/data.txt", "Contact Ms Smith at LS1 4AP tomorrow\n")  # as long
    (site.root / "briefings/data.txt").symlink_to("v1/data.txt")
    site.write_bytes("shared/pic.png", PICTURE)
    (site.root / "briefings/shared").symlink_to("../shared", target_is_directory=True)
    site.write("dashboard/figures.csv", "quarter,value\n2025-Q1,20\n")
    site.write("content/templates/form.txt", "A form.\n")  # MkDocs leaves it out
    return site


def _keeping_size_and_time(site: Site) -> None:
    path = site.root / "briefings/b-2.md"
    before = path.stat()
    path.write_text(path.read_text().replace("[[r-1]]", "[[r-9]]"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def _relink(link: Path, target: str) -> None:
    link.unlink()
    link.symlink_to(target)


EDITS: dict[str, Callable[[Site], object]] = {
    "b-1 links b-2.md and ../NOTES.txt": lambda site: site.write("briefings/b-1.md", briefing(
        "Briefing 1", body="Read [it](b-2.md) and [notes](../NOTES.txt).\n")),
    "b-1 cites b-2 and shows the chart": lambda site: site.write("briefings/b-1.md", briefing(
        "Briefing 1", body="See [[b-2]].\n\n![A chart](chart.png)\n")),
    "b-2 emptied": lambda site: (site.root / "briefings/b-2.md").write_text(""),
    "b-2 deleted": lambda site: (site.root / "briefings/b-2.md").unlink(),
    "b-2 edited, keeping size and time": _keeping_size_and_time,
    "chart deleted": lambda site: (site.root / "briefings/chart.png").unlink(),
    "chart emptied": lambda site: (site.root / "briefings/chart.png").write_bytes(b""),
    "NOTES.txt deleted": lambda site: (site.root / "NOTES.txt").unlink(),
    "phone number no longer allowed": lambda site: site.write(
        "mkdocs.yml", CONFIG.replace(", 0113 496 0000", "")),
    "b-4 added, citing b-2": lambda site: site.write(
        "briefings/b-4.md", briefing("Briefing 4", body="See [[b-2]].\n")),
    "r-1 embargoed": lambda site: site.write("reviews/r-1.md", review(published="2027-03-01")),
    "b-3 renamed b-5": lambda site: (site.root / "briefings/b-3.md").rename(
        site.root / "briefings/b-5.md"),
    "b-2 links data.txt, shared/pic.png, the dashboard's and content/templates' files":
        lambda site: site.write("briefings/b-2.md", briefing("Briefing 2", body=(
            "See [data](data.txt), [figures](../dashboard/figures.csv) and "
            "[form](../content/templates/form.txt).\n\n![A picture](shared/pic.png)\n"))),
    "data.txt leads to v2 (same size)": lambda site: _relink(site.root / "briefings/data.txt",
                                                             "v2/data.txt"),
    "shared/pic.png, figures.csv and form.txt deleted": lambda site: [
        (site.root / rel).unlink() for rel in (
            "shared/pic.png", "dashboard/figures.csv", "content/templates/form.txt")],
}


@pytest.fixture
def stores_from_the_first_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(read_store, "STORE_FROM", 1)


@pytest.mark.parametrize("first", EDITS)
def test_every_pair_of_edits_between_checks(first: str, tmp_path: Path,
                                            stores_from_the_first_file: None) -> None:
    """Whatever two edits were made, a check that reuses what the last one kept reports
    what a check from scratch does."""
    for number, second in enumerate(EDITS):
        site = base_project(tmp_path / f"project-{number}")
        check_with_store(site)
        for done, edit in ((first,), first), ((first, second), second):
            try:
                EDITS[edit](site)
            except FileNotFoundError:  # the first edit deleted or renamed the file
                continue
            stored, _ = check_with_store(site)
            assert stored == check_from_scratch(site), f"after: {', '.join(done)}"
