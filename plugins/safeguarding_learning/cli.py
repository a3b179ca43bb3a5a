"""The command line: `python build.py check|build|serve|new`.

Exit codes: 0 clean or warnings only, 1 content errors, 2 usage or config errors.
No input, however broken, produces a traceback: problems are printed as
`path:line: error: message`.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from .core import ConfigError, format_github, format_json, format_text, has_errors, load_corpus
from .core.collector import collector_paused
from .core.diagnostics import DIRECTION_CONTROLS, with_article
from .core.files import item_files
from .core.publication import uk_today
from .core.read_cache import ReadCache
from .core.read_store import ReadStore
from .core.templates import (
    FORMATS,
    KINDS,
    audit_template,
    briefing_template,
    new_item_path,
    review_template,
)

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit 2 with a plain message, as argparse does
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _config_file(text: str) -> Path:
    """mkdocs.yml, or a site project's folder, meaning the mkdocs.yml in it."""
    path = Path(text)
    return path / "mkdocs.yml" if path.is_dir() else path


def _as_of(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="build.py", description=__doc__.split("\n")[0])
    config = argparse.ArgumentParser(add_help=False)
    config.add_argument("-f", "--config-file", default="mkdocs.yml", type=_config_file,
                        help="the site's mkdocs.yml, or its folder (default: ./mkdocs.yml)")
    as_of = argparse.ArgumentParser(add_help=False)
    as_of.add_argument("--as-of", type=_as_of, default=None,
                       help="judge embargoes as of this date, YYYY-MM-DD "
                            "(default: today in the UK)")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = commands.add_parser("check", parents=[config, as_of], help="validate every item")
    check.add_argument("--format", choices=("text", "json", "github"), default="text",
                       help="text (default), json, or github: GitHub Actions annotations")
    check.add_argument("--no-cache", dest="cache", action="store_false",
                       help="read every file again, and keep nothing for the next check "
                            "(a project of 1,000 files or more keeps what each file gave "
                            "in the user's cache folder)")

    build = commands.add_parser("build", parents=[config, as_of], help="check, then build")
    build.add_argument("-d", "--site-dir", type=Path, default=None,
                       help="the folder to write the site into; it is replaced whole "
                            "(default: site_dir from mkdocs.yml, usually site/; with "
                            "--preview, site-preview/). It must be new, empty or an earlier "
                            "build: never your home folder, the folder of mkdocs.yml or a "
                            "folder of content")
    build.add_argument("--preview", action="store_true",
                       help="include drafts and embargoed items, with a banner, for "
                            "reviewers only: written to site-preview/, never to the public "
                            "site folder")

    serve = commands.add_parser("serve", parents=[config, as_of], help="live preview")
    serve.add_argument("-a", "--dev-addr", default=None,
                       help="address:port to serve on (default: 127.0.0.1, this computer "
                            "only, with the port of mkdocs.yml's dev_addr or 8000)")

    new = commands.add_parser("new", parents=[config], help="start a new draft")
    new.add_argument("kind", choices=KINDS)
    new.add_argument("title")
    new.add_argument("--format", choices=FORMATS, default="standard", dest="item_format",
                     help="for a briefing: standard (default) or seven-minute")
    return parser


def main(argv: Sequence[str] | None = None, hard_exit: bool = False) -> int:
    """Run a command; its exit code. With `hard_exit` (a process of its own), `check`
    ends the process itself as soon as its report is written (see `_end`)."""
    args = make_parser().parse_args(argv)
    args.hard_exit = hard_exit
    try:
        return _run(args)
    except (ConfigError, UsageError) as exc:
        print(_as_error_line(str(exc)), file=sys.stderr)
        output = getattr(args, "format", "text")
        if isinstance(exc, ConfigError) and output != "text":  # what a machine reads
            from .config import config_diagnostics

            formatted = (format_json if output == "json" else format_github)(
                config_diagnostics(exc))
            print(formatted, end="")
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("stopped (Ctrl-C)", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours: still one plain line, never a traceback
        if os.environ.get("SAFEGUARDING_LEARNING_DEBUG"):
            raise
        print(f"error: internal error ({type(exc).__name__}: {exc}); nothing was written. "
              "Please report this, with the files you changed; set "
              "SAFEGUARDING_LEARNING_DEBUG=1 to see the details.", file=sys.stderr)
        return EXIT_USAGE


def _as_error_line(message: str) -> str:
    return message if ": error:" in message else f"error: {message}"


def _run(args: argparse.Namespace) -> int:
    from .config import load_project  # MkDocs reads mkdocs.yml: imported only when needed

    project = load_project(args.config_file)
    as_of = getattr(args, "as_of", None) or project.settings.as_of or uk_today()
    if args.command == "check":
        return _check(project, as_of, args.format, args.cache, args.hard_exit)
    if args.command == "new":
        return _new(project, args.kind, args.title, uk_today(), args.item_format)
    from .publish import build_site, serve_site  # imports MkDocs: only when building

    if args.command == "build":
        return build_site(project, as_of=as_of, preview=args.preview,
                          site_dir=args.site_dir)
    return serve_site(project, as_of=as_of, dev_addr=args.dev_addr)


def _check(project, as_of: date, output_format: str, use_store: bool = True,
           hard_exit: bool = False) -> int:
    # The collector stays paused from the store's fill to the end: resumed in between, its
    # first pass walked every object just read (0.2 s at 5,000 items), to find no garbage.
    with collector_paused():
        return _check_paused(project, as_of, output_format, use_store, hard_exit)


def _check_paused(project, as_of: date, output_format: str, use_store: bool,
                  hard_exit: bool) -> int:
    store = ReadStore.for_project(project) if use_store else None
    cache = None
    if store is not None:  # what each file gave, kept for the next check
        cache = ReadCache()
        store.fill(cache)
    corpus = load_corpus(project, as_of, cache)
    if store is not None:
        store.save(cache)
    if output_format == "json":
        sys.stdout.write(format_json(corpus.diagnostics))
    else:
        write = format_github if output_format == "github" else format_text
        sys.stdout.write(write(corpus.diagnostics))
        print(summary_line(corpus.diagnostics, len(corpus.items), len(corpus.pages)),
              file=sys.stderr)
    # Ended here, while the corpus is still held: see _end.
    return _end(EXIT_CONTENT if has_errors(corpus.diagnostics) else EXIT_OK, hard_exit)


def _end(code: int, hard_exit: bool) -> int:
    """With `hard_exit`, end the process now: taking apart the millions of objects a large
    project is read into takes 0.08 s at 5,000 items (a tenth of a check that reuses its
    store), for nothing. Nothing is left to do: the report is written, the store saved."""
    if not hard_exit:
        return code
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # the reader went away (`check | head`)
        pass
    os._exit(code)


def summary_line(diagnostics, items: int, pages: int) -> str:
    errors = sum(1 for d in diagnostics if d.is_error)
    warnings = len(diagnostics) - errors
    return (f"checked {items} items and {pages} pages: "
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")


_UNSEEN = re.compile(f"[\x00-\x1f\x7f-\x9f{DIRECTION_CONTROLS}]")


def _new(project, kind: str, title: str, today: date, item_format: str) -> int:
    title = " ".join(title.split())  # a title is one line: a line break would end the YAML
    if not title:
        raise UsageError("give the new item a title, e.g. new briefing \"Safer sleep\"")
    if _UNSEEN.search(title):
        # check would refuse the draft's title: refuse it before writing the file
        raise UsageError("the title holds a control character or a direction override, "
                         "which readers would not see; type the title again")
    if kind != "briefing" and item_format != "standard":
        raise UsageError(f"--format is for briefings; {with_article(kind)} has one format")
    taken = {path.stem for _, path in item_files(project)}
    path = new_item_path(kind, title, project, taken)
    if kind == "briefing":
        text = briefing_template(title.strip(), today, project, item_format)
    elif kind == "audit":
        text = audit_template(title.strip(), today, project)
    else:
        text = review_template(title.strip(), today, project)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:  # never overwrite an author's file
        handle.write(text)
    print(project.relative(path))
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
