"""A site project: the folder holding mkdocs.yml, and where its content lives.

MkDocs reads mkdocs.yml (`..config`); the core only sees the answer.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .markdown_reading import MarkdownSettings
from .schema import did_you_mean
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
    #: Where the theme's templates are, first found first (a page's `template:`).
    template_dirs: tuple[Path, ...] = ()
    #: The theme's `custom_dir`, if the site sets one: the site's own templates, and
    #: files MkDocs copies like content.
    custom_dir: Path | None = None
    #: The pages and addresses `nav:` in mkdocs.yml names, as written.
    nav: tuple[str, ...] = ()

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

    def folder_problems(self) -> list[str]:
        """What is wrong with the item folders the options name: one outside the project
        (whose files would be published from elsewhere), the project folder itself, one
        inside docs_dir (its files are pages already), or leading into it through a
        link, or one named twice (each file would be two things)."""
        problems: list[str] = []
        docs = os.path.normpath(self.docs_dir)
        named = {docs: "docs_dir"}
        for option in FOLDER_OPTIONS:
            written = getattr(self.settings, option)
            folder = os.path.normpath(self.root / written)
            where = f"'{option}: {written}'"
            if folder == os.path.normpath(self.root):
                problems.append(f"{where} is the project folder itself: give a folder inside "
                                f"it, e.g. '{option}: {FOLDER_OPTIONS[option]}'")
            elif not Path(folder).is_relative_to(self.root):
                problems.append(f"{where} is outside the site project, and nothing from "
                                "outside the project is published: give a folder inside it")
            elif folder != docs and Path(folder).is_relative_to(docs):
                problems.append(f"{where} is inside docs_dir, whose files MkDocs publishes as "
                                "pages of their own: give it a folder beside docs_dir, e.g. "
                                f"'{option}: {FOLDER_OPTIONS[option]}'")
            elif folder in named:
                problems.append(f"{where} names the folder '{named[folder]}' names too: "
                                "give each kind of item a folder of its own")
            elif _leads_into(folder, docs):
                problems.append(f"{where} leads into docs_dir (it is a link to "
                                f"'{self.relative(Path(os.path.realpath(folder)))}'), whose "
                                "files MkDocs publishes as pages of their own, whatever an "
                                "item's status: make it a folder of its own beside docs_dir, "
                                f"e.g. '{option}: {FOLDER_OPTIONS[option]}'")
            elif os.path.exists(folder) and not os.path.isdir(folder):
                problems.append(f"{where} is a file, not a folder: give the folder of "
                                f"{option.removesuffix('_dir')}")
            elif written != FOLDER_OPTIONS[option] and not os.path.isdir(folder):
                # The usual folder may be missing (a new site); a name written out must
                # be there, or a slip would leave every item out without a word.
                problems.append(f"{where}: there is no such folder{_near(self.root, written)}; "
                                "create it, or correct the name")
            else:
                named[folder] = option
        return problems


#: The options that name a folder of items or measures (relative to mkdocs.yml), each
#: with its usual folder.
FOLDER_OPTIONS = {"briefings_dir": "briefings", "reviews_dir": "reviews",
                  "audits_dir": "audits", "dashboard_dir": "dashboard"}


def _leads_into(folder: str, docs: str) -> bool:
    """True if `folder`, or a folder above it, is a link that leads into docs_dir."""
    return Path(os.path.realpath(folder)).is_relative_to(os.path.realpath(docs))


def _near(root: Path, written: str) -> str:
    """' (did you mean 'briefings'?)' for a folder beside the one named, spelt nearly so."""
    parent = (root / written).parent
    try:
        names = [entry.name for entry in os.scandir(parent) if entry.is_dir()]
    except OSError:
        return ""
    hint = did_you_mean(Path(written).name, names)
    return f" ({hint})" if hint else ""
