"""A live preview driven as `serve` drives it, in this process, and compared with a whole
build of the same files."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import AS_OF, ROOT, site_files
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from safeguarding_learning.config import load_site_config, plugin_overrides
from safeguarding_learning.core.project import PLUGIN_NAME
from safeguarding_learning.mkdocs_plugin import SafeguardingLearningPlugin

#: What a preview writes differently by design: search (indexed in the background), the
#: pages only a whole build needs, the host's headers, and the preview's reload script.
NOT_COMPARED = re.compile(r"^(pagefind/|404\.html|sitemap\.xml|_headers$|"
                          r"assets/safeguarding/livereload\.js$)")
#: Related learning on other items' pages is left as it was (live_preview.py says why).
RELATED_LEARNING = re.compile(rb'\s*<section class="sl-related-learning".*?</section>', re.S)
WHITE_SPACE = re.compile(rb"\s+")


class PreviewSession:
    """One plugin kept between rebuilds, each a dirty build, as `serve` makes them.

    MkDocs keeps a plugin with `on_startup` for the rest of the process: a preview's
    first build starts a new one, and `close` lets it go, so that no other test builds as
    a preview."""

    def __init__(self, config_file: Path, site_dir: Path) -> None:
        self.config_file, self.site_dir = config_file, site_dir
        self.plugin: SafeguardingLearningPlugin | None = None

    def rebuild(self) -> None:
        if self.plugin is None:
            MkDocsConfig.plugins.plugin_cache.pop(PLUGIN_NAME, None)
        config = load_site_config(self.config_file, site_dir=str(self.site_dir),
                                  **plugin_overrides(self.config_file, as_of=AS_OF, preview=True))
        if self.plugin is None:
            config.plugins.on_startup(command="serve", dirty=True)
            self.plugin = config.plugins[PLUGIN_NAME]
        assert config.plugins[PLUGIN_NAME] is self.plugin
        mkdocs_build.build(config, serve_url="http://127.0.0.1:8000/learning/", dirty=True)

    def search_pages(self) -> dict[str, bytes]:
        """The pages the preview keeps for its search index (not its parts' links)."""
        assert self.plugin is not None and self.plugin._live is not None
        return {rel: data for rel, data in site_files(self.plugin._live.search_staging).items()
                if rel.endswith(".html") and not rel.startswith(".parts/")}

    def close(self) -> None:
        if self.plugin is None:
            return
        self.plugin.on_shutdown()
        if MkDocsConfig.plugins.plugin_cache.get(PLUGIN_NAME) is self.plugin:
            MkDocsConfig.plugins.plugin_cache.pop(PLUGIN_NAME)

    def differences(self, whole: Path) -> list[str]:
        """The files in which the preview differs from a whole preview build into `whole`
        (made by `build.py build --preview` in its own process)."""
        done = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--preview",
                               "--as-of", AS_OF, "-d", str(whole), "-f", str(self.config_file)],
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        live, expected = _compared(self.site_dir), _compared(whole)
        return sorted(rel for rel in live.keys() | expected.keys()
                      if live.get(rel) != expected.get(rel))


def _compared(root: Path) -> dict[str, bytes]:
    """Each file compared, without other items' related learning; runs of white space as
    one space, as where a list is left out its neighbours' white space remains."""
    return {rel: WHITE_SPACE.sub(b" ", RELATED_LEARNING.sub(b"", data))
            for rel, data in site_files(root).items() if not NOT_COMPARED.match(rel)}
