#!/usr/bin/env python3
"""Where a build's time goes: stage timers around MkDocs', Material's and our functions.

    .venv/bin/python benchmarks/build_stages.py ours PROJECT/mkdocs.yml [--profile OUT.prof]
    .venv/bin/python benchmarks/build_stages.py bare BARE/mkdocs.yml [--profile OUT.prof]

`ours` runs `build.py build --as-of 2026-11-26 -d <fresh temp folder>` in this process;
`bare` runs `mkdocs build` of the bare Material project the same way. Each wrapped
function's wall time is summed (the outermost call only when it recurses), with its
calls. Timers nest: a hook's time includes the functions it calls. Pagefind runs in a
child process: its CPU time is the children's, and the build's wait for it is
`SearchIndexBuilder.finish`. With --profile, cProfile runs too (times then inflate).
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import importlib
import os
import resource
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "plugins"))

TOTALS: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
_ACTIVE: set[str] = set()


def wrap(owner: object, name: str, label: str | None = None) -> None:
    original = getattr(owner, name)
    label = label or f"{getattr(owner, '__name__', owner)}.{name}"

    @functools.wraps(original)
    def timed(*args, **kwargs):
        if label in _ACTIVE:
            return original(*args, **kwargs)
        _ACTIVE.add(label)
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            TOTALS[label][0] += time.perf_counter() - start
            TOTALS[label][1] += 1
            _ACTIVE.discard(label)

    if isinstance(owner, type) and isinstance(owner.__dict__.get(name), staticmethod):
        timed = staticmethod(timed)
    setattr(owner, name, timed)


def wrap_mkdocs() -> None:
    import jinja2
    from mkdocs import utils
    from mkdocs.commands import build
    from mkdocs.structure import files, pages

    for name in ("get_files", "get_navigation", "_populate_page", "_build_page", "get_context",
                 "_build_theme_template", "_build_extra_template"):
        wrap(build, name, f"mkdocs.{name}")
    wrap(build.utils, "write_file", "mkdocs.write_file") if hasattr(build, "utils") else None
    wrap(utils, "clean_directory", "mkdocs.clean_directory")
    wrap(pages.Page, "read_source", "mkdocs.Page.read_source")
    wrap(pages.Page, "render", "mkdocs.Page.render (Markdown)")
    wrap(pages.Page, "validate_anchor_links", "mkdocs.Page.validate_anchor_links")
    wrap(files.Files, "copy_static_files", "mkdocs.Files.copy_static_files")
    wrap(files.Files, "add_files_from_theme", "mkdocs.Files.add_files_from_theme")
    wrap(jinja2.Template, "render", "jinja2.Template.render (outermost)")
    wrap(jinja2.Environment, "get_template", "jinja2.Environment.get_template")
    from mkdocs.theme import Theme
    wrap(Theme, "get_env", "mkdocs.Theme.get_env")


def wrap_material_search() -> None:
    from material.plugins.search import plugin

    for name in ("on_config", "on_page_context", "on_post_build"):
        wrap(plugin.SearchPlugin, name, f"material.search.{name}")


def wrap_ours() -> None:
    from safeguarding_learning import mkdocs_plugin as mp
    from safeguarding_learning import publish
    from safeguarding_learning.core import shown_text
    from safeguarding_learning.site import search_index

    wrap(publish, "load_corpus", "ours: check phase (load_corpus)")
    wrap(publish, "_swap_in", "ours: _swap_in")
    wrap(publish, "_tidy_leftovers", "ours: _tidy_leftovers")
    for name in ("on_config", "on_pre_build", "on_files", "on_nav", "on_env", "on_page_markdown",
                 "on_page_content", "on_page_context", "on_post_page", "on_post_template",
                 "on_post_build", "_protect", "_look_for_personal_data", "_list_entry"):
        wrap(mp.SafeguardingLearningPlugin, name, f"ours.{name}")
    for name in ("sanitise", "unlink_withheld", "render_links", "escape_toc",
                 "tidy_material_markup", "inline_scripts", "protect_page", "_escape_page_text",
                 "atom_feed", "feed_items", "_sanitise_html_files", "_write"):
        wrap(mp, name, f"ours.{name}")
    wrap(shown_text, "shown_text", "ours.shown_text (last look: text)")
    wrap(shown_text, "find_personal_data", "ours.find_personal_data (last look: search)")
    wrap(mp.TemplateScripts, "unknown", "ours.TemplateScripts.unknown")
    wrap(search_index.SearchIndexBuilder, "add", "ours.SearchIndexBuilder.add")
    wrap(search_index.SearchIndexBuilder, "finish", "ours.SearchIndexBuilder.finish (wait)")
    wrap(search_index, "make_deterministic", "ours.make_deterministic")
    wrap(mp.Dashboard, "files", "ours.Dashboard.files")


def report(wall: float) -> None:
    usage, children = resource.getrusage(resource.RUSAGE_SELF), \
        resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"\nwall {wall:.2f} s; this process CPU {usage.ru_utime + usage.ru_stime:.2f} s; "
          f"children (Pagefind) CPU {children.ru_utime + children.ru_stime:.2f} s")
    print(f"{'function':60} {'seconds':>9} {'calls':>7} {'ms/call':>8}")
    for label, (total, calls) in sorted(TOTALS.items(), key=lambda kv: -kv[1][0]):
        print(f"{label:60} {total:9.2f} {calls:7d} {1000 * total / max(calls, 1):8.3f}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("which", choices=("ours", "bare"))
    parser.add_argument("config", type=Path)
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--as-of", default="2026-11-26")
    parser.add_argument("--keep", action="store_true", help="keep the built site")
    args = parser.parse_args()
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    wrap_mkdocs()
    out = Path(tempfile.mkdtemp(prefix="build-stages-")) / "site"
    if args.which == "ours":
        wrap_ours()
        from safeguarding_learning import cli

        print("plugin code:", importlib.import_module("safeguarding_learning").__file__)
        run = functools.partial(cli.main, ["build", "--as-of", args.as_of, "-d", str(out),
                                           "-f", str(args.config)])
    else:
        wrap_material_search()
        import logging

        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        logging.getLogger("mkdocs").setLevel(logging.WARNING)

        def run() -> int:
            build(load_config(config_file=str(args.config), site_dir=str(out)))
            return 0
    profiler = cProfile.Profile() if args.profile else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    code = run()
    if profiler:
        profiler.disable()
    wall = time.perf_counter() - start
    if profiler:
        profiler.dump_stats(str(args.profile))
    report(wall)
    print(f"exit {code}; site in {out}")
    if not args.keep:
        shutil.rmtree(out.parent, ignore_errors=True)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
