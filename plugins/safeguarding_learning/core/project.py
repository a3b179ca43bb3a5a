"""A site project: the folder holding mkdocs.yml, and where its content lives.

MkDocs reads mkdocs.yml (`..config`); the core only sees the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .markdown_reading import MarkdownSettings
from .settings import SiteSettings

PLUGIN_NAME = "safeguarding-learning"


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
    #: The site's Markdown extensions, as MkDocs renders with them.
    markdown: MarkdownSettings = field(default_factory=MarkdownSettings)

    @property
    def briefings_dir(self) -> Path:
        return self.root / self.settings.briefings_dir

    @property
    def reviews_dir(self) -> Path:
        return self.root / self.settings.reviews_dir

    @property
    def audits_dir(self) -> Path:
        return self.root / self.settings.audits_dir

    @property
    def dashboard_dir(self) -> Path:
        return self.root / self.settings.dashboard_dir

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
