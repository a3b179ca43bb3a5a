"""Stateless rebuilds: `serve` keeps the plugin between rebuilds; nothing may pile up."""

from __future__ import annotations

import gc
import tracemalloc

from conftest import AS_OF, Site, briefing
from mkdocs.commands import build as mkdocs_build
from safeguarding_learning.config import load_site_config, plugin_overrides
from safeguarding_learning.core.project import PLUGIN_NAME


def test_ten_rebuilds_with_one_plugin_hold_no_more_than_one(site: Site) -> None:
    """As serve does: one plugin instance, ten builds; its state and memory stay flat."""
    for number in range(20):
        site.write(f"briefings/b-{number}.md", briefing(f"Briefing {number}"))
    config = load_site_config(site.root / "mkdocs.yml", site_dir=str(site.root / "out"),
                              **plugin_overrides(site.root / "mkdocs.yml", as_of=AS_OF))
    plugin = config.plugins[PLUGIN_NAME]
    sizes, memory = [], []
    tracemalloc.start()
    try:
        for rebuild in range(10):
            site.write("briefings/b-0.md", briefing(f"Briefing 0, edit {rebuild}"))
            mkdocs_build.build(config, dirty=False)
            gc.collect()
            memory.append(tracemalloc.get_traced_memory()[0])
            sizes.append((len(plugin._documents), len(plugin._pages),
                          len(plugin._src_uri_of_path), len(plugin._script_hashes)))
    finally:
        tracemalloc.stop()
    assert "edit 9" in (site.root / "out/briefings/b-0/index.html").read_text()
    assert len(set(sizes)) == 1, sizes
    # what the second build holds, the tenth holds too (the first warms caches)
    assert memory[-1] < memory[1] * 1.2, [m // 1024 for m in memory]
