"""`check` keeps what each file gave (ReadStore) and reads again only what changed, with
the report a check from scratch gives; a store it did not make is never trusted."""

from __future__ import annotations

import contextlib
import os
import pickle
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT, Site, briefing, new_site, review
from safeguarding_learning.config import load_project
from safeguarding_learning.core import load_corpus, read_store
from safeguarding_learning.core.read_cache import ReadCache
from safeguarding_learning.core.read_store import ReadStore
from sites import PDF, populate
from stores import check_from_scratch, check_with_store

AS_OF = date(2026, 11, 26)


@pytest.fixture
def stored_site(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Site:
    """The fixture site, with stores (in a cache folder of its own) from its first file."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(read_store, "STORE_FROM", 1)
    return populate(site)


def every_file_read(cache: ReadCache) -> bool:
    return cache.read_now == set(cache.entries())


def store_file(site: Site) -> Path:
    store = ReadStore.for_project(load_project(site.root / "mkdocs.yml"))
    assert store is not None
    return store.path


def test_a_second_check_reads_again_only_the_file_that_changed(stored_site: Site) -> None:
    """Unchanged files come from the store; an edited one is read, and the report is the
    one a check from scratch gives."""
    first, cache = check_with_store(stored_site)
    assert every_file_read(cache) and first == check_from_scratch(stored_site)
    again, cache = check_with_store(stored_site)
    assert cache.read_now == set() and again == first
    edited = stored_site.write("briefings/older-briefing.md", briefing(
        "Older briefing", "2019-03-01", body="See [[no-such-item]].\n"))
    after_edit, cache = check_with_store(stored_site)
    assert cache.read_now == {edited}
    assert after_edit == check_from_scratch(stored_site) != first
    assert any("no-such-item" in line for line in after_edit)


def test_an_edit_that_keeps_the_size_and_the_time_is_still_seen(stored_site: Site) -> None:
    """A tool that puts back the old modification time (a restore, `cp -p`) on a file of
    the same size: the status-change time and inode say it changed."""
    path = stored_site.write("briefings/older-briefing.md", briefing(
        "Older briefing", "2019-03-01", body="Read [[child-a]].\n"))
    check_with_store(stored_site)
    before = path.stat()
    path.write_text(path.read_text().replace("[[child-a]]", "[[child-b]]"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    report, cache = check_with_store(stored_site)
    assert path in cache.read_now
    assert any("child-b" in line for line in report)
    assert report == check_from_scratch(stored_site)


def test_a_file_that_appears_or_goes_means_every_file_is_read(stored_site: Site) -> None:
    """A check of one file depends on others existing: a picture that goes is missed by
    the briefing that shows it, and found again when it comes back."""
    check_with_store(stored_site)
    picture = stored_site.root / "briefings/chart.png"
    data = picture.read_bytes()
    picture.unlink()
    gone, cache = check_with_store(stored_site)
    assert cache.cleared and every_file_read(cache)
    assert any("chart.png" in line for line in gone)
    picture.write_bytes(data)
    back, cache = check_with_store(stored_site)
    assert cache.cleared and not any("chart.png" in line for line in back)
    assert back == check_from_scratch(stored_site)


def test_a_report_emptied_is_seen_though_no_markdown_changed(stored_site: Site) -> None:
    """The size of each file other than Markdown is part of what a stored read depends on."""
    first, _ = check_with_store(stored_site)
    (stored_site.root / "reviews/child-a-report.pdf").write_bytes(b"")
    report, cache = check_with_store(stored_site)
    assert every_file_read(cache) and report != first
    assert report == check_from_scratch(stored_site)
    assert any("child-a-report.pdf" in line for line in report)


def test_links_to_a_page_emptied_or_a_project_file_deleted_are_seen(stored_site: Site) -> None:
    """A link to another page that became empty, or to a file of the project's own folder
    (outside the folders of content) that was deleted: the linking file was not edited."""
    stored_site.write("NOTES.txt", "Notes for editors.\n")
    stored_site.write("briefings/older-briefing.md", briefing(
        "Older briefing", "2019-03-01",
        body="See [the other](public-briefing.md) and [notes](../NOTES.txt).\n"))
    first, _ = check_with_store(stored_site)
    assert first == check_from_scratch(stored_site)
    (stored_site.root / "briefings/public-briefing.md").write_text("")
    emptied, _ = check_with_store(stored_site)
    assert emptied == check_from_scratch(stored_site)
    assert any("older-briefing.md" in line and "empty file" in line for line in emptied)
    (stored_site.root / "NOTES.txt").unlink()
    deleted, _ = check_with_store(stored_site)
    assert deleted == check_from_scratch(stored_site)
    assert any("older-briefing.md" in line and "NOTES.txt" in line for line in deleted)


def test_a_changed_setting_means_every_file_is_read(stored_site: Site) -> None:
    """Settings change what a file's checks find (here, which phone number is allowed)."""
    stored_site.write("briefings/older-briefing.md", briefing(
        "Older briefing", "2019-03-01", body="Call 0113 496 0000 for advice.\n"))
    first, _ = check_with_store(stored_site)
    assert not any("0113 496 0000" in line for line in first)
    config = stored_site.root / "mkdocs.yml"
    config.write_text(config.read_text().replace(", 0113 496 0000", ""))
    report, cache = check_with_store(stored_site)
    assert every_file_read(cache)
    assert any("older-briefing.md" in line and "phone" in line for line in report)
    assert report == check_from_scratch(stored_site)


def test_a_store_others_may_write_to_is_not_read(stored_site: Site) -> None:
    check_with_store(stored_site)
    store_file(stored_site).chmod(0o666)
    _, cache = check_with_store(stored_site)
    assert every_file_read(cache)


def _call(module: str, name: str, argument: str) -> bytes:
    """A pickle (protocol 4) that calls module.name(argument) when read: what someone who
    could write a store might put in it."""
    def text(value: str) -> bytes:
        return b"\x8c" + bytes([len(value)]) + value.encode()
    return b"\x80\x04" + text(module) + text(name) + b"\x93" + text(argument) + b"\x85R."


@pytest.mark.parametrize("module, name", [
    (os.system.__module__, "system"),
    ("safeguarding_learning.core.read_store", "os.system"),  # reached through our module
    ("safeguarding_learning.core.modeh", "Thing"),  # a flipped bit: no such module
])
def test_a_planted_store_cannot_run_code(stored_site: Site, tmp_path: Path,
                                         module: str, name: str) -> None:
    """Reading a store makes only this package's classes, paths and dates: a result that
    would call anything else makes the whole store ignored, and every file read."""
    first, _ = check_with_store(stored_site)
    if module != "safeguarding_learning.core.modeh":  # as any unpickler reads it, it runs
        pickle.loads(_call(module, name, f"touch {tmp_path / 'live'}"))
        assert (tmp_path / "live").exists()
    marker = tmp_path / "code-ran"
    with contextlib.closing(sqlite3.connect(store_file(stored_site))) as db, db:
        db.execute("UPDATE reads SET result = ?", (_call(module, name, f"touch {marker}"),))
    report, cache = check_with_store(stored_site)
    assert not marker.exists()
    assert every_file_read(cache) and report == first


def test_a_change_made_while_check_reads_is_seen_by_the_next(stored_site: Site) -> None:
    """What a stored read depends on is noted as the check begins: a picture emptied while
    it reads, after the file linking to it was read, was otherwise never seen again."""
    project = load_project(stored_site.root / "mkdocs.yml")
    store, cache = ReadStore.for_project(project), ReadCache()
    assert store is not None
    store.fill(cache)
    load_corpus(project, AS_OF, cache)
    (stored_site.root / "briefings/chart.png").write_bytes(b"")  # before the store is saved
    store.save(cache)
    report, cache = check_with_store(stored_site)
    assert any("chart.png" in line and "empty file" in line for line in report)
    assert report == check_from_scratch(stored_site)


def test_a_broken_store_is_replaced(stored_site: Site) -> None:
    first, _ = check_with_store(stored_site)
    store_file(stored_site).write_bytes(b"not a database" * 100)
    report, cache = check_with_store(stored_site)
    assert every_file_read(cache) and report == first
    _, cache = check_with_store(stored_site)
    assert cache.read_now == set()


def _run_check(project: Path, cache_home: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "check", "--as-of", "2026-11-26",
         "-f", str(project / "mkdocs.yml"), *args],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "XDG_CACHE_HOME": str(cache_home)})


def test_check_keeps_a_large_projects_reads_in_the_users_cache_folder(tmp_path: Path) -> None:
    """From 1,000 files: the store is made in the cache folder, never in the project, for
    this user alone; the next check, and one with --no-cache, report exactly the same."""
    site = new_site(tmp_path / "project")
    for number in range(read_store.STORE_FROM):
        site.write(f"briefings/b{number:04}.md", briefing(f"Briefing {number}"))
    site.write("reviews/child-a.md", review(extra="report: child-a-report.pdf\n"))
    site.write_bytes("reviews/child-a-report.pdf", PDF)
    site.write("briefings/b0007.md", briefing("Briefing 7", body="See [[child-b]].\n"))
    cache_home = tmp_path / "cache"
    first = _run_check(site.root, cache_home)
    assert first.returncode == 1 and "child-b" in first.stdout
    stores = list((cache_home / "safeguarding-learning").glob("*.sqlite"))
    assert len(stores) == 1 and stores[0].stat().st_mode & 0o077 == 0
    assert not [path for path in site.root.rglob("*") if "sqlite" in path.name]
    again = _run_check(site.root, cache_home)
    without = _run_check(site.root, cache_home, "--no-cache")
    for later in (again, without):
        assert (later.returncode, later.stdout, later.stderr) == (
            first.returncode, first.stdout, first.stderr)
    site.write("briefings/b0007.md", briefing("Briefing 7"))
    fixed = _run_check(site.root, cache_home, "--format", "json")
    assert fixed.returncode == 0 and fixed.stdout.strip() == "[]"


def test_check_of_a_small_project_keeps_nothing(site: Site, tmp_path: Path) -> None:
    populate(site)
    result = _run_check(site.root, tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "cache").exists()
