#!/usr/bin/env bash
# Install everything from the registries into .venv and run the checks and the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'
.venv/bin/ruff check veille tests bench tools
.venv/bin/mypy
.venv/bin/python -m pytest -q "$@"
