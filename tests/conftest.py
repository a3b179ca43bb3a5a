"""Small helpers to make a site project in a temporary folder and run the commands on it."""

from __future__ import annotations

import contextlib
import io
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from safeguarding_learning.cli import main  # noqa: E402

AS_OF = "2026-11-26"

CONFIG = """\
site_name: Test partnership
site_url: https://example.org/learning/
docs_dir: content
theme:
  name: material
plugins:
  - safeguarding-learning:
      personal_data_allowlist: [safeguarding@example.org, 0113 496 0000]
"""


def site_files(root: Path) -> dict[str, bytes]:
    """Every file under `root` (a built site, or part of one) with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def with_plugin_option(config: str, line: str) -> str:
    """mkdocs.yml's text with `line` (e.g. "search_pages_per_part: 10") added to the
    plugin's options."""
    plugin = "  - safeguarding-learning:\n"
    assert plugin in config
    return config.replace(plugin, f"{plugin}      {line}\n", 1)


@dataclass
class Result:
    exit_code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()


@dataclass
class Site:
    """A site project in a temporary folder."""

    root: Path

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def write_bytes(self, rel: str, data: bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def run(self, *args: str) -> Result:
        """Run `build.py ARGS -f mkdocs.yml` in this process, capturing its output."""
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main([*args, "-f", str(self.root / "mkdocs.yml")])
            except SystemExit as exit:
                code = int(exit.code or 0)
        return Result(code, out.getvalue(), err.getvalue())

    def check(self, *args: str) -> Result:
        return self.run("check", "--as-of", AS_OF, *args)

    def build(self, *args: str) -> Result:
        return self.run("build", "--as-of", AS_OF, *args)

    def html(self, rel: str, site_dir: str = "site") -> str:
        return (self.root / site_dir / rel).read_text(encoding="utf-8")


def briefing(
    title: str = "Safer sleep",
    published: str = "2024-01-10",
    extra: str = "",
    body: str = "## What to do\n\nTalk about safer sleep at every contact.\n",
) -> str:
    return (
        f"---\ntitle: {title}\npublished: {published}\n"
        f"summary: A short summary of {title.lower()}.\nthemes: [neglect]\n{extra}---\n\n{body}"
    )


def review(
    title: str = "Child A",
    published: str = "2023-05-01",
    extra: str = "",
    body: str = "## Findings\n\nAgencies did not share what they knew.\n",
) -> str:
    return (
        f"---\ntitle: {title}\npublished: {published}\n"
        f"summary: What we learned from the review of {title}.\nthemes: [neglect]\n"
        f"review_type: lcspr\n{extra}---\n\n{body}"
    )


def guidance(title: str, extra: str = "") -> str:
    return f"---\ntitle: {title}\npublisher: Department for Education\npublished: 2015\n{extra}---\n\nAbout it.\n"


def new_site(root: Path) -> Site:
    """An empty but valid site project at `root`: config, home page, accessibility
    statement (for fixtures of a wider scope than `site`)."""
    project = Site(root)
    project.write("mkdocs.yml", CONFIG)
    project.write("content/index.md", "# Test partnership\n\nWelcome.\n")
    project.write("content/accessibility.md", "# Accessibility statement\n\nWe aim for WCAG 2.2 AA.\n")
    return project


@pytest.fixture(autouse=True, scope="session")
def own_cache_folder(tmp_path_factory) -> Iterator[None]:
    """`check` of a large project keeps what it read in the user's cache folder: the
    suite uses a folder of its own, never the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """An empty but valid site project: config, home page, accessibility statement."""
    return new_site(tmp_path / "project")


@pytest.fixture
def example_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def example_build(tmp_path_factory) -> Path:
    """The example site as the README builds it (as of AS_OF), once for the session.
    Tests read it and serve it; none may change it."""
    out = tmp_path_factory.mktemp("example-build") / "site"
    assert main(["build", "--as-of", AS_OF, "-d", str(out), "-f", str(ROOT / "mkdocs.yml")]) == 0
    return out


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Debian's) for the whole session: Playwright's sync API allows
    one instance per thread, so every browser test module shares it."""
    from browser import CHROMIUM_ARGS, chromium_path
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(),
                                              args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser):
    """Open a page in a new browser context (closed after the test), at a desktop size
    unless `viewport` says otherwise."""
    contexts = []

    def opener(url: str, viewport: dict | None = None, **options):
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900},
                                      **options)
        contexts.append(context)
        page = context.new_page()
        page.goto(url, wait_until="load")
        return page

    yield opener
    for context in contexts:
        context.close()


def visible_cards(page) -> list[str]:
    """The titles of the review cards /reviews/ shows."""
    return page.eval_on_selector_all(
        ".sl-card:not([hidden]) .sl-card__title a", "els => els.map(e => e.textContent)")
