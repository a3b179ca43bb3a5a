# Shared set-up for the scripts: a virtual environment in .venv with the project
# installed (editable) and its pinned dependencies. Re-installs only when
# pyproject.toml or constraints.txt change.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

if [ ! -x "$PY" ]; then
  # Checked here so that an older Python gets one clear line, not pip's resolver error.
  if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11, 5))' 2>/dev/null; then
    echo "error: Python 3.11.5 or later is needed as python3; this machine's python3 is" \
      "$(python3 -V 2>&1 || echo missing). Install a newer Python 3 and run again." >&2
    exit 2
  fi
  echo "setting up .venv (first run only)..." >&2
  python3 -m venv "$VENV"
fi
wanted="$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)"
if [ ! -f "$VENV/.installed" ] || [ "$(cat "$VENV/.installed")" != "$wanted" ]; then
  echo "installing dependencies into .venv..." >&2
  "$PY" -m pip install --quiet --disable-pip-version-check --upgrade pip 2>&1 | grep -v "^WARNING: Location" >&2 || true
  "$PY" -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[test]" 2>&1 \
    | grep -v "^WARNING: Location" >&2 || true
  "$PY" -c "import safeguarding_learning, mkdocs, material" \
    || { echo "error: installing the dependencies failed (see above)" >&2; exit 2; }
  echo "$wanted" > "$VENV/.installed"
fi
