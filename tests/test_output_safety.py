"""`build` never harms the project: refused output folders, preview, signals, leftovers.

Also `serve`, which shows drafts, listens on this computer only unless told otherwise.
"""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import AS_OF, CONFIG, ROOT, Site, briefing, with_plugin_option
from safeguarding_learning.config import load_project
from safeguarding_learning.core.output_dir import refusal
from sites import populate

BUILD_PY = str(ROOT / "build.py")


def tree(folder: Path) -> dict[str, str]:
    """Every file (by its SHA-256) and folder under `folder`."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        found[rel] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
    return found


def dead_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


# --- 1. output folders that would replace the sources -------------------------------


@pytest.mark.parametrize(("folder", "shown", "reason"), [
    (".", ".", "is the project folder"),
    ("..", None, "holds the project folder"),
    ("briefings", "briefings", "is the briefings folder"),
    ("reviews", "reviews", "is the reviews folder"),
    ("content", "content", "is the folder of the site's own pages (docs_dir)"),
    ("content/x", "content/x", "is inside content/, the folder of the site's own pages (docs_dir)"),
    ("briefings/site", "briefings/site", "is inside briefings/, the briefings folder"),
    ("audits", "audits", "is the audits folder"),
    ("dashboard/out", "dashboard/out", "is inside dashboard/, the dashboard folder"),
])
def test_output_folder_over_the_sources_is_refused_and_nothing_touched(
        site: Site, monkeypatch: pytest.MonkeyPatch, folder: str, shown: str | None,
        reason: str) -> None:
    populate(site)
    site.write("audits/audit.md", "# An audit\n")
    site.write("dashboard/measures.csv", "measure,value\n")
    monkeypatch.chdir(site.root)  # -d is relative to where the command runs
    parent = site.root.parent
    before = tree(parent)
    result = site.build("-d", folder)
    assert result.exit_code == 2, result.err
    assert result.out == ""
    [line] = result.err.splitlines()
    assert line.startswith("error: will not build into "), line
    assert f"'{shown or parent}'" in line and f"it {reason}" in line, line
    assert tree(parent) == before


@pytest.mark.parametrize(("site_dir", "reason"), [
    ("briefings", "error: will not build into 'briefings': it is the briefings folder"),
    # MkDocs' own loader refuses this one first, in its own words
    ("content", "mkdocs.yml: error: Config value 'site_dir': The 'docs_dir' should not be "
                "within the 'site_dir'"),
])
def test_site_dir_in_mkdocs_yml_over_the_sources_is_refused(
        site: Site, site_dir: str, reason: str) -> None:
    populate(site)
    site.write("mkdocs.yml", CONFIG + f"site_dir: {site_dir}\n")
    parent = site.root.parent
    before = tree(parent)
    result = site.build()
    assert result.exit_code == 2
    [line] = result.err.splitlines()
    assert line.startswith(reason), line
    assert tree(parent) == before


def test_plain_mkdocs_build_over_the_sources_is_refused_too(site: Site) -> None:
    """The plugin asks the same question, so `mkdocs build` cannot replace the pages."""
    populate(site)
    site.write("mkdocs.yml", CONFIG + "site_dir: briefings\n")
    parent = site.root.parent
    before = tree(parent)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                             str(site.root / "mkdocs.yml")], capture_output=True, text=True,
                            timeout=120, cwd=site.root)
    assert result.returncode != 0
    assert "will not build into 'briefings'" in result.stderr
    assert tree(parent) == before


def test_plain_mkdocs_build_with_preview_set_never_writes_the_public_site(site: Site) -> None:
    """`preview: true` left in mkdocs.yml: `mkdocs build` would publish drafts to site/."""
    populate(site)
    site.write("mkdocs.yml", with_plugin_option(CONFIG, "preview: true"))

    def mkdocs_build(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", *args, "-f",
                               str(site.root / "mkdocs.yml")], capture_output=True, text=True,
                              timeout=120, cwd=site.root)

    refused = mkdocs_build()
    assert refused.returncode != 0
    assert "'preview: true' would write drafts and embargoed items into the public site " \
           "folder 'site/'" in refused.stderr
    assert not (site.root / "site").exists()
    assert mkdocs_build("-d", str(site.root / "site-preview")).returncode == 0
    assert (site.root / "site-preview/briefings/draft-briefing/index.html").is_file()


def test_refusal_allows_folders_beside_the_sources_and_refuses_one_holding_them(
        site: Site) -> None:
    site.write("mkdocs.yml", CONFIG.replace(
        "personal_data_allowlist", "briefings_dir: learning/briefings\n      "
        "personal_data_allowlist"))
    (site.root / "learning/briefings").mkdir(parents=True)
    project = load_project(site.root / "mkdocs.yml")
    for fine in ("site", "site-preview", "public/html", "../elsewhere"):
        assert refusal(project, site.root / fine) is None, fine
    held = refusal(project, site.root / "learning")
    assert held is not None and "holds learning/briefings/, the briefings folder" in held
    assert refusal(project, Path("/")) is not None
    assert "is a file" in (refusal(project, site.root / "mkdocs.yml") or "")


def _plain_mkdocs_build(site: Site) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                           str(site.root / "mkdocs.yml")], capture_output=True, text=True,
                          timeout=120, cwd=site.root)


# --- 1b. output folders holding what no build of ours wrote ------------------------


@pytest.mark.parametrize(("files", "named"), [
    ({"notes.txt": "My notes.\n"}, "notes.txt"),
    ({"photos/one.jpg": "a photo\n", "notes.txt": "My notes.\n"}, "notes.txt and photos/"),
    # a `_headers` of another site is not the mark of one of our builds
    ({"_headers": "/*\n  X-Frame-Options: DENY\n", "index.html": "<p>Mine</p>\n"},
     "_headers and index.html"),
])
def test_output_folder_holding_other_files_is_refused_and_left_as_it_was(
        site: Site, tmp_path: Path, files: dict[str, str], named: str) -> None:
    """A build replaces its output folder whole: a folder of someone's files is not one."""
    site.write("briefings/x.md", briefing())
    out = tmp_path / "mine"
    for rel, text in files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8")
    before = tree(tmp_path)
    result = site.build("-d", str(out))
    assert result.exit_code == 2, result.err
    [line] = result.err.splitlines()
    assert line.startswith(f"error: will not build into '{out}': it holds other files, "
                           f"such as {named}"), line
    assert "a new or empty folder" in line, line
    assert tree(tmp_path) == before


@pytest.mark.parametrize("holding", ["nothing", "an earlier build"])
def test_home_folder_is_refused_whatever_it_holds(
        site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, holding: str) -> None:
    """The home folder (here a stand-in in tmp_path, never the real one), and any folder
    holding it, is never an output folder."""
    home = tmp_path / "home" / "reader"
    home.mkdir(parents=True)
    if holding == "an earlier build":
        (home / "_headers").write_text("/*\n  Content-Security-Policy: default-src 'self'\n")
    monkeypatch.setenv("HOME", str(home))
    assert Path.home() == home  # the stand-in is what the build sees as home
    site.write("briefings/x.md", briefing())
    before = tree(tmp_path)
    for folder, reason in ((home, "is your home folder"),
                           (home.parent, f"holds your home folder ({home})")):
        result = site.build("-d", str(folder))
        assert result.exit_code == 2, result.err
        [line] = result.err.splitlines()
        assert line.startswith(f"error: will not build into '{folder}': it {reason}"), line
    assert tree(tmp_path) == before


@pytest.mark.parametrize(("folder", "named"), [
    ("plugins", "tool.py"),
    (".git", "HEAD and objects/"),
    ("notes/site", "draft.txt"),
])
def test_folder_of_the_project_holding_files_is_refused(
        site: Site, monkeypatch: pytest.MonkeyPatch, folder: str, named: str) -> None:
    """Folders of the project that no author writes in are not sources, but still not
    output folders while they hold files: the tool's own code, git's history."""
    site.write("briefings/x.md", briefing())
    site.write("plugins/tool.py", "print('the tool')\n")
    site.write(".git/HEAD", "ref: refs/heads/main\n")
    site.write(".git/objects/ab/cdef", "an object\n")
    site.write("notes/site/draft.txt", "not a site\n")
    monkeypatch.chdir(site.root)
    before = tree(site.root)
    result = site.build("-d", folder)
    assert result.exit_code == 2, result.err
    [line] = result.err.splitlines()
    assert line.startswith(f"error: will not build into '{folder}': it holds other files, "
                           f"such as {named}"), line
    assert tree(site.root) == before


@pytest.mark.parametrize("state", ["new", "empty", "an earlier build"])
def test_new_empty_and_earlier_build_folders_are_built_into(
        site: Site, tmp_path: Path, state: str) -> None:
    site.write("briefings/x.md", briefing())
    out = tmp_path / "out"
    if state == "empty":
        out.mkdir()
    elif state == "an earlier build":
        assert site.build("-d", str(out)).exit_code == 0
        (out / "briefings/gone").mkdir()
        (out / "briefings/gone/index.html").write_text("an old page\n")
    result = site.build("-d", str(out))
    assert result.exit_code == 0, result.err
    assert (out / "briefings/x/index.html").is_file()
    assert (out / "_headers").read_text().startswith("/*\n  Content-Security-Policy: ")
    assert not (out / "briefings/gone").exists()  # replaced whole, as before


def test_an_earlier_build_with_other_files_added_is_refused(site: Site, tmp_path: Path) -> None:
    """A build names what it wrote at its folder's top (at the end of `_headers`): notes
    or a deploy checkout's `.git` put there since are someone's, and stay."""
    site.write("briefings/x.md", briefing())
    out = tmp_path / "out"
    assert site.build("-d", str(out)).exit_code == 0
    (out / "my-notes.txt").write_text("keep\n")
    (out / ".git").mkdir()
    before = tree(out)
    result = site.build("-d", str(out))
    assert result.exit_code == 2
    assert "holds other files, such as .git/ and my-notes.txt" in result.err, result.err
    assert tree(out) == before


def test_a_headers_file_like_ours_does_not_make_a_folder_an_earlier_build(
        site: Site, tmp_path: Path) -> None:
    """One made by hand, with our first line but not the names a build writes."""
    site.write("briefings/x.md", briefing())
    out = tmp_path / "out"
    out.mkdir()
    (out / "_headers").write_text("/*\n  Content-Security-Policy: x\n")
    (out / "precious.txt").write_text("precious\n")
    result = site.build("-d", str(out))
    assert result.exit_code == 2
    assert "holds other files, such as _headers and precious.txt" in result.err, result.err
    assert (out / "precious.txt").read_text() == "precious\n"


def test_default_site_folder_builds_twice_in_a_row(site: Site) -> None:
    site.write("briefings/x.md", briefing())
    for _ in range(2):
        result = site.build()
        assert result.exit_code == 0, result.err
    assert (site.root / "site/briefings/x/index.html").is_file()


def test_plain_mkdocs_build_into_a_folder_of_other_files_is_refused(
        site: Site, tmp_path: Path) -> None:
    """site_dir in mkdocs.yml, built by `mkdocs build`: the plugin asks the same question."""
    site.write("briefings/x.md", briefing())
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("My notes.\n")
    site.write("mkdocs.yml", CONFIG + f"site_dir: {out}\n")
    before = tree(tmp_path / "mine")
    refused = _plain_mkdocs_build(site)
    assert refused.returncode != 0
    assert "holds other files, such as notes.txt" in refused.stderr
    assert tree(out) == before
    (out / "notes.txt").unlink()
    for _ in range(2):  # then into the empty folder, and again over that build
        done = _plain_mkdocs_build(site)
        assert done.returncode == 0, done.stderr
    assert (out / "briefings/x/index.html").is_file()


# --- 2. preview ---------------------------------------------------------------------


def test_preview_is_written_to_site_preview_not_the_public_site(site: Site) -> None:
    populate(site)
    result = site.build("--preview")
    assert result.exit_code == 0, result.err
    assert "Draft preview." in site.html("briefings/draft-briefing/index.html", "site-preview")
    assert not (site.root / "site").exists()


def test_a_public_site_folder_named_site_preview_is_not_previewed_over(site: Site) -> None:
    """site_dir: site-preview, and `build --preview` without -d: its own default."""
    populate(site)
    site.write("mkdocs.yml", CONFIG + "site_dir: site-preview\n")
    result = site.build("--preview")
    assert result.exit_code == 2
    assert result.err.startswith("error: will not build a preview into 'site-preview': it is "
                                 "the public site folder (site_dir)")
    assert "give the public site another folder in mkdocs.yml (site_dir), or build the " \
           "preview elsewhere with -d" in result.err
    assert "leave out -d" not in result.err


@pytest.mark.parametrize(("config", "folder"), [
    ("", "site"),
    ("", "site/preview"),
    ("site_dir: public\n", "public"),
])
def test_preview_into_the_public_site_is_refused(
        site: Site, monkeypatch: pytest.MonkeyPatch, config: str, folder: str) -> None:
    populate(site)
    site.write("mkdocs.yml", CONFIG + config)
    public = config.removeprefix("site_dir: ").strip() or "site"
    site.write(f"{public}/index.html", "<p>The public site, as deployed.</p>\n")
    monkeypatch.chdir(site.root)
    before = tree(site.root.parent)
    result = site.build("--preview", "-d", folder)
    assert result.exit_code == 2, result.err
    [line] = result.err.splitlines()
    assert line.startswith(f"error: will not build a preview into '{folder}': it "), line
    assert "the public site folder (site_dir)" in line
    assert tree(site.root.parent) == before
    # the absolute path is the same folder
    assert site.build("--preview", "-d", str(site.root / folder)).exit_code == 2
    assert tree(site.root.parent) == before


# --- 3. and 4. staging folders, Ctrl-C and SIGTERM ---------------------------------


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A few hundred briefings, so that a build takes a few seconds; built once."""
    site = Site(tmp_path_factory.mktemp("big") / "project")
    site.write("mkdocs.yml", CONFIG)
    site.write("content/index.md", "# Test partnership\n\nWelcome.\n")
    site.write("content/accessibility.md", "# Accessibility statement\n\nWe aim for AA.\n")
    text = "Talk about safer sleep at every contact, and record what you saw and heard.\n\n"
    for number in range(300):
        body = "".join(f"## Part {part}\n\n{text}" for part in range(6))
        site.write(f"briefings/briefing-{number:04d}.md",
                   briefing(f"Briefing {number}", body=body))
    result = site.build()
    assert result.exit_code == 0, result.err
    return site


def _wait_for_moment(process: subprocess.Popen, root: Path, tmp: Path, moment: str) -> None:
    """Wait until the build is converting pages, or until Pagefind is indexing them."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "the build ended before it could be stopped"
        staging = list(root.glob(f".site-building-{process.pid}-*"))
        search = list(tmp.glob(f"safeguarding-search-{process.pid}-*"))
        if staging and search and (moment == "converting" or (staging[0] / "pagefind").exists()):
            return
        time.sleep(0.01)
    raise AssertionError(f"the build never reached {moment}")


@pytest.mark.parametrize("moment", ["converting", "indexing"])
@pytest.mark.parametrize(("signum", "code", "name"), [
    (signal.SIGTERM, 143, "SIGTERM"), (signal.SIGINT, 130, "Ctrl-C")])
def test_a_stopped_build_leaves_the_previous_site_and_nothing_beside_it(
        big_site: Site, tmp_path: Path, signum: int, code: int, name: str,
        moment: str) -> None:
    root = big_site.root
    site_before, root_before = tree(root / "site"), sorted(os.listdir(root))
    tmp = tmp_path / "tmp"  # the build's own temp folder, so what it leaves is exact
    tmp.mkdir()
    process = subprocess.Popen(
        [sys.executable, BUILD_PY, "build", "--as-of", AS_OF, "-f", str(root / "mkdocs.yml")],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "TMPDIR": str(tmp), "PYTHONUNBUFFERED": "1"})
    try:
        _wait_for_moment(process, root, tmp, moment)
        process.send_signal(signum)
        err = process.communicate(timeout=60)[1]
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == code, err
    assert err.splitlines() == [
        f"build stopped ({name}): nothing was written; site/ is as it was"], err
    assert tree(root / "site") == site_before
    assert sorted(os.listdir(root)) == root_before  # no .site-building-*, no .site-old-*
    assert os.listdir(tmp) == []  # no safeguarding-search-<pid>-*


@pytest.fixture
def live_pid() -> Iterator[int]:
    process = subprocess.Popen(["sleep", "60"])
    yield process.pid
    process.kill()
    process.wait()


def test_leftovers_of_killed_builds_are_removed_and_running_builds_kept(
        site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, live_pid: int) -> None:
    temp = tmp_path / "tmp"
    monkeypatch.setattr(tempfile, "tempdir", str(temp))  # the search index's staging
    dead = dead_pid()
    gone = [f".site-building-{dead}-abc123", f".site-old-{dead}"]
    kept = [f".site-building-{live_pid}-abc123", f".site-old-{live_pid}",
            ".site-building-notes", f".site-preview-building-{dead}-abc123"]
    search_gone, search_kept = f"safeguarding-search-{dead}-x1", f"safeguarding-search-{live_pid}-x1"
    for name in gone + kept:
        site.write(f"{name}/index.html", "left behind\n")
    for name in (search_gone, search_kept):
        site.write_bytes(f"../tmp/{name}/briefings/x/index.html", b"left behind\n")
    result = site.build()
    assert result.exit_code == 0, result.err
    for name in gone:
        assert not (site.root / name).exists(), name
    for name in kept:
        assert (site.root / name / "index.html").is_file(), name
    assert not (temp / search_gone).exists()
    assert (temp / search_kept / "briefings/x/index.html").is_file()
    assert sorted(os.listdir(temp)) == [search_kept]  # and the build's own is gone


def test_site_of_a_build_killed_between_its_two_renames_is_put_back(site: Site) -> None:
    populate(site)
    assert site.build().exit_code == 0
    before = tree(site.root / "site")
    (site.root / "site").rename(site.root / f".site-old-{dead_pid()}")
    site.write("briefings/broken.md", "---\ntitle: [broken\n---\n")
    assert site.build().exit_code == 1  # even a failed build puts it back
    assert tree(site.root / "site") == before
    assert not [p for p in site.root.iterdir() if p.name.startswith(".site")]


# --- 5. serve -----------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _listening_addresses(port: int) -> set[str]:
    """The addresses listening on `port`, read from the kernel (/proc/net/tcp, tcp6)."""
    found = set()
    for table, family in (("tcp", socket.AF_INET), ("tcp6", socket.AF_INET6)):
        path = Path("/proc/net") / table
        if not path.exists():
            continue
        for row in path.read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, hex_port = local.split(":")
            if state != "0A" or int(hex_port, 16) != port:  # 0A: LISTEN
                continue
            raw = bytes.fromhex(address)  # the kernel's words, each in host (little) order
            raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
            found.add(socket.inet_ntop(family, raw))
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux's /proc/net")
def test_serve_listens_on_this_computer_only_whatever_mkdocs_yml_says(site: Site) -> None:
    port = _free_port()
    site.write("mkdocs.yml", CONFIG + f"dev_addr: 0.0.0.0:{port}\n")
    process = subprocess.Popen(
        [sys.executable, BUILD_PY, "serve", "--as-of", AS_OF, "-f", str(site.root / "mkdocs.yml")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, "serve ended"
                assert time.monotonic() < deadline, "serve never listened"
                time.sleep(0.2)
        assert _listening_addresses(port) == {"127.0.0.1"}
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_an_output_folder_with_a_long_name_builds(site: Site, tmp_path: Path) -> None:
    """A 250-character folder name is a valid one; the staging folder beside it, named
    after it, went over a file name's 255 bytes and the build stopped with an internal
    error. Built twice, so that the old site is set aside and removed under that name."""
    site.write("briefings/x.md", briefing())
    out = tmp_path / "outputs" / ("s" * 250)
    for _ in range(2):
        result = site.build("-d", str(out))
        assert result.exit_code == 0, result.err
    assert (out / "briefings/x/index.html").exists()
    assert [entry.name for entry in out.parent.iterdir()] == [out.name]


def test_an_output_folder_that_cannot_be_written_says_so(site: Site, tmp_path: Path) -> None:
    """A plain error naming the folder, not an internal one (a file stands where the
    output's parent folder would be made)."""
    site.write("briefings/x.md", briefing())
    (tmp_path / "taken").write_text("a file, not a folder\n", encoding="utf-8")
    result = site.build("-d", str(tmp_path / "taken" / "site"))
    assert result.exit_code == 2
    assert "error: cannot write the site beside" in result.err
    assert "internal error" not in result.err
