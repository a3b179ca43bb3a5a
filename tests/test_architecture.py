"""The core and the site model stay free of MkDocs, so the generator can be swapped."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_core_and_site_model_do_not_import_mkdocs() -> None:
    code = (
        "import sys; sys.path.insert(0, 'plugins');"
        "import safeguarding_learning.core, safeguarding_learning.site.view,"
        " safeguarding_learning.site.search_index, safeguarding_learning.site.feed,"
        " safeguarding_learning.site.links, safeguarding_learning.cli;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
