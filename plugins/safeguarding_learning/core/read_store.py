"""What reading each file gave, kept on disk between runs of `check` on a large project.

Reading and checking each file is most of `check`'s time (2.7 s at 5,000 items); the
checks that need every item take a tenth of it. A `ReadStore` keeps each file's result
(as a live preview's `ReadCache` does between rebuilds) so that the next `check` reads
again only what changed. `build` never uses it: a public build reads every file itself.

Where: one SQLite file per project in the user's cache folder (`$XDG_CACHE_HOME` or
`~/.cache`, then `safeguarding-learning/`), never in the project, so nothing a pull
request adds can be taken for it. It is only read if this user owns it and nobody else
may write to it, and it can only make the core's own classes, paths and dates: a planted
file cannot run code. It holds the text of every item, drafts and embargoed ones
too, as the project does: it is private to the user, and stores unused for 30 days are
removed.

Whether a stored result still holds: its file's size, times and inode are the same (as
`ReadCache` judges), the set of files is the same (a check of one file may depend on
another existing: every file of docs_dir, the item folders and the dashboard's, through
linked folders too), and nothing else it depended on changed: this package's code, Python
and the libraries installed with it, the project's settings, the size of each file other
than Markdown (an empty report is an error), which Markdown files are empty, where each
symbolic link leads, the files and folders directly in the project's folder, and the
templates there are. All of that is noted as the check begins, so that a change made
while it reads is seen by the next. If any of it changed, everything is read again. Not
followed: a link from an item to a file elsewhere outside those folders
(`../../notes/x.txt`, a report in `reports/`) is judged as when the item was last read,
and so is a link to an empty folder; `check --no-cache` judges them now.
"""

from __future__ import annotations

import contextlib
import copyreg
import functools
import hashlib
import io
import os
import pickle
import sqlite3
import stat
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath
from typing import Any

import markdown
import yaml

from .collector import collector_paused
from .files import MARKDOWN_SUFFIXES
from .project import Project
from .read_cache import ReadCache

#: Files (items, pages and the files they may link to) from which a store pays: below,
#: `check` takes well under 1 s.
STORE_FROM = 1000
#: Stores not used for this long are removed when another is saved.
UNUSED_FOR = 30 * 24 * 3600
#: Bumped when what is stored changes shape.
FORMAT = 1
_PACKAGE = Path(__file__).resolve().parents[1]


def cache_folder() -> Path | None:
    """Where stores live: the user's cache folder, as the XDG convention says (which
    ignores a relative XDG_CACHE_HOME); None if the user has no home folder."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):  # no HOME, and none in the password database
            return None
    return Path(base) / "safeguarding-learning"


class ReadStore:
    """One project's stored reads: `fill` a ReadCache before a load, `save` it after."""

    def __init__(self, path: Path, project: Project) -> None:
        self.path = path
        self.project = project
        self._matched = False  # the stored reads were made under the same conditions
        #: The files and the fingerprint of the conditions when the load began: what the
        #: reads depend on as they were when read, not as they are when saved.
        self._fingerprint: tuple[frozenset[Path], str] | None = None
        # What the names _stored_path and _stored_markdown stand for when read back.
        self._shared: dict[str, Callable[..., Any]] = {
            _stored_path.__name__: functools.partial(_shared_path, {}),
            _stored_markdown.__name__: functools.partial(_same, project.markdown)}

    @classmethod
    def for_project(cls, project: Project) -> ReadStore | None:
        """The project's store (nothing is made on disk until it is saved), or None if
        there is no cache folder."""
        folder = cache_folder()
        if folder is None:
            return None
        name = hashlib.sha256(str(project.config_file.resolve()).encode()).hexdigest()[:24]
        return cls(folder / f"{name}.sqlite", project)

    def fill(self, cache: ReadCache) -> None:
        """Put the stored reads into `cache`, if they were made under the same conditions.
        A store that cannot be read is as good as none."""
        cache.on_start = self._conditions_at_start
        if not (self.path.is_file() and _private(self.path.parent) and _private(self.path)):
            return
        try:
            with _open(self.path) as db, collector_paused():
                files = self._load(db.execute("SELECT value FROM meta WHERE name = 'files'")
                                   .fetchone()[0])
                stored = db.execute("SELECT value FROM meta WHERE name = 'fingerprint'")
                self._fingerprint = (files, _fingerprint(self.project, files))
                if stored.fetchone()[0] != self._fingerprint[1]:
                    return
                entries = {Path(path): ((mtime, size, ctime, inode), self._load(result))
                           for path, mtime, size, ctime, inode, result
                           in db.execute("SELECT * FROM reads")}
        except Exception:  # damaged in any way (a flipped bit can name a missing module)
            return
        cache.restore(files, entries)
        self._matched = True

    def _conditions_at_start(self, files: frozenset[Path]) -> None:
        if self._fingerprint is None or self._fingerprint[0] != files:
            self._fingerprint = (files, _fingerprint(self.project, files))

    def save(self, cache: ReadCache) -> None:
        """Store what `cache` read in this load, if the project is large enough to gain:
        everything, if the stored reads did not match or the files changed; only the files
        read again otherwise."""
        if len(cache.files) < STORE_FROM:
            return
        everything = not self._matched or cache.cleared
        written = cache.entries() if everything else cache.read_now_entries()
        if not written and not everything:
            _touch(self.path)  # in use: not to be removed as unused
            return
        with collector_paused():  # pickling makes many objects, though none for long
            rows = [(str(path), *key, self._dump(result))
                    for path, (key, result) in written.items()]
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not _private(self.path.parent):
                return
            if everything:
                self.path.unlink(missing_ok=True)
            fingerprint = self._fingerprint[1] if self._fingerprint is not None and \
                self._fingerprint[0] == cache.files else _fingerprint(self.project, cache.files)
            with _open(self.path) as db, db:  # one transaction
                if everything:
                    # Results are 15 KB on average: pages of 64 KB read them back in half
                    # the time that the default 4 KB, chained page to page, took.
                    db.execute("PRAGMA page_size = 65536")
                    db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value)")
                    db.execute("CREATE TABLE reads (path TEXT PRIMARY KEY, mtime INTEGER, "
                               "size INTEGER, ctime INTEGER, inode INTEGER, result BLOB)")
                    db.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (fingerprint,))
                    db.execute("INSERT INTO meta VALUES ('files', ?)",
                               (self._dump(cache.files),))
                elif db.execute("SELECT value FROM meta WHERE name = 'fingerprint'"
                                ).fetchone() != (fingerprint,):
                    return  # another check stored reads of other conditions meanwhile
                db.executemany("INSERT OR REPLACE INTO reads VALUES (?, ?, ?, ?, ?, ?)", rows)
            os.chmod(self.path, 0o600)
        except (sqlite3.Error, OSError):
            return
        _remove_unused(self.path.parent, keep=self.path)

    def _dump(self, value: Any) -> bytes:
        out = io.BytesIO()
        _Pickler(out, self.project).dump(value)
        return out.getvalue()

    def _load(self, data: bytes) -> Any:
        return _Unpickler(io.BytesIO(data), self._shared).load()


class _Pickler(pickle.Pickler):
    """Stores by name what is shared: the project's Markdown settings, which every item
    would otherwise get a copy of (they are compared by identity), and paths, each of
    which is then made once when read back (a file's path, its resolved path, and its
    place in the list of files are mostly the same). A dispatch table, not a
    `persistent_id`, so that nothing runs for each of the million other objects."""

    def __init__(self, file: io.BytesIO, project: Project) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        markdown_settings = project.markdown

        def shared_markdown(settings: Any) -> Any:
            if settings is markdown_settings:
                return _stored_markdown, ()
            return settings.__reduce_ex__(pickle.HIGHEST_PROTOCOL)

        self.dispatch_table = {
            **copyreg.dispatch_table, type(markdown_settings): shared_markdown,
            type(project.root): lambda path: (_stored_path, (str(path),))}


def _stored_path(text: str) -> Path:
    """Named in the store for a path (the unpickler makes each once)."""
    raise NotImplementedError


def _stored_markdown() -> Any:
    """Named in the store for the project's Markdown settings."""
    raise NotImplementedError


def _same(value: Any) -> Any:
    return value


#: What a store may make besides the core's own classes.
_ALLOWED = {("datetime", "date")}


class _Unpickler(pickle.Unpickler):
    """Makes only the core's own classes (data: none does anything when made), paths and
    dates. Nothing else, however named, even through one of our modules: no function,
    nothing from the plugin, the command line or another package."""

    def __init__(self, file: io.BytesIO, shared: dict[str, Callable[..., Any]]) -> None:
        super().__init__(file)
        self.shared = shared  # no method of self: that would make each unpickler a cycle

    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name in self.shared:
            return self.shared[name]
        allowed = module.startswith(f"{__package__}.") or (module, name) in _ALLOWED
        found = super().find_class(module, name) if allowed and "." not in name else None
        if not (isinstance(found, type) and found.__module__ == module):
            raise pickle.UnpicklingError(f"not stored by check: {module}.{name}")
        return found


def _shared_path(paths: dict[str, Path], text: Any) -> Path:
    """The path `text`, made once however many times it is stored."""
    if not isinstance(text, str):
        raise pickle.UnpicklingError("not stored by check: a path that is not text")
    path = paths.get(text)
    if path is None:
        path = paths[text] = Path(text)
    return path


def _fingerprint(project: Project, files: frozenset[Path]) -> str:
    """What every stored read depends on besides its own file and the set of `files`
    (see the module's text)."""
    parts: list[Any] = [FORMAT, sys.version, repr(project), _installed_libraries()]
    for source in sorted(_PACKAGE.rglob("*.py")):
        parts.append(hashlib.sha256(source.read_bytes()).hexdigest())
    # Sorted as text and looked at once each (lstat, then more only for a link): sorting
    # Paths and asking each twice took a tenth of a check that reads one file.
    for path in sorted(map(str, files)):
        size, leads_to = _size_and_target(path)
        if os.path.splitext(path)[1].lower() not in MARKDOWN_SUFFIXES:
            parts.append((path, size))
        elif size == 0:  # a link to an empty page is an error of the page linking to it
            parts.append(path)
        if leads_to is not None:  # led elsewhere, to a file of the same size
            parts.append((path, leads_to))
    # Links may lead out of the folders of content, most often to the project's own
    # files (../README.md): those, and the names of its folders, are judged as they are.
    parts += sorted((entry.name, entry.is_dir() or _size(Path(entry.path)))
                    for entry in os.scandir(project.root) if not entry.name.startswith("."))
    for folder in project.template_dirs:
        parts += sorted(_templates(folder))
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _installed_libraries() -> list[str]:
    """The libraries installed beside PyYAML, with their versions (`nh3-0.3.8.dist-info`):
    those that read and judge the files (YAML, Markdown, HTML) are among them. Listing the
    folder takes a millisecond; asking importlib.metadata for five versions took 30."""
    try:
        return sorted(name for name in os.listdir(Path(yaml.__file__).parents[1])
                      if name.endswith(".dist-info"))
    except OSError:
        return [yaml.__version__, markdown.__version__]


def _templates(folder: Path) -> Iterable[str]:
    """The files of a template folder, but for hidden ones (Material's 14,000 icons)."""
    for here, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(".")]
        yield from (str(PurePath(here, name)) for name in names)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


def _size_and_target(path: str) -> tuple[int, str | None]:
    """The size of the file at `path` (-1 if there is none) and, if `path` is a symbolic
    link, where it leads."""
    try:
        found = os.lstat(path)
    except OSError:
        return -1, None
    if not stat.S_ISLNK(found.st_mode):
        return found.st_size, None
    return _size(Path(path)), os.path.realpath(path)


def _private(path: Path) -> bool:
    """Owned by this user, and nobody else may write to it (as ssh judges its keys)."""
    try:
        found = path.lstat()
    except OSError:
        return False
    owner_ok = not hasattr(os, "getuid") or found.st_uid == os.getuid()
    return owner_ok and not stat.S_ISLNK(found.st_mode) and not found.st_mode & 0o022


def _open(path: Path) -> contextlib.closing[sqlite3.Connection]:
    # Another check of the same project may be writing: wait for it a little, then give up.
    return contextlib.closing(sqlite3.connect(path, timeout=2))


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass


def _remove_unused(folder: Path, keep: Path) -> None:
    cutoff = time.time() - UNUSED_FOR
    for store in folder.glob("*.sqlite"):
        try:
            if store != keep and store.stat().st_mtime < cutoff:
                store.unlink()
        except OSError:
            pass
