"""What reading each file gave, kept between the rebuilds of a live preview."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

#: A file as last seen: modification time, size, status-change time, inode.
Key = tuple[int, int, int, int]


class ReadCache:
    """What reading each file gave, kept between the rebuilds of a live preview (and,
    through a `ReadStore`, between runs of `check`).

    A file is read again when its size, modification or status-change time, or inode
    changed: the last two change on every write and every replacement, even by a tool
    that puts back the old modification time. Checks of one file can depend on others (a
    link to a picture that was since deleted, or added), so when any file appears or
    disappears, the files read and those they may link to, everything is read again. A
    file that comes back (restored from the bin, with its old time) counts as changed.
    """

    def __init__(self) -> None:
        self.files: frozenset[Path] = frozenset()
        self._results: dict[Path, tuple[Key, Any]] = {}
        self._seen: dict[Path, Key] = {}
        #: Files new or changed since the latest load: what a rebuild must show again.
        self.changed: set[Path] = set()
        #: Files read (not taken from the cache) in the latest load.
        self.read_now: set[Path] = set()
        #: Whether the latest load began by forgetting every result (the files changed).
        self.cleared = False
        #: Told the files as each load begins (a store notes what they are like then).
        self.on_start: Callable[[frozenset[Path]], None] | None = None

    def start(self, paths: list[Path], linkable: Iterable[Path] = ()) -> None:
        """A load begins: `paths` will be read; `linkable` are the other files they may
        link to."""
        files = frozenset(paths) | frozenset(linkable)
        self.cleared = files != self.files
        if self.cleared:
            self._results.clear()  # read everything again, but only new or edited
            for gone in self.files - files:  # files count as changed
                self._seen.pop(gone, None)
            self.files = files
        self.changed = set()
        self.read_now = set()
        if self.on_start is not None:
            self.on_start(self.files)

    def get(self, path: Path, read: Callable[[], Any]) -> Any:
        try:
            found = path.stat()
            key = (found.st_mtime_ns, found.st_size, found.st_ctime_ns, found.st_ino)
        except OSError:
            key = (0, -1, 0, 0)
        if self._seen.get(path) != key:
            self._seen[path] = key
            self.changed.add(path)
        kept = self._results.get(path)
        if kept is not None and kept[0] == key:
            return kept[1]
        result = read()
        self._results[path] = (key, result)
        self.read_now.add(path)
        return result

    def entries(self) -> dict[Path, tuple[Key, Any]]:
        """Every file's result, with the file as it was when read."""
        return dict(self._results)

    def read_now_entries(self) -> dict[Path, tuple[Key, Any]]:
        """The results of the files read in the latest load."""
        return {path: self._results[path] for path in self.read_now if path in self._results}

    def restore(self, files: frozenset[Path], entries: dict[Path, tuple[Key, Any]]) -> None:
        """Take `entries` (from `entries()` of an earlier cache) as if this cache had read
        them, the set of files being `files`."""
        self.files = frozenset(files)
        self._results = dict(entries)
        self._seen = {path: key for path, (key, _) in entries.items()}


def read_through(cache: ReadCache | None, path: Path, read: Callable[[], T]) -> T:
    """What `read()` gives for `path`: from `cache` if the file did not change since, or
    read now (always, without a cache)."""
    return read() if cache is None else cache.get(path, read)
