# Sourced by the Makefile's commands: the project's tools come first on PATH.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$ROOT/.venv/bin:$ROOT/.tools/node_modules/.bin:$PATH"
export PYTHONDONTWRITEBYTECODE=1
