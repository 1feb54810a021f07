# Sourced by scripts/serve and scripts/test: finds Python 3.12+, makes .venv, installs the
# pinned dependencies and compiles the translation catalogues. Safe to run again: it only
# reinstalls when pyproject.toml or the constraints change.
set -eu

PROJECT_DIR=$(cd "$(dirname "$0")/.." && pwd)
cd "$PROJECT_DIR"

is_supported_python() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

find_python() {
    if [ -n "${PYTHON:-}" ] && is_supported_python "$PYTHON"; then
        echo "$PYTHON"; return 0
    fi
    for candidate in python3.14 python3.13 python3.12 python3 python; do
        if command -v "$candidate" >/dev/null 2>&1 && is_supported_python "$candidate"; then
            command -v "$candidate"; return 0
        fi
    done
    # pyenv shims answer only for the selected version; look at the installed ones directly.
    if command -v pyenv >/dev/null 2>&1; then
        for candidate in "$(pyenv root)"/versions/3.1[2-9]*/bin/python3; do
            if [ -x "$candidate" ] && is_supported_python "$candidate"; then
                echo "$candidate"; return 0
            fi
        done
    fi
    if command -v uv >/dev/null 2>&1; then
        uv python find '>=3.12' 2>/dev/null && return 0
    fi
    return 1
}

if [ ! -x .venv/bin/python ] || ! is_supported_python .venv/bin/python; then
    BASE_PYTHON=$(find_python) || {
        echo "Python 3.12 or newer is needed and none was found on PATH, in pyenv or through uv." >&2
        echo "Install it (e.g. from python.org) or set PYTHON=/path/to/python3.12." >&2
        exit 1
    }
    echo "Creating .venv with $BASE_PYTHON"
    rm -rf .venv
    "$BASE_PYTHON" -m venv .venv
fi

STAMP=.venv/.installed-$(cat pyproject.toml scripts/constraints.txt | .venv/bin/python -c 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest()[:16])')
if [ ! -f "$STAMP" ]; then
    echo "Installing dependencies into .venv (pinned by scripts/constraints.txt)"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -c scripts/constraints.txt -e ".[test]"
    rm -f .venv/.installed-*
    touch "$STAMP"
fi

# Catalogues (the server's `django` and the admin JavaScript's `djangojs`) are compiled with
# Babel so no GNU gettext is needed; only when a compiled file is missing or older than its
# catalogue, so runs started together (CI's two passes) never rewrite one another's.
# (dash's -nt is false when the second file is missing: checked apart.)
if [ -d locale ] && [ -n "$(find locale -name '*.po' | while read -r po; do
    mo="${po%.po}.mo"; { [ ! -f "$mo" ] || [ "$po" -nt "$mo" ]; } && echo "$po"; done)" ]; then
    .venv/bin/pybabel compile --domain "django djangojs" --directory locale --statistics \
        >/dev/null 2>&1 || .venv/bin/pybabel compile --domain "django djangojs" --directory locale
fi
