"""Where a build may write, and tidying up after builds that were killed.

A build replaces its output folder entirely, so an output folder that is, holds or sits
inside the project's sources would destroy them; so would one holding anything else but an
earlier build (the home folder above all, whatever it holds). `refusal` says why such a
folder is refused; the command line and the MkDocs plugin both ask it before writing
anything.

Builds write into staging folders named with their process id. A folder whose process
no longer runs was left by a build that was killed, and can be removed; one whose
process still runs belongs to a build in progress and is never touched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from .project import Project

#: Where `build --preview` writes by default, beside mkdocs.yml.
PREVIEW_DIR_NAME = "site-preview"


def default_output(project: Project, preview: bool) -> Path:
    """The output folder when none is given: the public site_dir, or site-preview/."""
    return project.root / PREVIEW_DIR_NAME if preview else project.site_dir


def source_folders(project: Project) -> list[tuple[str, Path]]:
    """Folders authors write in, each with how to describe it to them."""
    root = project.root
    return [
        ("the folder of the site's own pages (docs_dir)", project.docs_dir),
        ("the briefings folder", project.briefings_dir),
        ("the reviews folder", project.reviews_dir),
        # not every project version has these yet: the usual names stand in
        ("the audits folder", getattr(project, "audits_dir", root / "audits")),
        ("the dashboard folder", getattr(project, "dashboard_dir", root / "dashboard")),
    ]


#: The file every build writes at the top of its output (`site.security.headers_file`),
#: and how it starts: what marks a folder as an earlier build, which a build may replace.
BUILD_MARK = "_headers"
BUILD_MARK_START = b"/*\n  Content-Security-Policy: "
#: The comment at the end of that file naming what the build wrote at the folder's top
#: (`site.security.headers_file`): anything else there is someone's, and stays.
BUILD_NAMES = "# written by this build: "
#: How many of the files in the way a refusal names.
NAMED_IN_THE_WAY = 3


def refusal(project: Project, target: Path, *, preview: bool = False,
            chosen: bool = True, replacing: bool = True) -> str | None:
    """Why `target` must not be an output folder, in plain English; None if it may be.

    Refused: a file; the home folder or any folder holding it; the project folder or any
    folder holding it; any source folder, any folder inside one or holding one. With
    `preview`, also the public site folder, so that drafts and embargoed items can never
    be published by mistake. `chosen`: the folder was given (-d), rather than the
    preview's own default. With `replacing` (a build, not MkDocs' `serve`, which builds
    again and again into a temporary folder of its own), also a folder that holds
    anything but an earlier build.
    """
    target = target.resolve()
    shown = _shown(project, target)
    if target.is_file():
        return f"the output folder '{shown}' is a file, not a folder; choose another folder"
    home = _home()
    if home is not None and (target == home or target in home.parents):
        what = "is your home folder" if target == home else f"holds your home folder ({home})"
        return _refused(shown, what)
    root = project.root.resolve()
    if target == root or target in root.parents:
        what = "is" if target == root else "holds"
        return _refused(shown, f"{what} the project folder (where mkdocs.yml is)")
    for label, folder in source_folders(project):
        reason = _overlap(target, folder.resolve(), label, project)
        if reason:
            return _refused(shown, reason)
    if preview:
        reason = _overlap(target, project.site_dir.resolve(), "the public site folder "
                          "(site_dir), and a preview includes drafts and embargoed items",
                          project)
        if reason:
            fix = (f"leave out -d to use {PREVIEW_DIR_NAME}/" if chosen else
                   "give the public site another folder in mkdocs.yml (site_dir), or build "
                   "the preview elsewhere with -d")
            return f"will not build a preview into '{shown}': it {reason}; {fix}"
    return _holding_refusal(target, shown) if replacing else None


def earlier_build_names(folder: Path) -> set[str] | None:
    """The names an earlier build wrote at the top of `folder`, from its own mark there;
    None if `folder` holds no build of ours (or one made before builds named them)."""
    mark = folder / BUILD_MARK
    try:
        if mark.is_symlink() or not mark.is_file():
            return None
        text = mark.read_bytes()
    except OSError:
        return None
    if not text.startswith(BUILD_MARK_START):
        return None
    last = text.decode("utf-8", "replace").rstrip("\n").rpartition("\n")[2]
    if not last.startswith(BUILD_NAMES):
        return None
    try:
        names = json.loads(last[len(BUILD_NAMES):])
    except ValueError:
        return None
    return {name for name in names if isinstance(name, str)} if isinstance(names, list) else None


def _holding_refusal(folder: Path, shown: str) -> str | None:
    """Why a build must not replace `folder`, for what it holds; None if it is missing,
    empty, or holds an earlier build and nothing else."""
    try:
        names = sorted(os.listdir(folder))
    except (FileNotFoundError, NotADirectoryError):  # nothing there (yet) to lose
        return None
    except OSError as exc:  # what it holds cannot be seen, so neither can it be nothing
        return (f"will not build into '{shown}': what it holds cannot be read "
                f"({exc.strerror}); build into a new or empty folder")
    built = earlier_build_names(folder) or set()
    others = [name for name in names if name not in built]
    if not others:
        return None
    named = [name + "/" if (folder / name).is_dir() and not (folder / name).is_symlink()
             else name for name in others[:NAMED_IN_THE_WAY]]
    return (f"will not build into '{shown}': it holds other files, such as {_listed(named)}, "
            "and a build replaces everything in its output folder; build into a new or "
            "empty folder, or move those files out first")


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _home() -> Path | None:
    """The user's home folder, resolved; None if the system cannot say."""
    try:
        return Path.home().resolve()
    except (RuntimeError, KeyError, OSError):
        return None


def _overlap(target: Path, folder: Path, label: str, project: Project) -> str | None:
    if target == folder:
        return f"is {label}"
    if folder in target.parents:
        return f"is inside {_shown(project, folder)}/, {label}"
    if target in folder.parents:
        return f"holds {_shown(project, folder)}/, {label}"
    return None


def _refused(shown: str, reason: str) -> str:
    return (f"will not build into '{shown}': it {reason}, and a build replaces everything "
            "in its output folder; choose another folder, such as site/")


def _shown(project: Project, path: Path) -> str:
    return project.relative(path) if path != project.root else "."


# --- staging folders of builds that were killed ------------------------------------


def process_is_running(pid: int) -> bool:
    """Whether a process with this id exists (of any user: then we may not signal it)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def remove_stale(folder: Path, pattern: re.Pattern[str]) -> list[Path]:
    """Remove the folders in `folder` whose name matches `pattern` and whose process is gone.

    `pattern` must capture the owning process id as the group `pid`. Only our own
    folders are candidates (the system temp folder is shared by every user).
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None or not _own_folder(entry):
            continue
        if not process_is_running(int(match.group("pid"))):
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(Path(entry.path))
    return removed


def _own_folder(entry: os.DirEntry) -> bool:
    try:
        if not entry.is_dir(follow_symlinks=False):
            return False
        return not hasattr(os, "getuid") or entry.stat(follow_symlinks=False).st_uid == os.getuid()
    except OSError:
        return False
