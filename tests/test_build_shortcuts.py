"""A build's shortcuts give the same site, byte for byte: Markdown converted on the second
core (prerender.py), and list entries rendered once for each item, level and address."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
from conftest import AS_OF, ROOT, site_files
from safeguarding_learning import mkdocs_plugin, prerender
from safeguarding_learning.cli import main


def _build(out: Path) -> dict[str, bytes]:
    assert main(["build", "--as-of", AS_OF, "-d", str(out), "-f", str(ROOT / "mkdocs.yml")]) == 0
    return site_files(out)


def test_the_worker_changes_nothing_in_the_site(tmp_path: Path, monkeypatch) -> None:
    used = []
    stop = prerender.Prerenderer.stop

    def counted_stop(self) -> None:
        used.append(self.used)
        stop(self)

    monkeypatch.setattr(prerender, "MIN_PAGES", 0)
    monkeypatch.setattr(prerender.Prerenderer, "stop", counted_stop)
    with_worker = _build(tmp_path / "with")
    assert used and used[0] > 0  # the worker's pages were taken
    monkeypatch.setattr(prerender.Prerenderer, "start", classmethod(lambda *a, **k: None))
    assert _build(tmp_path / "without") == with_worker


def test_a_conversion_of_other_markdown_is_not_taken(monkeypatch) -> None:
    """A result is the page's only if the worker read exactly the Markdown this process has."""
    taker = prerender.Prerenderer.__new__(prerender.Prerenderer)
    converted = prerender.Converted(prerender.digest("# Old text"), "<h1>Old text</h1>",
                                    None, None, set(), None)
    taker._chunk_of = {"a.md": 0, "b.md": 0}
    taker._results = {"a.md": converted, "b.md": converted}
    taker._pending = []
    taker.used = 0
    assert taker.take("a.md", "# New text") is None
    assert taker.take("b.md", "# Old text") is converted
    assert taker.take("b.md", "# Old text") is None  # once only
    assert taker.take("c.md", "# Old text") is None  # not the worker's


@pytest.mark.parametrize("plugins, strict", [
    (["safeguarding-learning", "search"], False),  # another plugin's page events
    ([], False),
    (["safeguarding-learning"], True),  # the worker's warnings would not be counted
])
def test_no_worker_where_it_could_change_what_a_build_does(plugins: list[str],
                                                          strict: bool) -> None:
    config = SimpleNamespace(strict=strict, plugins=dict.fromkeys(plugins))
    assert prerender.Prerenderer.start(config, None, only_plugin="safeguarding-learning") is None


def test_list_entries_rendered_once_change_nothing_in_the_site(tmp_path: Path,
                                                              monkeypatch) -> None:
    """Related learning, listings and the home page show the same entries on many pages:
    a build renders each once for each item, heading level and address it links to."""
    renders: list[str] = []
    get_template = jinja2.Environment.get_template

    def counted(self, name, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if name == mkdocs_plugin.LIST_ENTRY:
            renders.append(name)
        return get_template(self, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "get_template", counted)
    once = _build(tmp_path / "once")
    rendered_once = len(renders)
    renders.clear()
    monkeypatch.setattr(mkdocs_plugin, "ENTRIES_ONCE", False)
    assert _build(tmp_path / "each") == once
    assert 0 < rendered_once < len(renders)
