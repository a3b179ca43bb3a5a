#!/usr/bin/env python3
"""Command line for a safeguarding learning site: check, build, serve, new.

    python build.py check [--as-of DATE] [--format text|json|github] [--no-cache] [-f mkdocs.yml]
    python build.py build [-d DIR] [--as-of DATE] [--preview] [-f mkdocs.yml]
    python build.py serve [--as-of DATE] [-f mkdocs.yml]
    python build.py new briefing|review "Title" [-f mkdocs.yml]
"""

import sys
from pathlib import Path

# Run from a clean clone without installing: the package lives in plugins/.
sys.path.insert(0, str(Path(__file__).resolve().parent / "plugins"))

from safeguarding_learning.cli import main  # noqa: E402

if __name__ == "__main__":
    raise SystemExit(main(hard_exit=True))
