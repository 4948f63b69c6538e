#!/usr/bin/env bash
# `make test`: set up what is missing, then every test in one pytest run
# (Odoo addon tests in a throw-away database, pure rules, XML-RPC, browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
exec python -m pytest "$@"
