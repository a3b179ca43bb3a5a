"""What reading each file gave, kept between the rebuilds of a live preview."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class ReadCache:
    """What reading each file gave, kept between the rebuilds of a live preview.

    A file is read again only when its size or modification time changed. Checks of one
    file can depend on others (a link to a picture that was since deleted, or added), so
    when any file appears or disappears, the files read and those they may link to,
    everything is read again. A file that comes back (restored from the bin, with its
    old time) counts as changed.
    """

    def __init__(self) -> None:
        self._files: frozenset[Path] = frozenset()
        self._results: dict[Path, tuple[tuple[int, int], Any]] = {}
        self._seen: dict[Path, tuple[int, int]] = {}
        #: Files new or changed since the latest load: what a rebuild must show again.
        self.changed: set[Path] = set()

    def start(self, paths: list[Path], linkable: Iterable[Path] = ()) -> None:
        """A load begins: `paths` will be read; `linkable` are the other files they may
        link to."""
        files = frozenset(paths) | frozenset(linkable)
        if files != self._files:
            self._results.clear()  # read everything again, but only new or edited
            for gone in self._files - files:  # files count as changed
                self._seen.pop(gone, None)
            self._files = files
        self.changed = set()

    def get(self, path: Path, read: Callable[[], Any]) -> Any:
        try:
            stat = path.stat()
            key = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            key = (0, -1)
        if self._seen.get(path) != key:
            self._seen[path] = key
            self.changed.add(path)
        found = self._results.get(path)
        if found is not None and found[0] == key:
            return found[1]
        result = read()
        self._results[path] = (key, result)
        return result


def read_through(cache: ReadCache | None, path: Path, read: Callable[[], T]) -> T:
    """What `read()` gives for `path`: from `cache` if the file did not change since, or
    read now (always, without a cache)."""
    return read() if cache is None else cache.get(path, read)
