"""Reading a site's mkdocs.yml with MkDocs' own loader, exactly as `mkdocs build` reads it:
`INHERIT`, `!ENV`, relative paths, theme and plugin options validated.

Every command starts here, so a config MkDocs refuses is refused by `check` too, with
MkDocs' own words, and exit 2.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError
from mkdocs.utils.yaml import yaml_load

from .config_checks import config_problems
from .core.diagnostics import Diagnostic, error
from .core.markdown_reading import MarkdownSettings
from .core.project import PLUGIN_NAME, Project
from .core.settings import ConfigError
from .core.settings_checks import where_written
from .options import site_settings


def load_site_config(config_file: Path, **overrides: Any) -> MkDocsConfig:
    """The validated config; ConfigError naming each problem if MkDocs refuses it."""
    if not config_file.is_file():
        raise ConfigError(f"{config_file}: no such file (give the site's mkdocs.yml with -f)")
    with _mkdocs_errors() as problems:
        try:
            config = load_config(str(config_file), **overrides)
        except ValueError as exc:  # a YAML value Python cannot make, as 2026-02-30
            raise _unreadable(config_file, exc) from None
        except (ConfigurationError, Abort, OSError, UnicodeDecodeError) as exc:
            if _is_yaml_problem(exc):
                raise _yaml_error(config_file, exc) from None
            reasons = [line for problem in problems or [str(exc)]
                       for line in problem.splitlines() if line.strip()]
            raise ConfigError("\n".join(f"{config_file.name}: error: {reason}"
                                        for reason in reasons)) from None
    if PLUGIN_NAME not in config.plugins:
        raise ConfigError(
            f"{config_file.name}: error: the '{PLUGIN_NAME}' plugin is not listed under "
            "'plugins'")
    return config


_YAML_PROBLEM = "MkDocs encountered an error parsing the configuration file: "


def _is_yaml_problem(exc: Exception) -> bool:
    return isinstance(exc, ConfigurationError) and str(exc).startswith(_YAML_PROBLEM)


def _yaml_error(config_file: Path, exc: Exception) -> ConfigError:
    """MkDocs' words for YAML it cannot read, and PyYAML's (`while parsing a flow sequence
    / in "...", line 9, column 9 / expected ',' or ']'`), as one line at the line where
    the mistake began (where an unclosed [ opened, say)."""
    text = str(exc).removeprefix(_YAML_PROBLEM)
    lines = re.findall(r"line (\d+)", text)
    said = [part.strip() for part in text.splitlines()
            if part.strip() and not part.strip().startswith("in ")]
    return ConfigError(f"{config_file.name}:{lines[0] if lines else 1}: error: the file is not "
                       f"valid YAML: {said[-1] if said else 'it cannot be read'}")


_ERROR_LINE = re.compile(r"^(?P<path>[^:\n]+?)(?::(?P<line>\d+))?: error: (?P<message>.*)$")


def config_diagnostics(problem: ConfigError) -> list[Diagnostic]:
    """A config error as diagnostics, for `--format json|github` and a live preview's
    page of problems: one per line of it, at its line of mkdocs.yml where known."""
    found = []
    for text in str(problem).splitlines():
        line = _ERROR_LINE.match(text)
        if line:
            found.append(error(line["path"], int(line["line"] or 1), line["message"]))
        elif text.strip():
            found.append(error("mkdocs.yml", 1, text.removeprefix("error: ")))
    return found


def plugin_overrides(config_file: Path, **options: Any) -> dict[str, Any]:
    """`plugins` as mkdocs.yml writes it, with some of our plugin's options replaced.

    Given to MkDocs' loader as an override, this is how the command line sets the
    plugin's options for `build` and for `serve`, which loads the config again on
    every change.
    """
    written = _as_written(config_file).get("plugins") or []
    # The mapping form: MkDocs takes a list's entries apart as it reads them, and
    # `serve` reads these same overrides again on every change.
    plugins: dict[str, Any] = {}
    for entry in written.items() if isinstance(written, dict) else written:
        name, value = (entry, {}) if isinstance(entry, str) else \
            entry if isinstance(entry, tuple) else next(iter(entry.items()))
        plugins[name] = value
    plugins[PLUGIN_NAME] = {**(plugins.get(PLUGIN_NAME) or {}), **options}
    return {"plugins": plugins}


def written_site_dir(config_file: Path) -> Path:
    """The public site folder as mkdocs.yml names it (MkDocs' `-d` replaces it in the
    config it gives plugins)."""
    written = _as_written(config_file).get("site_dir")
    return (config_file.parent / (written if isinstance(written, str) else "site")).resolve()


def _as_written(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml's own keys and values, as MkDocs' YAML loader reads them."""
    try:
        with config_file.open("rb") as handle:
            raw = yaml_load(handle) or {}
    except ValueError as exc:
        raise _unreadable(config_file, exc) from None
    except ConfigurationError as exc:
        if _is_yaml_problem(exc):
            raise _yaml_error(config_file, exc) from None
        raise ConfigError(f"{config_file.name}: error: {exc}") from None
    return raw if isinstance(raw, dict) else {}


def _unreadable(config_file: Path, exc: ValueError) -> ConfigError:
    return ConfigError(f"{config_file.name}: error: a value cannot be read ({exc}): check "
                       "that every date is a real one, written YYYY-MM-DD")


def project_from_config(config: MkDocsConfig) -> Project:
    """Where a site's files are, and its settings, from a validated config."""
    config_file = Path(config.config_file_path).resolve()
    options = config.plugins[PLUGIN_NAME].config
    project = Project(
        root=config_file.parent, config_file=config_file, docs_dir=Path(config.docs_dir),
        site_dir=Path(config.site_dir), site_url=config.site_url or "",
        site_name=config.site_name, settings=site_settings(options),
        markdown=MarkdownSettings(tuple(config.markdown_extensions),
                                  dict(config.mdx_configs or {})),
        template_dirs=tuple(Path(folder) for folder in config.theme.dirs),
        custom_dir=Path(config.theme.custom_dir) if config.theme.custom_dir else None,
        nav=tuple(_nav_addresses(config.get("nav") or [])),
    )
    problems = [(_written_at(project, problem), problem)
                for problem in project.folder_problems()]
    written = sorted((where_written(project, keys), problem)
                     for keys, problem in config_problems(config))  # in the file's order
    problems += [(_at(where), problem) for where, problem in written]
    if problems:
        raise ConfigError("\n".join(f"{where}: error: {problem}" for where, problem in problems))
    return project


_OPTION_NAMED = re.compile(r"^'([a-z_]+)[:']")


def _written_at(project: Project, problem: str) -> str:
    """`mkdocs.yml:12`: where the option a problem names is written (in a file mkdocs.yml
    builds on, maybe); the config file alone if it is not found."""
    named = _OPTION_NAMED.match(problem)
    return _at(where_written(project, named[1]) if named else (project.config_file.name, 0))


def _at(written: tuple[str, int]) -> str:
    rel, line = written
    return f"{rel}:{line}" if line else rel


def _nav_addresses(entries: Any) -> Iterator[str]:
    """Every page or address written in `nav:` (`- page.md`, `- Title: page.md`)."""
    for entry in entries if isinstance(entries, list) else [entries]:
        if isinstance(entry, str):
            yield entry
        elif isinstance(entry, dict):
            for value in entry.values():
                yield from _nav_addresses(value)


def load_project(config_file: Path) -> Project:
    return project_from_config(load_site_config(config_file))


@contextmanager
def _mkdocs_errors() -> Iterator[list[str]]:
    """Collect the errors MkDocs logs while loading, and keep its other chatter quiet."""
    problems: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.ERROR:
                problems.append(record.getMessage())

    logger = logging.getLogger("mkdocs")
    saved = logger.handlers[:], logger.propagate, logger.level
    logger.handlers = [Collect()]
    logger.propagate = False
    logger.setLevel(logging.ERROR)
    try:
        yield problems
    finally:
        logger.handlers, logger.propagate, logger.level = saved
