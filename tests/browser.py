"""Serving a built site on 127.0.0.1 under a sub-path, and a real headless Chromium."""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

#: The sub-path the test sites are served from, as `site_url` says.
SUB_PATH = "/learning/"

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site_dir: Path, scratch: Path,
          handler_class: type[SimpleHTTPRequestHandler] = _QuietHandler,
          **handler_options: object) -> Iterator[str]:
    """Serve `site_dir` at http://127.0.0.1:PORT/learning/; yields that address."""
    root = scratch / "webroot"
    root.mkdir(parents=True, exist_ok=True)
    mount = root / SUB_PATH.strip("/")
    if mount.exists() or mount.is_symlink():
        mount.unlink()
    mount.symlink_to(site_dir, target_is_directory=True)
    handler = functools.partial(handler_class, directory=str(root), **handler_options)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    finally:
        server.shutdown()
        server.server_close()


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise RuntimeError("chromium is not installed: run ./scripts/test, which installs it")
    return found
