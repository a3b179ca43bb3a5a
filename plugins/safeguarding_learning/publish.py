"""`build` and `serve`: run MkDocs with our plugin, safely.

A build is written to a new folder beside the target and swapped in only when it
succeeded, so a failed build never leaves a half-written or emptied site. Ctrl-C and
SIGTERM stop a build the same way: the new folder is removed, the old site stays.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from .config import load_site_config, plugin_overrides
from .core import Project, format_text, load_corpus
from .core.output_dir import default_output, process_is_running, refusal, remove_stale
from .core.project import PLUGIN_NAME
from .core.settings import ConfigError
from .live_preview import CONFIG_PROBLEMS, show_config_problems
from .prerender import stop_all as stop_prerendering
from .site.search_index import abort_all

EXIT_OK, EXIT_CONTENT, EXIT_BUILD, EXIT_USAGE = 0, 1, 1, 2


class BuildStopped(KeyboardInterrupt):
    """Ctrl-C or SIGTERM during a build: raised so that every cleanup on the way runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum  # 130 for Ctrl-C, 143 for SIGTERM, as shells report them

    @property
    def name(self) -> str:
        return "Ctrl-C" if self.signum == signal.SIGINT else signal.Signals(self.signum).name


def build_site(project: Project, *, as_of: date, preview: bool = False,
               site_dir: Path | None = None) -> int:
    """Check, then build into `site_dir` (default: site_dir, or site-preview/ for a preview).

    Returns the exit code. Refuses, before touching anything, an output folder that
    would replace the project's sources.
    """
    target = (site_dir or default_output(project, preview)).resolve()
    reason = refusal(project, target, preview=preview, chosen=site_dir is not None)
    if reason is not None:
        print(f"error: {reason}", file=sys.stderr)
        return EXIT_USAGE
    shown = f"{project.relative(target)}/"
    with _StopSignals() as signals:
        try:
            code = _build(project, target, as_of, preview, signals)
        except BuildStopped as stop:
            print(f"build stopped ({stop.name}): nothing was written; {shown} is as it was",
                  file=sys.stderr)
            return stop.exit_code
    if signals.pending:  # arrived during a cleanup or a swap, which it did not cut short
        stop = BuildStopped(signals.pending)
        outcome = "holds the whole new site" if code == EXIT_OK else "is as it was"
        print(f"build stopped ({stop.name}) as it finished: {shown} {outcome}", file=sys.stderr)
        return stop.exit_code
    return code


def _build(project: Project, target: Path, as_of: date, preview: bool,
           signals: _StopSignals) -> int:
    if target.parent.is_dir():
        _tidy_leftovers(target)
    corpus = load_corpus(project, as_of)
    sys.stdout.write(format_text(corpus.diagnostics))
    blocking = corpus.blocking_errors(as_of, preview)
    if blocking:
        print("build stopped: fix the errors above; nothing was written", file=sys.stderr)
        return EXIT_CONTENT
    held_back = sum(1 for d in corpus.diagnostics if d.is_error)
    if held_back:
        print(f"{held_back} error{'s' * (held_back != 1)} in drafts or embargoed items: those "
              "items stay unpublished until fixed; the rest of the site is built",
              file=sys.stderr)
        for item in corpus.embargoed_with_errors(as_of):
            print(f"{item.rel}: warning: embargoed until {item.published.isoformat()}: fix its "
                  "errors before then, or the build on that day will stop and publish "
                  "nothing", file=sys.stderr)

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{_short(target)}-building-{os.getpid()}-",
                                        dir=target.parent))
    except OSError as exc:  # before anything is written: say so, plainly
        print(f"error: cannot write the site beside {project.relative(target)}/ "
              f"({exc.strerror}): build into a folder you can write to, with -d",
              file=sys.stderr)
        return EXIT_USAGE
    _quiet_mkdocs()
    try:
        config = load_site_config(project.config_file, site_dir=str(staging),
                                  **plugin_overrides(project.config_file, as_of=as_of.isoformat(),
                                                     preview=preview))
        plugin = config.plugins[PLUGIN_NAME]
        plugin.checked_corpus = corpus  # checked and reported above: not read again
        mkdocs_build.build(config)
    except BaseException as exc:
        signals.hold()  # a second signal must not cut the cleanup short
        _discard(staging)
        if not isinstance(exc, (PluginError, ConfigurationError, Abort)):
            raise
        print(f"error: the site could not be built: {exc}", file=sys.stderr)
        return EXIT_BUILD
    signals.hold()  # from here the new site goes in whole; a signal waits until it has
    _swap_in(staging, target)
    print(f"built {project.relative(target)}/ as of {as_of.isoformat()}"
          f"{' (preview: drafts and embargoed items included)' if preview else ''}",
          file=sys.stderr)
    if plugin.index_report is not None:
        print(plugin.index_report, file=sys.stderr)
    return EXIT_OK


def _short(target: Path) -> str:
    """The output folder's name as the folders beside it that a build makes start: cut,
    so that with what follows it stays within a file name's 255 bytes."""
    return target.name.encode("utf-8")[:150].decode("utf-8", "ignore")


def _discard(staging: Path) -> None:
    """Undo a build that did not finish. MkDocs tells plugins of errors, not of Ctrl-C."""
    abort_all()  # stop Pagefind first: it writes into the staging folder
    stop_prerendering()
    shutil.rmtree(staging, ignore_errors=True)


def _leftovers(target: Path) -> re.Pattern[str]:
    """Names of the staging and old folders builds put beside `target`, with their pid."""
    return re.compile(rf"\.{re.escape(_short(target))}-(?P<kind>building|old)-(?P<pid>\d+)"
                      r"(?:-[a-z0-9_]+)?")


def _tidy_leftovers(target: Path) -> None:
    """Remove what killed builds left beside `target`; never what a running build uses."""
    leftovers = _leftovers(target)
    if not target.exists():  # a build killed between its two renames: put the old site back
        for entry in sorted(target.parent.iterdir()):
            found = leftovers.fullmatch(entry.name)
            if found and found["kind"] == "old" and entry.is_dir() \
                    and not process_is_running(int(found["pid"])):
                entry.rename(target)
                break
    remove_stale(target.parent, leftovers)


def _swap_in(staging: Path, target: Path) -> None:
    """Replace `target` with `staging` in two renames, so the old site stays until the end."""
    old = None
    if target.exists():
        old = target.with_name(f".{_short(target)}-old-{os.getpid()}")
        shutil.rmtree(old, ignore_errors=True)  # left by an earlier process with our pid
        target.rename(old)
    staging.rename(target)
    target.chmod(0o755)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


class _StopSignals:
    """Turns Ctrl-C and SIGTERM into BuildStopped while a build runs.

    Once held (after the first signal, during a cleanup, or once the new site is being
    swapped in), further signals only wait in `pending`: nothing may cut short a cleanup
    or a swap.
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.held = False
        self.pending: int | None = None
        self._previous: dict[int, object] = {}

    def __enter__(self) -> _StopSignals:
        if threading.current_thread() is threading.main_thread():  # Python's rule
            for signum in self.SIGNALS:
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc_info: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)

    def hold(self) -> None:
        self.held = True

    def _handle(self, signum: int, frame: object) -> None:
        if self.held:
            self.pending = self.pending or signum
            return
        self.held = True
        raise BuildStopped(signum)


def serve_site(project: Project, *, as_of: date, dev_addr: str | None = None) -> int:
    from mkdocs.commands import serve

    _authors_log()
    try:
        address = dev_addr or _local_address(project)
        # MkDocs loads the config again on every change, with the same overrides; ours
        # must be made again from mkdocs.yml each time, or an edit to the plugin's
        # options (its allowlist, say) would be ignored until serve restarts.
        # A save of mkdocs.yml that MkDocs cannot read would stop the preview, with a
        # traceback, every request hanging until it is fixed: the preview goes on with
        # the last config that worked and shows what is wrong in the browser instead.
        last_good: dict[str, Any] = {}

        def load_with_our_options(config_file: str, **kwargs: Any) -> Any:
            path = Path(config_file)
            try:
                written = path.read_bytes()
                ours = plugin_overrides(path, as_of=as_of.isoformat(), preview=True)
                config = load_site_config(path, **{**kwargs, **ours})
            except ConfigError as exc:
                if not last_good:
                    raise
                show_config_problems(exc)
                stale = io.BytesIO(last_good["text"])
                stale.name = str(path)  # relative paths in it are read from its folder
                return load_config(config_file=stale, **{**kwargs, **last_good["ours"]})
            last_good.update(text=written, ours=ours)
            CONFIG_PROBLEMS.clear()
            return config

        # "dirty": MkDocs renders only the pages the plugin says changed (live_preview.py)
        serve.load_config = load_with_our_options
        try:
            with _sigterm_as_ctrl_c():
                serve.serve(config_file=str(project.config_file), livereload=True,
                            dev_addr=address, build_type="dirty")
        finally:
            serve.load_config = load_config
    except (PluginError, ConfigurationError, Abort) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BUILD
    return EXIT_OK


@contextlib.contextmanager
def _sigterm_as_ctrl_c() -> Iterator[None]:
    """SIGTERM stops a preview as Ctrl-C does: MkDocs then removes its preview folder and
    we our search staging. Killed outright, both stayed in the temp folder, drafts and
    embargoed items included, one pair per preview ever stopped that way."""
    if threading.current_thread() is not threading.main_thread():  # Python's rule
        yield
        return
    previous = signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


class _ForAuthors(logging.Filter):
    """What an author previewing needs to read: our messages, MkDocs' warnings, and where
    the preview is. Not MkDocs' notices about pages left out of the nav or anchors, which
    our own check resolves, nor its progress chatter."""

    CHATTER = ("Cleaning site directory", "Building documentation to directory",
               "Browser connected", "Watching paths for changes",
               "A 'dirty' build is being performed")

    def filter(self, record: logging.LogRecord) -> bool:
        if record.getMessage().startswith(self.CHATTER):
            return False
        if record.levelno >= logging.WARNING or record.name.startswith(
                "mkdocs.plugins.safeguarding_learning"):
            return True
        if record.name.startswith("mkdocs.structure"):
            return False
        return not record.getMessage().startswith(self.CHATTER)


def _authors_log() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.addFilter(_ForAuthors())
    logging.basicConfig(level=logging.INFO, handlers=[handler])


def _local_address(project: Project) -> str:
    """127.0.0.1 with mkdocs.yml's port: a preview shows drafts, so only to this computer.

    mkdocs.yml's `dev_addr` may say 0.0.0.0 (every network); only `-a` may widen it.
    """
    port = load_site_config(project.config_file).dev_addr.port
    return f"127.0.0.1:{port}"


def _quiet_mkdocs() -> None:
    """Show MkDocs warnings (broken links and the like), not its progress chatter."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
