"""A site project: the folder holding mkdocs.yml, and where its content lives.

Reads mkdocs.yml without MkDocs, tolerating the YAML tags MkDocs configs use
(`!ENV`, `!!python/name:`), because `check` must run on the core alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .settings import ConfigError, SiteSettings

PLUGIN_NAME = "safeguarding-learning"


class _ConfigLoader(yaml.SafeLoader):
    """Safe loader that reads any tag as its plain value (we only need a few keys)."""


def _untagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)


_ConfigLoader.add_multi_constructor("!", _untagged)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _untagged)


@dataclass(frozen=True)
class Project:
    """Where a site project's files are, and its settings."""

    root: Path
    config_file: Path
    docs_dir: Path
    site_dir: Path
    site_url: str
    site_name: str
    settings: SiteSettings

    @property
    def briefings_dir(self) -> Path:
        return self.root / self.settings.briefings_dir

    @property
    def reviews_dir(self) -> Path:
        return self.root / self.settings.reviews_dir

    @property
    def guidance_dir(self) -> Path:
        return self.docs_dir / "guidance"

    def relative(self, path: Path) -> str:
        """A path as reported to authors: relative to the folder of mkdocs.yml."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            pass
        try:  # resolving is slow: only for paths given another way (links, ..)
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            pass
        return path.as_posix()


def plugin_options(config: dict[str, Any]) -> dict[str, Any] | None:
    """The options given to our plugin in a parsed mkdocs.yml, or None if it is not listed."""
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    for entry in plugins:
        if entry == PLUGIN_NAME:
            return {}
        if isinstance(entry, dict) and PLUGIN_NAME in entry:
            return entry[PLUGIN_NAME] or {}
    return None


def load_project(config_file: Path) -> Project:
    """Read mkdocs.yml; raise ConfigError with a plain-English reason if we cannot."""
    if not config_file.is_file():
        raise ConfigError(f"{config_file}: no such file (give the site's mkdocs.yml with -f)")
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except UnicodeDecodeError:
        raise ConfigError(f"{config_file}: the file is not UTF-8 text") from None
    except yaml.MarkedYAMLError as exc:
        line = (exc.problem_mark.line + 1) if exc.problem_mark else 1
        raise ConfigError(
            f"{config_file.name}:{line}: error: invalid YAML: {exc.problem}"
        ) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{config_file.name}:1: error: invalid YAML: {exc}") from None
    if not isinstance(config, dict):
        raise ConfigError(f"{config_file.name}:1: error: mkdocs.yml must be a mapping of settings")
    return project_from_config(config_file, config)


def project_from_config(config_file: Path, config: dict[str, Any]) -> Project:
    root = config_file.resolve().parent
    options = plugin_options(config)
    if options is None:
        raise ConfigError(
            f"{config_file.name}: error: the '{PLUGIN_NAME}' plugin is not listed under 'plugins'"
        )
    if not isinstance(options, dict):
        raise ConfigError(f"{config_file.name}: error: the plugin's options must be a mapping")
    try:
        settings = SiteSettings.from_options(options)
    except ConfigError as exc:
        raise ConfigError(f"{config_file.name}: error: {exc}") from None
    docs_dir = root / str(config.get("docs_dir") or "docs")
    site_dir = root / str(config.get("site_dir") or "site")
    return Project(
        root=root,
        config_file=config_file.resolve(),
        docs_dir=docs_dir,
        site_dir=site_dir,
        site_url=str(config.get("site_url") or ""),
        site_name=str(config.get("site_name") or ""),
        settings=settings,
    )
