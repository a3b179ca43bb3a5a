"""`build` and `serve`: run MkDocs with our plugin, safely.

A build is written to a new folder beside the target and swapped in only when it
succeeded, so a failed build never leaves a half-written or emptied site.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from .core import Project, format_text, has_errors, load_corpus
from .core.project import PLUGIN_NAME
from .mkdocs_plugin import ENV_AS_OF, ENV_PREVIEW

EXIT_OK, EXIT_CONTENT, EXIT_BUILD = 0, 1, 1


def build_site(project: Project, *, as_of: date, preview: bool = False,
               site_dir: Path | None = None) -> int:
    corpus = load_corpus(project, as_of)
    sys.stdout.write(format_text(corpus.diagnostics))
    if has_errors(corpus.diagnostics):
        print("build stopped: fix the errors above; nothing was written", file=sys.stderr)
        return EXIT_CONTENT

    target = (site_dir or project.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))
    _quiet_mkdocs()
    try:
        config = load_config(str(project.config_file), site_dir=str(staging))
        plugin = config.plugins[PLUGIN_NAME]
        plugin.as_of, plugin.preview, plugin.checked_corpus = as_of, preview, corpus
        mkdocs_build.build(config)
    except (PluginError, ConfigurationError, Abort) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"error: the site could not be built: {exc}", file=sys.stderr)
        return EXIT_BUILD
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_in(staging, target)
    print(f"built {project.relative(target)}/ as of {as_of.isoformat()}"
          f"{' (preview: drafts and embargoed items included)' if preview else ''}",
          file=sys.stderr)
    if plugin.index_report is not None:
        print(plugin.index_report, file=sys.stderr)
    return EXIT_OK


def _swap_in(staging: Path, target: Path) -> None:
    """Replace `target` with `staging` in two renames, so the old site stays until the end."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        target.rename(old)
    staging.rename(target)
    staging.parent.joinpath(target.name).chmod(0o755)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def serve_site(project: Project, *, as_of: date, dev_addr: str | None = None) -> int:
    from mkdocs.commands import serve

    os.environ[ENV_AS_OF] = as_of.isoformat()
    os.environ[ENV_PREVIEW] = "1"
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    options = {"dev_addr": dev_addr} if dev_addr else {}
    try:
        serve.serve(config_file=str(project.config_file), livereload=True, **options)
    except (PluginError, ConfigurationError, Abort) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BUILD
    return EXIT_OK


def _quiet_mkdocs() -> None:
    """Show MkDocs warnings (broken links and the like), not its progress chatter."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
