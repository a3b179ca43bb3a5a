# Shared set-up for the scripts: a virtual environment in .venv with the project
# installed (editable) and its pinned dependencies. Re-installs only when
# pyproject.toml or constraints.txt change.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

if [ ! -x "$PY" ]; then
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
