"""`check` as it runs with a store (ReadStore), and from scratch, on a site project."""

from __future__ import annotations

from datetime import date

from conftest import Site
from safeguarding_learning.config import load_project
from safeguarding_learning.core import load_corpus
from safeguarding_learning.core.read_cache import ReadCache
from safeguarding_learning.core.read_store import ReadStore

AS_OF = date(2026, 11, 26)


def check_with_store(site: Site) -> tuple[list[str], ReadCache]:
    """What `check` does: fill a cache from the store, load, save. The report as text
    lines, and the cache (which says what was read again)."""
    project = load_project(site.root / "mkdocs.yml")
    store, cache = ReadStore.for_project(project), ReadCache()
    assert store is not None
    store.fill(cache)
    corpus = load_corpus(project, AS_OF, cache)
    store.save(cache)
    return [str(d) for d in corpus.diagnostics], cache


def check_from_scratch(site: Site) -> list[str]:
    corpus = load_corpus(load_project(site.root / "mkdocs.yml"), AS_OF)
    return [str(d) for d in corpus.diagnostics]
