"""Rebuilds with one plugin, as `serve` makes them: nothing piles up, and what a rebuild
renders again gives the pages a whole build gives."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from conftest import ROOT, Site, briefing, review, with_plugin_option
from previews import PreviewSession


def test_ten_rebuilds_with_one_plugin_hold_no_more_than_one(site: Site) -> None:
    """As serve does: one plugin instance, ten builds; its state and memory stay flat.

    Measured in a process of its own: in this one, what earlier tests left behind counts
    too (a whole-suite run saw 1.9 MB in one block at the seventh build: Python's table
    of interned strings growing, not anything the builds keep)."""
    for number in range(20):
        site.write(f"briefings/b-{number}.md", briefing(f"Briefing {number}"))
    done = subprocess.run([sys.executable, "-c", TEN_REBUILDS, str(site.root)],
                          capture_output=True, text=True, cwd=ROOT / "tests")
    assert done.returncode == 0, done.stderr[-2000:]
    sizes, memory = json.loads(done.stdout.splitlines()[-1])
    assert "edit 9" in (site.root / "out/briefings/b-0/index.html").read_text()
    assert len({tuple(size) for size in sizes}) == 1, sizes
    # what the second build holds, the tenth holds too (the first warms caches)
    assert memory[-1] < memory[1] * 1.2, [m // 1024 for m in memory]


#: The ten builds, run by `python -c` in the site's project: prints [sizes, memory].
TEN_REBUILDS = """
import gc, json, sys, tracemalloc
from pathlib import Path
from conftest import AS_OF, briefing
from mkdocs.commands import build as mkdocs_build
from safeguarding_learning.config import load_site_config, plugin_overrides
from safeguarding_learning.core.project import PLUGIN_NAME

root = Path(sys.argv[1])
config = load_site_config(root / "mkdocs.yml", site_dir=str(root / "out"),
                          **plugin_overrides(root / "mkdocs.yml", as_of=AS_OF))
plugin = config.plugins[PLUGIN_NAME]
sizes, memory = [], []
tracemalloc.start()
for rebuild in range(10):
    (root / "briefings/b-0.md").write_text(briefing(f"Briefing 0, edit {rebuild}"))
    mkdocs_build.build(config, dirty=False)
    gc.collect()
    memory.append(tracemalloc.get_traced_memory()[0])
    sizes.append((len(plugin._documents), len(plugin._pages), len(plugin._src_uri_of_path),
                  len(plugin._script_hashes)))
print(json.dumps([sizes, memory]))
"""


# --- a preview's rebuilds give the pages a whole build gives ----------------------------

MEASURE = """\
title: Days from contact to decision
description: Working days from a contact to a decision.
unit: days
target: 1
better: lower
values:
  2026-Q1: 1.6
  2026-Q2: 1.2
"""


def test_a_previews_rebuilds_give_what_a_whole_build_gives(site: Site, tmp_path: Path) -> None:
    """As `serve` does, in this process: one plugin, a rebuild after each edit, rendering
    only what the edit touches. After each, every page is the page a whole preview build
    of the same files gives (built by `build.py build --preview` in its own process)."""
    cites = {0: 1, 1: 2, 2: 4, 3: 4, 4: 0}  # b3: cited by none, on the review's page
    for number, cited in cites.items():
        site.write(f"briefings/b{number}.md", briefing(
            f"Briefing {number}", published=f"2024-0{number + 1}-10",
            extra="reviews: [child-a]\n" if number == 3 else "",
            body=f"## What to do\n\nSee [[b{cited}]].\n"))
    site.write("reviews/child-a.md", review(body="## Findings\n\nSee [[b1]], [[b2#what-to-do]].\n"))
    site.write("briefings/later.md", briefing("Later briefing", published="2030-01-01"))
    site.write("content/working-together.md", "# Working together\n\nHow agencies share.\n")
    config_file = site.root / "mkdocs.yml"
    config_text = config_file.read_text(encoding="utf-8")
    preview = PreviewSession(config_file, tmp_path / "live")

    def same_as_a_whole_build(step: str) -> None:
        differ = preview.differences(tmp_path / "whole")
        assert not differ, f"after '{step}', the preview differs in {differ}"

    edits: list[tuple[str, Callable[[], object]]] = [
        ("retitle an item others cite", lambda: site.write("briefings/b1.md", briefing(
            "Briefing one renamed", published="2024-02-10", body="See [[b2]].\n"))),
        ("add an item", lambda: site.write("briefings/new.md", briefing(
            "New briefing", published="2025-01-10", body="See [[b0]].\n"))),
        ("delete an item that cites a review", lambda: (site.root / "briefings/b3.md").unlink()),
        ("make an item a draft", lambda: site.write("briefings/b4.md", briefing(
            "Briefing 4", published="2024-05-10", extra="status: draft\n"))),
        ("change an item's themes", lambda: site.write("briefings/b0.md", briefing(
            "Briefing 0", published="2024-01-10").replace("[neglect]", "[neglect, online-safety]"))),
        ("lift an embargo", lambda: site.write("briefings/later.md", briefing(
            "Later briefing", published="2026-11-01"))),
        ("retitle a page in the navigation", lambda: site.write(
            "content/working-together.md", "# Working together well\n\nHow agencies share.\n")),
        ("add a page to the navigation", lambda: site.write(
            "content/contacts.md", "# Contacts\n\nWho to call.\n")),
        ("delete that page", lambda: (site.root / "content/contacts.md").unlink()),
        ("give an item an old id", lambda: site.write("briefings/b4.md", briefing(
            "Briefing 4", published="2024-05-10", extra="aliases: [old-four]\n"))),
        ("take the old id away", lambda: site.write("briefings/b4.md", briefing(
            "Briefing 4", published="2024-05-10"))),
        ("rename an item, keeping its old id", lambda: (
            (site.root / "briefings/b0.md").unlink(),
            site.write("briefings/b-zero.md", briefing("Briefing 0", published="2024-01-10",
                                                       extra="aliases: [b0]\n")))),
        ("rename the review, keeping its old id", lambda: (
            (site.root / "reviews/child-a.md").unlink(),
            site.write("reviews/child-a-2023.md", review(extra="aliases: [child-a]\n")))),
        ("cite it by its old id", lambda: site.write("briefings/b2.md", briefing(
            "Briefing 2", published="2024-03-10", extra="reviews: [child-a]\n"))),
        ("retitle what cites it so", lambda: site.write("briefings/b2.md", briefing(
            "Briefing two", published="2024-03-10", extra="reviews: [child-a]\n"))),
        ("add a measure", lambda: site.write("dashboard/waiting.yml", MEASURE)),
        ("delete it", lambda: (site.root / "dashboard/waiting.yml").unlink()),
        ("choose the themes in mkdocs.yml", lambda: site.write("mkdocs.yml", with_plugin_option(
            config_text, "themes: {neglect: Neglect, online-safety: Online safety, extra: Extra}"))),
        ("take a theme out", lambda: site.write("mkdocs.yml", with_plugin_option(
            config_text, "themes: {neglect: Neglect, online-safety: Online safety}"))),
    ]
    untouched = preview.site_dir / "accessibility/index.html"
    new_preview = PreviewSession(config_file, tmp_path / "new-preview")
    try:
        preview.rebuild()
        same_as_a_whole_build("the first build")
        written = untouched.stat().st_mtime_ns
        for step, edit in edits:
            edit()
            preview.rebuild()
            same_as_a_whole_build(step)
            if step == edits[0][0]:  # an item's edit renders what shows it, not every page
                assert untouched.stat().st_mtime_ns == written
        # What search was given, page by page, is what a new preview gives it.
        new_preview.rebuild()
        assert preview.search_pages() == new_preview.search_pages()
    finally:
        preview.close()
        new_preview.close()


def test_a_preview_follows_pictures_and_files_that_come_and_go(site: Site,
                                                              tmp_path: Path) -> None:
    """A picture an item shows deleted: the rebuild stopped with MkDocs' traceback and
    every request hung. A picture added after the link to it: the error stayed until the
    item was saved again. An item restored from the bin with its old time: never shown
    again. Each rebuild now reads again what may link to a file that came or went."""
    import shutil

    picture = site.root / "briefings/chart.png"
    site.write("briefings/x.md", briefing(body="![A chart](chart.png)\n"))
    site.write("briefings/other.md", briefing("Other briefing", published="2024-02-01"))
    site.write_bytes("briefings/chart.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    preview = PreviewSession(site.root / "mkdocs.yml", tmp_path / "live")
    try:
        preview.rebuild()
        assert preview.differences(tmp_path / "whole") == []

        picture.rename(tmp_path / "chart.png")
        preview.rebuild()
        assert [d.message for d in preview.plugin.problems_now()] == [
            "broken link: 'chart.png' does not exist"]

        (tmp_path / "chart.png").rename(picture)
        preview.rebuild()
        assert preview.plugin.problems_now() == []
        assert preview.differences(tmp_path / "whole") == []

        # A review's full report renamed: the same, and the review says it is missing
        site.write("reviews/r.md", review(extra="report: r-report.pdf\n"))
        site.write_bytes("reviews/r-report.pdf", b"%PDF-1.4 report")
        preview.rebuild()
        assert preview.differences(tmp_path / "whole") == []
        (site.root / "reviews/r-report.pdf").rename(site.root / "reviews/r-full-report.pdf")
        preview.rebuild()
        assert [d.message for d in preview.plugin.problems_now()] == [
            "report 'r-report.pdf' does not exist"]
        (site.root / "reviews/r-full-report.pdf").rename(site.root / "reviews/r-report.pdf")
        preview.rebuild()
        assert preview.plugin.problems_now() == []
        assert preview.differences(tmp_path / "whole") == []

        other = site.root / "briefings/other.md"
        shutil.copy2(other, tmp_path / "other.md")  # with its time, as the bin keeps it
        other.unlink()
        preview.rebuild()
        assert not (tmp_path / "live/briefings/other/index.html").exists()
        shutil.copy2(tmp_path / "other.md", other)
        preview.rebuild()
        assert preview.differences(tmp_path / "whole") == []
    finally:
        preview.close()


def test_a_deleted_item_leaves_other_items_related_learning(site: Site, tmp_path: Path) -> None:
    """Related learning is otherwise left as it was in a preview: a deleted item stayed
    there, a link to a page that was gone."""
    site.write("briefings/a.md", briefing("Briefing A"))
    site.write("briefings/b.md", briefing("Briefing B", published="2024-02-01"))
    site.write("briefings/c.md", briefing("Briefing C", published="2024-03-01"))
    preview = PreviewSession(site.root / "mkdocs.yml", tmp_path / "live")
    try:
        preview.rebuild()
        page = tmp_path / "live/briefings/a/index.html"
        assert "Briefing B" in page.read_text(encoding="utf-8")
        (site.root / "briefings/b.md").unlink()
        preview.rebuild()
        assert "Briefing B" not in page.read_text(encoding="utf-8")
        assert "Briefing C" in page.read_text(encoding="utf-8")
    finally:
        preview.close()
